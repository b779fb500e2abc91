"""The dispatcher worker: sends pending notifications and records each as sent.

A notification is claimed (status ``sending``) in one transaction, sent, then marked ``sent``
together with its notification.sent event in another. A failed send goes back to ``pending``
until ``max_attempts``, then ``failed``.

A process killed between send and record leaves the row in ``sending``. Once its claim is older
than the lease, a sweep settles it without ever sending twice: if the channel can tell that
the message went out (the file outbox can), it becomes ``sent``; otherwise ``unconfirmed``,
counted in the stats for an operator to check. A candidate may miss a notice that way, but never
gets the same one twice.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from notifier import tables
from notifier.config import SERVICE
from notifier.messages import compose_match_notice
from shared.db.outbox import add_to_outbox
from shared.events import types
from shared.events.envelope import new_event

log = logging.getLogger(__name__)


class Dispatcher:
    """Worker that delivers pending notifications; ``run()`` blocks until ``stop()``."""

    def __init__(self, engine, email_sender, sms_sender, *, max_attempts: int = 5, on_sent=None,
                 idle_interval: float = 0.2, batch_size: int = 20, lease_seconds: float = 60.0):
        self.engine = engine
        self.email_sender = email_sender
        self.sms_sender = sms_sender
        self.max_attempts = max_attempts
        self.on_sent = on_sent or (lambda: None)
        self.idle_interval = idle_interval
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.name = "dispatcher"
        self._next_sweep = 0.0
        self._stop = threading.Event()
        self._wake = threading.Event()

    def wake(self) -> None:
        """Tell the dispatcher there is work (it also polls)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop after the notification in hand."""
        self._stop.set()
        self._wake.set()

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
                self._wake.wait(self.idle_interval)
                self._wake.clear()

    def dispatch_once(self) -> int:
        """Claim and deliver one batch of pending notifications; return how many were tried."""
        n = tables.notifications
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(n, tables.contacts.c.name, tables.contacts.c.language_pref, tables.contacts.c.fair_name)
                .join(tables.contacts, tables.contacts.c.cv_id == n.c.cv_id)
                .where(n.c.status == "pending")
                .order_by(n.c.created_at)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True, of=n)
            ).mappings().all()
            for row in rows:
                conn.execute(
                    update(n)
                    .where(n.c.id == row["id"])
                    .values(status="sending", attempts=n.c.attempts + 1, claimed_at=datetime.now(timezone.utc))
                )
        for row in rows:
            if self._stop.is_set():
                self._release(row)
                continue
            self._deliver(row)
        return len(rows)

    def settle_stale_claims(self) -> int:
        """Settle ``sending`` rows whose claim outlived the lease; return how many."""
        n = tables.notifications
        cutoff = datetime.now(timezone.utc) - timedelta(seconds=self.lease_seconds)
        settled = 0
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(n.c.id, n.c.channel, n.c.cv_id, n.c.posting_id)
                .where(n.c.status == "sending", n.c.claimed_at < cutoff)
                .with_for_update(skip_locked=True)
            ).mappings().all()
            for row in rows:
                if self._was_delivered(row["channel"], row["id"]):
                    _record_sent(conn, row, detail="recorded after a restart")
                else:
                    conn.execute(
                        update(n)
                        .where(n.c.id == row["id"])
                        .values(status="unconfirmed", detail="the sender stopped before recording the outcome; not re-sent")
                    )
                settled += 1
        if settled:
            log.warning("settled %d notification(s) left in 'sending' by an earlier process", settled)
        return settled

    def _was_delivered(self, channel: str, notification_id: str) -> bool:
        sender = self.email_sender if channel == "email" else self.sms_sender
        check = getattr(sender, "was_delivered", None)
        return bool(check and check(channel, notification_id))

    def _release(self, row) -> None:
        n = tables.notifications
        with self.engine.begin() as conn:
            conn.execute(update(n).where(n.c.id == row["id"]).values(status="pending", attempts=n.c.attempts - 1))

    def _deliver(self, row) -> None:
        n = tables.notifications
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
            status = "failed" if attempts >= self.max_attempts else "pending"
            log.warning("sending notification %s failed (attempt %d): %r", row["id"], attempts, exc)
            with self.engine.begin() as conn:
                conn.execute(update(n).where(n.c.id == row["id"]).values(status=status, detail=str(exc)[:500]))
            return
        with self.engine.begin() as conn:
            _record_sent(conn, row)
        self.on_sent()


def _record_sent(conn, row, detail: str | None = None) -> None:
    """Mark a notification sent and outbox its notification.sent event, in the caller's transaction."""
    n = tables.notifications
    conn.execute(update(n).where(n.c.id == row["id"]).values(status="sent", sent_at=datetime.now(timezone.utc), detail=detail))
    event = new_event(
        types.NOTIFICATION_SENT,
        {"notification_id": row["id"], "cv_id": row["cv_id"], "posting_id": row["posting_id"], "channel": row["channel"]},
        producer=SERVICE,
    )
    add_to_outbox(conn, tables.outbox, event)
