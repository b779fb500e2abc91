"""Alembic's entry for intake's migrations; run them through ``intake.migrations.MIGRATIONS``."""

from intake import tables
from shared.db.migrations import run_migrations

run_migrations(tables.metadata)
