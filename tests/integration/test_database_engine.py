"""Engines on SQLite and PostgreSQL: errors without SQL parameters, SQLite files owner-only."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import Column, MetaData, String, Table, insert
from sqlalchemy.exc import IntegrityError

from shared.db.engine import create_schema, make_engine
from tests.servers import BOTH_DATABASES, engine_for

metadata = MetaData()
contacts = Table("contacts", metadata, Column("email", String(254), primary_key=True), Column("phone", String(20)))


@pytest.fixture(params=BOTH_DATABASES)
def engine(request, tmp_path):
    """An engine on a fresh database with the contacts table."""
    engine = engine_for(request, tmp_path, "contacts")
    create_schema(engine, metadata)
    yield engine
    engine.dispose()


def test_a_database_error_does_not_carry_the_parameters_of_its_statement(engine):
    row = {"email": "nusrat.jahan@example.com", "phone": "+8801711234567"}
    with engine.begin() as conn:
        conn.execute(insert(contacts).values(**row))
    with pytest.raises(IntegrityError) as caught:
        with engine.begin() as conn:
            conn.execute(insert(contacts).values(**row))
    message = f"{caught.value} {caught.value!r} {caught.value.orig} {caught.value.__cause__!r}"
    assert "nusrat.jahan" not in message and "1711234567" not in message
    assert "hidden due to hide_parameters" in message
    assert "contacts_pkey" in message or "UNIQUE constraint failed: contacts.email" in message


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_database_and_its_wal_files_are_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "notifier.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine, metadata)
    with engine.begin() as conn:
        conn.execute(insert(contacts).values(email="rahim@example.com"))
        written = sorted(p.name for p in tmp_path.iterdir())
        modes = {p.name: _mode(p) for p in tmp_path.iterdir()}
    engine.dispose()
    assert written == ["notifier.sqlite3", "notifier.sqlite3-shm", "notifier.sqlite3-wal"]
    assert modes == dict.fromkeys(written, 0o600)


def test_an_existing_sqlite_file_readable_by_others_is_narrowed_to_the_owner(tmp_path):
    path = tmp_path / "intake.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o600


def test_the_var_directory_is_created_owner_only(tmp_path):
    from shared.config import var_dir

    created = var_dir({"JOBMATCH_VAR_DIR": str(tmp_path / "deploy" / "var")})
    assert _mode(created) == 0o700
