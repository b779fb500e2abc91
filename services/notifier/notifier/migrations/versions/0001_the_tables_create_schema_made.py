"""Notifier's tables as ``create_schema`` made them before there were migrations (the release of
2026-12-04 morning: one notification row per candidate and posting).

Written out (not created from ``notifier.tables``) so that later changes to the tables never change this revision.

Revision ID: 0001
Revises:
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Create notifier's tables."""
    op.create_table('contacts',
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('language_pref', sa.String(length=2), nullable=False),
    sa.Column('fair_name', sa.String(length=200), nullable=True),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('candidate_token_hash', sa.String(length=64), nullable=True),
    sa.Column('notify_by_sms', sa.Boolean(), nullable=False),
    sa.Column('notify_by_email', sa.Boolean(), nullable=False),
    sa.Column('contact_verified', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('cv_id')
    )
    op.create_index(op.f('ix_contacts_candidate_token_hash'), 'contacts', ['candidate_token_hash'], unique=False)
    op.create_index(op.f('ix_contacts_fair_id'), 'contacts', ['fair_id'], unique=False)
    op.create_table('employers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('ended',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'id')
    )
    op.create_table('notifications',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('posting_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('verification_code', sa.String(length=12), nullable=True),
    sa.Column('posting_title', sa.String(length=200), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('score', sa.String(length=20), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('not_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('cv_id', 'posting_id', name='one_notice_per_candidate_and_posting')
    )
    op.create_index(op.f('ix_notifications_cv_id'), 'notifications', ['cv_id'], unique=False)
    op.create_index('ix_notifications_fair', 'notifications', ['fair_id', 'channel', 'status', 'kind'], unique=False)
    op.create_index(op.f('ix_notifications_posting_id'), 'notifications', ['posting_id'], unique=False)
    op.create_index(op.f('ix_notifications_status'), 'notifications', ['status'], unique=False)
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('event_id')
    )
    op.create_index(op.f('ix_outbox_sent_at'), 'outbox', ['sent_at'], unique=False)
    op.create_table('processed_events',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )


def downgrade() -> None:
    """Drop notifier's tables."""
    op.drop_table('processed_events')
    op.drop_index(op.f('ix_outbox_sent_at'), table_name='outbox')
    op.drop_table('outbox')
    for index in ('ix_notifications_status', 'ix_notifications_posting_id', 'ix_notifications_fair', 'ix_notifications_cv_id'):
        op.drop_index(index, table_name='notifications')
    op.drop_table('notifications')
    op.drop_table('ended')
    op.drop_table('employers')
    op.drop_index(op.f('ix_contacts_fair_id'), table_name='contacts')
    op.drop_index(op.f('ix_contacts_candidate_token_hash'), table_name='contacts')
    op.drop_table('contacts')
