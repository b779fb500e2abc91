"""The transactional outbox: an event is stored in the same transaction as the change it reports.

``add_to_outbox`` inserts the event row inside the caller's transaction, so a request that was
answered "created" always has its event stored, broker up or down. ``OutboxRelay`` (a worker
thread) publishes pending rows in order, a batch at a time, with publisher confirms, and marks
them sent after the broker confirmed them; the body published is the row's stored JSON as it is
(``Envelope.from_stored_json``), not encoded a second time. If the broker is down the rows wait;
the relay retries with backoff. A crash between confirm and mark re-publishes that row: delivery
is at-least-once, and consumers deduplicate by event id. On PostgreSQL, rows are locked with SKIP
LOCKED so several replicas can run relays side by side.

Sent rows stay (erasure finds and deletes a candidate's), but a one-time secret in an event's
data (``SCRUBBED_ONCE_SENT``, e.g. a verification code) is blanked in the stored row once the
broker has it, so the database holds it no longer than needed. Rows of the event types in ``delete_once_sent``
(pure signals such as the matcher's ``index.updated``) are deleted once the broker has them.

The relay counts what it published per event type in ``published_events``
(``jobmatch_events_published_total``), made unregistered: the service registers it in its registry.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import datetime, timezone
from typing import Callable

from prometheus_client import Counter
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, delete, select, update
from sqlalchemy.engine import Engine

from shared.db.counts import count_rows
from shared.events.envelope import Envelope
from shared.workers import Worker

log = logging.getLogger(__name__)

#: Keys of an event's data blanked (set to null) in the stored row once the event is sent.
SCRUBBED_ONCE_SENT = ("verification_code",)


def outbox_table(metadata: MetaData) -> Table:
    """Define the ``outbox`` table in ``metadata``."""
    return Table(
        "outbox",
        metadata,
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(64), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True, index=True),
        Column("attempts", Integer, nullable=False, default=0),
    )


def _outbox_row(envelope: Envelope) -> dict:
    return {
        "event_id": envelope.id,
        "event_type": envelope.type,
        "payload": envelope.to_json(),
        "created_at": datetime.now(timezone.utc),
        "attempts": 0,
    }


def add_to_outbox(conn, table: Table, envelope: Envelope) -> None:
    """Store ``envelope`` for publishing, inside the caller's open transaction."""
    conn.execute(table.insert(), _outbox_row(envelope))


def add_many_to_outbox(conn, table: Table, envelopes: list[Envelope]) -> None:
    """Store ``envelopes`` for publishing in this order, in one statement of the caller's transaction."""
    if envelopes:
        conn.execute(table.insert(), [_outbox_row(envelope) for envelope in envelopes])


def outbox_backlog(engine: Engine, table: Table) -> int:
    """Return how many events wait to be published."""
    return count_rows(engine, table, table.c.sent_at.is_(None))


