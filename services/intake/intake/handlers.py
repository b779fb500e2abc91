"""Intake's use cases: each stores a record and its events in one transaction."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.engine import Engine

from intake import tables
from intake.config import SERVICE
from shared.db.outbox import add_to_outbox
from shared.events import types
from shared.events.envelope import new_event
from shared.events.schemas import CONSTRAINT_FIELDS
from shared.phone import normalise_bd_phone
from shared.places import canonical_division
from shared.redaction import redact_cv_text


class UnknownFair(LookupError):
    """The request names a fair that does not exist."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _fair_name(conn, fair_id: str | None) -> str | None:
    if fair_id is None:
        return None
    name = conn.execute(select(tables.fairs.c.name).where(tables.fairs.c.id == fair_id)).scalar_one_or_none()
    if name is None:
        raise UnknownFair(fair_id)
    return name


def create_fair(engine: Engine, fair: dict) -> dict:
    """Store a fair; return it as stored."""
    row = dict(fair, id=str(uuid.uuid4()), division=canonical_division(fair["division"]), created_at=_now())
    with engine.begin() as conn:
        conn.execute(tables.fairs.insert().values(**row))
    return row


def publish_posting(engine: Engine, posting: dict, correlation_id: str | None = None) -> dict:
    """Store a posting and its posting.published event; raise UnknownFair for a bad fair_id."""
    row = dict(posting, id=str(uuid.uuid4()), created_at=_now())
    with engine.begin() as conn:
        _fair_name(conn, row["fair_id"])
        conn.execute(tables.postings.insert().values(**row))
        event = new_event(
            types.POSTING_PUBLISHED,
            {
                "posting_id": row["id"],
                "fair_id": row["fair_id"],
                "employer": row["employer"],
                "title": row["title"],
                "description": row["description"],
                "skills": row["skills"],
                "location": row["location"],
                **{name: row[name] for name in CONSTRAINT_FIELDS},
            },
            producer=SERVICE,
            correlation_id=correlation_id,
        )
        add_to_outbox(conn, tables.outbox, event)
    return row


def receive_cv(engine: Engine, cv: dict, correlation_id: str | None = None) -> dict:
    """Store a CV; outbox candidate.registered and cv.received (with redacted text); UnknownFair for a bad fair_id."""
    row = dict(cv, id=str(uuid.uuid4()), created_at=_now())
    if row.get("phone"):
        row["phone"] = normalise_bd_phone(row["phone"])
    with engine.begin() as conn:
        fair_name = _fair_name(conn, row["fair_id"])
        conn.execute(tables.cvs.insert().values(**row))
        contact = new_event(
            types.CANDIDATE_REGISTERED,
            {
                "cv_id": row["id"],
                "name": row["name"],
                "email": row["email"],
                "phone": row["phone"],
                "language_pref": row["language_pref"],
                "fair_name": fair_name,
            },
            producer=SERVICE,
            correlation_id=correlation_id,
        )
        content = new_event(
            types.CV_RECEIVED,
            {
                "cv_id": row["id"],
                "fair_id": row["fair_id"],
                "text": redact_cv_text(row["text"], name=row["name"], email=row.get("email"), phone=row.get("phone")),
                "skills": row["skills"],
                "location": row["location"],
                "language_pref": row["language_pref"],
            },
            producer=SERVICE,
            correlation_id=correlation_id,
        )
        add_to_outbox(conn, tables.outbox, contact)
        add_to_outbox(conn, tables.outbox, content)
    return row


def get_row(engine: Engine, table, row_id: str) -> dict | None:
    """Return one row of ``table`` by id as a dict, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return dict(row) if row else None


def list_rows(engine: Engine, table, limit: int = 100, offset: int = 0) -> list[dict]:
    """Return rows of ``table``, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.created_at, table.c.id).limit(limit).offset(offset)).mappings()
        return [dict(r) for r in rows]
