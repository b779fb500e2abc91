"""The time fairday stamps records with (a function, so tests can move it)."""

from datetime import datetime, timezone


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(timezone.utc)


def as_utc(at: datetime | None) -> datetime | None:
    """A stored time as aware UTC (SQLite gives naive datetimes back)."""
    return at if at is None or at.tzinfo else at.replace(tzinfo=timezone.utc)
