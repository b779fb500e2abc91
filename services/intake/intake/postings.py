"""A posting's life: published by its employer (or the operator for it), changed while open, closed once."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from intake import tables
from intake.clock import utc_now
from intake.config import SERVICE
from intake.employers import employer_name
from intake.errors import PostingClosed
from intake.handlers import fair_name
from intake.schemas import PostingContent
from shared.db.outbox import add_to_outbox
from shared.events import types
from shared.events.envelope import new_event
from shared.events.schemas import CONSTRAINT_FIELDS

OPEN = "open"
CLOSED = "closed"
CONTENT_FIELDS = tuple(PostingContent().fields)


def _posting_data(conn, row: dict) -> dict:
    """The posting's event data, with its fair's name, venue and first day for candidates' digests."""
    f = tables.fairs.c
    fair = conn.execute(select(f.name, f.venue, f.starts_on).where(f.id == row["fair_id"])).first() if row["fair_id"] else None
    return {
        "posting_id": row["id"],
        "employer_id": row["employer_id"],
        "fair_id": row["fair_id"],
        "employer": row["employer"],
        "title": row["title"],
        "description": row["description"],
        "skills": row["skills"],
        "location": row["location"],
        "stall": row.get("stall"),
        "fair_name": fair.name if fair else None,
        "fair_venue": fair.venue if fair else None,
        "fair_starts_on": fair.starts_on.isoformat() if fair and fair.starts_on else None,
        **{name: row[name] for name in CONSTRAINT_FIELDS},
    }


def _outbox(conn, event_type: str, data: dict, correlation_id: str | None) -> None:
    add_to_outbox(conn, tables.outbox, new_event(event_type, data, producer=SERVICE, correlation_id=correlation_id))


def publish_posting(engine: Engine, posting: dict, employer_id: str, correlation_id: str | None = None) -> dict:
    """Store an open posting of ``employer_id`` and its posting.published event; UnknownFair/UnknownEmployer."""
    now = utc_now()
    row = dict(posting, id=str(uuid.uuid4()), employer_id=employer_id, status=OPEN, closed_at=None, created_at=now, updated_at=now)
    with engine.begin() as conn:
        row["employer"] = employer_name(conn, employer_id)
        fair_name(conn, row["fair_id"])
        conn.execute(tables.postings.insert().values(**row))
        _outbox(conn, types.POSTING_PUBLISHED, _posting_data(conn, row), correlation_id)
    return row


def _locked_posting(conn, posting_id: str) -> dict:
    query = select(tables.postings).where(tables.postings.c.id == posting_id).with_for_update()
    return dict(conn.execute(query).mappings().one())


def update_posting(engine: Engine, posting_id: str, changes: dict, correlation_id: str | None = None) -> dict:
    """Apply ``changes`` to an open posting, validated as a whole, with posting.updated; PostingClosed when closed."""
    with engine.begin() as conn:
        row = _locked_posting(conn, posting_id)
        if row["status"] == CLOSED:
            raise PostingClosed(posting_id)
        merged = PostingContent().load({name: changes.get(name, row[name]) for name in CONTENT_FIELDS})
        fair_name(conn, merged["fair_id"])
        values = dict(merged, updated_at=utc_now())
        conn.execute(update(tables.postings).where(tables.postings.c.id == posting_id).values(**values))
        row.update(values)
        _outbox(conn, types.POSTING_UPDATED, _posting_data(conn, row), correlation_id)
    return row


def close_posting(engine: Engine, posting_id: str, correlation_id: str | None = None) -> dict:
    """Close a posting with posting.closed; closing a closed posting changes nothing."""
    with engine.begin() as conn:
        row = _locked_posting(conn, posting_id)
        if row["status"] == CLOSED:
            return row
        now = utc_now()
        values = {"status": CLOSED, "closed_at": now, "updated_at": now}
        conn.execute(update(tables.postings).where(tables.postings.c.id == posting_id).values(**values))
        row.update(values)
        _outbox(conn, types.POSTING_CLOSED, {"posting_id": posting_id}, correlation_id)
    return row
