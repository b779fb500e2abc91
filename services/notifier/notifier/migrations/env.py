"""Alembic's entry for notifier's migrations; run them through ``notifier.migrations.MIGRATIONS``."""

from notifier import tables
from notifier import webhook_tables  # noqa: F401  (adds the webhook tables to the metadata)
from shared.db.migrations import run_migrations

run_migrations(tables.metadata)
