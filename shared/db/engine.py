"""SQLAlchemy engines for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from sqlalchemy import MetaData, create_engine, event, text
from sqlalchemy.engine import Engine


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite gets WAL mode and a busy timeout for concurrent use.

    Connection errors surface on first use, not here.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def create_schema(engine: Engine, metadata: MetaData) -> None:
    """Create missing tables; existing tables are left as they are."""
    metadata.create_all(engine)


def check_database(engine: Engine) -> None:
    """Raise when the database cannot answer a trivial query."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
