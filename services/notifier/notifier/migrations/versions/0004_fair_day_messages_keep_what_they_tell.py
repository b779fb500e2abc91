"""Fair-day messages keep what they tell (the stalls, the call, the offer) until they are sent, or the candidate is erased.

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add notifications.facts (empty for every message made before: none of them is a fair-day message)."""
    op.add_column("notifications", sa.Column("facts", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop notifications.facts (in place: SQLite 3.35+ drops a column without copying the table)."""
    op.execute("ALTER TABLE notifications DROP COLUMN facts")
