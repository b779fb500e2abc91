"""Matcher's event handlers: index a document, rank it, record and publish new matches.

Each handler that changes a stored document also changes this replica's index in its transaction
and queues an ``index.updated`` for every replica (see ``matcher.index_feed``); it returns how
many events it put in the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import groupby
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import delete, select, update

from matcher import tables
from matcher.config import SERVICE
from matcher.index_feed import IndexRun, apply_stored, index_in_transaction
from matcher.row_documents import cv_document, posting_document
from shared.db.outbox import add_many_to_outbox
from shared.db.apply_once import apply_once
from shared.db.processed_events import claim_events
from shared.db.upsert import insert_absent_rows, insert_if_absent
from shared.events import types
from shared.events.envelope import Envelope
from shared.events.match_found import explanation_summary, match_events, payload_without_cv
from shared.events.schemas import CONSTRAINT_FIELDS

log = logging.getLogger(__name__)


def handle_event(service, envelope: Envelope) -> None:
    """Dispatch one event; returns after its effects committed (or if it was seen before)."""
    handler = _HANDLERS.get(envelope.type)
    if handler is None:
        log.info("ignoring %s: not for the matcher", envelope.type)
        return
    try:
        applied, published = apply_once(
            service.engine, tables.processed_events, envelope, lambda conn: handler(service, conn, envelope)
        )
    except Exception:
        _undo_in_index(service, envelope)
        raise
    if not applied:
        return
    service.metrics.events_processed.labels(envelope.type).inc()
    if published:
        service.relay.wake()


def handle_events(service, envelopes: list[Envelope]) -> None:
    """Apply a batch of events in one transaction (each once, in order; a run of new CVs or postings together);
    on failure nothing of it stays, in the database or the index."""
    ours = [envelope for envelope in envelopes if envelope.type in _HANDLERS]
    published = 0
    try:
        with service.engine.begin() as conn:
            fresh = claim_events(conn, tables.processed_events, ours)
            for event_type, run in groupby(fresh, key=lambda envelope: envelope.type):
                if event_type in _NEW_DOCUMENT:
                    published += _store_new(_NEW_DOCUMENT[event_type], service, conn, list(run))
                else:
                    published += sum(_HANDLERS[event_type](service, conn, envelope) for envelope in run)
    except Exception:
        for envelope in ours:
            _undo_in_index(service, envelope)
        raise
    for envelope in fresh:
        service.metrics.events_processed.labels(envelope.type).inc()
    if published:
        service.relay.wake()


#: event type: (kind of document, key of its id in the event's data)
_DOCUMENT_OF = {
    types.POSTING_PUBLISHED: ("posting", "posting_id"),
    types.POSTING_UPDATED: ("posting", "posting_id"),
    types.POSTING_CLOSED: ("posting", "posting_id"),
    types.CV_RECEIVED: ("cv", "cv_id"),
    types.CV_UPDATED: ("cv", "cv_id"),
    types.CV_WITHDRAWN: ("cv", "cv_id"),
    types.CANDIDATE_ERASED: ("cv", "cv_id"),
}


def _undo_in_index(service, envelope: Envelope) -> None:
    """After a rolled-back handler: the index holds the document as committed again (best effort)."""
    kind, key = _DOCUMENT_OF.get(envelope.type, (None, None))
    if kind is None or not isinstance(envelope.data.get(key), str):
        return
    try:
        apply_stored(service, kind, envelope.data[key])
    except Exception:  # the database is away; the retry or the next update puts it right
        log.warning("could not reload %s %s into the index after a failure", kind, envelope.data[key])


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _posting_row(data: dict) -> dict:
    return {
        "id": data["posting_id"],
        "employer_id": data.get("employer_id"),
        "status": "open",
        "fair_id": data["fair_id"],
        "employer": data["employer"],
        "title": data["title"],
        "description": data["description"],
        "skills": data["skills"],
        "location": data["location"],
        "constraints": {name: data[name] for name in CONSTRAINT_FIELDS if data.get(name)},
        "received_at": _now(),
    }


def _cv_row(data: dict) -> dict:
    return {
        "id": data["cv_id"],
        "candidate_token_hash": data.get("candidate_token_hash"),
        "status": "active",
        "shared_contact": data.get("shared_contact"),
        "has_file": bool(data.get("has_file")),
        "fair_id": data["fair_id"],
        "text": data["text"],
        "skills": data["skills"],
        "location": data["location"],
        "language_pref": data["language_pref"],
        "received_at": _now(),
    }


def _status(conn, table, doc_id: str) -> str | None:
    return conn.execute(select(table.c.status).where(table.c.id == doc_id)).scalar_one_or_none()


def _has_ended(conn, kind: str, doc_id: str) -> bool:
    e = tables.ended
    return conn.execute(select(e.c.id).where(e.c.kind == kind, e.c.id == doc_id)).first() is not None


def _end(conn, kind: str, doc_id: str) -> None:
    insert_if_absent(conn, tables.ended, {"kind": kind, "id": doc_id})


def register_employer(service, conn, envelope: Envelope) -> int:
    """Remember an employer's key hash, so its key opens its shortlists here."""
    data = envelope.data
    insert_if_absent(conn, tables.employers, {"id": data["employer_id"], "key_hash": data["key_hash"]})
    return 0


