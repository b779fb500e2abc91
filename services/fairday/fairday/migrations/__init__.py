"""Fairday's schema migrations (Alembic): ``python -m fairday migrate`` brings its database to head."""

from shared.db.migrations import Migrations

MIGRATIONS = Migrations(service="fairday", location="fairday:migrations")
