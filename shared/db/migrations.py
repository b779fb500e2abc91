"""Schema migrations with Alembic: one history per service, shipped inside its package.

A service's ``<service>/migrations/`` holds ``env.py`` (which calls ``run_migrations`` with the
service's metadata) and ``versions/`` (revision ``0001`` is the schema ``create_schema`` made
before there were migrations). ``Migrations.upgrade`` brings a database to the newest revision
(head). A database made by ``create_schema`` (tables, no ``alembic_version``) is recognised:
when its tables and columns are the ones revision 0001 makes, it is stamped 0001 and upgraded;
otherwise ``SchemaError`` says what differs and nothing is changed. ``SchemaError`` is a
ConfigError, so a service's command line reports it in one line. On PostgreSQL an upgrade holds an
advisory lock named after the service, so replicas starting together migrate one after the other.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import MetaData, create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine

from shared.config import ConfigError

#: The revision whose schema a database made by ``create_schema`` (before migrations) has.
FIRST_REVISION = "0001"
VERSION_TABLE = "alembic_version"


class SchemaError(ConfigError):
    """A database whose schema the service cannot use or recognise; the message says how to fix it."""


@dataclass(frozen=True)
class Migrations:
    """A service's migration history: ``location`` is Alembic's ``package:folder`` (e.g. ``intake:migrations``)."""

    service: str
    location: str

    def head(self) -> str:
        """The newest revision."""
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._config(None)).get_current_head()

    def current(self, engine: Engine) -> str | None:
        """The revision the database is at; None when it has no migration history."""
        from alembic.migration import MigrationContext

        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self, engine: Engine, revision: str = "head") -> str | None:
        """Bring the database to ``revision``, stamping a database made by ``create_schema`` first.

        Returns what the database was at before (None: empty, ``"create_schema"``: recognised
        and stamped). Raises SchemaError, changing nothing, when unversioned tables are not
        revision 0001's.
        """
        with self._upgrade_lock(engine):
            return self._upgrade(engine, revision)

    @contextmanager
    def _upgrade_lock(self, engine: Engine):
        """On PostgreSQL, one upgrade of this service's database at a time (replicas start together)."""
        if engine.dialect.name != "postgresql":
            yield
            return
        key = {"key": f"jobmatch-migrate:{self.service}"}
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), key)
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), key)
                conn.commit()

    def _upgrade(self, engine: Engine, revision: str) -> str | None:
        from alembic import command

        before = self.current(engine)
        if before is None and _tables(engine):
            differences = self.differences_from_first_revision(engine)
            if differences:
                raise SchemaError(
                    f"{self.service}'s database has tables but no migration history, and they are not the ones "
                    f"{self.service} {FIRST_REVISION} makes ({'; '.join(differences[:5])}); nothing was changed. "
                    f"Point {self.service.upper()}_DATABASE_URL at {self.service}'s own database"
                )
            with engine.begin() as conn:
                command.stamp(self._config(conn), FIRST_REVISION)
            before = "create_schema"
        with engine.begin() as conn:
            command.upgrade(self._config(conn), revision)
        return before

    def prepare(self, engine: Engine, *, upgrade: bool) -> None:
        """At a service's start: ``upgrade`` to head, or else require the database to be at head (SchemaError)."""
        if upgrade:
            self.upgrade(engine)
        else:
            self.require_head(engine)

    def downgrade(self, engine: Engine, revision: str) -> None:
        """Take the database back to ``revision`` (``"base"``: no tables)."""
        from alembic import command

        with engine.begin() as conn:
            command.downgrade(self._config(conn), revision)

    def require_head(self, engine: Engine) -> None:
        """Raise SchemaError telling the operator to migrate unless the database is at head."""
        current, head = self.current(engine), self.head()
        if current != head:
            at = f"at revision {current}" if current else "without migration history"
            raise SchemaError(
                f"{self.service}'s database is {at}, not at {head}: run `python -m {self.service} migrate` "
                f"(or start with `python -m {self.service} serve --migrate`)"
            )

    def differences_from_first_revision(self, engine: Engine) -> list[str]:
        """How the database's tables and columns differ from a fresh database at revision 0001 (empty: none)."""
        scratch = create_engine("sqlite://")
        try:
            with scratch.begin() as conn:
                from alembic import command

                command.upgrade(self._config(conn), FIRST_REVISION)
            return _shape_differences(_shape(scratch), _shape(engine))
        finally:
            scratch.dispose()

    def _config(self, connection: Connection | None):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", self.location)
        config.attributes["connection"] = connection
        return config


def run_migrations(metadata: MetaData) -> None:
    """The body of a service's ``env.py``: run the chosen migrations on the connection ``Migrations`` passes.

    Only online migrations on a given connection; SQLite gets batch mode (its ALTER TABLE is limited).
    """
    from alembic import context

    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # one INFO line per plugin at every start
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through shared.db.migrations.Migrations, which passes the connection")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {VERSION_TABLE}


def _shape(engine: Engine) -> dict[str, dict[str, bool]]:
    """Each table's columns and whether each is nullable: what any dialect reflects the same way."""
    inspector = inspect(engine)
    return {
        table: {column["name"]: bool(column["nullable"]) for column in inspector.get_columns(table)}
        for table in inspector.get_table_names()
        if table != VERSION_TABLE
    }


def _shape_differences(expected: dict, found: dict) -> list[str]:
    differences = [f"table {t} is missing" for t in sorted(expected.keys() - found.keys())]
    differences += [f"table {t} is not expected" for t in sorted(found.keys() - expected.keys())]
    for table in sorted(expected.keys() & found.keys()):
        want, have = expected[table], found[table]
        differences += [f"column {table}.{c} is missing" for c in sorted(want.keys() - have.keys())]
        differences += [f"column {table}.{c} is not expected" for c in sorted(have.keys() - want.keys())]
        differences += [
            f"column {table}.{c} is {'nullable' if have[c] else 'NOT NULL'}"
            for c in sorted(want.keys() & have.keys()) if want[c] != have[c]
        ]
    return differences
