"""The whole bus topology, declared in code in one place.

- ``jobmatch.events``: topic exchange for domain events; routing key = event type.
- one durable queue per consumer, named ``<service>.<purpose>`` (a quorum queue on RabbitMQ),
  bound to the event types that consumer needs;
- ``jobmatch.retry``: direct exchange a consumer uses to put a failed message back on its own
  queue (routing key = queue name) with its attempt count;
- ``jobmatch.dead-letter``: direct exchange; each consumer queue has ``<queue>.dead-letter``
  bound with routing key = queue name. RabbitMQ dead-letters there past the delivery limit,
  and consumers send undecodable or always-failing messages there themselves;
- ``jobmatch.index-updates``: fanout exchange of the matcher's ``index.updated`` messages. Each
  matcher replica binds a queue of its own, ``matcher.index-updates.<replica>`` (a classic
  durable queue that RabbitMQ deletes ``INDEX_QUEUE_EXPIRY_MS`` after its replica went away),
  so every replica sees every change to the stored documents, while ``matcher.documents`` stays
  the one work queue the replicas compete on.

Every service declares the whole topology when it connects, so a queue exists (and collects
events) before its consumer has ever started. ``prefix`` (``JOBMATCH_BUS_PREFIX``) isolates
test runs that share one broker.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kombu import Exchange, Queue, binding

from shared.bus.settings import BusSettings
from shared.events import types


@dataclass(frozen=True)
class ConsumerSpec:
    """A consumer's queue purpose and the event types it is bound to."""

    service: str
    purpose: str
    event_types: tuple[str, ...]


CONSUMERS = (
    ConsumerSpec(
        "matcher",
        "documents",
        (
            types.EMPLOYER_REGISTERED,
            types.POSTING_PUBLISHED,
            types.POSTING_UPDATED,
            types.POSTING_CLOSED,
            types.CV_RECEIVED,
            types.CV_UPDATED,
            types.CV_WITHDRAWN,
            types.CANDIDATE_ERASED,
        ),
    ),
    ConsumerSpec(
        "notifier",
        "notices",
        (
            types.EMPLOYER_REGISTERED,
            types.CANDIDATE_REGISTERED,
            types.CANDIDATE_UPDATED,
            types.CANDIDATE_VERIFIED,
            types.CANDIDATE_ERASED,
            types.POSTING_PUBLISHED,
            types.POSTING_UPDATED,
            types.POSTING_CLOSED,
            types.CV_WITHDRAWN,
            types.MATCH_FOUND,
            types.CANDIDATE_CHECKED_IN,
            types.QUEUE_CALLED,
            types.INTERVIEW_RECORDED,
        ),
    ),
    ConsumerSpec(
        "fairday",
        "fair-records",
        (
            types.EMPLOYER_REGISTERED,
            types.POSTING_PUBLISHED,
            types.POSTING_UPDATED,
            types.POSTING_CLOSED,
            types.CV_RECEIVED,
            types.CV_UPDATED,
            types.CV_WITHDRAWN,
            types.CANDIDATE_REGISTERED,
            types.CANDIDATE_UPDATED,
            types.CANDIDATE_ERASED,
            types.MATCH_FOUND,
        ),
    ),
)

#: Event types that at least one queue receives; publishing one of these must be routable.
ROUTED_EVENT_TYPES = frozenset(t for spec in CONSUMERS for t in spec.event_types)

#: How long a matcher replica's index-update queue outlives its last consumer (RabbitMQ ``x-expires``):
#: long enough for a replica to reconnect, or to load its index after binding, without losing updates.
INDEX_QUEUE_EXPIRY_MS = 60 * 60 * 1000


