"""Publishing events so that a publish only counts when the broker has confirmed it.

On RabbitMQ the connection runs in confirm mode (``confirm_publish``), messages are persistent
and published ``mandatory`` when some queue is meant to receive them: ``publish`` returns only
after the broker's ack and raises when the broker nacks, returns the message as unroutable, or
cannot be reached in time. ``index.updated`` goes to the matcher replicas' fanout exchange, not
mandatory (no replica running means none needs it). Callers (the outbox relay, the consumer's retry path) keep the
message and try again; they never treat a raised publish as sent.
"""

from __future__ import annotations

import logging

from kombu import Connection, Producer

from shared.bus.topology import ROUTED_EVENT_TYPES, Topology
from shared.events.envelope import CONTENT_TYPE, Envelope

log = logging.getLogger(__name__)


class PublishFailed(RuntimeError):
    """The broker did not take the message; it was not sent."""


class EventPublisher:
    """Publishes envelopes to the events exchange over one connection it owns."""

    def __init__(self, connection: Connection, topology: Topology, *, timeout: float = 10.0):
        self.connection = connection
        self.topology = topology
        self.timeout = timeout
        self._producer: Producer | None = None
        self._returned: list[str] = []

    def _ensure_producer(self) -> Producer:
        if self._producer is None:
            self.connection.ensure_connection(max_retries=1, timeout=self.timeout)
            self.topology.declare(self.connection)
            channel = self.connection.channel()
            # Only AMQP channels report returned (unroutable) messages.
            on_return = self._on_return if self._is_amqp() else None
            self._producer = Producer(channel, on_return=on_return)
        return self._producer

    def _is_amqp(self) -> bool:
        return self.connection.transport.driver_type == "amqp"

    def _on_return(self, exception, exchange, routing_key, message):
        self._returned.append(routing_key)

    def publish(self, envelope: Envelope) -> None:
        """Publish one event and wait for the broker's confirmation; raise PublishFailed if not."""
        self.publish_raw(
            body=envelope.to_json().encode("utf-8"),
            exchange=self.topology.exchange_for(envelope.type),
            routing_key=envelope.type,
            message_id=envelope.id,
            mandatory=envelope.type in ROUTED_EVENT_TYPES,
        )

    def publish_raw(
        self,
        *,
        body: bytes,
        exchange,
        routing_key: str,
        message_id: str | None = None,
        content_type: str = CONTENT_TYPE,
        content_encoding: str = "binary",
        headers: dict | None = None,
        mandatory: bool = True,
    ) -> None:
        """Publish bytes as they are (no serialisation) and wait for the confirmation."""
        try:
            producer = self._ensure_producer()
            self._returned.clear()
            producer.publish(
                body,
                exchange=exchange,
                routing_key=routing_key,
                content_type=content_type,
                content_encoding=content_encoding,
                headers=headers or {},
                message_id=message_id,
                delivery_mode=2,
                mandatory=mandatory and self._is_amqp(),
                timeout=self.timeout,
                retry=False,
            )
        except Exception as exc:
            self.reset()
            raise PublishFailed(f"publish to {routing_key!r} failed: {exc!r}") from exc
        if self._returned:
            raise PublishFailed(f"no queue is bound for {routing_key!r}: message returned")

    def reset(self) -> None:
        """Drop the channel after a failure; the next publish reconnects."""
        self._producer = None
        try:
            self.connection.collect()
        except Exception:  # the connection is already broken; nothing to release
            log.debug("collect after failure raised", exc_info=True)

    def close(self) -> None:
        """Release the connection."""
        self._producer = None
        self.connection.release()
