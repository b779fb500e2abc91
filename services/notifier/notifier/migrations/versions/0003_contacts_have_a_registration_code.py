"""Contacts have a registration code: the candidate's first message tells them what to show at the gate.

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add contacts.registration_code (empty for candidates registered before; intake's next update fills it)."""
    op.add_column("contacts", sa.Column("registration_code", sa.String(length=8), nullable=True))


def downgrade() -> None:
    """Drop contacts.registration_code (in place: SQLite 3.35+ drops a column without copying the table)."""
    op.execute("ALTER TABLE contacts DROP COLUMN registration_code")
