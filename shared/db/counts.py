"""Row counts for stats endpoints and metrics."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine


def count_rows(engine: Engine, table, *where) -> int:
    """Return the number of rows of ``table`` matching all ``where`` clauses."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def count_by(engine: Engine, column) -> dict:
    """Return ``{value: count}`` grouped by ``column``."""
    with engine.connect() as conn:
        rows = conn.execute(select(column, func.count()).group_by(column)).all()
    return {value: count for value, count in rows}
