"""Opening, re-addressing and closing digests: one message gathers a candidate's (or employer's) new matches."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, func, or_, select, update

from notifier import tables
from notifier.channels import choose_channel
from notifier.message_kinds import NOTICE_KINDS

OPEN = ("queued", "deferred")
#: A message claimed for sending, sent, or claimed with its outcome never recorded: it (may have) reached the candidate.
WENT_OUT = ("sending", "sent", "unconfirmed")
OPTED_OUT = "the candidate opted out of messages"
UNCONFIRMED = "the candidate's new contact is not confirmed yet"


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(timezone.utc)


def contact_of(conn, cv_id: str):
    """The candidate's contact row, or None."""
    return conn.execute(select(tables.contacts).where(tables.contacts.c.cv_id == cv_id)).mappings().first()


def route_for(contact) -> tuple[str | None, str | None, str | None]:
    """(channel, recipient, None) to reach ``contact`` now, or (None, None, why not)."""
    if contact["opted_out_at"] is not None:
        return None, None, OPTED_OUT
    route = choose_channel(contact)
    return route.channel, route.recipient, route.unreachable_because


def confirmed_route(contact) -> tuple[str | None, str | None, str | None]:
    """As ``route_for``, but only to a confirmed contact: the route a notice (a digest, a fair-day message) takes."""
    if not contact["contact_verified"]:
        return None, None, UNCONFIRMED
    return route_for(contact)


def _open_digest(conn, cv_id: str):
    """The candidate's open digest, locked: a dispatcher claiming it at this moment makes this wait,
    then it is no longer open and the new match opens the next digest instead of missing this one."""
    n = tables.notifications
    return conn.execute(
        select(n.c.id).where(n.c.cv_id == cv_id, n.c.kind == "digest", n.c.status.in_(OPEN)).with_for_update()
    ).first()


def schedule_digest(conn, cv_id: str, policy) -> None:
    """Open a digest for the candidate's waiting matches unless one is open or they cannot be told.

    The digest goes out ``policy.window_seconds`` after it opened and carries every match still
    waiting then. A candidate whose contact is missing or unverified, or who consented to no
    channel, keeps their matches waiting for the day that changes.
    """
    _schedule_digest_for(conn, cv_id, contact_of(conn, cv_id), policy)


def schedule_digests_after_new_matches(conn, cv_ids: list[str], policy) -> None:
    """``schedule_digest`` for candidates each of whom has just been given a waiting match, in three statements.

    Their contacts are read at once, then their open digests, locked in id order (two runs of
    overlapping candidates wait for each other instead of deadlocking), then every digest to open
    is inserted at once.
    """
    c, n = tables.contacts, tables.notifications
    contacts = {row["cv_id"]: row for row in conn.execute(select(c).where(c.c.cv_id.in_(cv_ids))).mappings()} if cv_ids else {}
    told = [cv_id for cv_id in cv_ids if cv_id in contacts and contacts[cv_id]["contact_verified"]]
    if not told:
        return
    opened = set(conn.execute(select(n.c.cv_id).where(n.c.cv_id.in_(told), n.c.kind == "digest", n.c.status.in_(OPEN))
                              .order_by(n.c.id).with_for_update()).scalars())
    at = now()
    rows = []
    for cv_id in told:
        channel, recipient, _ = route_for(contacts[cv_id])
        if cv_id not in opened and channel is not None:
            rows.append(_digest_row(cv_id, contacts[cv_id], channel, recipient, at, policy))
    if rows:
        conn.execute(n.insert(), rows)


def _schedule_digest_for(conn, cv_id: str, contact, policy) -> None:
    """``schedule_digest`` with the candidate's contact row already read (None: there is none)."""
    if contact is None or not contact["contact_verified"]:
        return
    m = tables.matches
    waiting = conn.execute(select(m.c.posting_id).where(m.c.cv_id == cv_id, m.c.status == "waiting").limit(1)).first()
    if waiting is None or _open_digest(conn, cv_id) is not None:
        return
    channel, recipient, _ = route_for(contact)
    if channel is None:
        return
    conn.execute(tables.notifications.insert().values(**_digest_row(cv_id, contact, channel, recipient, now(), policy)))


def _digest_row(cv_id: str, contact, channel: str, recipient: str, at: datetime, policy) -> dict:
    """A candidate's new digest, queued at ``at`` and due after the policy's window."""
    return {"id": str(uuid.uuid4()), "cv_id": cv_id, "kind": "digest", "fair_id": contact["fair_id"], "channel": channel,
            "recipient": recipient, "status": "queued", "attempts": 0, "created_at": at, "not_before": policy.digest_due(at)}


