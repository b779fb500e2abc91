"""Intake's schema migrations (Alembic): ``python -m intake migrate`` brings its database to head."""

from shared.db.migrations import Migrations

MIGRATIONS = Migrations(service="intake", location="intake:migrations")
