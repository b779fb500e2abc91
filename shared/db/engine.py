"""SQLAlchemy engines for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event, text
from sqlalchemy.engine import Engine, make_url

# Owner read/write only: the databases hold names, emails and phones.
PRIVATE_FILE_MODE = 0o600


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite gets WAL mode and a busy timeout for concurrent use.

    Errors never carry SQL parameters (``hide_parameters``), and PostgreSQL errors keep only
    their primary message (the DETAIL of a unique violation quotes the row): a failed INSERT
    of a contact must not put its email or phone into a log line or an error message. A SQLite database
    file is created owner-only (0600) before the first connection, and an existing one is
    narrowed to 0600; SQLite gives its -wal and -shm files the database file's mode. Raises
    OSError when that file cannot be created; connection errors surface on first use.
    """
    if url.startswith("sqlite"):
        _create_private_sqlite_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")  # erased rows are overwritten, not left in free pages
            cursor.close()

        return engine
    # A host that does not answer must not hang a start or a readiness probe (libpq waits forever by default).
    connect_args = {} if "connect_timeout" in url else {"connect_timeout": 10}
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True,
                           connect_args=connect_args)
    event.listen(engine, "handle_error", _keep_only_the_primary_message)
    return engine


def _keep_only_the_primary_message(context) -> None:
    """Drop PostgreSQL's DETAIL, HINT and CONTEXT, which quote row values ("Key (email)=(...)")."""
    original = context.original_exception
    primary = getattr(getattr(original, "diag", None), "message_primary", None)
    if not primary:
        return
    original.args = (primary,)
    if context.sqlalchemy_exception is not None:
        kind = type(original)
        context.sqlalchemy_exception.args = (f"({kind.__module__}.{kind.__name__}) {primary}",)


def _create_private_sqlite_file(url: str) -> None:
    """Create the SQLite file of ``url`` with mode 0600, or narrow an existing one to it."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite will report the missing directory on first use
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
    finally:
        os.close(descriptor)


def create_schema(engine: Engine, metadata: MetaData) -> None:
    """Create missing tables; existing tables are left as they are."""
    metadata.create_all(engine)


def check_database(engine: Engine) -> None:
    """Raise when the database cannot answer a trivial query."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