def readdress(conn, cv_id: str, policy) -> None:
    """Give the candidate's open notices the channel their contact and consents give now.

    An open notice for a candidate who can no longer be told is suppressed with the reason; a
    digest whose contact is not verified any more waits again (suppressed, its matches stay waiting).
    """
    contact = contact_of(conn, cv_id)
    n = tables.notifications
    opened = and_(n.c.cv_id == cv_id, n.c.kind.in_(NOTICE_KINDS), n.c.status.in_(OPEN))
    if contact is None:
        return
    channel, recipient, why = confirmed_route(contact)
    if channel is None:
        conn.execute(update(n).where(opened).values(status="suppressed", detail=why, facts=None))
    else:
        conn.execute(update(n).where(opened).values(channel=channel, recipient=recipient))
    conn.execute(update(n).where(n.c.cv_id == cv_id, n.c.fair_id.is_distinct_from(contact["fair_id"]))
                 .values(fair_id=contact["fair_id"]))
    _schedule_digest_for(conn, cv_id, contact, policy)  # the contact as read above: only notices changed since


def suppress_open(conn, cv_id: str, why: str) -> None:
    """Suppress the candidate's open digests (and unsent codes), saying why."""
    n = tables.notifications
    conn.execute(update(n).where(n.c.cv_id == cv_id, n.c.status.in_(OPEN))
                 .values(status="suppressed", detail=why, verification_code=None))


def schedule_employer_digest(conn, employer_id: str | None, policy) -> None:
    """Open the employer's digest of new candidates, at most one per ``employer_digest_seconds``."""
    if employer_id is None:
        return
    e = tables.employers
    employer = conn.execute(select(e).where(e.c.id == employer_id)).mappings().first()
    if employer is None or not employer["email"] or employer["opted_out_at"] is not None:
        return
    n, m = tables.notifications, tables.matches
    if conn.execute(select(n.c.id).where(n.c.employer_id == employer_id, n.c.kind == "employer_digest",
                                         n.c.status.in_(OPEN)).with_for_update()).first() is not None:
        return
    if conn.execute(select(m.c.cv_id).where(m.c.employer_id == employer_id, m.c.employer_notice_id.is_(None),
                                            m.c.status.in_(("waiting", "announced"))).limit(1)).first() is None:
        return
    at = now()
    last = conn.execute(select(func.max(n.c.sent_at)).where(n.c.employer_id == employer_id, n.c.kind == "employer_digest")).scalar()
    due = policy.digest_due(at)
    if last is not None:
        last = last if last.tzinfo else last.replace(tzinfo=timezone.utc)
        due = max(due, last + timedelta(seconds=policy.employer_digest_seconds))
    conn.execute(n.insert().values(
        id=str(uuid.uuid4()), employer_id=employer_id, kind="employer_digest", channel="email",
        recipient=employer["email"], status="queued", attempts=0, created_at=at, not_before=due,
    ))


def opt_out(conn, audience: str, subject_id: str) -> None:
    """Stop every notice to a candidate ("cv") or digest to an employer; their open ones are suppressed."""
    n = tables.notifications
    if audience == "cv":
        conn.execute(update(tables.contacts).where(tables.contacts.c.cv_id == subject_id, tables.contacts.c.opted_out_at.is_(None))
                     .values(opted_out_at=now()))
        opened = and_(n.c.cv_id == subject_id, n.c.kind.in_(NOTICE_KINDS))
    else:
        conn.execute(update(tables.employers).where(tables.employers.c.id == subject_id, tables.employers.c.opted_out_at.is_(None))
                     .values(opted_out_at=now()))
        opened = and_(n.c.employer_id == subject_id, n.c.kind == "employer_digest")
    conn.execute(update(n).where(opened, n.c.status.in_(OPEN)).values(status="suppressed", detail=OPTED_OUT, facts=None))


def open_waiting_digests(engine, policy, limit: int = 200) -> int:
    """Open a digest for candidates whose matches wait with none open though they can be told; return how many.

    Matches wait when they came before the contact, its verification or a consent (those events
    open the digest themselves), and after an upgrade carried unsent notices over; this sweep is
    the safety net that leaves none waiting for a reachable candidate.
    """
    m, c, n = tables.matches, tables.contacts, tables.notifications
    reachable = or_(and_(c.c.notify_by_sms, c.c.phone.is_not(None)), and_(c.c.notify_by_email, c.c.email.is_not(None)))
    open_digest = select(n.c.id).where(n.c.cv_id == m.c.cv_id, n.c.kind == "digest", n.c.status.in_(OPEN)).exists()
    with engine.connect() as conn:
        cv_ids = conn.execute(
            select(m.c.cv_id).distinct().join(c, c.c.cv_id == m.c.cv_id)
            .where(m.c.status == "waiting", c.c.contact_verified, c.c.opted_out_at.is_(None), reachable, ~open_digest)
            .limit(limit)
        ).scalars().all()
    for cv_id in cv_ids:
        with engine.begin() as conn:
            schedule_digest(conn, cv_id, policy)
    return len(cv_ids)