@dataclass(frozen=True)
class _Kind:
    """How one kind of document is stored, ranked and taken out of matching."""

    name: str
    table: object
    row: Callable[[dict], dict]
    document: Callable
    ended: str
    rank: str


_POSTING = _Kind("posting", tables.postings, _posting_row, posting_document, "closed", "rank_cvs_for_posting")
_CV = _Kind("cv", tables.cvs, _cv_row, cv_document, "withdrawn", "rank_postings_for_cv")


def _store_new(kind: _Kind, service, conn, envelopes: list[Envelope]) -> int:
    """Store and index new documents of one kind, then rank their counterparts; return the events put in the outbox.

    The whole run takes a few statements more than one document: which ended, one insert, one locked read of
    the rows and one queue of their ``index.updated`` (``IndexRun``), one record of the matches.
    """
    first: dict[str, tuple[Envelope, dict]] = {}
    for envelope in envelopes:
        row = kind.row(envelope.data)
        first.setdefault(row["id"], (envelope, row))
    e = tables.ended
    ended = set(conn.execute(select(e.c.id).where(e.c.kind == kind.name, e.c.id.in_(list(first)))).scalars())
    live = [(envelope, row) for doc_id, (envelope, row) in first.items() if doc_id not in ended]
    inserted = {key[0] for key in insert_absent_rows(conn, kind.table, [row for _envelope, row in live])}
    indexed = []  # (event, document id)
    for envelope, row in live:
        if row["id"] not in inserted:
            log.info("%s is already stored", row["id"])
            if _status(conn, kind.table, row["id"]) == kind.ended:
                continue
        indexed.append((envelope, row["id"]))
    run = IndexRun(conn, kind.name, [doc_id for _envelope, doc_id in indexed])
    found = []
    for envelope, doc_id in indexed:  # each indexed, then ranked, in turn: as if the events came one by one
        if run.apply(service, doc_id):
            found.append((envelope, _ranked(kind, service, doc_id)))
    return len(indexed) + _record_matches(service, conn, found)


def _store_update(kind: _Kind, service, conn, envelope: Envelope) -> int:
    """Store a document's new content and rank it again; pairs already published stay quiet."""
    row = kind.row(envelope.data)
    status = _status(conn, kind.table, row["id"])
    if status == kind.ended or _has_ended(conn, kind.name, row["id"]):
        return 0
    if status is None:
        conn.execute(kind.table.insert(), row)
    else:
        changed = {k: v for k, v in row.items() if k not in ("id", "status", "received_at")}
        conn.execute(update(kind.table).where(kind.table.c.id == row["id"]).values(**changed))
    return _rank(kind, service, conn, envelope, row)


def _rank(kind: _Kind, service, conn, envelope: Envelope, row: dict) -> int:
    """Index the document as stored (every replica too), then rank it; return the events put in the outbox."""
    if not index_in_transaction(service, conn, kind.name, row["id"]):
        return 1  # ended meanwhile: nothing to rank
    return 1 + _record_matches(service, conn, [(envelope, _ranked(kind, service, row["id"]))])


def _ranked(kind: _Kind, service, doc_id: str) -> list:
    """The counterparts of an indexed document worth announcing, best first."""
    return getattr(service.index, kind.rank)(doc_id, limit=service.config.notify_top, min_score=service.config.match_threshold)


def index_posting(service, conn, envelope: Envelope) -> int:
    """Store and index a posting, then rank CVs for it."""
    return _store_new(_POSTING, service, conn, [envelope])


def update_posting(service, conn, envelope: Envelope) -> int:
    """Store a posting's new fields and rank CVs for it again."""
    return _store_update(_POSTING, service, conn, envelope)


def index_cv(service, conn, envelope: Envelope) -> int:
    """Store and index a CV, then rank open postings for it."""
    return _store_new(_CV, service, conn, [envelope])


def update_cv(service, conn, envelope: Envelope) -> int:
    """Store a CV's new content and sharing consent and rank it again."""
    return _store_update(_CV, service, conn, envelope)


def close_posting(service, conn, envelope: Envelope) -> int:
    """A closed posting leaves the index; its stored matches stay for its employer to read."""
    posting_id = envelope.data["posting_id"]
    _end(conn, "posting", posting_id)
    conn.execute(update(tables.postings).where(tables.postings.c.id == posting_id).values(status="closed", closed_at=_now()))
    index_in_transaction(service, conn, "posting", posting_id)
    return 1


