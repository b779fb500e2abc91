"""Notifier's event handlers: contacts and consents, postings, matches kept for digests, and endings."""

from __future__ import annotations

import logging
import uuid
from itertools import groupby

from sqlalchemy import delete, select, update

from notifier import tables
from notifier.channels import choose_channel
from notifier.digests import OPEN, contact_of, now, readdress, schedule_digests_after_new_matches, schedule_employer_digest
from notifier.endings import CANDIDATE_ERASED, CV_WITHDRAWN, POSTING_CLOSED, ended_among, has_ended, record_end
from notifier.fair_day_notices import queue_call, queue_offer, queue_stalls
from notifier.message_kinds import NOTICE_KINDS
from notifier.webhook_delivery import queue_webhook_events
from shared.db.apply_once import apply_once
from shared.db.processed_events import claim_events
from shared.db.upsert import insert_absent_rows, insert_if_absent
from shared.events import types
from shared.events.envelope import Envelope
from shared.events.match_found import matches_in
from shared.log_context import safe_correlation_id

log = logging.getLogger(__name__)

SHORTLIST_UPDATED = "shortlist.updated"  # the webhook event: a candidate joined a posting's shortlist


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
    if service.webhooks is not None:
        service.webhooks.wake()


def handle_events(service, envelopes: list[Envelope]) -> None:
    """Apply a batch of events in one transaction (each once, in order; a run of matches or of registrations
    together); returns after commit."""
    ours = [envelope for envelope in envelopes if envelope.type in _HANDLERS]
    with service.engine.begin() as conn:
        fresh = claim_events(conn, tables.processed_events, ours)
        for event_type, run in groupby(fresh, key=lambda e: e.type):
            if event_type in _RUN_HANDLERS:
                _RUN_HANDLERS[event_type](service, conn, list(run))
            else:
                for envelope in run:
                    _HANDLERS[envelope.type](service, conn, envelope)
    for envelope in fresh:
        service.metrics.events_processed.labels(envelope.type).inc()
    if fresh:
        service.dispatcher.wake()
        if service.webhooks is not None:
            service.webhooks.wake()


