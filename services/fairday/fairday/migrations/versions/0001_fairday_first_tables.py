"""Fairday's first tables: copies from the bus, check-ins, presence, calls, holds, interviews, volunteers.

Written out (not created from ``fairday.tables``) so that later changes to the tables never change this revision.

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
    """Create fairday's tables."""
    op.create_table('calls',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('posting_id', sa.String(length=36), nullable=True),
    sa.Column('stall', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calls_cv_id'), ['cv_id'], unique=False)
        batch_op.create_index('ix_calls_fair_employer', ['fair_id', 'employer_id'], unique=False)

    op.create_table('checkins',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('walk_in', sa.Boolean(), nullable=False),
    sa.Column('stalls_pending', sa.Boolean(), nullable=False),
    sa.Column('stalls', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fair_id', 'cv_id', name='uq_checkins_fair_cv')
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkins_cv_id'), ['cv_id'], unique=False)

    op.create_table('cvs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('registration_code', sa.String(length=7), nullable=True),
    sa.Column('candidate_token_hash', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('language_pref', sa.String(length=2), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=True),
    sa.Column('institution', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('registration_code')
    )
    with op.batch_alter_table('cvs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cvs_candidate_token_hash'), ['candidate_token_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_cvs_fair_id'), ['fair_id'], unique=False)

    op.create_table('employers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('ended',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'id')
    )
    op.create_table('holds',
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('call_id', sa.String(length=36), nullable=False),
    sa.Column('held_until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('fair_id', 'cv_id')
    )
    op.create_table('interviews',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('posting_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fair_id', 'cv_id', 'posting_id', name='uq_interviews_fair_cv_posting')
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_cv_id'), ['cv_id'], unique=False)
        batch_op.create_index('ix_interviews_fair_employer', ['fair_id', 'employer_id'], unique=False)

    op.create_table('matches',
    sa.Column('posting_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('posting_id', 'cv_id')
    )
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index('ix_matches_cv_id', ['cv_id'], unique=False)

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
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_sent_at'), ['sent_at'], unique=False)

    op.create_table('postings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=True),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('stall', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_postings_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_fair_id'), ['fair_id'], unique=False)

    op.create_table('presence',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('stall', sa.String(length=40), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fair_id', 'employer_id', name='uq_presence_fair_employer')
    )
    op.create_table('processed_events',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('volunteers',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteers_fair_id'), ['fair_id'], unique=False)



def downgrade() -> None:
    """Drop fairday's tables."""
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteers_fair_id'))

    op.drop_table('volunteers')
    op.drop_table('processed_events')
    op.drop_table('presence')
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postings_fair_id'))
        batch_op.drop_index(batch_op.f('ix_postings_employer_id'))

    op.drop_table('postings')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_sent_at'))

    op.drop_table('outbox')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index('ix_matches_cv_id')

    op.drop_table('matches')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index('ix_interviews_fair_employer')
        batch_op.drop_index(batch_op.f('ix_interviews_cv_id'))

    op.drop_table('interviews')
    op.drop_table('holds')
    op.drop_table('ended')
    op.drop_table('employers')
    with op.batch_alter_table('cvs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cvs_fair_id'))
        batch_op.drop_index(batch_op.f('ix_cvs_candidate_token_hash'))

    op.drop_table('cvs')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkins_cv_id'))

    op.drop_table('checkins')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_fair_employer')
        batch_op.drop_index(batch_op.f('ix_calls_cv_id'))

    op.drop_table('calls')
