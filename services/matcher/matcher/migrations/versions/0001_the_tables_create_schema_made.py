"""Matcher's tables as ``create_schema`` made them before there were migrations.

Written out (not created from ``matcher.tables``) so that later changes to the tables never change this revision.

Revision ID: 0001
Revises:
Create Date: 2026-12-04 22:29:29.073602

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
    """Create matcher's tables."""
    op.create_table('cvs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('candidate_token_hash', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('shared_contact', sa.JSON(), nullable=True),
    sa.Column('has_file', sa.Boolean(), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('location', sa.String(length=100), nullable=True),
    sa.Column('language_pref', sa.String(length=2), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_cvs_candidate_token_hash'), 'cvs', ['candidate_token_hash'], unique=False)
    op.create_index(op.f('ix_cvs_fair_id'), 'cvs', ['fair_id'], unique=False)
    op.create_table('employers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('ended',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'id')
    )
    op.create_table('matches',
    sa.Column('posting_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('posting_id', 'cv_id')
    )
    op.create_index('ix_matches_cv_id', 'matches', ['cv_id'], unique=False)
    op.create_table('missing_skills',
    sa.Column('posting_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('skill', sa.String(length=200), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('posting_id', 'cv_id', 'skill')
    )
    op.create_index(op.f('ix_missing_skills_cv_id'), 'missing_skills', ['cv_id'], unique=False)
    op.create_index('ix_missing_skills_fair', 'missing_skills', ['fair_id', 'skill', 'cv_id', 'posting_id'], unique=False)
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
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('location', sa.String(length=100), nullable=True),
    sa.Column('constraints', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_postings_employer_id'), 'postings', ['employer_id'], unique=False)
    op.create_index(op.f('ix_postings_fair_id'), 'postings', ['fair_id'], unique=False)
    op.create_table('processed_events',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )


def downgrade() -> None:
    """Drop matcher's tables."""
    op.drop_table('processed_events')
    op.drop_index(op.f('ix_postings_fair_id'), table_name='postings')
    op.drop_index(op.f('ix_postings_employer_id'), table_name='postings')
    op.drop_table('postings')
    op.drop_index(op.f('ix_outbox_sent_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_index('ix_missing_skills_fair', table_name='missing_skills')
    op.drop_index(op.f('ix_missing_skills_cv_id'), table_name='missing_skills')
    op.drop_table('missing_skills')
    op.drop_index('ix_matches_cv_id', table_name='matches')
    op.drop_table('matches')
    op.drop_table('ended')
    op.drop_table('employers')
    op.drop_index(op.f('ix_cvs_fair_id'), table_name='cvs')
    op.drop_index(op.f('ix_cvs_candidate_token_hash'), table_name='cvs')
    op.drop_table('cvs')
