"""Alembic's entry for matcher's migrations; run them through ``matcher.migrations.MIGRATIONS``."""

from matcher import tables
from shared.db.migrations import run_migrations

run_migrations(tables.metadata)
