"""A fair's records as JSON lines: exported from a venue laptop, imported into a central deployment once.

Each line is ``{"table": ..., "row": {...}}``. Import inserts rows whose key is not there yet, so
importing the same file twice (or a file overlapping what the bus already brought) adds nothing
twice. Volunteer tokens and call holds are not exported: they only mean something at the venue.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Iterable, Iterator

from sqlalchemy import DateTime, String, or_, select

from fairday import tables
from shared.db.upsert import insert_if_absent

# In the order an import must insert them (nothing refers forward).
EXPORTED = ("employers", "postings", "cvs", "matches", "presence", "checkins", "calls", "interviews")
MAX_LINE = 200_000


class BadRecords(ValueError):
    """An import file line that is not a record of an exported table; the message names the line."""


def export_fair(conn, fair_id: str) -> Iterator[str]:
    """The fair's records, one JSON line each, in import order."""
    t = tables
    posting_ids = select(t.postings.c.id).where(t.postings.c.fair_id == fair_id)
    checked_in = select(t.checkins.c.cv_id).where(t.checkins.c.fair_id == fair_id)
    employer_ids = select(t.postings.c.employer_id).where(t.postings.c.fair_id == fair_id).union(
        select(t.presence.c.employer_id).where(t.presence.c.fair_id == fair_id))
    queries = {
        "employers": select(t.employers).where(t.employers.c.id.in_(employer_ids)),
        "postings": select(t.postings).where(t.postings.c.fair_id == fair_id),
        "cvs": select(t.cvs).where(or_(t.cvs.c.fair_id == fair_id, t.cvs.c.id.in_(checked_in))),
        "matches": select(t.matches).where(t.matches.c.posting_id.in_(posting_ids)),
        "presence": select(t.presence).where(t.presence.c.fair_id == fair_id),
        "checkins": select(t.checkins).where(t.checkins.c.fair_id == fair_id),
        "calls": select(t.calls).where(t.calls.c.fair_id == fair_id),
        "interviews": select(t.interviews).where(t.interviews.c.fair_id == fair_id),
    }
    for name in EXPORTED:
        table = getattr(tables, name)
        for row in conn.execute(queries[name].order_by(*table.primary_key.columns)).mappings():
            yield json.dumps({"table": name, "row": {k: _plain(v) for k, v in row.items()}}, ensure_ascii=False)


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def import_records(conn, lines: Iterable[str | bytes]) -> dict[str, int]:
    """Insert the records not there yet; returns how many of each table were added. BadRecords (nothing kept) on a bad line."""
    added = dict.fromkeys(EXPORTED, 0)
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            line = line.decode("utf-8", "replace")
        if not line.strip():
            continue
        name, row = _record(number, line)
        if insert_if_absent(conn, getattr(tables, name), row):
            added[name] += 1
    return added


def _record(number: int, line: str) -> tuple[str, dict]:
    if len(line) > MAX_LINE:
        raise BadRecords(f"line {number}: longer than {MAX_LINE} characters")
    try:
        record = json.loads(line)
    except ValueError:
        raise BadRecords(f"line {number}: not JSON") from None
    if not isinstance(record, dict) or record.get("table") not in EXPORTED or not isinstance(record.get("row"), dict):
        raise BadRecords(f"line {number}: not a record of {', '.join(EXPORTED)}")
    table = getattr(tables, record["table"])
    row = record["row"]
    unknown = set(row) - set(table.c.keys())
    if unknown:
        raise BadRecords(f"line {number}: {record['table']} has no column {sorted(unknown)[0]!r}")
    missing = [c.name for c in table.columns if not c.nullable and c.default is None and c.name not in row]
    if missing:
        raise BadRecords(f"line {number}: {record['table']} needs {missing[0]!r}")
    try:
        return record["table"], {k: _column_value(table.c[k], v) for k, v in row.items()}
    except (TypeError, ValueError) as exc:
        raise BadRecords(f"line {number}: {exc}") from None


def _column_value(column, value):
    if value is not None and isinstance(column.type, DateTime):
        if not isinstance(value, str):
            raise ValueError(f"{column.name} must be an ISO date and time")
        return datetime.fromisoformat(value)
    if value is not None and isinstance(column.type, String):
        if not isinstance(value, str):
            raise ValueError(f"{column.name} must be text")
        if column.type.length and len(value) > column.type.length:
            raise ValueError(f"{column.name} is longer than {column.type.length} characters")
    return value
