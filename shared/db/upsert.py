"""INSERT ... ON CONFLICT DO NOTHING or DO UPDATE, one row or many, for SQLite and PostgreSQL alike."""

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
        stmt = postgresql.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing()
    else:
        raise NotImplementedError(f"insert_if_absent does not support {dialect}")
    # rowcount is not reliable for this statement on every driver; RETURNING is. Values go as
    # parameters, so the statement is compiled once per table and set of columns.
    key = list(table.primary_key.columns)[0]
    return conn.execute(stmt.returning(key), values).first() is not None


def insert_absent_rows(conn, table: Table, rows: list[dict]) -> set[tuple]:
    """Insert each of ``rows`` unless a row with its primary key exists, in one statement; return the inserted keys.

    Keys are tuples of the primary-key values in the table's key order. Concurrent inserters of
    the same key on PostgreSQL: the second waits for the first's transaction and then inserts
    nothing. Other dialects raise NotImplementedError.
    """
    if not rows:
        return set()
    keys = list(table.primary_key.columns)
    stmt = _dialect_insert(conn, table).on_conflict_do_nothing().returning(*keys)
    return {tuple(row) for row in conn.execute(stmt, rows)}


def _dialect_insert(conn, table: Table):
    dialect = conn.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upsert does not support {dialect}")


def upsert(conn, table: Table, values: dict, *, update: tuple[str, ...] | None = None, where=None) -> bool:
    """Insert ``values``, or on a primary-key conflict set the ``update`` columns (default: all others).

    ``where`` (a condition on the existing row, e.g. ``table.c.held_until <= now``) limits the
    update: when it does not hold, the existing row stays and False is returned. True when a
    row was inserted or updated. One statement, so two concurrent callers cannot both win a
    conditional update on PostgreSQL or SQLite.
    """
    return bool(upsert_rows(conn, table, [values], update=update, where=where))


def upsert_rows(conn, table: Table, rows: list[dict], *, update: tuple[str, ...] | None = None, where=None) -> set[tuple]:
    """``upsert`` of each of ``rows`` (all with the same columns) in one statement; return the keys inserted or updated.

    Keys are tuples of the primary-key values in the table's key order. Of rows sharing a key the
    last one counts: PostgreSQL refuses a statement that would change one row twice. The values
    go as parameters, so the statement compiles once per table and set of columns (SQLAlchemy
    2.1 caches ON CONFLICT statements).
    """
    if not rows:
        return set()
    keys = [c.name for c in table.primary_key.columns]
    last = list({tuple(row[k] for k in keys): row for row in rows}.values())
    columns = update if update is not None else tuple(k for k in rows[0] if k not in keys)
    if not columns:
        return insert_absent_rows(conn, table, last)
    stmt = _dialect_insert(conn, table)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in columns}, where=where)
    return {tuple(row) for row in conn.execute(stmt.returning(*table.primary_key.columns), last)}
