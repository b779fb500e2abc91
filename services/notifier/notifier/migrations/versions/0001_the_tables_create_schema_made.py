"""Notifier's tables as ``create_schema`` made them before there were migrations.

Written out (not created from ``notifier.tables``) so that later changes to the tables never change this revision.

Revision ID: 0001
Revises:
Create Date: 2026-12-04 22:29:30.254163

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
    sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('cv_id')
    )
    op.create_index(op.f('ix_contacts_candidate_token_hash'), 'contacts', ['candidate_token_hash'], unique=False)
    op.create_index(op.f('ix_contacts_fair_id'), 'contacts', ['fair_id'], unique=False)
    op.create_table('employers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('ended',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'id')
    )
    op.create_table('links',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code_hash')
    )
    op.create_index(op.f('ix_links_cv_id'), 'links', ['cv_id'], unique=False)
    op.create_table('matches',
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('posting_id', sa.String(length=36), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('posting_title', sa.String(length=200), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notice_id', sa.String(length=36), nullable=True),
    sa.Column('employer_notice_id', sa.String(length=36), nullable=True),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cv_id', 'posting_id')
    )
    op.create_index(op.f('ix_matches_employer_notice_id'), 'matches', ['employer_notice_id'], unique=False)
    op.create_index('ix_matches_employer_waiting', 'matches', ['employer_id', 'employer_notice_id'], unique=False)
    op.create_index(op.f('ix_matches_notice_id'), 'matches', ['notice_id'], unique=False)
    op.create_index('ix_matches_waiting', 'matches', ['cv_id', 'status'], unique=False)
    op.create_table('notifications',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=True),
    sa.Column('employer_id', sa.String(length=36), nullable=True),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('verification_code', sa.String(length=12), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('parts', sa.Integer(), nullable=True),
    sa.Column('gateway_id', sa.String(length=100), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('not_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cause_id', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('cause_id')
    )
    op.create_index(op.f('ix_notifications_cv_id'), 'notifications', ['cv_id'], unique=False)
    op.create_index('ix_notifications_due', 'notifications', ['status', 'not_before'], unique=False)
    op.create_index(op.f('ix_notifications_employer_id'), 'notifications', ['employer_id'], unique=False)
    op.create_index('ix_notifications_fair', 'notifications', ['fair_id', 'channel', 'status', 'kind'], unique=False)
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
    op.create_table('postings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('fair_name', sa.String(length=200), nullable=True),
    sa.Column('fair_venue', sa.String(length=300), nullable=True),
    sa.Column('fair_starts_on', sa.String(length=10), nullable=True),
    sa.Column('stall', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_postings_employer_id'), 'postings', ['employer_id'], unique=False)
    op.create_table('processed_events',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('settings',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('webhook_deliveries',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('webhook_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('not_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_webhook_deliveries_due', 'webhook_deliveries', ['status', 'not_before'], unique=False)
    op.create_index(op.f('ix_webhook_deliveries_webhook_id'), 'webhook_deliveries', ['webhook_id'], unique=False)
    op.create_table('webhooks',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('disabled_reason', sa.Text(), nullable=True),
    sa.Column('consecutive_failures', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_webhooks_employer_id'), 'webhooks', ['employer_id'], unique=False)


def downgrade() -> None:
    """Drop notifier's tables."""
    op.drop_index(op.f('ix_webhooks_employer_id'), table_name='webhooks')
    op.drop_table('webhooks')
    op.drop_index(op.f('ix_webhook_deliveries_webhook_id'), table_name='webhook_deliveries')
    op.drop_index('ix_webhook_deliveries_due', table_name='webhook_deliveries')
    op.drop_table('webhook_deliveries')
    op.drop_table('settings')
    op.drop_table('processed_events')
    op.drop_index(op.f('ix_postings_employer_id'), table_name='postings')
    op.drop_table('postings')
    op.drop_index(op.f('ix_outbox_sent_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_index(op.f('ix_notifications_status'), table_name='notifications')
    op.drop_index('ix_notifications_fair', table_name='notifications')
    op.drop_index(op.f('ix_notifications_employer_id'), table_name='notifications')
    op.drop_index('ix_notifications_due', table_name='notifications')
    op.drop_index(op.f('ix_notifications_cv_id'), table_name='notifications')
    op.drop_table('notifications')
    op.drop_index('ix_matches_waiting', table_name='matches')
    op.drop_index(op.f('ix_matches_notice_id'), table_name='matches')
    op.drop_index('ix_matches_employer_waiting', table_name='matches')
    op.drop_index(op.f('ix_matches_employer_notice_id'), table_name='matches')
    op.drop_table('matches')
    op.drop_index(op.f('ix_links_cv_id'), table_name='links')
    op.drop_table('links')
    op.drop_table('ended')
    op.drop_table('employers')
    op.drop_index(op.f('ix_contacts_fair_id'), table_name='contacts')
    op.drop_index(op.f('ix_contacts_candidate_token_hash'), table_name='contacts')
    op.drop_table('contacts')
