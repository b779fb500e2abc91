"""Matcher's composition root: storage, the index rebuilt from it, the consumer, the index feed and the relay.

Several replicas may run side by side (see ``matcher.index_feed``): each binds its own queue of
index updates, then loads the whole index from the database, then keeps it current from that queue.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine

from matcher import tables
from matcher.app import create_app
from matcher.config import SERVICE, MatcherConfig
from matcher.handlers import handle_event, handle_events
from matcher.index_feed import IndexFeed, replica_name
from matcher.index_snapshot import IndexSnapshot, SnapshotWriter
from matcher.metrics import MatcherMetrics, make_metrics
from matcher.migrations import MIGRATIONS
from matcher.ranking import Document, MatchIndex
from matcher.ranking.compiled import check_compiled, warm_up_in_background
from matcher.ranking.heap import keep_freed_arrays
from matcher.row_documents import cv_document, posting_document
from shared.bus.consumer import EventConsumer
from shared.bus.consumer_metrics import register_consumer_metrics
from shared.bus.publisher import EventPublisher
from shared.bus.topology import Topology
from shared.db.engine import check_database, make_engine
from shared.db.outbox import OutboxRelay, outbox_backlog
from shared.environment import check_start
from shared.events import types
from shared.http.health import ReadinessChecks
from shared.logs import configure_logging
from shared.runtime import run_service
from shared.startup import wait_for_database

log = logging.getLogger(__name__)


@dataclass
class MatcherService:
    """The wired matcher: what routes, handlers and workers use."""

    config: MatcherConfig
    engine: Engine
    index: MatchIndex
    relay: OutboxRelay
    consumer: EventConsumer
    readiness: ReadinessChecks
    metrics: MatcherMetrics
    index_load_failures: int = 0
    feed: IndexFeed | None = None
    snapshot: IndexSnapshot | None = None  # the index saved to a file, read back at start (None: not kept)
    # Guards swapping ``index`` and the pairs below; see ``matcher.index_feed``.
    index_lock: threading.RLock = field(default_factory=threading.RLock)
    # (kind, id): id of the index.updated this replica applied itself and has not seen come back yet
    pending_updates: dict = field(default_factory=dict)

    def reload_index(self) -> None:
        """Build the index from the database again and put it in place of the current one."""
        index, failures = load_index(self.engine, snapshot=self.snapshot)
        with self.index_lock:
            self.index = index
            self.pending_updates.clear()
        self.index_load_failures = failures
        self.metrics.index_load_failures.set(failures)


_LOAD_BATCH = 20_000  # documents profiled at once at start-up (on every core: see MatchIndex.upsert_many)


def load_index(engine: Engine, *, workers: int | None = None,
               snapshot: IndexSnapshot | None = None) -> tuple[MatchIndex, int]:
    """The index of every open posting and active CV, and how many could not be indexed (skipped).

    With a ``snapshot``, the documents it holds unchanged are read back from it; only the others are profiled.
    """
    started = time.monotonic()
    docs: dict[tuple[str, str], Document] = {}
    failures = 0
    live = ((tables.postings, "posting", posting_document, "open"), (tables.cvs, "cv", cv_document, "active"))
    with engine.connect() as conn:
        for table, kind, document, status in live:
            for row in conn.execute(select(table).where(table.c.status == status)).mappings():
                try:
                    docs[(kind, row["id"])] = document(row)
                except Exception as error:  # one bad document must not keep the service from starting
                    _skipped(kind, row["id"], error)
                    failures += 1
    restored = snapshot.restore(docs) if snapshot is not None else None
    index, kept = restored or (MatchIndex(), set())
    todo = [doc for key, doc in docs.items() if key not in kept]
    del docs
    with index.profile_workers(workers) as profilers:  # started once for every batch, their caches kept warm
        for start in range(0, len(todo), _LOAD_BATCH):
            for doc, error in index.upsert_many(todo[start : start + _LOAD_BATCH], profilers=profilers):
                _skipped(doc.kind, doc.id, error)
                failures += 1
    index.prepare()  # the first ranking's full passes (seconds at 1,000,000 CVs), before any request waits on them
    log.info("index loaded in %.1f s: %d postings, %d CVs (%d read from the snapshot), %d skipped",
             time.monotonic() - started, index.count("posting"), index.count("cv"), len(kept), failures)
    return index, failures


def _skipped(kind: str, doc_id: str, error: Exception) -> None:
    """Log a stored document that could not be indexed: its kind and id, never its text."""
    log.error("index load: skipped %s %s (%s)", kind, doc_id, type(error).__name__)


def build(config: MatcherConfig, migrate: bool = False) -> MatcherService:
    """Wire the matcher from ``config``; brings its database to the newest schema (production: only with ``migrate``,
    else refuses) and loads the index."""
    engine = make_engine(config.database_url)
    MIGRATIONS.prepare(engine, upgrade=migrate or not config.production)
    feed = IndexFeed(config.bus, replica_name())
    # Bind this replica's update queue BEFORE loading: a change committed meanwhile is then in it.
    feed.bound_before_load = feed.try_bind()
    snapshot = IndexSnapshot(config.index_snapshot) if config.index_snapshot else None
    keep_freed_arrays()  # rankings reuse the pages the last one freed (a ranking at 1M CVs frees about 100 MB)
    compiling = warm_up_in_background()  # the ranking loops compile while the index loads
    index, index_load_failures = load_index(engine, snapshot=snapshot)
    topology = Topology(config.bus)
    relay = OutboxRelay(engine, tables.outbox, lambda: EventPublisher(config.bus.connect(), topology),
                        delete_once_sent=(types.INDEX_UPDATED,))
    metrics = make_metrics()
    metrics.registry.register(relay.published_events)
    metrics.outbox_backlog.set_function(lambda: outbox_backlog(engine, tables.outbox))
    metrics.index_load_failures.set(index_load_failures)
    readiness = ReadinessChecks({"database": lambda: check_database(engine), "broker": config.bus.check_reachable,
                                 "index": feed.check_ready},
                                informational={"ranking": lambda: check_compiled(compiling)})  # reported, never unready
    service = MatcherService(config, engine, index, relay, None, readiness, metrics, index_load_failures, feed, snapshot)
    feed.service = service
    for kind in ("posting", "cv"):
        metrics.indexed_documents.labels(kind).set_function(lambda kind=kind: service.index.count(kind))
    service.consumer = EventConsumer(config.bus, SERVICE, lambda envelope: handle_event(service, envelope),
                                     handle_batch=lambda envelopes: handle_events(service, envelopes))
    register_consumer_metrics(metrics.registry, service.consumer)
    return service


def main(migrate: bool = False) -> int:
    """Run the matcher until SIGTERM/SIGINT; ``migrate``: bring its database to the newest schema first."""
    configure_logging(SERVICE)
    config = MatcherConfig.from_env()
    check_start(SERVICE, config.standins(), config.production)
    if not wait_for_database(SERVICE, config.database_url, config.http):
        return 0  # stopped while waiting
    service = build(config, migrate)
    workers = [service.feed, service.consumer, service.relay]
    if service.snapshot is not None:
        workers.append(SnapshotWriter(service, service.snapshot, config.index_snapshot_seconds))
    return run_service(SERVICE, create_app(service), service.config.http, workers)
