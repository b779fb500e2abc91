"""Matcher's event handlers: index a document, rank it, record and publish new matches."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from sqlalchemy import select

from matcher import tables
from matcher.config import SERVICE
from matcher.row_documents import cv_document, posting_document
from shared.db.outbox import add_to_outbox
from shared.db.apply_once import apply_once
from shared.db.upsert import insert_if_absent
from shared.events import types
from shared.events.envelope import Envelope, new_event
from shared.events.schemas import CONSTRAINT_FIELDS

log = logging.getLogger(__name__)


def handle_event(service, envelope: Envelope) -> None:
    """Dispatch one event; returns after its effects committed (or if it was seen before)."""
    handler = _HANDLERS.get(envelope.type)
    if handler is None:
        log.info("ignoring %s: not for the matcher", envelope.type)
        return
    applied, published = apply_once(
        service.engine, tables.processed_events, envelope, lambda conn: handler(service, conn, envelope)
    )
    if not applied:
        return
    service.metrics.events_processed.labels(envelope.type).inc()
    if published:
        service.relay.wake()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def index_posting(service, conn, envelope: Envelope) -> int:
    """Store and index a posting, then rank CVs for it; return how many matches were published."""
    data = envelope.data
    row = {
        "id": data["posting_id"],
        "fair_id": data["fair_id"],
        "employer": data["employer"],
        "title": data["title"],
        "description": data["description"],
        "skills": data["skills"],
        "location": data["location"],
        "constraints": {name: data[name] for name in CONSTRAINT_FIELDS if data.get(name)},
        "received_at": _now(),
    }
    if not insert_if_absent(conn, tables.postings, row):
        log.info("posting %s is already indexed", row["id"])
    service.index.upsert(posting_document(row))
    ranked = service.index.rank_cvs_for_posting(
        row["id"], limit=service.config.notify_top, min_score=service.config.match_threshold
    )
    return _record_matches(service, conn, envelope, ranked)


def index_cv(service, conn, envelope: Envelope) -> int:
    """Store and index a CV, then rank open postings for it; return how many matches were published."""
    data = envelope.data
    row = {
        "id": data["cv_id"],
        "fair_id": data["fair_id"],
        "text": data["text"],
        "skills": data["skills"],
        "location": data["location"],
        "language_pref": data["language_pref"],
        "received_at": _now(),
    }
    if not insert_if_absent(conn, tables.cvs, row):
        log.info("cv %s is already indexed", row["id"])
    service.index.upsert(cv_document(row))
    ranked = service.index.rank_postings_for_cv(
        row["id"], limit=service.config.notify_top, min_score=service.config.match_threshold
    )
    return _record_matches(service, conn, envelope, ranked)


def _record_matches(service, conn, cause: Envelope, ranked) -> int:
    """Store each match not stored before and put its match.found event in the outbox."""
    published = 0
    for match in ranked:
        stored = insert_if_absent(
            conn,
            tables.matches,
            {
                "posting_id": match.posting_id,
                "cv_id": match.cv_id,
                "score": match.score,
                "explanation": match.explanation,
                "found_at": _now(),
            },
        )
        if not stored:
            continue
        posting = conn.execute(
            select(tables.postings.c.title, tables.postings.c.employer).where(tables.postings.c.id == match.posting_id)
        ).one()
        event = new_event(
            types.MATCH_FOUND,
            {
                "posting_id": match.posting_id,
                "cv_id": match.cv_id,
                "score": match.score,
                "posting_title": posting.title,
                "employer": posting.employer,
                "explanation": match.explanation,
            },
            producer=SERVICE,
            correlation_id=cause.correlation_id,
        )
        add_to_outbox(conn, tables.outbox, event)
        published += 1
    return published


_HANDLERS = {
    types.POSTING_PUBLISHED: index_posting,
    types.CV_RECEIVED: index_cv,
}
