"""The dispatcher worker: sends pending notifications and records each as sent.

A notification is claimed (status ``sending``) in one transaction, sent, then marked ``sent``
together with its notification.sent event in another. A failed send goes back to ``pending``
after a back-off (2, 4, 8... seconds, at most 5 minutes) until ``max_attempts``, then ``failed``.

Each notification is claimed just before its own send, so a killed process leaves at most the
one it was sending in ``sending``. Once that claim is older than the lease, a sweep settles it
without ever sending twice: where the channel can tell (the file outbox can: files appear
whole, by rename), it becomes ``sent`` if the message went out and ``pending`` again if it did
not; where it cannot (SMTP), it becomes ``unconfirmed``, counted in the stats for an operator to
check. A candidate may then miss one notice, but never gets the same one twice.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, select, update

from notifier import tables
from notifier.config import SERVICE
from notifier.messages import CODE_TEMPLATES, compose_match_notice, compose_verification_notice
from shared.db.outbox import add_to_outbox
from shared.events import types
from shared.events.envelope import new_event
from shared.workers import Worker

log = logging.getLogger(__name__)


class Dispatcher(Worker):
    """Worker that delivers pending notifications; ``run()`` blocks until ``stop()``."""

    def __init__(self, engine, email_sender, sms_sender, *, max_attempts: int = 5, on_sent=None,
                 idle_interval: float = 0.2, batch_size: int = 20, lease_seconds: float = 60.0):
        super().__init__("dispatcher", idle_interval)
        self.engine = engine
        self.email_sender = email_sender
        self.sms_sender = sms_sender
        self.max_attempts = max_attempts
        self.on_sent = on_sent or (lambda: None)
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self._next_sweep = 0.0

    def run(self) -> None:
        """Deliver until stopped."""
        while not self._stop.is_set():
            try:
                if time.monotonic() >= self._next_sweep:
                    self.settle_stale_claims()
                    self._next_sweep = time.monotonic() + min(5.0, self.lease_seconds / 2)
                done = self.dispatch_once()
            except Exception:
                log.exception("dispatch failed; retrying")
                done = 0
                self._stop.wait(1.0)
            if done == 0:
                self.idle()

    def dispatch_once(self) -> int:
        """Deliver up to ``batch_size`` pending notifications, each claimed just before its send."""
        tried = 0
        while tried < self.batch_size and not self._stop.is_set():
            row = self._claim_next()
            if row is None:
                break
            self._deliver(row)
            tried += 1
        return tried

    def _claim_next(self):
        """Mark the oldest pending notification ``sending`` and return it, or None."""
        n = tables.notifications
        with self.engine.begin() as conn:
            row = conn.execute(
                select(n, tables.contacts.c.name, tables.contacts.c.language_pref, tables.contacts.c.fair_name)
                .join(tables.contacts, tables.contacts.c.cv_id == n.c.cv_id)
                .where(n.c.status == "pending", or_(n.c.not_before.is_(None), n.c.not_before <= datetime.now(timezone.utc)))
                .order_by(n.c.created_at, n.c.id)
                .limit(1)
                .with_for_update(skip_locked=True, of=n)
            ).mappings().first()
            if row is not None:
                conn.execute(
                    update(n)
                    .where(n.c.id == row["id"])
                    .values(status="sending", attempts=n.c.attempts + 1, claimed_at=datetime.now(timezone.utc))
                )
        return row

    def settle_stale_claims(self) -> int:
        """Settle ``sending`` rows whose claim outlived the lease; return how many."""
        n = tables.notifications
        cutoff = datetime.now(timezone.utc) - timedelta(seconds=self.lease_seconds)
        settled = 0
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(n.c.id, n.c.kind, n.c.channel, n.c.cv_id, n.c.posting_id)
                .where(n.c.status == "sending", n.c.claimed_at < cutoff)
                .with_for_update(skip_locked=True)
            ).mappings().all()
            for row in rows:
                delivered = self._delivery_known(row["channel"], row["id"])
                if delivered is True:
                    _record_sent(conn, row, detail="recorded after a restart")
                elif delivered is False:
                    values = {"status": "pending", "detail": "never delivered before a restart; sending again"}
                    conn.execute(update(n).where(n.c.id == row["id"]).values(**values))
                else:
                    values = {"status": "unconfirmed", "detail": "the sender stopped before recording the outcome; not re-sent"}
                    conn.execute(update(n).where(n.c.id == row["id"]).values(**values))
                settled += 1
        if settled:
            log.warning("settled %d notification(s) left in 'sending' by an earlier process", settled)
        return settled

    def _forget(self, row) -> None:
        sender = self.email_sender if row["channel"] == "email" else self.sms_sender
        forget = getattr(sender, "forget", None)
        if forget is not None:
            forget(row["id"])

    def _delivery_known(self, channel: str, notification_id: str) -> bool | None:
        """True/False when the channel can tell whether the message went out, else None."""
        sender = self.email_sender if channel == "email" else self.sms_sender
        check = getattr(sender, "was_delivered", None)
        return None if check is None else bool(check(channel, notification_id))

    def _deliver(self, row) -> None:
        n = tables.notifications
        if row["kind"] in CODE_TEMPLATES:
            notice = compose_verification_notice(row["language_pref"], row["channel"], row["verification_code"] or "", row["kind"])
        else:
            notice = compose_match_notice(
                row["language_pref"], row["channel"], row["name"], row["posting_title"], row["employer"], row["fair_name"]
            )
        try:
            if row["channel"] == "email":
                self.email_sender.send_email(to=row["recipient"], subject=notice.subject, body=notice.body, message_id=row["id"])
            else:
                self.sms_sender.send_sms(to=row["recipient"], body=notice.body, message_id=row["id"])
        except Exception as exc:
            attempts = row["attempts"] + 1
            values = {"detail": str(exc)[:500], "status": "failed" if attempts >= self.max_attempts else "pending"}
            if values["status"] == "pending":
                values["not_before"] = datetime.now(timezone.utc) + timedelta(seconds=min(300, 2**attempts))
            log.warning("sending notification %s failed (attempt %d): %r", row["id"], attempts, exc)
            with self.engine.begin() as conn:
                conn.execute(update(n).where(n.c.id == row["id"], n.c.status == "sending").values(**values))
            return
        with self.engine.begin() as conn:
            recorded = _record_sent(conn, row)
            erased = not recorded and conn.execute(select(n.c.status).where(n.c.id == row["id"])).scalar() == "erased"
        if erased:  # the candidate was erased while this was being sent: the copy it left goes too
            self._forget(row)
        if recorded:
            self.on_sent()


def _record_sent(conn, row, detail: str | None = None) -> bool:
    """Mark a notification sent and, for a match notice, outbox its notification.sent event.

    A verification code is cleared once sent. A notice erased while it was being sent stays
    erased: then nothing is recorded and False is returned.
    """
    n = tables.notifications
    done = conn.execute(
        update(n)
        .where(n.c.id == row["id"], n.c.status == "sending")
        .values(status="sent", sent_at=datetime.now(timezone.utc), detail=detail, verification_code=None)
    )
    if done.rowcount == 0:
        return False
    if row["kind"] != "match":
        return True
    event = new_event(
        types.NOTIFICATION_SENT,
        {"notification_id": row["id"], "cv_id": row["cv_id"], "posting_id": row["posting_id"], "channel": row["channel"]},
        producer=SERVICE,
    )
    add_to_outbox(conn, tables.outbox, event)
    return True
