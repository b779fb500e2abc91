"""Intake's fair use cases and the row look-ups every resource shares."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.engine import Engine

from intake import tables
from intake.clock import utc_now
from intake.errors import UnknownFair
from shared.places import canonical_division

__all__ = ["UnknownFair", "create_fair", "fair_name", "get_row", "list_rows"]


def fair_name(conn, fair_id: str | None) -> str | None:
    """The name of fair ``fair_id`` (None for None); UnknownFair when there is no such fair."""
    if fair_id is None:
        return None
    name = conn.execute(select(tables.fairs.c.name).where(tables.fairs.c.id == fair_id)).scalar_one_or_none()
    if name is None:
        raise UnknownFair(fair_id)
    return name


def create_fair(engine: Engine, fair: dict) -> dict:
    """Store a fair; return it as stored."""
    row = dict(fair, id=str(uuid.uuid4()), division=canonical_division(fair["division"]), created_at=utc_now())
    with engine.begin() as conn:
        conn.execute(tables.fairs.insert().values(**row))
    return row


def get_row(engine: Engine, table, row_id: str, key: str = "id") -> dict | None:
    """Return one row of ``table`` by its ``key`` column as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c[key] == row_id)).mappings().first()
    return dict(row) if row else None


def list_rows(engine: Engine, table, limit: int = 100, offset: int = 0, *where) -> list[dict]:
    """Return rows of ``table`` matching ``where``, oldest first."""
    query = select(table).where(*where).order_by(table.c.created_at, table.c.id).limit(limit).offset(offset)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]
