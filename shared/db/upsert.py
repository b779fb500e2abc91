"""INSERT ... ON CONFLICT DO NOTHING for SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_if_absent(conn, table: Table, values: dict) -> bool:
    """Insert ``values`` unless a row with the same unique key exists; return True if inserted.

    Concurrent inserters of the same key on PostgreSQL: the second waits for the first's
    transaction and then inserts nothing. Other dialects raise NotImplementedError.
    """
    dialect = conn.dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:
        raise NotImplementedError(f"insert_if_absent does not support {dialect}")
    # rowcount is not reliable for this statement on every driver; RETURNING is.
    key = list(table.primary_key.columns)[0]
    return conn.execute(stmt.returning(key)).first() is not None
