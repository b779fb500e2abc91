"""Fair-day events become messages to the candidate at the venue: once each, due at once, by a consented channel."""

from __future__ import annotations

import uuid

from notifier import tables
from notifier.digests import confirmed_route, contact_of, now
from notifier.endings import CANDIDATE_ERASED, CV_WITHDRAWN, has_ended
from shared.db.upsert import insert_if_absent
from shared.events.envelope import Envelope

OFFER_OUTCOMES = ("offer", "hired_on_the_spot")
NO_CONTACT = "the notifier has no contact for this candidate"
MOST_STALLS = 10  # a suggestion list is short; a longer one is cut to this many, best first
_CAUSES = uuid.UUID("5d7c8f52-6f0e-4c44-9a43-0b7b1f0f6a15")  # namespace of the messages' cause ids


def queue_stalls(service, conn, envelope: Envelope) -> None:
    """candidate.checked_in: one "visit these stalls" per candidate and fair, best first; none without stalls."""
    data = envelope.data
    stalls = [_stall(s) for s in (data.get("stalls") or [])[:MOST_STALLS]]
    if stalls:
        _queue(conn, data, "fair_stalls", f"{data['fair_id']}/{data['cv_id']}", {"stalls": stalls})


def queue_call(service, conn, envelope: Envelope) -> None:
    """queue.called: "your turn at stall 12 (Employer)" once per call."""
    data = envelope.data
    _queue(conn, data, "fair_call", data["call_id"], _stall(data))


def queue_offer(service, conn, envelope: Envelope) -> None:
    """interview.recorded with an offer or a hire on the spot: one message per interview; other outcomes tell nothing."""
    data = envelope.data
    if data["outcome"] in OFFER_OUTCOMES:
        facts = {**_stall(data), "hired": data["outcome"] == "hired_on_the_spot", "letter": bool(data.get("letter"))}
        _queue(conn, data, "fair_offer", data["interview_id"], facts)


def _stall(data: dict) -> dict:
    """The stall, employer and post an event names, and nothing else of it."""
    return {"stall": _text(data.get("stall"), 20), "employer": _text(data.get("employer"), 200), "title": _text(data.get("title"), 200)}


def _text(value, limit: int) -> str | None:
    return str(value)[:limit] if value is not None else None


def _queue(conn, data: dict, kind: str, answers: str, facts: dict) -> None:
    """Queue the message that answers ``answers`` (due now), or record why it cannot go; nothing once the CV ended."""
    cv_id = data["cv_id"]
    if has_ended(conn, CANDIDATE_ERASED, cv_id) or has_ended(conn, CV_WITHDRAWN, cv_id):
        return
    contact = contact_of(conn, cv_id)
    channel, recipient, why = confirmed_route(contact) if contact is not None else (None, None, NO_CONTACT)
    addressing = ({"status": "queued", "channel": channel, "recipient": recipient, "facts": facts} if channel
                  else {"status": "suppressed", "detail": why})
    at = now()
    insert_if_absent(conn, tables.notifications, {
        "id": str(uuid.uuid4()), "cv_id": cv_id, "kind": kind, "fair_id": data.get("fair_id"),
        "cause_id": f"{kind}:{uuid.uuid5(_CAUSES, answers)}", "attempts": 0, "created_at": at, "not_before": at,
        **addressing,
    })
