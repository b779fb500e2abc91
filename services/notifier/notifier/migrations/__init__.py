"""Notifier's schema migrations (Alembic): ``python -m notifier migrate`` brings its database to head."""

from shared.db.migrations import Migrations

MIGRATIONS = Migrations(service="notifier", location="notifier:migrations")
