"""The events about a CV and its candidate, outboxed with a link to the CV so erasure can find them."""

from __future__ import annotations

from contextlib import contextmanager

from intake import tables
from intake.config import SERVICE
from shared.db.outbox import add_many_to_outbox, add_to_outbox
from shared.events import types
from shared.events.envelope import new_event
from shared.redaction import redact_cv_text
from shared.registration_codes import grouped


def cv_content(row: dict) -> dict:
    """cv.received / cv.updated data: redacted text, and the contact only with consent to share it."""
    shared = {"name": row["name"], "email": row["email"], "phone": row["phone"]} if row["share_with_employers"] else None
    return {
        "cv_id": row["id"],
        "fair_id": row["fair_id"],
        "text": redact_cv_text(row["text"], name=row["name"], email=row["email"], phone=row["phone"]),
        "skills": row["skills"],
        "location": row["location"],
        "language_pref": row["language_pref"],
        "candidate_token_hash": row["candidate_token_hash"],
        "shared_contact": shared,
        "has_file": row.get("source", "typed") != "typed",
        "registration_code": shown_code(row),
        "institution": row.get("institution"),
    }


def candidate_contact(
    row: dict, fair_name: str | None, verification_code: str | None = None, *, code_purpose: str = "verification"
) -> dict:
    """candidate.registered / candidate.updated data: how to reach the candidate and what they consented to.

    ``code_purpose``: "verification" (confirm a new contact) or "change" (confirm a CV handed in again).
    """
    return {
        "cv_id": row["id"],
        "name": row["name"],
        "email": row["email"],
        "phone": row["phone"],
        "language_pref": row["language_pref"],
        "fair_name": fair_name,
        "fair_id": row["fair_id"],
        "candidate_token_hash": row["candidate_token_hash"],
        "notify_by_sms": row["notify_by_sms"],
        "notify_by_email": row["notify_by_email"],
        "contact_verified": row["contact_verified"],
        "verification_code": verification_code,
        "code_purpose": code_purpose,
        "registration_code": shown_code(row),
    }


def shown_code(row: dict) -> str | None:
    """A CV's registration code as people read it (``XXX-XXXX``), or None for a CV without one."""
    code = row.get("registration_code")
    return grouped(code) if code else None


_BATCH = "intake_outbox_batch"


def add_cv_event(conn, event_type: str, data: dict, correlation_id: str | None) -> None:
    """Outbox an event about ``data["cv_id"]`` in the caller's transaction, linked to that CV.

    Inside ``batched_events(conn)`` the rows are written together when the batch ends.
    """
    event = new_event(event_type, data, producer=SERVICE, correlation_id=correlation_id)
    batch = conn.info.get(_BATCH)
    if batch is not None:
        batch.append(event)
        return
    add_to_outbox(conn, tables.outbox, event)
    conn.execute(tables.outbox_subjects.insert().values(event_id=event.id, cv_id=data["cv_id"]))


@contextmanager
def batched_events(conn):
    """Collect the CV events outboxed in this block and write them in two statements at its end (bulk imports)."""
    conn.info[_BATCH] = batch = []
    try:
        yield
    finally:
        del conn.info[_BATCH]
    if batch:
        add_many_to_outbox(conn, tables.outbox, batch)
        conn.execute(tables.outbox_subjects.insert(), [{"event_id": e.id, "cv_id": e.data["cv_id"]} for e in batch])


def add_erasure_event(conn, cv_id: str, correlation_id: str | None) -> None:
    """Outbox candidate.erased, unlinked: it carries no personal data and must go out."""
    add_to_outbox(conn, tables.outbox, new_event(types.CANDIDATE_ERASED, {"cv_id": cv_id}, producer=SERVICE, correlation_id=correlation_id))
