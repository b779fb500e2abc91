"""Postings have a stall: candidates' digests say where the employer sits at the fair.

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add postings.stall (empty for postings made before)."""
    with op.batch_alter_table("postings") as batch:
        batch.add_column(sa.Column("stall", sa.String(length=20), nullable=True))


def downgrade() -> None:
    """Drop postings.stall."""
    with op.batch_alter_table("postings") as batch:
        batch.drop_column("stall")
