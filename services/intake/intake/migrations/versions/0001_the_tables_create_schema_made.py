"""Intake's tables as ``create_schema`` made them before there were migrations.

Written out (not created from ``intake.tables``) so that later changes to the tables never change this revision.

Revision ID: 0001
Revises:
Create Date: 2026-12-04 22:29:28.011308

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
    """Create intake's tables."""
    op.create_table('employers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('fairs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('division', sa.String(length=40), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('idempotency_keys',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('caller', sa.String(length=120), nullable=False),
    sa.Column('path_hash', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('resource_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('caller', 'path_hash', 'key', name='uq_idempotency_caller_route_key')
    )
    op.create_index(op.f('ix_idempotency_keys_created_at'), 'idempotency_keys', ['created_at'], unique=False)
    op.create_index(op.f('ix_idempotency_keys_resource_id'), 'idempotency_keys', ['resource_id'], unique=False)
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
    op.create_table('outbox_subjects',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_index(op.f('ix_outbox_subjects_cv_id'), 'outbox_subjects', ['cv_id'], unique=False)
    op.create_table('cvs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('language_pref', sa.String(length=2), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('location', sa.String(length=100), nullable=True),
    sa.Column('institution', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('extraction', sa.String(length=12), nullable=False),
    sa.Column('extraction_reason', sa.String(length=200), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('candidate_token_hash', sa.String(length=64), nullable=False),
    sa.Column('share_with_employers', sa.Boolean(), nullable=False),
    sa.Column('share_with_employers_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notify_by_sms', sa.Boolean(), nullable=False),
    sa.Column('notify_by_sms_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notify_by_email', sa.Boolean(), nullable=False),
    sa.Column('notify_by_email_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contact_verified', sa.Boolean(), nullable=False),
    sa.Column('verification_code_hash', sa.String(length=64), nullable=True),
    sa.Column('verification_attempts', sa.Integer(), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pending_changes', sa.JSON(), nullable=True),
    sa.Column('pending_code_hash', sa.String(length=64), nullable=True),
    sa.Column('pending_attempts', sa.Integer(), nullable=False),
    sa.Column('pending_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('candidate_token_hash')
    )
    op.create_index(op.f('ix_cvs_created_at'), 'cvs', ['created_at'], unique=False)
    op.create_index(op.f('ix_cvs_email'), 'cvs', ['email'], unique=False)
    op.create_index(op.f('ix_cvs_fair_id'), 'cvs', ['fair_id'], unique=False)
    op.create_index(op.f('ix_cvs_phone'), 'cvs', ['phone'], unique=False)
    op.create_table('imports',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('sheet_name', sa.String(length=200), nullable=False),
    sa.Column('sheet', sa.LargeBinary(), nullable=True),
    sa.Column('files', sa.LargeBinary(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_imports_fair_id'), 'imports', ['fair_id'], unique=False)
    op.create_table('postings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fair_id', sa.String(length=36), nullable=True),
    sa.Column('employer_id', sa.String(length=36), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('location', sa.String(length=100), nullable=True),
    sa.Column('location_policy', sa.String(length=10), nullable=True),
    sa.Column('required_languages', sa.JSON(), nullable=False),
    sa.Column('language_policy', sa.String(length=10), nullable=True),
    sa.Column('min_education', sa.String(length=20), nullable=True),
    sa.Column('education_policy', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], ),
    sa.ForeignKeyConstraint(['fair_id'], ['fairs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_postings_employer_id'), 'postings', ['employer_id'], unique=False)
    op.create_table('cv_files',
    sa.Column('cv_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cv_id'], ['cvs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cv_id')
    )
    op.create_table('import_rows',
    sa.Column('import_id', sa.String(length=36), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('cv_id', sa.String(length=36), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('import_id', 'row')
    )
    op.create_index(op.f('ix_import_rows_cv_id'), 'import_rows', ['cv_id'], unique=False)


def downgrade() -> None:
    """Drop intake's tables."""
    op.drop_index(op.f('ix_import_rows_cv_id'), table_name='import_rows')
    op.drop_table('import_rows')
    op.drop_table('cv_files')
    op.drop_index(op.f('ix_postings_employer_id'), table_name='postings')
    op.drop_table('postings')
    op.drop_index(op.f('ix_imports_fair_id'), table_name='imports')
    op.drop_table('imports')
    op.drop_index(op.f('ix_cvs_phone'), table_name='cvs')
    op.drop_index(op.f('ix_cvs_fair_id'), table_name='cvs')
    op.drop_index(op.f('ix_cvs_email'), table_name='cvs')
    op.drop_index(op.f('ix_cvs_created_at'), table_name='cvs')
    op.drop_table('cvs')
    op.drop_index(op.f('ix_outbox_subjects_cv_id'), table_name='outbox_subjects')
    op.drop_table('outbox_subjects')
    op.drop_index(op.f('ix_outbox_sent_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_index(op.f('ix_idempotency_keys_resource_id'), table_name='idempotency_keys')
    op.drop_index(op.f('ix_idempotency_keys_created_at'), table_name='idempotency_keys')
    op.drop_table('idempotency_keys')
    op.drop_table('fairs')
    op.drop_table('employers')