class OutboxRelay(Worker):
    """Worker that publishes pending outbox rows; ``run()`` blocks until ``stop()``."""

    def __init__(
        self,
        engine: Engine,
        table: Table,
        publisher_factory: Callable[[], "object"],
        *,
        batch_size: int = 100,
        idle_interval: float = 0.2,
        max_backoff: float = 5.0,
        delete_once_sent: tuple[str, ...] = (),
    ):
        super().__init__("outbox-relay", idle_interval)
        self.engine = engine
        self.table = table
        self.publisher_factory = publisher_factory
        self.batch_size = batch_size
        self.max_backoff = max_backoff
        self.delete_once_sent = frozenset(delete_once_sent)
        self._publisher = None
        self.published = 0
        self.published_events = Counter("jobmatch_events_published", "Events the outbox relay published, by type",
                                        ["type"], registry=None)
        self.healthy = threading.Event()

    def run(self) -> None:
        """Publish until stopped, backing off while the broker is unreachable."""
        backoff = 0.0
        while not self._stop.is_set():
            try:
                sent = self.relay_once()
                self.healthy.set()
                backoff = 0.0
            except Exception as exc:
                self.healthy.clear()
                backoff = min(self.max_backoff, backoff * 2 or 0.5)
                log.warning("outbox relay cannot publish (%r); retrying in %.1fs", exc, backoff)
                self._stop.wait(backoff)
                continue
            if sent < self.batch_size:
                self.idle()
        if self._publisher is not None:
            self._publisher.close()

    def relay_once(self) -> int:
        """Publish one batch of pending rows in order; return how many were sent.

        The batch goes to the broker at once and its confirmations are awaited together; the rows
        are then marked in a few statements. Rows confirmed before a failure are marked sent
        before the failure is raised; the failed row counts an attempt.
        """
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(self.table.c.seq, self.table.c.payload)
                .where(self.table.c.sent_at.is_(None))
                .order_by(self.table.c.seq)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            envelopes, failure = _readable(rows)
            try:
                _publish_all(self._get_publisher(), envelopes)
                sent = len(envelopes)
            except Exception as exc:
                sent = getattr(exc, "confirmed", 0)
                failure = exc
            self._mark_sent(conn, rows[:sent], envelopes[:sent])
            if failure is not None and sent < len(rows):
                conn.execute(update(self.table).where(self.table.c.seq == rows[sent].seq)
                             .values(attempts=self.table.c.attempts + 1))
        for envelope in envelopes[:sent]:
            self.published_events.labels(envelope.type).inc()
        self.published += sent
        if failure is not None:
            raise failure
        return sent

    def _mark_sent(self, conn, rows, envelopes: list[Envelope]) -> None:
        """Sent rows: signals deleted, the rest stamped sent (one-time secrets blanked)."""
        now = datetime.now(timezone.utc)
        gone, stamped = [], []
        for row, envelope in zip(rows, envelopes):
            scrubbed = _scrubbed(envelope)
            if envelope.type in self.delete_once_sent:
                gone.append(row.seq)
            elif scrubbed:
                conn.execute(update(self.table).where(self.table.c.seq == row.seq)
                             .values(sent_at=now, attempts=self.table.c.attempts + 1, **scrubbed))
            else:
                stamped.append(row.seq)
        if gone:
            conn.execute(delete(self.table).where(self.table.c.seq.in_(gone)))
        if stamped:
            conn.execute(update(self.table).where(self.table.c.seq.in_(stamped))
                         .values(sent_at=now, attempts=self.table.c.attempts + 1))

    def _get_publisher(self):
        if self._publisher is None:
            self._publisher = self.publisher_factory()
        return self._publisher


def _readable(rows) -> tuple[list[Envelope], Exception | None]:
    """The envelopes of ``rows`` up to the first whose payload cannot be read, and that failure."""
    envelopes = []
    for row in rows:
        try:
            envelopes.append(Envelope.from_stored_json(row.payload))
        except Exception as exc:
            return envelopes, exc
    return envelopes, None


def _publish_all(publisher, envelopes: list[Envelope]) -> None:
    """Publish in order, all at once when the publisher can; a failure's ``confirmed`` says how many went."""
    if not envelopes:
        return
    publish_many = getattr(publisher, "publish_many", None)
    if publish_many is not None:
        publish_many(envelopes)
        return
    for done, envelope in enumerate(envelopes):
        try:
            publisher.publish(envelope)
        except Exception as exc:
            exc.confirmed = done
            raise


def _scrubbed(envelope: Envelope) -> dict:
    """``{"payload": ...}`` without the one-time secrets of a sent event, or {} when it has none."""
    secrets = [key for key in SCRUBBED_ONCE_SENT if envelope.data.get(key) is not None]
    if not secrets:
        return {}
    data = {**envelope.data, **{key: None for key in secrets}}
    return {"payload": replace(envelope, data=data).to_json()}