class Topology:
    """Exchanges and queues for one bus, named with the settings' prefix."""

    def __init__(self, settings: BusSettings):
        self.settings = settings
        p = settings.prefix
        self.events = Exchange(f"{p}jobmatch.events", type="topic", durable=True)
        self.retry = Exchange(f"{p}jobmatch.retry", type="direct", durable=True)
        self.dead_letter = Exchange(f"{p}jobmatch.dead-letter", type="direct", durable=True)
        self.index_updates = Exchange(f"{p}jobmatch.index-updates", type="fanout", durable=True)

    def exchange_for(self, event_type: str) -> Exchange:
        """The exchange an event of ``event_type`` is published to."""
        return self.index_updates if event_type == types.INDEX_UPDATED else self.events

    def spec(self, service: str) -> ConsumerSpec:
        """Return the consumer spec of ``service``; KeyError if it consumes nothing."""
        for spec in CONSUMERS:
            if spec.service == service:
                return spec
        raise KeyError(service)

    def queue_name(self, service: str) -> str:
        """Return the name of ``service``'s queue, prefix included."""
        spec = self.spec(service)
        return f"{self.settings.prefix}{spec.service}.{spec.purpose}"

    def queue(self, service: str) -> Queue:
        """Return ``service``'s durable consumer queue with its bindings."""
        name = self.queue_name(service)
        bindings = [binding(self.events, routing_key=t) for t in self.spec(service).event_types]
        bindings.append(binding(self.retry, routing_key=name))
        arguments = None
        if self.settings.is_amqp:
            arguments = {
                "x-queue-type": "quorum",
                "x-delivery-limit": self.settings.delivery_limit,
                "x-dead-letter-exchange": self.dead_letter.name,
                "x-dead-letter-routing-key": name,
            }
        return Queue(name, bindings=bindings, durable=True, queue_arguments=arguments)

    def dead_letter_queue(self, service: str) -> Queue:
        """Return the queue that keeps ``service``'s dead letters."""
        name = self.queue_name(service)
        arguments = {"x-queue-type": "quorum"} if self.settings.is_amqp else None
        return Queue(
            f"{name}.dead-letter",
            exchange=self.dead_letter,
            routing_key=name,
            durable=True,
            queue_arguments=arguments,
        )

    def index_queue_name(self, replica: str) -> str:
        """Return the name of matcher replica ``replica``'s queue of index updates, prefix included."""
        return f"{self.settings.prefix}matcher.index-updates.{replica}"

    def index_queue(self, replica: str) -> Queue:
        """Return matcher replica ``replica``'s own queue, bound to the index-updates fanout exchange.

        Not in ``all_queues``: only that replica declares it (a classic queue: one reader, no need
        to replicate it; durable, so a broker restart keeps what it holds; expiring, so a replica
        that is gone for good leaves nothing behind).
        """
        arguments = {"x-queue-type": "classic", "x-expires": INDEX_QUEUE_EXPIRY_MS} if self.settings.is_amqp else None
        return Queue(self.index_queue_name(replica), exchange=self.index_updates, durable=True,
                     auto_delete=False, queue_arguments=arguments)

    def all_queues(self) -> list[Queue]:
        """Every consumer queue and dead-letter queue."""
        queues = []
        for spec in CONSUMERS:
            queues += [self.queue(spec.service), self.dead_letter_queue(spec.service)]
        return queues

    def declare(self, connection) -> None:
        """Declare every exchange, queue and binding on ``connection``; safe to repeat.

        On the filesystem transport, declarations from several processes are serialised with a
        file lock: kombu creates a binding table file without locking, and two processes
        creating it at once can lose each other's bindings (and so, silently, messages).
        """
        with self._declare_lock():
            channel = connection.default_channel
            for exchange in (self.events, self.retry, self.dead_letter, self.index_updates):
                exchange(channel).declare()
            for queue in self.all_queues():
                queue(channel).declare()

    @contextmanager
    def _declare_lock(self):
        control = self.settings.transport_options.get("control_folder")
        if not self.settings.url.startswith("filesystem://") or not control:
            yield
            return
        with open(Path(control) / ".declare.lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
