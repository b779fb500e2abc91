"""Digests: matches are kept once each and carried by one message; employers, webhooks, links, opt-outs.

Before, the notifier kept one notification row per (candidate, posting). Now ``matches`` holds
each pair (waiting, announced by one message, cancelled or erased) and ``notifications`` holds
messages: digests, codes and employers' digests. The rows carry over:

- a match notice that went out (sent, failed, unconfirmed, erased, or being sent when the old
  notifier stopped: unconfirmed) stays as a one-match digest, its pair announced by it: nobody
  is told twice;
- a notice that had not gone out (pending, waiting for a contact or a code, skipped) leaves its
  pair waiting, for the candidate's next digest; a cancelled one leaves it cancelled;
- codes stay codes (``posting_id`` "verification:<event id>" becomes ``cause_id``); unsent ones
  are queued, skipped or cancelled ones suppressed.

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD = 'notifications_before_digests'
TOLD = "('sent', 'failed', 'unconfirmed', 'erased', 'sending')"
UNSENT = "('pending', 'awaiting_contact', 'awaiting_verification', 'skipped')"


def _json(text: str) -> str:
    """A JSON literal as each dialect stores it."""
    return f"CAST('{text}' AS JSON)" if op.get_bind().dialect.name == 'postgresql' else f"'{text}'"


def upgrade() -> None:
    """Add the digest tables, carry each old notice over, and reshape notifications into messages."""
    with op.batch_alter_table('contacts') as batch:
        batch.add_column(sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('employers') as batch:
        batch.add_column(sa.Column('name', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=True))
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
    sa.Column('correlation_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('cv_id', 'posting_id')
    )
    op.create_index(op.f('ix_matches_employer_notice_id'), 'matches', ['employer_notice_id'], unique=False)
    op.create_index('ix_matches_employer_waiting', 'matches', ['employer_id', 'employer_notice_id'], unique=False)
    op.create_index(op.f('ix_matches_notice_id'), 'matches', ['notice_id'], unique=False)
    op.create_index('ix_matches_waiting', 'matches', ['cv_id', 'status'], unique=False)
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

    for index in ('ix_notifications_status', 'ix_notifications_posting_id', 'ix_notifications_fair', 'ix_notifications_cv_id'):
        op.drop_index(index, table_name='notifications')
    op.rename_table('notifications', OLD)
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

    op.execute(f"""
        INSERT INTO matches (cv_id, posting_id, score, posting_title, employer, employer_id, reasons, status,
                             notice_id, employer_notice_id, found_at, correlation_id)
        SELECT cv_id, posting_id, CAST(COALESCE(score, '0') AS FLOAT), posting_title, employer, NULL, {_json('{}')},
               CASE WHEN status IN {TOLD} AND status <> 'erased' THEN 'announced'
                    WHEN status = 'erased' THEN 'erased'
                    WHEN status = 'cancelled' THEN 'cancelled' ELSE 'waiting' END,
               CASE WHEN status IN {TOLD} THEN id END, NULL, created_at, NULL
        FROM {OLD} WHERE kind = 'match'
    """)
    op.execute(f"""
        INSERT INTO notifications (id, cv_id, employer_id, fair_id, kind, verification_code, channel, recipient, status,
                                   detail, parts, gateway_id, attempts, created_at, claimed_at, not_before, sent_at, cause_id)
        SELECT id, cv_id, NULL, fair_id, 'digest', NULL, channel, recipient,
               CASE WHEN status = 'sending' THEN 'unconfirmed' ELSE status END,
               CASE WHEN status = 'sending' THEN 'being sent when the notifier was upgraded; not re-sent' ELSE detail END,
               NULL, NULL, attempts, created_at, claimed_at, not_before, sent_at, NULL
        FROM {OLD} WHERE kind = 'match' AND status IN {TOLD}
    """)
    op.execute(f"""
        INSERT INTO notifications (id, cv_id, employer_id, fair_id, kind, verification_code, channel, recipient, status,
                                   detail, parts, gateway_id, attempts, created_at, claimed_at, not_before, sent_at, cause_id)
        SELECT id, cv_id, NULL, fair_id, kind, verification_code, channel, recipient,
               CASE WHEN status IN ('pending', 'awaiting_contact', 'awaiting_verification') THEN 'queued'
                    WHEN status IN ('skipped', 'cancelled') THEN 'suppressed'
                    WHEN status = 'sending' THEN 'unconfirmed' ELSE status END,
               detail, NULL, NULL, attempts, created_at, claimed_at, COALESCE(not_before, created_at), sent_at, posting_id
        FROM {OLD} WHERE kind <> 'match'
    """)
    op.drop_table(OLD)


def downgrade() -> None:
    """Back to one row per (candidate, posting); digests become the notices of the pairs they carried."""
    for index in ('ix_notifications_status', 'ix_notifications_fair', 'ix_notifications_employer_id',
                  'ix_notifications_due', 'ix_notifications_cv_id'):
        op.drop_index(index, table_name='notifications')
    op.rename_table('notifications', OLD)
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
    op.execute(f"""
        INSERT INTO notifications (id, cv_id, fair_id, posting_id, kind, verification_code, posting_title, employer, score,
                                   channel, recipient, status, detail, attempts, created_at, claimed_at, not_before, sent_at)
        SELECT m.cv_id || ':' || m.posting_id, m.cv_id, n.fair_id, m.posting_id, 'match', NULL, m.posting_title, m.employer,
               CAST(m.score AS VARCHAR(20)), n.channel, n.recipient,
               CASE WHEN n.id IS NULL THEN (CASE WHEN m.status = 'waiting' THEN 'pending' ELSE m.status END)
                    WHEN n.status IN ('queued', 'deferred') THEN 'pending'
                    WHEN n.status = 'suppressed' THEN 'cancelled' ELSE n.status END,
               n.detail, COALESCE(n.attempts, 0), m.found_at, n.claimed_at, n.not_before, n.sent_at
        FROM matches m LEFT JOIN {OLD} n ON n.id = m.notice_id
        WHERE m.cv_id IS NOT NULL
    """)
    op.execute(f"""
        INSERT INTO notifications (id, cv_id, fair_id, posting_id, kind, verification_code, posting_title, employer, score,
                                   channel, recipient, status, detail, attempts, created_at, claimed_at, not_before, sent_at)
        SELECT id, cv_id, fair_id, COALESCE(cause_id, kind || ':' || id), kind, verification_code, '', '', NULL,
               channel, recipient, CASE WHEN status IN ('queued', 'deferred') THEN 'pending'
                                        WHEN status = 'suppressed' THEN 'cancelled' ELSE status END,
               detail, attempts, created_at, claimed_at, not_before, sent_at
        FROM {OLD} WHERE kind IN ('verification', 'change_code')
    """)
    op.drop_table(OLD)
    op.create_index(op.f('ix_notifications_cv_id'), 'notifications', ['cv_id'], unique=False)
    op.create_index('ix_notifications_fair', 'notifications', ['fair_id', 'channel', 'status', 'kind'], unique=False)
    op.create_index(op.f('ix_notifications_posting_id'), 'notifications', ['posting_id'], unique=False)
    op.create_index(op.f('ix_notifications_status'), 'notifications', ['status'], unique=False)
    for table, indexes in (('webhooks', ('ix_webhooks_employer_id',)),
                           ('webhook_deliveries', ('ix_webhook_deliveries_webhook_id', 'ix_webhook_deliveries_due')),
                           ('settings', ()), ('postings', ('ix_postings_employer_id',)),
                           ('matches', ('ix_matches_waiting', 'ix_matches_notice_id', 'ix_matches_employer_waiting',
                                        'ix_matches_employer_notice_id')),
                           ('links', ('ix_links_cv_id',))):
        for index in indexes:
            op.drop_index(index, table_name=table)
        op.drop_table(table)
    with op.batch_alter_table('employers') as batch:
        batch.drop_column('opted_out_at')
        batch.drop_column('email')
        batch.drop_column('name')
    with op.batch_alter_table('contacts') as batch:
        batch.drop_column('opted_out_at')