def withdraw_cv(service, conn, envelope: Envelope) -> int:
    """A withdrawn CV leaves the index and gets no new matches."""
    cv_id = envelope.data["cv_id"]
    _end(conn, "cv", cv_id)
    conn.execute(update(tables.cvs).where(tables.cvs.c.id == cv_id).values(status="withdrawn"))
    index_in_transaction(service, conn, "cv", cv_id)
    return 1


def erase_candidate(service, conn, envelope: Envelope) -> int:
    """Forget a candidate: their CV, its matches, its index entry and its match events."""
    cv_id = envelope.data["cv_id"]
    _end(conn, "cv", cv_id)
    conn.execute(delete(tables.cvs).where(tables.cvs.c.id == cv_id))
    conn.execute(delete(tables.matches).where(tables.matches.c.cv_id == cv_id))
    conn.execute(delete(tables.missing_skills).where(tables.missing_skills.c.cv_id == cv_id))
    _erase_from_outbox(conn, cv_id)
    index_in_transaction(service, conn, "cv", cv_id)  # the row is gone: forgotten, in every replica
    return 1


def _erase_from_outbox(conn, cv_id: str) -> None:
    """Take the CV's matches out of the stored ``match.found`` events: an event left with none is deleted."""
    outbox = tables.outbox
    rows = conn.execute(select(outbox.c.seq, outbox.c.payload).where(
        outbox.c.event_type == types.MATCH_FOUND, outbox.c.payload.contains(f'"cv_id": "{cv_id}"'))).all()
    for seq, payload in rows:
        kept = payload_without_cv(payload, cv_id)
        if kept is None:
            conn.execute(delete(outbox).where(outbox.c.seq == seq))
        elif kept != payload:
            conn.execute(update(outbox).where(outbox.c.seq == seq).values(payload=kept))


def _missing_skill_rows(match, posting_fair: str | None, cv_fair: str | None) -> list[dict]:
    """A match's missing skills for its fair's summary, when posting and CV are at the same fair."""
    if posting_fair is None or cv_fair != posting_fair:
        return []
    missing = dict.fromkeys(skill[:200] for skill in match.explanation.get("missing_skills", []))
    return [{"posting_id": match.posting_id, "cv_id": match.cv_id, "skill": skill, "fair_id": posting_fair} for skill in missing]


def _record_matches(service, conn, found: list[tuple[Envelope, list]]) -> int:
    """Store each match not stored before and put them in the outbox as ``match.found`` events of version 2, one
    per ranking (``shared.events.match_found``); a few statements for all.

    ``found``: (the event that caused the ranking, its ranked matches) for each ranked document.
    """
    found_at = _now()
    pairs = [(cause, m) for cause, ranked in found for m in ranked]
    stored = insert_absent_rows(conn, tables.matches, [
        {"posting_id": m.posting_id, "cv_id": m.cv_id, "score": m.score, "explanation": m.explanation, "found_at": found_at}
        for _cause, m in pairs
    ])
    new = []
    for cause, m in pairs:
        if (m.posting_id, m.cv_id) in stored:
            stored.discard((m.posting_id, m.cv_id))
            new.append((cause, m))
    if not new:
        return 0
    p, c = tables.postings.c, tables.cvs.c
    postings = {row.id: row for row in conn.execute(
        select(p.id, p.title, p.employer, p.fair_id).where(p.id.in_({m.posting_id for _, m in new})))}
    cv_fairs = dict(conn.execute(select(c.id, c.fair_id).where(c.id.in_({m.cv_id for _, m in new}))).all())
    missing = [row for _, m in new for row in _missing_skill_rows(m, postings[m.posting_id].fair_id, cv_fairs.get(m.cv_id))]
    if missing:
        conn.execute(tables.missing_skills.insert(), missing)
    events = []
    for _cause, run in groupby(new, key=lambda pair: id(pair[0])):
        run = list(run)
        events += match_events([
            {
                "posting_id": m.posting_id,
                "cv_id": m.cv_id,
                "score": m.score,
                "posting_title": postings[m.posting_id].title,
                "employer": postings[m.posting_id].employer,
                "explanation": explanation_summary(m.explanation),
            }
            for _cause, m in run
        ], producer=SERVICE, correlation_id=run[0][0].correlation_id)
    add_many_to_outbox(conn, tables.outbox, events)
    return len(events)


#: New documents handled a run at a time in a batch.
_NEW_DOCUMENT = {types.CV_RECEIVED: _CV, types.POSTING_PUBLISHED: _POSTING}

_HANDLERS = {
    types.EMPLOYER_REGISTERED: register_employer,
    types.POSTING_PUBLISHED: index_posting,
    types.POSTING_UPDATED: update_posting,
    types.POSTING_CLOSED: close_posting,
    types.CV_RECEIVED: index_cv,
    types.CV_UPDATED: update_cv,
    types.CV_WITHDRAWN: withdraw_cv,
    types.CANDIDATE_ERASED: erase_candidate,
}
