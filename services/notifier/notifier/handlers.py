"""Notifier's event handlers: remember contacts, queue one notification per candidate and posting."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone

from sqlalchemy import select, update

from notifier import tables
from notifier.channels import choose_channel
from shared.db.apply_once import apply_once
from shared.db.upsert import insert_if_absent
from shared.events import types
from shared.events.envelope import Envelope

log = logging.getLogger(__name__)


def handle_event(service, envelope: Envelope) -> None:
    """Dispatch one event; returns after its effects committed (or if it was seen before)."""
    handler = _HANDLERS.get(envelope.type)
    if handler is None:
        log.info("ignoring %s: not for the notifier", envelope.type)
        return
    applied, _ = apply_once(service.engine, tables.processed_events, envelope, lambda conn: handler(conn, envelope))
    if not applied:
        return
    service.metrics.events_processed.labels(envelope.type).inc()
    service.dispatcher.wake()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _addressing(contact) -> dict:
    route = choose_channel(contact)
    if route.channel is None:
        return {"status": "skipped", "detail": route.unreachable_because}
    return {"status": "pending", "channel": route.channel, "recipient": route.recipient}


def register_contact(conn, envelope: Envelope) -> None:
    """Store how to reach a candidate and release notifications that waited for it."""
    data = envelope.data
    contact = {
        "cv_id": data["cv_id"],
        "name": data["name"],
        "email": data["email"],
        "phone": data["phone"],
        "language_pref": data["language_pref"],
        "fair_name": data["fair_name"],
        "registered_at": _now(),
    }
    insert_if_absent(conn, tables.contacts, contact)
    n = tables.notifications
    conn.execute(
        update(n).where(n.c.cv_id == data["cv_id"], n.c.status == "awaiting_contact").values(**_addressing(contact))
    )


def queue_match_notice(conn, envelope: Envelope) -> None:
    """Queue the notice of a match, once per (candidate, posting)."""
    data = envelope.data
    contact = conn.execute(select(tables.contacts).where(tables.contacts.c.cv_id == data["cv_id"])).mappings().first()
    addressing = _addressing(contact) if contact else {"status": "awaiting_contact"}
    inserted = insert_if_absent(
        conn,
        tables.notifications,
        {
            "id": str(uuid.uuid4()),
            "cv_id": data["cv_id"],
            "posting_id": data["posting_id"],
            "posting_title": data["posting_title"],
            "employer": data["employer"],
            "score": f"{data['score']:.4f}",
            "attempts": 0,
            "created_at": _now(),
            **addressing,
        },
    )
    if not inserted:
        log.info("candidate %s was already told about posting %s", data["cv_id"], data["posting_id"])


_HANDLERS = {
    types.CANDIDATE_REGISTERED: register_contact,
    types.MATCH_FOUND: queue_match_notice,
}
