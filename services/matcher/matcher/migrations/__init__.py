"""Matcher's schema migrations (Alembic): ``python -m matcher migrate`` brings its database to head."""

from shared.db.migrations import Migrations

MIGRATIONS = Migrations(service="matcher", location="matcher:migrations")
