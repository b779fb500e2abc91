"""Notifier's event handlers: contacts and consents, one notice per candidate and posting, and endings."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone

from sqlalchemy import delete, select, update

from notifier import tables
from notifier.channels import choose_channel
from shared.db.apply_once import apply_once
from shared.db.upsert import insert_if_absent
from shared.events import types
from shared.events.envelope import Envelope

log = logging.getLogger(__name__)

UNSENT = ("awaiting_contact", "awaiting_verification", "pending")
POSTING_CLOSED, CV_WITHDRAWN, CANDIDATE_ERASED = "posting_closed", "cv_withdrawn", "candidate_erased"


def handle_event(service, envelope: Envelope) -> None:
    """Dispatch one event; returns after its effects committed (or if it was seen before)."""
    handler = _HANDLERS.get(envelope.type)
    if handler is None:
        log.info("ignoring %s: not for the notifier", envelope.type)
        return
    applied, _ = apply_once(service.engine, tables.processed_events, envelope, lambda conn: handler(service, conn, envelope))
    if not applied:
        return
    service.metrics.events_processed.labels(envelope.type).inc()
    service.dispatcher.wake()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _ended(conn, kind: str, subject_id: str) -> bool:
    e = tables.ended
    return conn.execute(select(e.c.id).where(e.c.kind == kind, e.c.id == subject_id)).first() is not None


def _end(conn, kind: str, subject_id: str) -> None:
    insert_if_absent(conn, tables.ended, {"kind": kind, "id": subject_id})


def _addressing(contact) -> dict:
    """Status, channel and recipient of a notice to ``contact`` as it is now."""
    if contact is None:
        return {"status": "awaiting_contact", "channel": None, "recipient": None}
    if not contact["contact_verified"]:
        return {"status": "awaiting_verification", "channel": None, "recipient": None}
    route = choose_channel(contact)
    if route.channel is None:
        return {"status": "skipped", "channel": None, "recipient": None, "detail": route.unreachable_because}
    return {"status": "pending", "channel": route.channel, "recipient": route.recipient}


def _contact(conn, cv_id: str):
    return conn.execute(select(tables.contacts).where(tables.contacts.c.cv_id == cv_id)).mappings().first()


def _readdress_unsent(conn, cv_id: str) -> None:
    """Give the candidate's unsent match notices the channel their contact and consents give now."""
    contact = _contact(conn, cv_id)
    addressing = _addressing(contact)
    if addressing["status"] == "skipped":
        addressing = {**addressing, "status": "cancelled"}
    n = tables.notifications
    conn.execute(update(n).where(n.c.cv_id == cv_id, n.c.kind == "match", n.c.status.in_(UNSENT)).values(**addressing))
    if contact is not None:
        conn.execute(update(n).where(n.c.cv_id == cv_id, n.c.fair_id.is_distinct_from(contact["fair_id"]))
                     .values(fair_id=contact["fair_id"]))


def _queue_verification(conn, envelope: Envelope, contact: dict, kind: str = "verification") -> None:
    """Queue the one message that carries the candidate's code (by a consented channel).

    ``kind``: "verification" (confirm the contact) or "change_code" (confirm a CV handed in again).
    """
    route = choose_channel(contact)
    addressing = (
        {"status": "pending", "channel": route.channel, "recipient": route.recipient}
        if route.channel
        else {"status": "skipped", "detail": route.unreachable_because}
    )
    insert_if_absent(
        conn,
        tables.notifications,
        {
            "id": str(uuid.uuid4()),
            "cv_id": contact["cv_id"],
            "posting_id": f"{kind}:{envelope.id}",
            "kind": kind,
            "fair_id": contact.get("fair_id"),
            "verification_code": envelope.data["verification_code"] if route.channel else None,
            "posting_title": "",
            "employer": "",
            "attempts": 0,
            "created_at": _now(),
            **addressing,
        },
    )


def _contact_row(data: dict) -> dict:
    return {
        "cv_id": data["cv_id"],
        "name": data["name"],
        "email": data["email"],
        "phone": data["phone"],
        "language_pref": data["language_pref"],
        "fair_name": data["fair_name"],
        "fair_id": data.get("fair_id"),
        "candidate_token_hash": data.get("candidate_token_hash"),
        "notify_by_sms": bool(data.get("notify_by_sms")),
        "notify_by_email": bool(data.get("notify_by_email")),
        "contact_verified": bool(data.get("contact_verified")),
    }


def register_contact(service, conn, envelope: Envelope) -> None:
    """Store how to reach a candidate; send the verification code first; release notices that waited."""
    data = envelope.data
    if _ended(conn, CANDIDATE_ERASED, data["cv_id"]):
        return
    contact = _contact_row(data)
    if not insert_if_absent(conn, tables.contacts, {**contact, "registered_at": _now()}):
        return
    if not contact["contact_verified"] and data.get("verification_code"):
        _queue_verification(conn, envelope, contact)
    _readdress_unsent(conn, data["cv_id"])


