"""Employers' webhook deliveries: queued with the caller's transaction, sent signed by a worker.

``queue_webhook_event`` adds one ``pending`` delivery per active webhook of an employer, in the
caller's transaction (``queue_webhook_events``: for a run of events, in two statements).
``WebhookDispatcher`` claims one due delivery (``sending``) in one transaction, POSTs it signed
(Standard Webhooks), and records the outcome in another: ``delivered`` on 2xx; ``pending``
again after a back-off for a transient failure (see ``webhook_retry``) until ``max_attempts``,
then ``failed``; ``failed`` at once for any other answer. Every failed attempt counts against
the webhook; a success resets the count. After ``disable_after_failures`` failed attempts in a
row, or at once on 410 Gone, the webhook is ``disabled`` with its reason and its pending
deliveries fail with that reason.

A process killed mid-send leaves its claim in ``sending``; once the claim is older than the
lease the delivery goes back to ``pending`` and is sent again with the same webhook-id, which
receivers use to drop the duplicate (Standard Webhooks asks them to). Delivery is at least once,
and deliveries to one webhook may arrive out of order.
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests
from sqlalchemy import insert, or_, select, update

from notifier.webhook_addresses import public_only_session, url_refusal
from notifier.webhook_retry import GONE, PERMANENT, SUCCEEDED, TRANSIENT, outcome_of_status, retry_delay
from notifier.webhook_settings import WebhookSettings
from notifier.webhook_signing import signed_headers
from notifier.webhook_tables import ACTIVE, DELIVERED, DISABLED, FAILED, PENDING, SENDING, webhook_deliveries, webhooks
from shared.workers import Worker

log = logging.getLogger(__name__)

#: At most this much of a receiver's answer is read; the first part of it goes into last_error.
MAX_RESPONSE_BYTES = 4096
_ERROR_SNIPPET = 200


def queue_webhook_event(conn, employer_id: str, event_type: str, data: dict, now: datetime | None = None) -> int:
    """Queue ``{"type", "timestamp", "data"}`` for each active webhook of ``employer_id``; return how many."""
    return queue_webhook_events(conn, event_type, [(employer_id, data)], now)


def queue_webhook_events(conn, event_type: str, events: list[tuple[str, dict]], now: datetime | None = None) -> int:
    """``queue_webhook_event`` for each (employer id, data) of ``events``, in two statements; return how many were queued."""
    employers = {employer_id for employer_id, _data in events}
    if not employers:
        return 0
    hooks: dict[str, list[str]] = {}
    for hook, employer_id in conn.execute(
        select(webhooks.c.id, webhooks.c.employer_id).where(webhooks.c.employer_id.in_(employers), webhooks.c.status == ACTIVE)
    ).all():
        hooks.setdefault(employer_id, []).append(hook)
    if not hooks:
        return 0
    now = now or datetime.now(timezone.utc)
    rows = []
    for employer_id, data in events:
        if employer_id not in hooks:
            continue
        payload = json.dumps(
            {"type": event_type, "timestamp": now.isoformat(timespec="milliseconds"), "data": data},
            ensure_ascii=False, separators=(",", ":"),
        )
        rows += [
            {"id": new_message_id(), "webhook_id": hook, "event_type": event_type, "payload": payload,
             "status": PENDING, "attempts": 0, "created_at": now}
            for hook in hooks[employer_id]
        ]
    conn.execute(insert(webhook_deliveries), rows)
    return len(rows)


def new_message_id() -> str:
    """A fresh webhook-id: ``msg_`` and 32 hex digits."""
    return "msg_" + uuid.uuid4().hex


class WebhookDispatcher(Worker):
    """Worker that sends due webhook deliveries; ``run()`` blocks until ``stop()``."""

    def __init__(self, engine, settings: WebhookSettings, *, session: requests.Session | None = None,
                 rng: random.Random | None = None, idle_interval: float = 0.5, batch_size: int = 20):
        super().__init__("webhooks", idle_interval)
        self.engine = engine
        self.settings = settings
        self.session = session or public_only_session(settings)
        self.rng = rng or random.Random()
        self.batch_size = batch_size
        self._next_sweep = 0.0

    def run(self) -> None:
        """Deliver until stopped."""
        while not self._stop.is_set():
            try:
                if time.monotonic() >= self._next_sweep:
                    self.settle_stale_claims()
                    self._next_sweep = time.monotonic() + min(30.0, self.settings.lease_seconds / 2)
                done = self.deliver_once()
            except Exception:
                log.exception("webhook delivery failed; retrying")
                done = 0
                self._stop.wait(1.0)
            if done == 0:
                self.idle()

    def deliver_once(self) -> int:
        """Attempt up to ``batch_size`` due deliveries, each claimed just before its send; return how many."""
        tried = 0
        while tried < self.batch_size and not self._stop.is_set():
            row = self._claim_next()
            if row is None:
                break
            self._attempt(row)
            tried += 1
        return tried

    def _claim_next(self):
        """Mark the oldest due pending delivery ``sending`` and return it with its webhook, or None."""
        while True:
            with self.engine.begin() as conn:
                row = _oldest_due(conn)
                if row is None:
                    return None
                d = webhook_deliveries
                if row["webhook_status"] == ACTIVE:
                    now = datetime.now(timezone.utc)
                    conn.execute(update(d).where(d.c.id == row["id"]).values(status=SENDING, attempts=d.c.attempts + 1, claimed_at=now))
                    return row
                # Its webhook was disabled or deleted after it was queued.
                conn.execute(update(d).where(d.c.id == row["id"]).values(status=FAILED, last_error="not sent: the webhook is not active"))

    def _attempt(self, row) -> None:
        """Send one claimed delivery and record what happened."""
        refusal = url_refusal(row["url"], self.settings)
        if refusal is not None:
            outcome, detail = PERMANENT, f"not sent: {refusal}"
        else:
            outcome, detail = self._post(row["url"], row["payload"], signed_headers(row["secret"], row["id"], row["payload"]))
        if outcome != SUCCEEDED:
            log.warning("webhook delivery %s attempt %d: %s", row["id"], row["attempts"] + 1, detail)
        with self.engine.begin() as conn:
            self._record(conn, row, row["attempts"] + 1, outcome, detail)

    def _post(self, url: str, payload: str, headers: dict) -> tuple[str, str]:
        """POST ``payload``; the outcome (see ``webhook_retry``) and a short description."""
        timeout = self.settings.timeout_seconds
        try:
            with self.session.post(url, data=payload.encode("utf-8"), headers=headers, timeout=timeout,
                                   allow_redirects=False, stream=True) as response:
                body = response.raw.read(MAX_RESPONSE_BYTES, decode_content=False) or b""
                status, encoded = response.status_code, response.headers.get("content-encoding")
        except requests.Timeout:
            return TRANSIENT, f"timed out after {timeout:g} s"
        except requests.RequestException as exc:
            return TRANSIENT, f"could not connect ({type(exc).__name__})"
        detail = f"HTTP {status}"
        if not 200 <= status < 300 and body and not encoded:
            snippet = "".join(c if c.isprintable() else " " for c in body[:_ERROR_SNIPPET].decode("utf-8", "replace"))
            detail += f": {snippet.strip()}"
        if 300 <= status < 400:
            detail += " (redirects are not followed)"
        return outcome_of_status(status), detail

    def _record(self, conn, row, attempts: int, outcome: str, detail: str) -> None:
        d, w = webhook_deliveries, webhooks
        now = datetime.now(timezone.utc)
        mine = (d.c.id == row["id"]) & (d.c.status == SENDING)
        if outcome == SUCCEEDED:
            if conn.execute(update(d).where(mine).values(status=DELIVERED, delivered_at=now, last_error=None)).rowcount:
                conn.execute(update(w).where(w.c.id == row["webhook_id"]).values(consecutive_failures=0))
            return
        if outcome == TRANSIENT and attempts < self.settings.max_attempts:
            values = {"status": PENDING, "not_before": now + timedelta(seconds=retry_delay(attempts, self.settings, self.rng))}
        else:
            values = {"status": FAILED}
            if outcome == TRANSIENT:
                detail = f"{detail}; gave up after {attempts} attempts"
        if not conn.execute(update(d).where(mine).values(last_error=detail, **values)).rowcount:
            return  # settled elsewhere (deleted with its webhook, or a stale claim re-queued)
        conn.execute(update(w).where(w.c.id == row["webhook_id"]).values(consecutive_failures=w.c.consecutive_failures + 1))
        failures = conn.execute(select(w.c.consecutive_failures).where(w.c.id == row["webhook_id"])).scalar() or 0
        if outcome == GONE:
            disable_webhook(conn, row["webhook_id"], "the receiver answered 410 Gone", now)
        elif failures >= self.settings.disable_after_failures:
            disable_webhook(conn, row["webhook_id"], f"{failures} failed attempts in a row; last: {detail}", now)

    def settle_stale_claims(self) -> int:
        """Put ``sending`` deliveries whose claim outlived the lease back to ``pending`` (or ``failed``); return how many."""
        d = webhook_deliveries
        cutoff = datetime.now(timezone.utc) - timedelta(seconds=self.settings.lease_seconds)
        stale = (d.c.status == SENDING) & (d.c.claimed_at < cutoff)
        note = "the sender stopped before recording the outcome"
        with self.engine.begin() as conn:
            spent = conn.execute(
                update(d).where(stale, d.c.attempts >= self.settings.max_attempts).values(status=FAILED, last_error=f"{note}; no attempts left")
            ).rowcount
            again = conn.execute(
                update(d).where(stale).values(status=PENDING, not_before=None, last_error=f"{note}; sending again with the same webhook-id")
            ).rowcount
        if spent or again:
            log.warning("settled %d webhook deliveries left in 'sending' by an earlier process", spent + again)
        return spent + again


def disable_webhook(conn, webhook_id: str, reason: str, now: datetime) -> None:
    """Disable an active webhook with ``reason``; its pending deliveries fail with that reason."""
    d, w = webhook_deliveries, webhooks
    disabled = conn.execute(
        update(w).where(w.c.id == webhook_id, w.c.status == ACTIVE).values(status=DISABLED, disabled_reason=reason, disabled_at=now)
    ).rowcount
    if disabled:
        log.warning("webhook %s disabled: %s", webhook_id, reason)
        conn.execute(
            update(d).where(d.c.webhook_id == webhook_id, d.c.status == PENDING)
            .values(status=FAILED, last_error=f"not sent: the webhook was disabled ({reason})")
        )


def _oldest_due(conn):
    d, w = webhook_deliveries, webhooks
    return conn.execute(
        select(d.c.id, d.c.webhook_id, d.c.payload, d.c.attempts, w.c.url, w.c.secret, w.c.status.label("webhook_status"))
        .select_from(d.outerjoin(w, w.c.id == d.c.webhook_id))
        .where(d.c.status == PENDING, or_(d.c.not_before.is_(None), d.c.not_before <= datetime.now(timezone.utc)))
        .order_by(d.c.created_at, d.c.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=d)
    ).mappings().first()
