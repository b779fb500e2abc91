"""Fairday's event handlers: employers, postings, CVs and candidates, matches and erasure, copied from the bus."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from sqlalchemy import delete, select, update

from fairday import tables
from shared.db.apply_once import apply_once
from shared.db.upsert import insert_if_absent, upsert, upsert_rows
from shared.events import types
from shared.events.envelope import Envelope
from shared.events.match_found import matches_in
from shared.registration_codes import parse_code

log = logging.getLogger(__name__)
POSTING, CV = "posting", "cv"


def handle_event(service, envelope: Envelope) -> None:
    """Apply one event exactly once; returns after its effects committed (or if it was seen before)."""
    handler = _HANDLERS.get(envelope.type)
    if handler is None:
        log.info("ignoring %s: not for fairday", envelope.type)
        return
    apply_once(service.engine, tables.processed_events, envelope, lambda conn: handler(conn, envelope))


def _ended(conn, kind: str, doc_id: str) -> bool:
    return doc_id in _ended_among(conn, kind, {doc_id})


def _ended_among(conn, kind: str, doc_ids: set[str]) -> set[str]:
    e = tables.ended
    return set(conn.execute(select(e.c.id).where(e.c.kind == kind, e.c.id.in_(doc_ids))).scalars()) if doc_ids else set()


def _occurred(envelope: Envelope) -> datetime:
    at = datetime.fromisoformat(envelope.occurred_at)
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def register_employer(conn, envelope: Envelope) -> None:
    """Keep an employer's name and key hash (its API key opens its stall)."""
    d = envelope.data
    upsert(conn, tables.employers, {"id": d["employer_id"], "name": d["name"][:200], "key_hash": d["key_hash"]})


def store_posting(conn, envelope: Envelope) -> None:
    """Keep a posting's employer, fair, title and stall (a closed one stays closed)."""
    d = envelope.data
    status = "closed" if _ended(conn, POSTING, d["posting_id"]) else "open"
    upsert(conn, tables.postings, {
        "id": d["posting_id"], "employer_id": d.get("employer_id"), "fair_id": d.get("fair_id"),
        "employer": d["employer"][:200], "title": d["title"][:200], "stall": (d.get("stall") or None) and d["stall"][:40],
        "status": status,
    })


def close_posting(conn, envelope: Envelope) -> None:
    """A closed posting leaves the queues; its interviews stay."""
    posting_id = envelope.data["posting_id"]
    insert_if_absent(conn, tables.ended, {"kind": POSTING, "id": posting_id})
    conn.execute(update(tables.postings).where(tables.postings.c.id == posting_id).values(status="closed"))


def store_cv(conn, envelope: Envelope) -> None:
    """Keep a CV's fair, code, district and institution; never its text or contacts."""
    d = envelope.data
    if _ended(conn, CV, d["cv_id"]):
        return
    values = {
        "id": d["cv_id"], "fair_id": d.get("fair_id"), "language_pref": d["language_pref"],
        "candidate_token_hash": d.get("candidate_token_hash"),
        "district": (d.get("location") or None) and d["location"][:100],
        "institution": (d.get("institution") or None) and d["institution"][:200],
    }
    code = parse_code(d.get("registration_code"))
    if code:
        values["registration_code"] = code
    if envelope.type == types.CV_RECEIVED:
        values["received_at"] = _occurred(envelope)
    upsert(conn, tables.cvs, values)


def store_candidate(conn, envelope: Envelope) -> None:
    """Keep the candidate's name (for an offer letter), language and code; never phone or email."""
    d = envelope.data
    if _ended(conn, CV, d["cv_id"]):
        return
    values = {"id": d["cv_id"], "name": d["name"][:200], "language_pref": d["language_pref"]}
    for key in ("fair_id", "candidate_token_hash"):
        if d.get(key):
            values[key] = d[key]
    code = parse_code(d.get("registration_code"))
    if code:
        values["registration_code"] = code
    upsert(conn, tables.cvs, values)


def withdraw_cv(conn, envelope: Envelope) -> None:
    """A withdrawn CV leaves the queues and cannot check in; its fair-day records stay."""
    cv_id = envelope.data["cv_id"]
    insert_if_absent(conn, tables.ended, {"kind": CV, "id": cv_id})
    conn.execute(update(tables.cvs).where(tables.cvs.c.id == cv_id).values(status="withdrawn"))


def erase_candidate(conn, envelope: Envelope) -> None:
    """Erase everything fairday holds about the candidate."""
    cv_id = envelope.data["cv_id"]
    insert_if_absent(conn, tables.ended, {"kind": CV, "id": cv_id})
    conn.execute(delete(tables.cvs).where(tables.cvs.c.id == cv_id))
    for table in (tables.matches, tables.checkins, tables.calls, tables.holds, tables.interviews):
        conn.execute(delete(table).where(table.c.cv_id == cv_id))


def record_match(conn, envelope: Envelope) -> None:
    """Keep the scores of a match.found's matches (either version): they order the stall queues and the suggested stalls."""
    found = matches_in(envelope)
    ended = _ended_among(conn, CV, {d["cv_id"] for d in found})
    at = _occurred(envelope)
    upsert_rows(conn, tables.matches, [{"posting_id": d["posting_id"], "cv_id": d["cv_id"], "score": float(d["score"]),
                                        "found_at": at} for d in found if d["cv_id"] not in ended])


_HANDLERS = {
    types.EMPLOYER_REGISTERED: register_employer,
    types.POSTING_PUBLISHED: store_posting,
    types.POSTING_UPDATED: store_posting,
    types.POSTING_CLOSED: close_posting,
    types.CV_RECEIVED: store_cv,
    types.CV_UPDATED: store_cv,
    types.CV_WITHDRAWN: withdraw_cv,
    types.CANDIDATE_REGISTERED: store_candidate,
    types.CANDIDATE_UPDATED: store_candidate,
    types.CANDIDATE_ERASED: erase_candidate,
    types.MATCH_FOUND: record_match,
}
EVENT_TYPES = tuple(_HANDLERS)
