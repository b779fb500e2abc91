"""Each service's migrations on SQLite and PostgreSQL: the schema they make, and databases made before them."""

from __future__ import annotations

import importlib
from datetime import date, datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, MetaData, String, Table, inspect, select, text

from intake.bootstrap import build as build_intake
from intake.cli import main as intake_cli
from intake.config import IntakeConfig
from notifier import webhook_tables  # noqa: F401  (the notifier's metadata includes the webhook tables)
from shared.config import HttpSettings
from shared.db.engine import create_schema, make_engine
from shared.db.migrations import FIRST_REVISION, SchemaError
from tests.integration.service_builders import memory_bus

SERVICES = ("intake", "matcher", "notifier", "fairday")


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


def _as_released(migrations, engine) -> MetaData:
    """Make the tables the release before migrations made with ``create_schema`` (revision 0001, unversioned)."""
    migrations.upgrade(engine, FIRST_REVISION)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    released = MetaData()
    released.reflect(engine)
    return released


@pytest.mark.parametrize("service", SERVICES)
def test_a_database_made_by_the_release_before_migrations_is_stamped_upgraded_and_keeps_every_row(service, engine_for):
    metadata, migrations = _parts(service)
    engine = engine_for(service)
    released = _as_released(migrations, engine)
    with engine.begin() as conn:
        for table in released.sorted_tables:
            conn.execute(table.insert().values({c.name: _value(metadata.tables[table.name].c[c.name]
                                                                if c.name in metadata.tables.get(table.name, table).c else c, "k")
                                                for c in table.columns}))
    unchanged = [metadata.tables[t.name] for t in released.sorted_tables
                 if {c.name for c in t.columns} == {c.name for c in metadata.tables[t.name].columns}]
    before = _rows(engine, unchanged)

    assert migrations.upgrade(engine) == "create_schema"

    assert migrations.current(engine) == migrations.head()
    assert _rows(engine, unchanged) == before
    assert all(len(rows) == 1 for rows in before.values())
    assert differences(engine, metadata) == []


def _rows(engine, tables: list[Table]) -> dict:
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t))] for t in tables}


@pytest.mark.parametrize("service", SERVICES)
def test_unversioned_tables_that_are_not_the_services_are_refused_and_left_alone(service, engine_for):
    metadata, migrations = _parts(service)
    engine = engine_for(service)
    _as_released(migrations, engine)
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
    with pytest.raises(SchemaError, match=r"without migration history, not at \d{4}: run `python -m intake migrate`"):
        build_intake(config)
    build_intake(config, migrate=True).engine.dispose()
    build_intake(config).engine.dispose()  # at head now: starts without --migrate


def test_the_migrate_command_upgrades_then_checks(database_on_both, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_DATABASE_URL", database_on_both("intake"))
    assert intake_cli(["migrate", "--check"]) == 1
    assert intake_cli(["migrate"]) == 0
    assert intake_cli(["migrate", "--check"]) == 0
    out = capsys.readouterr().out
    head = _parts("intake")[1].head()
    assert f"intake: database at no revision; newest is {head}" in out and f"at {head} (newest)" in out


def test_the_notifiers_notices_of_the_release_before_become_digests_and_nobody_is_told_twice(engine_for, tmp_path):
    from notifier import tables
    from notifier.digests import open_waiting_digests
    from notifier.policy import SendingPolicy

    metadata, migrations = _parts("notifier")
    engine = engine_for("notifier")
    released = _as_released(migrations, engine)
    at = datetime(2026, 12, 3, 10, tzinfo=timezone.utc)
    contact = {"name": "রাকিব হাসান", "email": None, "phone": "+8801711234567", "language_pref": "bn", "fair_name": None,
               "fair_id": "f1", "registered_at": at, "candidate_token_hash": None, "notify_by_sms": True,
               "notify_by_email": False, "contact_verified": True}
    old = released.tables["notifications"]

    def notice(cv_id, posting_id, status, kind="match", code=None):
        return {"id": f"{cv_id}-{posting_id}", "cv_id": cv_id, "fair_id": "f1", "posting_id": posting_id, "kind": kind,
                "verification_code": code, "posting_title": "Call centre agent" if kind == "match" else "",
                "employer": "Genex" if kind == "match" else "", "score": "0.6123" if kind == "match" else None,
                "channel": "sms", "recipient": "+8801711234567", "status": status, "detail": None, "attempts": 1,
                "created_at": at, "claimed_at": at, "not_before": None, "sent_at": at if status == "sent" else None}

    with engine.begin() as conn:
        conn.execute(released.tables["contacts"].insert(), [dict(contact, cv_id=cv) for cv in ("c1", "c2")])
        conn.execute(released.tables["employers"].insert().values(id="e1", key_hash="h" * 64))
        conn.execute(old.insert(), [
            notice("c1", "p1", "sent"), notice("c1", "p2", "sending"), notice("c1", "p3", "pending"),
            notice("c1", "p4", "cancelled"), notice("c2", "p1", "awaiting_contact"), notice("c2", "p2", "erased"),
            notice("c2", "verification:e9", "pending", kind="verification", code="482917"),
        ])

    migrations.upgrade(engine)
    assert differences(engine, metadata) == []
    with engine.connect() as conn:
        matches = {(r.cv_id, r.posting_id): (r.status, r.notice_id, round(r.score, 4))
                   for r in conn.execute(select(tables.matches))}
        messages = {r.id: (r.kind, r.status, r.cause_id) for r in conn.execute(select(tables.notifications))}
        employer = conn.execute(select(tables.employers)).mappings().one()
    assert matches == {
        ("c1", "p1"): ("announced", "c1-p1", 0.6123), ("c1", "p2"): ("announced", "c1-p2", 0.6123),
        ("c1", "p3"): ("waiting", None, 0.6123), ("c1", "p4"): ("cancelled", None, 0.6123),
        ("c2", "p1"): ("waiting", None, 0.6123), ("c2", "p2"): ("erased", "c2-p2", 0.6123),
    }
    assert messages == {
        "c1-p1": ("digest", "sent", None), "c1-p2": ("digest", "unconfirmed", None), "c2-p2": ("digest", "erased", None),
        "c2-verification:e9": ("verification", "queued", "verification:e9"),
    }
    assert (employer["id"], employer["email"], employer["opted_out_at"]) == ("e1", None, None)

    # The waiting pairs go out in one digest each for their candidates; the told ones never again.
    assert open_waiting_digests(engine, SendingPolicy(window_seconds=0, quiet_hours=None)) == 2
    with engine.connect() as conn:
        opened = conn.execute(select(tables.notifications.c.cv_id).where(tables.notifications.c.kind == "digest",
                                                                         tables.notifications.c.status == "queued")).scalars().all()
    assert sorted(opened) == ["c1", "c2"]
    assert open_waiting_digests(engine, SendingPolicy(window_seconds=0, quiet_hours=None)) == 0

    migrations.downgrade(engine, FIRST_REVISION)  # and back: one row per pair again, codes kept
    with engine.connect() as conn:
        pairs = {(r.cv_id, r.posting_id): r.status for r in conn.execute(select(old))}
    assert pairs[("c1", "p1")] == "sent" and pairs[("c1", "p3")] == "pending" and pairs[("c2", "verification:e9")] == "pending"
