"""Consuming events: decode, hand to the service, ack only after the service committed.

The service's ``handle(envelope)`` runs its own database transaction (recording the event id
with its effect, which makes redeliveries harmless) and returns after commit; only then is the
message acked. Failure handling, bounded so that one bad message never stops the consumer:

- a body that is not JSON, not an object, not a known event, nested too deep, holding strings
  no database can store, or with another content type (pickle is never deserialised) goes
  straight to the consumer's dead-letter queue;
- a message whose handler raises is put back on the queue through the retry exchange with an
  attempt count; after ``max_attempts`` it goes to the dead-letter queue;
- on RabbitMQ the quorum queue's delivery limit also dead-letters a message whose handling
  kills the process over and over.

On RabbitMQ the handler runs in a worker thread while the consumer thread keeps sending
heartbeats, so long work (scoring a posting against many CVs) does not get the connection
closed under it.

A service that gives ``handle_batch(envelopes)`` gets the messages waiting on the connection
(up to ``batch_size``) handed over together, to commit them in one transaction; all are acked
after that commit. If the batch handler raises, nothing of it was committed and each message is
handled alone by ``handle`` as above, so a failing message is retried or dead-lettered on its
own. A redelivered message is always handled alone, so a message that kills the process takes
no others with it.

Dead letters carry headers saying why, from which queue, and after how many attempts.

While an event is handled, its type, id and correlation id are in the log context (see
``shared.log_context``): the consumer's and the handler's log lines carry them, and events the
handler makes carry the same correlation id. ``stats`` and ``metrics`` count outcomes and time
the handler per event type.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable

from kombu import Connection
from kombu.mixins import ConsumerMixin

from shared.bus.publisher import EventPublisher
from shared.bus.consumer_stats import INVALID_TYPE, ConsumerStats, EventMetrics
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from shared.events.envelope import CONTENT_TYPE, Envelope, InvalidEvent, parse_event
from shared.log_context import log_context, safe_correlation_id
from shared.secrets import redact_secrets

log = logging.getLogger(__name__)

ATTEMPTS_HEADER = "x-jobmatch-attempts"
REASON_HEADER = "x-jobmatch-dead-letter-reason"
QUEUE_HEADER = "x-jobmatch-original-queue"
#: Events handed to a batch handler at most at once.
BATCH_SIZE = 50


class EventConsumer(ConsumerMixin):
    """Runs one service's consumer loop until ``stop()``; reconnects by itself."""

    def __init__(
        self,
        settings: BusSettings,
        service: str,
        handle: Callable[[Envelope], None],
        *,
        max_attempts: int | None = None,
        prefetch_count: int | None = None,
        handle_batch: Callable[[list[Envelope]], None] | None = None,
        batch_size: int = BATCH_SIZE,
    ):
        self.settings = settings
        self.topology = Topology(settings)
        self.service = service
        self.queue_name = self.topology.queue_name(service)
        self.handle = handle
        self.max_attempts = max_attempts or settings.delivery_limit
        self.handle_batch = handle_batch
        self.batch_size = batch_size if handle_batch is not None else 1
        # With batches, twice a batch is prefetched, so the next one is waiting while one is handled.
        self.prefetch_count = prefetch_count or (2 * self.batch_size if self.batch_size > 1 else 10)
        self._pending: list[tuple] = []  # (message, envelope, attempts) gathered for one batch
        self.connection: Connection = settings.connect()
        self._side_publisher: EventPublisher | None = None
        self.connected = threading.Event()
        self.stats = ConsumerStats()
        self.metrics = EventMetrics()
        self.name = f"{service}-consumer"
        self._worker: ThreadPoolExecutor | None = None
        self._consuming_connection: Connection | None = None

    # -- ConsumerMixin hooks -------------------------------------------------------------
    def get_consumers(self, Consumer, channel):
        self.topology.declare(self.connection)
        consumer = Consumer(
            queues=[self.topology.queue(self.service)],
            on_message=self._on_message,
            prefetch_count=self.prefetch_count,
        )
        return [consumer]

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        # ConsumerMixin consumes on a clone of self.connection: heartbeats must go to this one.
        self._consuming_connection = connection
        self.connected.set()
        log.info("consuming from %s", self.queue_name)

    def on_connection_error(self, exc, interval):
        self.connected.clear()
        log.warning("bus connection lost (%s); retrying in %.1fs", redact_secrets(repr(exc), self.settings.url), interval)

    def consume(self, limit=None, timeout=None, safety_interval=1, **kwargs):
        """ConsumerMixin's loop; with batches, after each delivery also take what else is waiting, then handle all."""
        if self.batch_size <= 1:
            yield from super().consume(limit=limit, timeout=timeout, safety_interval=safety_interval, **kwargs)
            return
        with self.consumer_context(**kwargs) as (conn, _channel, _consumers):
            self._pending = []  # deliveries of a lost connection are the broker's again
            while not self.should_stop:
                try:
                    conn.drain_events(timeout=safety_interval)
                    self._gather_waiting(conn)
                except socket.timeout:
                    conn.heartbeat_check()
                    continue
                except OSError:
                    if not self.should_stop:
                        raise
                    break
                self._handle_pending()
                yield

    def _gather_waiting(self, conn) -> None:
        """Take deliveries already waiting on the connection, without blocking, until the batch is full."""
        while 0 < len(self._pending) < self.batch_size:
            try:
                conn.drain_events(timeout=0)
            except socket.timeout:
                return

    # -- lifecycle ------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask the loop to stop after the message or batch in hand; unacked prefetched ones return."""
        self.should_stop = True

    def close(self) -> None:
        """Release both connections."""
        self.connected.clear()
        if self._worker is not None:
            self._worker.shutdown(wait=True)
        if self._side_publisher is not None:
            self._side_publisher.close()
        self.connection.release()

    # -- message handling ------------------------------------------------------------------
    def _on_message(self, message) -> None:
        attempts = _attempts_so_far(message)
        if attempts or (message.delivery_info or {}).get("redelivered"):
            self.stats.add("redelivered")
        if message.content_type != CONTENT_TYPE:
            self._dead_letter(message, f"content type {message.content_type!r} is not accepted", attempts)
            return
        try:
            envelope = parse_event(message.body)
        except InvalidEvent as exc:
            self._dead_letter(message, str(exc), attempts)
            return
        except Exception as exc:  # parse_event promises InvalidEvent; a poison body must never stop the loop
            self._dead_letter(message, f"message could not be decoded: {type(exc).__name__}", attempts)
            return
        if self.batch_size > 1 and not attempts and not (message.delivery_info or {}).get("redelivered"):
            self._pending.append((message, envelope, attempts))
            return
        self._handle_pending()  # what came before it goes first
        with log_context(**_event_fields(envelope)):
            self._on_event(message, envelope, attempts)

    def _handle_pending(self) -> None:
        """Handle the gathered messages in one call of the batch handler, or one by one if it fails."""
        batch, self._pending = self._pending, []
        if len(batch) > 1:
            envelopes = [envelope for _message, envelope, _attempts in batch]
            try:
                self._in_worker(self._handle_batch_timed, envelopes)
            except Exception:  # nothing of the batch committed: each message is tried alone
                log.warning("handling a batch of %d events failed; handling them one by one", len(batch), exc_info=True)
            else:
                for message, envelope, _attempts in batch:
                    message.ack()
                    self._count("handled", envelope.type)
                    with log_context(**_event_fields(envelope)):
                        log.debug("handled %s %s in a batch of %d", envelope.type, envelope.id, len(batch))
                return
        for message, envelope, attempts in batch:
            with log_context(**_event_fields(envelope)):
                self._on_event(message, envelope, attempts)

    def _handle_batch_timed(self, envelopes: list[Envelope]) -> None:
        """The service's batch handler; each event is timed at its share of the batch's time."""
        started = time.perf_counter()
        self.handle_batch(envelopes)
        share = (time.perf_counter() - started) / len(envelopes)
        for envelope in envelopes:
            self.metrics.handling_seconds.labels(envelope.type).observe(share)

    def _on_event(self, message, envelope: Envelope, attempts: int) -> None:
        try:
            self._run_handler(envelope)
        except Exception as exc:  # any failure of the handler is retried, then dead-lettered
            log.exception("handling %s %s failed (attempt %d)", envelope.type, envelope.id, attempts + 1)
            if attempts + 1 >= self.max_attempts:
                self._dead_letter(message, f"handler failed {attempts + 1} times: {exc!r}", attempts + 1, envelope.type)
            else:
                self._retry(message, attempts + 1, envelope.type)
            return
        message.ack()
        self._count("handled", envelope.type)
        log.debug("handled %s %s", envelope.type, envelope.id)

    def _count(self, outcome: str, event_type: str) -> None:
        self.stats.add(outcome)
        self.metrics.consumed.labels(event_type, outcome).inc()

    def _run_handler(self, envelope: Envelope) -> None:
        """Run the handler; on AMQP keep heartbeats going from this thread while it works."""
        self._in_worker(self._handle_timed, envelope)

    def _in_worker(self, work: Callable, argument) -> None:
        """``work(argument)``, on AMQP in the worker thread while this one sends heartbeats; raises what it raised."""
        if not self.settings.is_amqp or not self.settings.heartbeat:
            work(argument)
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{self.service}-handler")
        future = self._worker.submit(work, argument)
        interval = max(0.5, self.settings.heartbeat / 3)
        while True:
            try:
                future.result(timeout=interval)
                return
            except FutureTimeout:
                self._send_heartbeat()

    def _handle_timed(self, envelope: Envelope) -> None:
        """The service's handler, timed, with the event in the log context (it may run in the worker thread)."""
        started = time.perf_counter()
        try:
            with log_context(**_event_fields(envelope)):
                self.handle(envelope)
        finally:
            self.metrics.handling_seconds.labels(envelope.type).observe(time.perf_counter() - started)

    def _send_heartbeat(self) -> None:
        # Only send: reading frames here would deliver the next message into this callback.
        try:
            self._consuming_connection.connection.send_heartbeat()
        except Exception:  # the connection is gone; the ack will fail and the broker redelivers
            log.warning("could not send a heartbeat during long work", exc_info=True)

    def _publisher(self) -> EventPublisher:
        # A separate connection: publishing on the consuming connection inside a delivery
        # callback would re-enter the consumer while waiting for the confirmation.
        if self._side_publisher is None:
            self._side_publisher = EventPublisher(self.settings.connect(), self.topology)
        return self._side_publisher

    def _retry(self, message, attempts: int, event_type: str) -> None:
        self._count("retried", event_type)
        headers = dict(message.headers or {})
        headers[ATTEMPTS_HEADER] = attempts
        self._forward(message, self.topology.retry, headers)

    def _dead_letter(self, message, reason: str, attempts: int, event_type: str = INVALID_TYPE) -> None:
        log.error("dead-lettering a message from %s: %s", self.queue_name, reason)
        self._count("dead_lettered", event_type)
        headers = dict(message.headers or {})
        headers.update({REASON_HEADER: reason[:500], QUEUE_HEADER: self.queue_name, ATTEMPTS_HEADER: attempts})
        self._forward(message, self.topology.dead_letter, headers)

    def _forward(self, message, exchange, headers: dict) -> None:
        """Publish the raw message elsewhere, then ack it; if that fails, leave it unacked."""
        try:
            self._publisher().publish_raw(
                body=_body_bytes(message),
                exchange=exchange,
                routing_key=self.queue_name,
                message_id=(message.properties or {}).get("message_id"),
                content_type=message.content_type or "application/octet-stream",
                content_encoding=message.content_encoding or "binary",
                headers=headers,
            )
        except Exception:
            log.exception("could not forward a message; returning it to %s", self.queue_name)
            message.requeue()
            return
        message.ack()


def _event_fields(envelope: Envelope) -> dict:
    """The log context of one event (a correlation id that is not short and safe is left out)."""
    return {"event_type": envelope.type, "event_id": envelope.id,
            "correlation_id": safe_correlation_id(envelope.correlation_id)}


def _body_bytes(message) -> bytes:
    """The message body as bytes, whatever a transport decoded it to (lone surrogates kept)."""
    body = message.body
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    return str(body).encode("utf-8", "surrogatepass")


def _attempts_so_far(message) -> int:
    headers = message.headers or {}
    ours = headers.get(ATTEMPTS_HEADER) or 0
    broker = headers.get("x-delivery-count") or 0  # RabbitMQ quorum queues: earlier deliveries
    try:
        return max(int(ours), int(broker))
    except (TypeError, ValueError):
        return 0
