"""Publishing events so that a publish only counts when the broker has confirmed it.

On RabbitMQ the connection runs in confirm mode (``confirm_publish``), messages are persistent
and published ``mandatory`` when some queue is meant to receive them: ``publish`` returns only
after the broker's ack and raises when the broker nacks, returns the message as unroutable, or
cannot be reached in time. ``index.updated`` goes to the matcher replicas' fanout exchange, not
mandatory (no replica running means none needs it). Callers (the outbox relay, the consumer's retry path) keep the
message and try again; they never treat a raised publish as sent.

``publish_many`` publishes a batch on a channel of its own and waits once for all the
confirmations (the broker confirms them as they are stored, without a round trip each); it says
how many of the batch, from the first, were confirmed, and raises for the rest.
"""

from __future__ import annotations

import logging
import socket
import time

from kombu import Connection, Producer

from shared.bus.topology import ROUTED_EVENT_TYPES, Topology
from shared.events.envelope import CONTENT_TYPE, Envelope

log = logging.getLogger(__name__)


class PublishFailed(RuntimeError):
    """The broker did not take the message; it was not sent.

    ``confirmed``: in ``publish_many``, how many messages of the batch, from the first, the broker
    did confirm before the one that failed.
    """

    def __init__(self, message: str, confirmed: int = 0):
        super().__init__(message)
        self.confirmed = confirmed


class EventPublisher:
    """Publishes envelopes to the events exchange over one connection it owns."""

    def __init__(self, connection: Connection, topology: Topology, *, timeout: float = 10.0):
        self.connection = connection
        self.topology = topology
        self.timeout = timeout
        self._producer: Producer | None = None
        self._returned: list[str] = []
        self._batch_producer: Producer | None = None
        self._batch = _Confirmations()

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

    def publish_many(self, envelopes: list[Envelope]) -> int:
        """Publish ``envelopes`` in order and wait for all their confirmations; return how many there were.

        Raises PublishFailed (with ``confirmed``: how many from the first were confirmed) when the
        broker nacks or returns one, or does not confirm them all within the timeout, or cannot be
        reached. Off RabbitMQ (no confirms to wait for) they are published one by one.
        """
        if not self._is_amqp():
            for done, envelope in enumerate(envelopes):
                try:
                    self.publish(envelope)
                except PublishFailed as exc:
                    raise PublishFailed(str(exc), confirmed=done) from exc
            return len(envelopes)
        try:
            producer = self._ensure_batch_producer()
        except Exception as exc:
            self.reset()
            raise PublishFailed(f"publishing {len(envelopes)} events failed: {exc!r}") from exc
        batch = self._batch
        first_tag = batch.next_tag
        try:
            for envelope in envelopes:
                batch.expect(envelope.id)
                producer.publish(
                    envelope.to_json().encode("utf-8"),
                    exchange=self.topology.exchange_for(envelope.type),
                    routing_key=envelope.type,
                    content_type=CONTENT_TYPE,
                    content_encoding="binary",
                    headers={},
                    message_id=envelope.id,
                    delivery_mode=2,
                    mandatory=envelope.type in ROUTED_EVENT_TYPES,
                    retry=False,
                )
            deadline = time.monotonic() + self.timeout
            while not batch.settled():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the broker did not confirm every message in time")
                try:
                    self.connection.drain_events(timeout=min(remaining, 1.0))
                except socket.timeout:
                    pass
        except Exception as exc:
            self.reset()
            raise PublishFailed(f"publishing {len(envelopes)} events failed: {exc!r}",
                                confirmed=batch.confirmed_from(first_tag)) from exc
        failed = batch.first_failure()
        if failed is not None:
            confirmed = failed - first_tag
            self._batch = _Confirmations(next_tag=batch.next_tag)
            raise PublishFailed(f"the broker did not take {envelopes[confirmed].type!r} "
                                f"({batch.reason(failed)})", confirmed=confirmed)
        self._batch = _Confirmations(next_tag=batch.next_tag)
        return len(envelopes)

    def _ensure_batch_producer(self) -> Producer:
        """A channel in confirm mode whose publishes do not wait: confirmations are counted as they come."""
        if self._batch_producer is None:
            self.connection.ensure_connection(max_retries=1, timeout=self.timeout)
            self.topology.declare(self.connection)
            channel = self.connection.channel()
            channel.basic_publish = channel._basic_publish  # not the waiting one confirm_publish installs
            channel.confirm_select()
            channel._confirm_selected = True
            self._batch = _Confirmations()
            channel.events["basic_ack"].add(self._batch_acked)
            channel.events["basic_nack"].add(self._batch_nacked)
            self._batch_producer = Producer(channel, on_return=self._batch_returned)
        return self._batch_producer

    def _batch_acked(self, tag: int, multiple: bool) -> None:
        self._batch.settle(tag, multiple, None)

    def _batch_nacked(self, tag: int, multiple: bool) -> None:
        self._batch.settle(tag, multiple, "nacked")

    def _batch_returned(self, exception, exchange, routing_key, message) -> None:
        self._batch.returned((message.properties or {}).get("message_id"), routing_key)

    def reset(self) -> None:
        """Drop the channels after a failure; the next publish reconnects."""
        self._batch_producer = None
        self._batch = _Confirmations()
        self._producer = None
        try:
            self.connection.collect()
        except Exception:  # the connection is already broken; nothing to release
            log.debug("collect after failure raised", exc_info=True)

    def close(self) -> None:
        """Release the connection."""
        self._producer = None
        self._batch_producer = None
        self.connection.release()


class _Confirmations:
    """What the broker said about each message of a batch, by delivery tag (1, 2, ... on a confirm channel)."""

    def __init__(self, next_tag: int = 1):
        self.next_tag = next_tag
        self._open: dict[int, str] = {}  # tag: message id, not yet confirmed
        self._tags: dict[str, int] = {}
        self._failed: dict[int, str] = {}  # tag: why

    def expect(self, message_id: str) -> None:
        """A message is about to be published with the next tag."""
        self._open[self.next_tag] = message_id
        self._tags[message_id] = self.next_tag
        self.next_tag += 1

    def settle(self, tag: int, multiple: bool, failure: str | None) -> None:
        """An ack (``failure`` None) or a nack of ``tag``, or of every tag up to it when ``multiple``."""
        for settled in ([t for t in self._open if t <= tag] if multiple else [tag]):
            self._open.pop(settled, None)
            if failure is not None:
                self._failed.setdefault(settled, failure)

    def returned(self, message_id: str | None, routing_key: str) -> None:
        """The broker returned a message as unroutable (its ack follows)."""
        tag = self._tags.get(message_id)
        if tag is not None:
            self._failed.setdefault(tag, f"no queue is bound for {routing_key!r}: message returned")

    def settled(self) -> bool:
        """True when every message published has been acked or nacked."""
        return not self._open

    def first_failure(self) -> int | None:
        """The tag of the first message nacked or returned, or None."""
        return min(self._failed) if self._failed else None

    def reason(self, tag: int) -> str:
        """Why the message with ``tag`` failed."""
        return self._failed[tag]

    def confirmed_from(self, first_tag: int) -> int:
        """How many messages from ``first_tag`` on were confirmed, each and all before it."""
        done = 0
        tag = first_tag
        while tag < self.next_tag and tag not in self._open and tag not in self._failed:
            done += 1
            tag += 1
        return done
