"""Keeping every matcher replica's index equal to the matcher database.

Replicas compete for the work on ``matcher.documents``: the one that takes an event stores the
document, ranks it and records its matches. In the same transaction it puts an ``index.updated``
message (kind and id, no content) in its outbox, which the relay publishes, after the commit, on
the fanout exchange ``jobmatch.index-updates``. Every replica has its own queue bound there
(``IndexFeed``) and, for each message, reloads that one document from the database into its index
(``apply_stored``): upserted when live, removed when closed or withdrawn, forgotten when erased.

Applying reads the database as it is now, not the message's content, so it is idempotent and
order-safe: whichever update comes last reads a state at least as new as the last commit. The
replica that did the work already changed its index inside its transaction (from the row it had
locked and wrote, ``index_in_transaction``) and remembers that message's id as pending; when the
message comes back it is skipped, unless some other update touched that document in between.

At start a replica binds its queue first and loads the index from the database after, so an
update committed in between is in the queue (applying it again is harmless). If the queue is ever
lost (the broker deleted it after ``INDEX_QUEUE_EXPIRY_MS`` without a consumer), the replica binds
a new one and reloads the whole index. The replica is ready only once its index is loaded after
binding and it is consuming its queue.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import uuid

from kombu.mixins import ConsumerMixin
from sqlalchemy import select

from matcher import tables
from matcher.config import SERVICE
from matcher.row_documents import cv_document, posting_document
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from shared.db.outbox import add_many_to_outbox
from shared.events import types
from shared.events.envelope import Envelope, new_event, parse_event
from shared.secrets import redact_secrets

log = logging.getLogger(__name__)

#: kind: (table, document from row, status of a live document)
LIVE = {"posting": (tables.postings, posting_document, "open"), "cv": (tables.cvs, cv_document, "active")}


def replica_name() -> str:
    """This process's replica name: host (a pod's name) and a random part, so restarts never share a queue."""
    host = re.sub(r"[^A-Za-z0-9_.-]", "-", socket.gethostname())[:60] or "host"
    return f"{host}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _read_row(conn, kind: str, doc_id: str, lock: bool = False):
    table = LIVE[kind][0]
    query = select(table).where(table.c.id == doc_id)
    if lock:
        query = query.with_for_update()
    return conn.execute(query).mappings().first()


def _apply_row(index, kind: str, doc_id: str, row) -> bool:
    """Make ``index`` hold ``row`` (None: the document is gone); return whether it is live there."""
    _table, document, live = LIVE[kind]
    if row is None:
        index.forget(kind, doc_id)
        return False
    if row["status"] != live:
        index.remove(kind, doc_id)
        return False
    index.upsert(document(row))
    return True


def apply_stored(service, kind: str, doc_id: str) -> None:
    """Load one document from the database into this replica's index as it is stored now.

    A document that cannot be indexed is logged (kind and id only) and left out, as at start.
    """
    with service.engine.connect() as conn:
        row = _read_row(conn, kind, doc_id)
    with service.index_lock:
        service.pending_updates.pop((kind, doc_id), None)
        try:
            _apply_row(service.index, kind, doc_id, row)
        except Exception as error:  # one bad document must not stop the feed
            service.index.remove(kind, doc_id)
            log.error("index update: skipped %s %s (%s)", kind, doc_id, type(error).__name__)


def index_in_transaction(service, conn, kind: str, doc_id: str) -> bool:
    """Inside the handler's transaction: apply the document as this transaction leaves it and
    queue its ``index.updated`` for the other replicas; return whether it is live (rankable).

    The row is read locked (PostgreSQL ``FOR UPDATE``), so no other replica can change it before
    this transaction commits: what this replica indexes is what it commits.
    """
    return IndexRun(conn, kind, [doc_id]).apply(service, doc_id)


class IndexRun:
    """``index_in_transaction`` for a run of documents of one kind, their database work done together:
    the rows read locked in one statement (in id order) and their ``index.updated`` queued in one.
    Nothing else in the transaction may change those rows before each is applied.
    """

    def __init__(self, conn, kind: str, doc_ids: list[str]):
        table = LIVE[kind][0]
        ids = sorted(set(doc_ids))
        self.kind = kind
        self.rows = {row["id"]: row for row in conn.execute(
            select(table).where(table.c.id.in_(ids)).order_by(table.c.id).with_for_update()).mappings()} if ids else {}
        self.updates = {doc_id: new_event(types.INDEX_UPDATED, {"kind": kind, "id": doc_id}, producer=SERVICE)
                        for doc_id in doc_ids}
        add_many_to_outbox(conn, tables.outbox, list(self.updates.values()))

    def apply(self, service, doc_id: str) -> bool:
        """Apply one document of the run to this replica's index; return whether it is live (rankable)."""
        with service.index_lock:
            live = _apply_row(service.index, self.kind, doc_id, self.rows.get(doc_id))
            service.pending_updates[(self.kind, doc_id)] = self.updates[doc_id].id
        return live