def update_contact(service, conn, envelope: Envelope) -> None:
    """Store a candidate's new contact and consents; re-address or cancel their unsent notices."""
    data = envelope.data
    if _ended(conn, CANDIDATE_ERASED, data["cv_id"]):
        return
    contact = _contact_row(data)
    c = tables.contacts
    if conn.execute(update(c).where(c.c.cv_id == data["cv_id"]).values(**contact)).rowcount == 0:
        conn.execute(c.insert().values(**contact, registered_at=_now()))
    kind = "change_code" if data.get("code_purpose") == "change" else "verification"
    if data.get("verification_code") and (kind == "change_code" or not contact["contact_verified"]):
        n = tables.notifications
        _cancel(conn, n.c.cv_id == data["cv_id"], n.c.kind == kind)  # an old code, maybe to an old phone
        _queue_verification(conn, envelope, contact, kind)
    _readdress_unsent(conn, data["cv_id"])


def verify_contact(service, conn, envelope: Envelope) -> None:
    """The candidate confirmed their contact: release the notices that waited for it."""
    cv_id = envelope.data["cv_id"]
    conn.execute(update(tables.contacts).where(tables.contacts.c.cv_id == cv_id).values(contact_verified=True))
    _readdress_unsent(conn, cv_id)


def queue_match_notice(service, conn, envelope: Envelope) -> None:
    """Queue the notice of a match, once per (candidate, posting), unless the match ended first."""
    data = envelope.data
    if (
        _ended(conn, CANDIDATE_ERASED, data["cv_id"])
        or _ended(conn, CV_WITHDRAWN, data["cv_id"])
        or _ended(conn, POSTING_CLOSED, data["posting_id"])
    ):
        return
    contact = _contact(conn, data["cv_id"])
    inserted = insert_if_absent(
        conn,
        tables.notifications,
        {
            "id": str(uuid.uuid4()),
            "cv_id": data["cv_id"],
            "posting_id": data["posting_id"],
            "kind": "match",
            "posting_title": data["posting_title"],
            "employer": data["employer"],
            "score": f"{data['score']:.4f}",
            "attempts": 0,
            "created_at": _now(),
            **_addressing(contact),
            "fair_id": contact["fair_id"] if contact is not None else None,
        },
    )
    if not inserted:
        log.info("candidate %s was already told about posting %s", data["cv_id"], data["posting_id"])


def _cancel(conn, *where) -> None:
    n = tables.notifications
    conn.execute(update(n).where(n.c.status.in_(UNSENT), *where).values(status="cancelled", verification_code=None))


def close_posting(service, conn, envelope: Envelope) -> None:
    """A closed posting gets no new notices; those not yet sent are cancelled."""
    posting_id = envelope.data["posting_id"]
    _end(conn, POSTING_CLOSED, posting_id)
    _cancel(conn, tables.notifications.c.posting_id == posting_id)


def withdraw_cv(service, conn, envelope: Envelope) -> None:
    """A withdrawn CV gets no new notices; those not yet sent are cancelled."""
    cv_id = envelope.data["cv_id"]
    _end(conn, CV_WITHDRAWN, cv_id)
    _cancel(conn, tables.notifications.c.cv_id == cv_id, tables.notifications.c.kind == "match")


def erase_candidate(service, conn, envelope: Envelope) -> None:
    """Forget a candidate: contact, message files, and every personal field of their notices."""
    cv_id = envelope.data["cv_id"]
    _end(conn, CANDIDATE_ERASED, cv_id)
    n = tables.notifications
    for notification_id in conn.execute(select(n.c.id).where(n.c.cv_id == cv_id)).scalars():
        service.forget_message(notification_id)
    conn.execute(delete(tables.contacts).where(tables.contacts.c.cv_id == cv_id))
    conn.execute(
        update(n)
        .where(n.c.cv_id == cv_id)
        .values(status="erased", recipient=None, detail=None, posting_title="", employer="", verification_code=None)
    )


def register_employer(service, conn, envelope: Envelope) -> None:
    """Remember an employer's key hash, so its key is recognised here."""
    data = envelope.data
    insert_if_absent(conn, tables.employers, {"id": data["employer_id"], "key_hash": data["key_hash"]})


_HANDLERS = {
    types.EMPLOYER_REGISTERED: register_employer,
    types.CANDIDATE_REGISTERED: register_contact,
    types.CANDIDATE_UPDATED: update_contact,
    types.CANDIDATE_VERIFIED: verify_contact,
    types.CANDIDATE_ERASED: erase_candidate,
    types.POSTING_CLOSED: close_posting,
    types.CV_WITHDRAWN: withdraw_cv,
    types.MATCH_FOUND: queue_match_notice,
}
