"""Turning database rows into JSON-ready dicts (dates and times as ISO 8601)."""

from __future__ import annotations

from datetime import date, datetime, timezone


def jsonable(row: dict) -> dict:
    """Return ``row`` with dates as ``YYYY-MM-DD`` and datetimes as UTC ISO 8601 strings.

    Naive datetimes (SQLite returns them) are taken to be UTC.
    """
    out = {}
    for key, value in row.items():
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            out[key] = value.astimezone(timezone.utc).isoformat()
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def page_args(args, default_limit: int = 100, max_limit: int = 1000) -> tuple[int, int]:
    """Read ``limit`` and ``offset`` query parameters; raise ValueError with a message if bad."""
    try:
        limit = int(args.get("limit", default_limit))
        offset = int(args.get("offset", 0))
    except ValueError:
        raise ValueError("limit and offset must be integers") from None
    if not 1 <= limit <= max_limit or offset < 0:
        raise ValueError(f"limit must be 1..{max_limit} and offset >= 0")
    return limit, offset
