"""Operator access to a consumer's dead-letter queue: count, list, replay.

Listing is non-destructive: messages are fetched without acknowledgement and returned to the
queue when the channel closes. Replaying publishes a dead letter back onto its consumer's queue
through the retry exchange with the attempt count reset, and only then removes it from the
dead-letter queue (a crash in between leaves a copy in both places; consumers are idempotent).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from shared.bus.consumer import ATTEMPTS_HEADER, QUEUE_HEADER, REASON_HEADER
from shared.bus.publisher import EventPublisher
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology

REPLAYED_HEADER = "x-jobmatch-replayed"


@dataclass(frozen=True)
class DeadLetter:
    """What an operator needs to judge one dead letter."""

    message_id: str | None
    event_type: str | None
    reason: str | None
    original_queue: str | None
    attempts: int | None
    content_type: str | None
    body_preview: str

    def to_json(self) -> str:
        """One JSON line."""
        return json.dumps(asdict(self), ensure_ascii=False)


def _describe(message) -> DeadLetter:
    headers = message.headers or {}
    body = message.body if isinstance(message.body, bytes) else str(message.body).encode()
    event_type = None
    if message.content_type == "application/json":
        try:
            event_type = json.loads(body).get("type")
        except (ValueError, AttributeError):
            event_type = None
    return DeadLetter(
        message_id=(message.properties or {}).get("message_id"),
        event_type=event_type,
        reason=headers.get(REASON_HEADER) or _broker_reason(headers),
        original_queue=headers.get(QUEUE_HEADER),
        attempts=headers.get(ATTEMPTS_HEADER) or headers.get("x-delivery-count"),
        content_type=message.content_type,
        body_preview=body[:200].decode("utf-8", errors="replace"),
    )


def _broker_reason(headers: dict) -> str | None:
    deaths = headers.get("x-death") or []
    if deaths:
        return f"broker: {deaths[0].get('reason')} from {deaths[0].get('queue')}"
    return None


def count_dead_letters(settings: BusSettings, service: str) -> int:
    """Return how many messages wait in ``service``'s dead-letter queue.

    Fails at once (kombu's OperationalError) when the broker refuses the connection, and within
    the connect timeout when it does not answer: a metrics scrape must not wait out retries.
    """
    topology = Topology(settings)
    with settings.connect() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
        topology.declare(conn)
        queue = topology.dead_letter_queue(service)(conn.default_channel)
        return queue.queue_declare(passive=True).message_count


def dead_letter_count(settings: BusSettings, service: str) -> int | None:
    """Like count_dead_letters, but None when the broker cannot be asked (for stats pages)."""
    try:
        return count_dead_letters(settings, service)
    except Exception:  # a stats page must answer even while the broker is down
        return None


def list_dead_letters(settings: BusSettings, service: str, limit: int = 100) -> list[DeadLetter]:
    """Return up to ``limit`` dead letters of ``service``, oldest first, leaving them queued."""
    topology = Topology(settings)
    letters = []
    with settings.connect() as conn:
        topology.declare(conn)
        channel = conn.channel()
        queue = topology.dead_letter_queue(service)(channel)
        try:
            while len(letters) < limit:
                message = queue.get(no_ack=False)
                if message is None:
                    break
                letters.append(_describe(message))
        finally:
            channel.close()  # unacknowledged messages go back to the queue
    return letters


def replay_dead_letters(settings: BusSettings, service: str, message_ids: set[str] | None = None) -> int:
    """Put dead letters (all, or those with ``message_ids``) back on the consumer's queue; return how many."""
    topology = Topology(settings)
    replayed = 0
    with settings.connect() as conn:
        topology.declare(conn)
        channel = conn.channel()
        publisher = EventPublisher(settings.connect(), topology)
        queue = topology.dead_letter_queue(service)(channel)
        try:
            while True:
                message = queue.get(no_ack=False)
                if message is None:
                    break
                message_id = (message.properties or {}).get("message_id")
                if message_ids is not None and message_id not in message_ids:
                    continue  # left unacknowledged: it returns to the queue on close
                headers = {k: v for k, v in (message.headers or {}).items() if k not in (REASON_HEADER, "x-death")}
                headers[ATTEMPTS_HEADER] = 0
                headers[REPLAYED_HEADER] = int(headers.get(REPLAYED_HEADER) or 0) + 1
                publisher.publish_raw(
                    body=message.body if isinstance(message.body, bytes) else str(message.body).encode(),
                    exchange=topology.retry,
                    routing_key=topology.queue_name(service),
                    message_id=message_id,
                    content_type=message.content_type or "application/octet-stream",
                    content_encoding=message.content_encoding or "binary",
                    headers=headers,
                )
                message.ack()
                replayed += 1
        finally:
            publisher.close()
            channel.close()
    return replayed
