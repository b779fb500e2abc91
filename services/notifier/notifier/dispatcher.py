"""The dispatcher worker: sends due messages (codes, digests, fair-day messages, employer digests) and records each.

A message is claimed (status ``sending``) in one transaction, sent, then marked ``sent``
together with its notification.sent event in another. The claim applies the sending policy
first: an SMS digest due in quiet hours is ``deferred`` to their end, a digest over the
candidate's daily cap to the next day. Claiming a digest attaches the candidate's waiting
matches to it, so a match is announced by one message only; a match found later waits for the
next digest.

A send that fails for a reason that may pass (a network error, a 5xx, a 429) goes back to
``queued`` after an exponential back-off with jitter, until ``max_attempts``, then ``failed``;
one the gateway or server refused for good (an invalid number, a rejected sender, another 4xx)
is ``failed`` at once, with the reason. Fair-day messages are told at the venue, where the
gateway may be out of reach for a while: they are retried, at most FAIR_DAY_RETRY_CAP_SECONDS
apart, for as long as FAIR_DAY_LIFETIME, however many attempts that takes, and a candidate's
fair-day messages go out one after another in the order they were queued (a later one waits
while an earlier one is queued or sending), so when the gateway returns they arrive in order.

Each message is claimed just before its own send, so a killed process leaves at most the one
it was sending in ``sending``. Once that claim is older than the lease, a sweep settles it
without ever sending twice: where the channel can tell (the file outbox can: files appear whole,
by rename) it becomes ``sent`` or ``queued`` again; where the gateway de-duplicates by our
message id (``resend_is_safe``) it is sent again and the gateway answers for the first one;
elsewhere (SMTP, other gateways) it becomes ``unconfirmed``, counted in the stats for an
operator to check. A candidate may then miss one message, but never gets the same one twice.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import aliased

from notifier import tables
from notifier.composer import Composer
from notifier.config import SERVICE
from notifier.digests import OPEN, WENT_OUT, open_waiting_digests, schedule_digest, schedule_employer_digest
from notifier.message_kinds import FAIR_DAY_KINDS, FAIR_DAY_LIFETIME, FAIR_DAY_RETRY_CAP_SECONDS
from notifier.policy import SendingPolicy
from notifier.senders.interface import DeliveryFailed
from shared.db.outbox import add_to_outbox
from shared.events import types
from shared.events.envelope import new_event
from shared.workers import Worker

log = logging.getLogger(__name__)


class Dispatcher(Worker):
    """Worker that delivers due messages; ``run()`` blocks until ``stop()``."""

    def __init__(self, engine, email_sender, sms_sender, composer: Composer, *, policy: SendingPolicy | None = None,
                 max_attempts: int = 5, on_sent=None, idle_interval: float = 0.2, batch_size: int = 20,
                 lease_seconds: float = 60.0, retry_base: float = 2.0, retry_cap: float = 300.0, clock=None):
        super().__init__("dispatcher", idle_interval)
        self.engine = engine
        self.email_sender = email_sender
        self.sms_sender = sms_sender
        self.composer = composer
        self.policy = policy or composer.policy
        self.max_attempts = max_attempts
        self.on_sent = on_sent or (lambda row: None)
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self._next_sweep = 0.0

    def run(self) -> None:
        """Deliver until stopped."""
        while not self._stop.is_set():
            try:
                if time.monotonic() >= self._next_sweep:
                    self.settle_stale_claims()
                    open_waiting_digests(self.engine, self.policy)
                    self._next_sweep = time.monotonic() + min(5.0, self.lease_seconds / 2)
                done = self.dispatch_once()
            except Exception:
                log.exception("dispatch failed; retrying")
                done = 0
                self._stop.wait(1.0)
            if done == 0:
                self.idle()

    def dispatch_once(self) -> int:
        """Deliver up to ``batch_size`` due messages, each claimed just before its send; return how many were tried.

        Messages the policy held back or found nothing to tell in are settled on the way and not counted.
        """
        tried = handled = 0
        while handled < 4 * self.batch_size and tried < self.batch_size and not self._stop.is_set():
            claim = self._claim_next()
            if claim is None:
                break
            row, composed = claim
            handled += 1
            if composed is not None:
                self._deliver(row, composed)
                tried += 1
        return tried

    def _sender(self, channel: str):
        return self.email_sender if channel == "email" else self.sms_sender

    def _claim_next(self):
        """Claim the next due message: (row, composed) to send, (row, None) when the policy held it back, or None."""
        n, c = tables.notifications, tables.contacts
        at = self.clock()
        with self.engine.begin() as conn:
            row = conn.execute(
                select(n, c.c.name, c.c.language_pref, c.c.registration_code)
                .select_from(n.outerjoin(c, c.c.cv_id == n.c.cv_id))
                .where(n.c.status.in_(OPEN), n.c.not_before <= at, ~_waits_its_turn(n))
                .order_by(n.c.not_before, n.c.id)
                .limit(1)
                .with_for_update(skip_locked=True, of=n)
            ).mappings().first()
            if row is None:
                return None
            held = self._held_back(conn, row, at)
            if held is not None:
                until, why = held
                conn.execute(update(n).where(n.c.id == row["id"]).values(status="deferred", not_before=until, detail=why))
                return row, None
            if row["attempts"] == 0:
                _attach_matches(conn, row)
            contact_gone = row["cv_id"] is not None and row["name"] is None
            composed = None if contact_gone else self.composer.compose(conn, row)
            if composed is None:
                why = "the candidate's contact is gone" if contact_gone else "nothing left to tell: the matches ended first"
                conn.execute(update(n).where(n.c.id == row["id"]).values(status="suppressed", detail=why))
                return row, None
            conn.execute(update(n).where(n.c.id == row["id"]).values(
                status="sending", attempts=n.c.attempts + 1, claimed_at=at, parts=composed.notice.parts, detail=None))
        return row, composed

    def _held_back(self, conn, row, at: datetime) -> tuple[datetime, str] | None:
        """(until, why) when the policy holds this digest back now, else None."""
        if row["kind"] != "digest":
            return None
        if row["channel"] == "sms":
            quiet_end = self.policy.quiet_until(at)
            if quiet_end is not None:
                return quiet_end, "quiet hours: SMS waits for the morning"
        n = tables.notifications
        today = conn.execute(
            select(func.count()).where(n.c.cv_id == row["cv_id"], n.c.kind == "digest", n.c.status.in_(WENT_OUT),
                                       n.c.claimed_at >= self.policy.day_start(at))
        ).scalar()
        if today >= self.policy.daily_cap:
            return self.policy.next_day_start(at), f"daily cap: {self.policy.daily_cap} messages a day"
        return None

    def settle_stale_claims(self) -> int:
        """Settle ``sending`` rows whose claim outlived the lease; return how many."""
        n = tables.notifications
        cutoff = self.clock() - timedelta(seconds=self.lease_seconds)
        settled = 0
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(n.c.id, n.c.kind, n.c.channel, n.c.cv_id, n.c.parts)
                .where(n.c.status == "sending", n.c.claimed_at < cutoff)
                .with_for_update(skip_locked=True)
            ).mappings().all()
            for row in rows:
                delivered = self._delivery_known(row["channel"], row["id"])
                if delivered is True:
                    _record_sent(conn, row, None, detail="recorded after a restart", parts=row["parts"])
                    values = None
                elif delivered is False:
                    values = {"status": "queued", "not_before": self.clock(), "detail": "never delivered before a restart; sending again"}
                elif getattr(self._sender(row["channel"]), "resend_is_safe", False):
                    values = {"status": "queued", "not_before": self.clock(),
                              "detail": "outcome unknown after a restart; sent again under the same id, which the gateway de-duplicates"}
                else:
                    values = {"status": "unconfirmed", "detail": "the sender stopped before recording the outcome; not re-sent"}
                if values:
                    conn.execute(update(n).where(n.c.id == row["id"]).values(**values))
                settled += 1
        if settled:
            log.warning("settled %d notification(s) left in 'sending' by an earlier process", settled)
        return settled

    def _forget(self, row) -> None:
        forget = getattr(self._sender(row["channel"]), "forget", None)
        if forget is not None:
            forget(row["id"])

    def _delivery_known(self, channel: str, notification_id: str) -> bool | None:
        """True/False when the channel can tell whether the message went out, else None."""
        check = getattr(self._sender(channel), "was_delivered", None)
        return None if check is None else bool(check(channel, notification_id))

    def _send(self, row, composed) -> str | None:
        notice = composed.notice
        if row["channel"] == "email":
            self.email_sender.send_email(to=row["recipient"], subject=notice.subject, body=notice.body,
                                         message_id=row["id"], html=notice.html, headers=composed.headers)
            return None
        return self.sms_sender.send_sms(to=row["recipient"], body=notice.body, message_id=row["id"])

    def _deliver(self, row, composed) -> None:
        n = tables.notifications
        try:
            gateway_id = self._send(row, composed)
        except Exception as exc:
            permanent = isinstance(exc, ValueError) or (isinstance(exc, DeliveryFailed) and exc.permanent)
            attempts = row["attempts"] + 1
            values = {"detail": str(exc)[:500], "status": "failed" if permanent or self._tried_enough(row, attempts) else "queued"}
            if values["status"] == "queued":
                cap = FAIR_DAY_RETRY_CAP_SECONDS if row["kind"] in FAIR_DAY_KINDS else None
                values["not_before"] = self.clock() + timedelta(seconds=self.backoff(attempts, cap))
            elif not permanent:
                values["detail"] = f"gave up after {attempts} attempts; last: {values['detail']}"[:500]
            log.warning("sending notification %s failed (attempt %d, %s): %s", row["id"], attempts,
                        "permanent" if permanent else "transient", exc)
            with self.engine.begin() as conn:
                conn.execute(update(n).where(n.c.id == row["id"], n.c.status == "sending").values(**values))
                if values["status"] == "failed":
                    self._open_next(conn, row)
            return
        with self.engine.begin() as conn:
            recorded = _record_sent(conn, row, composed.posting_ids, gateway_id=gateway_id, parts=composed.notice.parts)
            erased = not recorded and conn.execute(select(n.c.status).where(n.c.id == row["id"])).scalar() == "erased"
            if recorded:
                self._open_next(conn, row)
        if erased:  # the candidate was erased while this was being sent: the copy it left goes too
            self._forget(row)
        if recorded:
            self.on_sent({"channel": row["channel"], "kind": row["kind"], "parts": composed.notice.parts})

    def _open_next(self, conn, row) -> None:
        """Matches that came while this message was being retried wait for the next digest: open it."""
        if row["kind"] == "digest":
            schedule_digest(conn, row["cv_id"], self.policy)
        elif row["kind"] == "employer_digest":
            schedule_employer_digest(conn, row["employer_id"], self.policy)

    def backoff(self, attempts: int, cap: float | None = None) -> float:
        """Seconds before attempt ``attempts + 1``: exponential, capped (by ``cap`` too), with full jitter over its upper half."""
        ceiling = min(self.retry_cap, cap if cap is not None else self.retry_cap, self.retry_base * 2 ** (attempts - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _tried_enough(self, row, attempts: int) -> bool:
        """After a failure that may pass: True once ``max_attempts`` were made, or, for a fair-day message, once its day is over."""
        if row["kind"] not in FAIR_DAY_KINDS:
            return attempts >= self.max_attempts
        created = row["created_at"] if row["created_at"].tzinfo else row["created_at"].replace(tzinfo=timezone.utc)
        return self.clock() >= created + FAIR_DAY_LIFETIME


def _waits_its_turn(n):
    """A fair-day message whose candidate has an earlier one still queued or being sent: it goes after that one."""
    earlier = aliased(n)
    return and_(n.c.kind.in_(FAIR_DAY_KINDS), exists().where(
        earlier.c.cv_id == n.c.cv_id, earlier.c.kind.in_(FAIR_DAY_KINDS), earlier.c.status.in_((*OPEN, "sending")),
        earlier.c.created_at < n.c.created_at,
    ))


def _attach_matches(conn, row) -> None:
    """Let the message carry what waits for it: the candidate's waiting matches, or the employer's new ones."""
    m = tables.matches
    if row["kind"] == "digest":
        conn.execute(update(m).where(m.c.cv_id == row["cv_id"], m.c.status == "waiting")
                     .values(status="announced", notice_id=row["id"]))
    elif row["kind"] == "employer_digest":
        conn.execute(update(m).where(m.c.employer_id == row["employer_id"], m.c.employer_notice_id.is_(None),
                                     m.c.status.in_(("waiting", "announced")))
                     .values(employer_notice_id=row["id"]))


def _record_sent(conn, row, posting_ids, detail: str | None = None, gateway_id: str | None = None,
                 parts: int | None = None) -> bool:
    """Mark a message sent and, for a candidate's digest, outbox its notification.sent event.

    A code, and what a fair-day message told, are cleared once sent. A message erased while it
    was being sent stays erased: then nothing is recorded and False is returned.
    """
    n = tables.notifications
    done = conn.execute(
        update(n)
        .where(n.c.id == row["id"], n.c.status == "sending")
        .values(status="sent", sent_at=datetime.now(timezone.utc), detail=detail, verification_code=None, facts=None,
                gateway_id=(gateway_id or None) and str(gateway_id)[:100])
    )
    if done.rowcount == 0:
        return False
    if row["kind"] != "digest":
        return True
    m = tables.matches
    if posting_ids is None:
        posting_ids = conn.execute(select(m.c.posting_id).where(m.c.notice_id == row["id"]).order_by(m.c.score.desc())).scalars().all()
    # A digest tells several matches: it carries on the correlation id of the best one.
    correlation_id = conn.execute(
        select(m.c.correlation_id).where(m.c.notice_id == row["id"], m.c.correlation_id.is_not(None))
        .order_by(m.c.score.desc()).limit(1)
    ).scalar()
    event = new_event(
        types.NOTIFICATION_SENT,
        {"notification_id": row["id"], "cv_id": row["cv_id"], "posting_ids": list(posting_ids), "channel": row["channel"],
         "parts": parts},
        producer=SERVICE,
        correlation_id=correlation_id,
    )
    add_to_outbox(conn, tables.outbox, event)
    return True
