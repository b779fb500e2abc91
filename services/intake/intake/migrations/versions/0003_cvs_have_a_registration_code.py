"""CVs have a registration code: what a candidate shows at a fair's gate to check in.

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from shared.registration_codes import new_code

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add cvs.registration_code, give every CV made before one, then make codes unique.

    No batch (copy-and-move) on SQLite: recreating ``cvs`` would cascade-delete its files.
    """
    op.add_column("cvs", sa.Column("registration_code", sa.String(length=7), nullable=True))
    conn = op.get_bind()
    cvs = sa.table("cvs", sa.column("id", sa.String), sa.column("registration_code", sa.String))
    taken: set[str] = set()
    for (cv_id,) in conn.execute(sa.select(cvs.c.id).order_by(cvs.c.id)).all():
        code = new_code()
        while code in taken:
            code = new_code()
        taken.add(code)
        conn.execute(cvs.update().where(cvs.c.id == cv_id).values(registration_code=code))
    op.create_index("ix_cvs_registration_code", "cvs", ["registration_code"], unique=True)


def downgrade() -> None:
    """Drop cvs.registration_code (in place: SQLite 3.35+ drops a column without copying the table)."""
    op.drop_index("ix_cvs_registration_code", table_name="cvs")
    op.execute("ALTER TABLE cvs DROP COLUMN registration_code")