def apply_update(service, envelope: Envelope) -> bool:
    """Apply one ``index.updated``; return False when skipped (this replica applied it already)."""
    key = (envelope.data["kind"], envelope.data["id"])
    with service.index_lock:
        if service.pending_updates.get(key) == envelope.id:
            del service.pending_updates[key]
            return False
    apply_stored(service, *key)
    return True


class QueueLost(RuntimeError):
    """This replica's index-update queue is gone: updates may have been lost, the index must be reloaded."""


class IndexFeed(ConsumerMixin):
    """Worker that consumes this replica's index-update queue; ``run()`` blocks until ``stop()``.

    ``bind()`` before the service loads its index (``build`` tries it); if that failed (broker
    away), ``run()`` binds and then reloads the index before it consumes.
    """

    def __init__(self, settings: BusSettings, replica: str):
        self.settings = settings
        self.topology = Topology(settings)
        self.replica = replica
        self.queue = self.topology.index_queue(replica)
        self.connection = settings.connect()
        self.name = "matcher-index-feed"
        self.service = None  # set by build once the service exists
        self.bound_before_load = False
        self.in_sync = threading.Event()
        self.applied = 0
        self.skipped = 0
        self._stopped = threading.Event()

    # -- binding ---------------------------------------------------------------------------
    def bind(self) -> None:
        """Declare the topology and this replica's queue on the fanout exchange; raise if the broker is away."""
        conn = self.settings.connect()
        try:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=5)
            self.topology.declare(conn)
            self.queue(conn.default_channel).declare()
        finally:
            conn.release()
        log.info("bound index-update queue %s", self.queue.name)

    def try_bind(self) -> bool:
        """``bind()``; False (logged) when the broker cannot be reached now."""
        try:
            self.bind()
        except Exception as exc:
            log.warning("cannot bind the index-update queue yet (%s); will bind and reload the index later",
                        redact_secrets(repr(exc), self.settings.url))
            return False
        return True

    def check_ready(self) -> None:
        """Raise unless the index was loaded after binding and the queue is being consumed."""
        if not self.in_sync.is_set():
            raise RuntimeError("the index is not yet loaded and fed by its update queue")

    # -- lifecycle -------------------------------------------------------------------------
    def run(self) -> None:
        """Bind (and reload) when needed, then consume until stopped; a lost queue means bind and reload again."""
        backoff = 0.0
        while not self.should_stop:
            try:
                if not self.bound_before_load:
                    self.bind()
                    self.service.reload_index()
                    self.bound_before_load = True
                super().run()
                backoff = 0.0
            except QueueLost as lost:
                log.warning("%s; binding a new queue and reloading the index", lost)
                self.in_sync.clear()
                self.bound_before_load = False
            except Exception as exc:
                self.in_sync.clear()
                backoff = min(5.0, backoff * 2 or 0.5)
                log.warning("index feed failed (%s); retrying in %.1fs", redact_secrets(repr(exc), self.settings.url), backoff)
                self._stopped.wait(backoff)

    def stop(self) -> None:
        """Ask the loop to stop after the message in hand."""
        self.should_stop = True
        self._stopped.set()

    def close(self) -> None:
        """Delete this replica's queue (nobody else reads it) and release the connection."""
        self.in_sync.clear()
        conn = self.settings.connect()
        try:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            self.queue(conn.default_channel).delete()
        except Exception:  # the broker expires it anyway
            log.info("could not delete %s on stop; the broker expires it", self.queue.name)
        finally:
            conn.release()
        self.connection.release()

    # -- ConsumerMixin hooks -------------------------------------------------------------
    def get_consumers(self, Consumer, channel):
        try:
            channel.queue_declare(queue=self.queue.name, passive=True)
        except self.connection.channel_errors as exc:
            raise QueueLost(f"index-update queue {self.queue.name} is gone ({type(exc).__name__})") from None
        return [Consumer(queues=[self.queue], on_message=self._on_message, prefetch_count=100)]

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        self.in_sync.set()
        log.info("consuming index updates from %s", self.queue.name)

    def on_connection_error(self, exc, interval):
        self.in_sync.clear()
        log.warning("bus connection lost (%s); retrying in %.1fs", redact_secrets(repr(exc), self.settings.url), interval)

    def _on_message(self, message) -> None:
        try:
            envelope = parse_event(message.body)
        except Exception as exc:  # a message that says nothing we can apply
            log.error("dropping an undecodable index update (%s)", type(exc).__name__)
            message.ack()
            return
        if envelope.type != types.INDEX_UPDATED:
            message.ack()
            return
        try:
            if apply_update(self.service, envelope):
                self.applied += 1
            else:
                self.skipped += 1
        except Exception as exc:  # the database is away: keep the update, try again shortly
            log.warning("cannot apply an index update yet (%s); will retry", type(exc).__name__)
            self._stopped.wait(1.0)
            message.requeue()
            return
        message.ack()
