"""Alembic's entry for fairday's migrations; run them through ``fairday.migrations.MIGRATIONS``."""

from fairday import tables
from shared.db.migrations import run_migrations

run_migrations(tables.metadata)