def _queue_code(conn, envelope: Envelope, contact: dict, kind: str = "verification") -> None:
    """Queue the one message that carries the candidate's code (by a consented channel), due at once.

    ``kind``: "verification" (confirm the contact) or "change_code" (confirm a CV handed in again).
    Codes are not held by the digest window, quiet hours or the daily cap: the candidate is
    waiting for them (and they expire in 15 minutes).
    """
    route = choose_channel(contact)
    at = now()
    addressing = (
        {"status": "queued", "channel": route.channel, "recipient": route.recipient}
        if route.channel
        else {"status": "suppressed", "detail": route.unreachable_because}
    )
    insert_if_absent(
        conn,
        tables.notifications,
        {
            "id": str(uuid.uuid4()),
            "cv_id": contact["cv_id"],
            "cause_id": f"{kind}:{envelope.id}",
            "kind": kind,
            "fair_id": contact.get("fair_id"),
            "verification_code": envelope.data["verification_code"] if route.channel else None,
            "attempts": 0,
            "created_at": at,
            "not_before": at,
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
        "registration_code": data.get("registration_code"),
    }


def register_contact(service, conn, envelope: Envelope) -> None:
    """Store how to reach a candidate; send the verification code first; open a digest for matches that waited."""
    register_contacts(service, conn, [envelope])


def register_contacts(service, conn, envelopes: list[Envelope]) -> None:
    """``register_contact`` for a run of candidate.registered events, in a few statements for the run.

    A candidate's first registration counts, as one by one. A new contact with no message and no
    waiting match (the usual case: the matcher's matches come later) has nothing to re-address.
    """
    ended = ended_among(conn, {(CANDIDATE_ERASED, e.data["cv_id"]) for e in envelopes})
    first: dict[str, Envelope] = {}
    for envelope in envelopes:
        if (CANDIDATE_ERASED, envelope.data["cv_id"]) not in ended:
            first.setdefault(envelope.data["cv_id"], envelope)
    at = now()
    contacts = {cv_id: _contact_row(envelope.data) for cv_id, envelope in first.items()}
    inserted = {key[0] for key in insert_absent_rows(conn, tables.contacts,
                                                      [{**contact, "registered_at": at} for contact in contacts.values()])}
    new = [envelope for cv_id, envelope in first.items() if cv_id in inserted]
    if not new:
        return
    n, m = tables.notifications, tables.matches
    ids = [envelope.data["cv_id"] for envelope in new]
    # Read before the codes are queued: a code has the contact's fair and is no notice, so it needs no re-addressing.
    told = set(conn.execute(select(n.c.cv_id).where(n.c.cv_id.in_(ids))).scalars())
    told |= set(conn.execute(select(m.c.cv_id).where(m.c.cv_id.in_(ids), m.c.status == "waiting")).scalars())
    for envelope in new:
        contact = contacts[envelope.data["cv_id"]]
        if not contact["contact_verified"] and envelope.data.get("verification_code"):
            _queue_code(conn, envelope, contact)
        if contact["cv_id"] in told:
            readdress(conn, contact["cv_id"], service.config.policy)


def update_contact(service, conn, envelope: Envelope) -> None:
    """Store a candidate's new contact and consents; re-address or suppress their open messages.

    A consent given again after a one-click unsubscribe (withdrawn, then given) lifts the opt-out.
    """
    data = envelope.data
    if has_ended(conn, CANDIDATE_ERASED, data["cv_id"]):
        return
    contact = _contact_row(data)
    c = tables.contacts
    before = contact_of(conn, data["cv_id"])
    if before is None:
        conn.execute(c.insert().values(**contact, registered_at=now()))
    else:
        given_again = any(contact[k] and not before[k] for k in ("notify_by_sms", "notify_by_email"))
        opted_out = None if given_again else before["opted_out_at"]
        conn.execute(update(c).where(c.c.cv_id == data["cv_id"]).values(**contact, opted_out_at=opted_out))
    kind = "change_code" if data.get("code_purpose") == "change" else "verification"
    if data.get("verification_code") and (kind == "change_code" or not contact["contact_verified"]):
        n = tables.notifications
        conn.execute(update(n).where(n.c.cv_id == data["cv_id"], n.c.kind == kind, n.c.status.in_(OPEN))
                     .values(status="suppressed", detail="a newer code replaced it", verification_code=None))
        _queue_code(conn, envelope, contact, kind)
    readdress(conn, data["cv_id"], service.config.policy)


def verify_contact(service, conn, envelope: Envelope) -> None:
    """The candidate confirmed their contact: open a digest for the matches that waited."""
    cv_id = envelope.data["cv_id"]
    conn.execute(update(tables.contacts).where(tables.contacts.c.cv_id == cv_id).values(contact_verified=True))
    readdress(conn, cv_id, service.config.policy)


def _reasons(explanation: dict) -> dict:
    """The skills that made a match (fully matched first), with their Bengali labels."""
    skills = [s for s in (explanation.get("matched_skills") or []) + (explanation.get("partial_skills") or []) if isinstance(s, str)]
    labels = explanation.get("skill_labels_bn") or {}
    return {"skills": skills[:5], "skills_bn": {s: labels[s] for s in skills[:5] if isinstance(labels.get(s), str)}}


#: What ends a match before it is kept: (kind of ending, key of its subject in match.found's data).
_ENDINGS_OF_A_MATCH = ((CANDIDATE_ERASED, "cv_id"), (CV_WITHDRAWN, "cv_id"), (POSTING_CLOSED, "posting_id"))


def record_match(service, conn, envelope: Envelope) -> None:
    """Keep a match for the candidate's next digest (once per candidate and posting) and for its employer."""
    record_matches(service, conn, [envelope])


def record_matches(service, conn, envelopes: list[Envelope]) -> None:
    """Keep each match of a run of match.found events (either version), then open each candidate's and
    employer's digest once."""
    found = [(data, e.correlation_id) for e in envelopes for data in matches_in(e)]
    subjects = {(kind, data[key]) for data, _ in found for kind, key in _ENDINGS_OF_A_MATCH}
    ended = ended_among(conn, subjects)
    live = [(data, cause) for data, cause in found
            if not any((kind, data[key]) in ended for kind, key in _ENDINGS_OF_A_MATCH)]
    p = tables.postings
    employers = dict(conn.execute(select(p.c.id, p.c.employer_id).where(p.c.id.in_({d["posting_id"] for d, _ in live}))).all()) \
        if live else {}
    rows = {}
    for data, cause in live:
        rows.setdefault((data["cv_id"], data["posting_id"]), {
            "cv_id": data["cv_id"],
            "posting_id": data["posting_id"],
            "score": float(data["score"]),
            "posting_title": data["posting_title"][:200],
            "employer": data["employer"][:200],
            "employer_id": employers.get(data["posting_id"]),
            "reasons": _reasons(data.get("explanation") or {}),
            "status": "waiting",
            "found_at": now(),
            "correlation_id": safe_correlation_id(cause),
        })
    inserted = insert_absent_rows(conn, tables.matches, list(rows.values()))
    kept = []  # (data, employer_id) of the matches kept now
    for data, _cause in live:
        pair = (data["cv_id"], data["posting_id"])
        if pair not in inserted:
            log.info("candidate %s already has posting %s among their matches", *pair)
            continue
        inserted.discard(pair)
        kept.append((data, employers.get(pair[1])))
    policy = service.config.policy
    schedule_digests_after_new_matches(conn, list(dict.fromkeys(data["cv_id"] for data, _ in kept)), policy)
    for employer_id in dict.fromkeys(employer_id for _, employer_id in kept):
        schedule_employer_digest(conn, employer_id, policy)
    queue_webhook_events(conn, SHORTLIST_UPDATED, [
        (employer_id, {
            "posting_id": data["posting_id"], "posting_title": data["posting_title"],
            "candidates": [{"cv_id": data["cv_id"], "score": round(float(data["score"]), 4),
                            "matched_skills": rows[data["cv_id"], data["posting_id"]]["reasons"]["skills"]}],
        })
        for data, employer_id in kept if employer_id is not None
    ])


def _posting_row(data: dict) -> dict:
    return {
        "employer_id": data.get("employer_id"),
        "title": data["title"][:200],
        "employer": data["employer"][:200],
        "fair_id": data.get("fair_id"),
        "fair_name": data.get("fair_name"),
        "fair_venue": data.get("fair_venue"),
        "fair_starts_on": data.get("fair_starts_on"),
        "stall": data.get("stall"),
    }


def store_posting(service, conn, envelope: Envelope) -> None:
    """Remember whose a posting is and where its stall is, for digests."""
    data = envelope.data
    p = tables.postings
    row = _posting_row(data)
    if conn.execute(update(p).where(p.c.id == data["posting_id"]).values(**row)).rowcount == 0:
        insert_if_absent(conn, p, {"id": data["posting_id"], **row})
    m = tables.matches
    conn.execute(update(m).where(m.c.posting_id == data["posting_id"], m.c.employer_id.is_(None))
                 .values(employer_id=row["employer_id"]))


def close_posting(service, conn, envelope: Envelope) -> None:
    """A closed posting gets no new notices; its matches not yet announced are cancelled."""
    posting_id = envelope.data["posting_id"]
    record_end(conn, POSTING_CLOSED, posting_id)
    m = tables.matches
    conn.execute(update(m).where(m.c.posting_id == posting_id, m.c.status == "waiting").values(status="cancelled"))


def withdraw_cv(service, conn, envelope: Envelope) -> None:
    """A withdrawn CV gets no new notices; its open digest and fair-day messages are suppressed."""
    cv_id = envelope.data["cv_id"]
    record_end(conn, CV_WITHDRAWN, cv_id)
    m = tables.matches
    conn.execute(update(m).where(m.c.cv_id == cv_id, m.c.status == "waiting").values(status="cancelled"))
    n = tables.notifications
    conn.execute(update(n).where(n.c.cv_id == cv_id, n.c.kind.in_(NOTICE_KINDS), n.c.status.in_(OPEN))
                 .values(status="suppressed", detail="the CV was withdrawn", facts=None))


def erase_candidate(service, conn, envelope: Envelope) -> None:
    """Forget a candidate: contact, links, message files, and every personal field of their messages."""
    cv_id = envelope.data["cv_id"]
    record_end(conn, CANDIDATE_ERASED, cv_id)
    n = tables.notifications
    for notification_id in conn.execute(select(n.c.id).where(n.c.cv_id == cv_id)).scalars():
        service.forget_message(notification_id)
    conn.execute(delete(tables.contacts).where(tables.contacts.c.cv_id == cv_id))
    conn.execute(delete(tables.links).where(tables.links.c.cv_id == cv_id))
    conn.execute(update(tables.matches).where(tables.matches.c.cv_id == cv_id).values(status="erased", reasons={}))
    conn.execute(
        update(n).where(n.c.cv_id == cv_id).values(status="erased", recipient=None, detail=None, verification_code=None,
                                                   facts=None)
    )


def register_employer(service, conn, envelope: Envelope) -> None:
    """Remember an employer's key hash (so its key is recognised here) and where its digest goes."""
    data = envelope.data
    insert_if_absent(conn, tables.employers, {"id": data["employer_id"], "key_hash": data["key_hash"],
                                              "name": data.get("name"), "email": data.get("email")})


_HANDLERS = {
    types.EMPLOYER_REGISTERED: register_employer,
    types.CANDIDATE_REGISTERED: register_contact,
    types.CANDIDATE_UPDATED: update_contact,
    types.CANDIDATE_VERIFIED: verify_contact,
    types.CANDIDATE_ERASED: erase_candidate,
    types.POSTING_PUBLISHED: store_posting,
    types.POSTING_UPDATED: store_posting,
    types.POSTING_CLOSED: close_posting,
    types.CV_WITHDRAWN: withdraw_cv,
    types.MATCH_FOUND: record_match,
    types.CANDIDATE_CHECKED_IN: queue_stalls,
    types.QUEUE_CALLED: queue_call,
    types.INTERVIEW_RECORDED: queue_offer,
}
#: Event types whose consecutive events in a batch are applied as one run.
_RUN_HANDLERS = {types.MATCH_FOUND: record_matches, types.CANDIDATE_REGISTERED: register_contacts}
