"""Each service's migrations on SQLite and PostgreSQL: the schema they make, and databases made before them."""

from __future__ import annotations

import importlib
from datetime import date, datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Table, inspect, select, text

from intake.bootstrap import build as build_intake
from intake.cli import main as intake_cli
from intake.config import IntakeConfig
from notifier import webhook_tables  # noqa: F401  (the notifier's metadata includes the webhook tables)
from shared.config import HttpSettings
from shared.db.engine import create_schema, make_engine
from shared.db.migrations import FIRST_REVISION, SchemaError
from tests.integration.service_builders import memory_bus

SERVICES = ("intake", "matcher", "notifier")


def _parts(service: str):
    tables = importlib.import_module(f"{service}.tables")
    return tables.metadata, importlib.import_module(f"{service}.migrations").MIGRATIONS


@pytest.fixture
def engine_for(database_on_both):
    made = []

    def make(service: str):
        made.append(make_engine(database_on_both(service)))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


def differences(engine, metadata) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def table_names(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


@pytest.mark.parametrize("service", SERVICES)
def test_migrating_an_empty_database_makes_exactly_the_tables_of_the_code(service, engine_for):
    metadata, migrations = _parts(service)
    engine = engine_for(service)
    assert migrations.upgrade(engine) is None
    assert migrations.current(engine) == migrations.head()
    assert differences(engine, metadata) == []
    assert table_names(engine) == set(metadata.tables) | {"alembic_version"}


def _value(column, row_key: str):
    """A value for ``column``: every string key is ``row_key``, so foreign keys point at the one row of their table."""
    kind = column.type
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, DateTime):
        return datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
    if isinstance(kind, Date):
        return date(2026, 3, 1)
    if isinstance(kind, Integer):
        return 7
    if isinstance(kind, Float):
        return 0.75
    if isinstance(kind, JSON):
        return {"kept": ["যশোর", 1]}
    if isinstance(kind, LargeBinary):
        return b"\x00bytes"
    if isinstance(kind, String):  # Text included
        return row_key[: kind.length] if kind.length else row_key
    raise AssertionError(f"no test value for {column}")


@pytest.mark.parametrize("service", SERVICES)
def test_a_database_made_by_create_schema_is_stamped_and_keeps_every_row(service, engine_for):
    metadata, migrations = _parts(service)
    engine = engine_for(service)
    create_schema(engine, metadata)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            conn.execute(table.insert().values({c.name: _value(c, "k") for c in table.columns}))
    before = _rows(engine, metadata.sorted_tables)

    assert migrations.upgrade(engine) == "create_schema"

    assert migrations.current(engine) == migrations.head()
    assert _rows(engine, metadata.sorted_tables) == before
    assert all(len(rows) == 1 for rows in before.values())
    assert differences(engine, metadata) == []


def _rows(engine, tables: list[Table]) -> dict:
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t))] for t in tables}


@pytest.mark.parametrize("service", SERVICES)
def test_unversioned_tables_that_are_not_the_services_are_refused_and_left_alone(service, engine_for):
    metadata, migrations = _parts(service)
    engine = engine_for(service)
    create_schema(engine, metadata)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE someone_elses (id INTEGER PRIMARY KEY)"))
        conn.execute(text("ALTER TABLE outbox ADD COLUMN extra INTEGER"))
    with pytest.raises(SchemaError) as refused:
        migrations.upgrade(engine)
    message = str(refused.value)
    assert "table someone_elses is not expected" in message and "column outbox.extra is not expected" in message
    assert f"{service.upper()}_DATABASE_URL" in message
    assert migrations.current(engine) is None and "alembic_version" not in table_names(engine)


@pytest.mark.parametrize("service", SERVICES)
def test_the_first_revision_goes_down_to_nothing_and_up_again(service, engine_for):
    metadata, migrations = _parts(service)
    engine = engine_for(service)
    migrations.upgrade(engine)
    migrations.downgrade(engine, "base")
    assert table_names(engine) <= {"alembic_version"} and migrations.current(engine) is None
    migrations.upgrade(engine, FIRST_REVISION)
    migrations.upgrade(engine)
    assert differences(engine, metadata) == []


def test_production_refuses_a_database_not_at_head_and_migrate_fixes_it(database_on_both):
    config = IntakeConfig(database_url=database_on_both("intake"), http=HttpSettings("127.0.0.1", 0), bus=memory_bus(),
                          production=True)
    with pytest.raises(SchemaError, match=r"without migration history, not at 0001: run `python -m intake migrate`"):
        build_intake(config)
    build_intake(config, migrate=True).engine.dispose()
    build_intake(config).engine.dispose()  # at head now: starts without --migrate


def test_the_migrate_command_upgrades_then_checks(database_on_both, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_DATABASE_URL", database_on_both("intake"))
    assert intake_cli(["migrate", "--check"]) == 1
    assert intake_cli(["migrate"]) == 0
    assert intake_cli(["migrate", "--check"]) == 0
    out = capsys.readouterr().out
    assert "intake: database at no revision; newest is 0001" in out and "at 0001 (newest)" in out
