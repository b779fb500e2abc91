"""Fairday's composition root: storage, the consumer, the outbox relay, walk-ins' pending suggestions and the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine

from fairday import tables
from fairday.app import create_app
from fairday.clock import utc_now
from fairday.config import SERVICE, FairdayConfig
from fairday.handlers import handle_event
from fairday.migrations import MIGRATIONS
from fairday.pending_suggestions import PendingSuggestions
from shared.bus.consumer import EventConsumer
from shared.bus.consumer_metrics import register_consumer_metrics
from shared.bus.publisher import EventPublisher
from shared.bus.topology import Topology
from shared.db.engine import check_database, make_engine
from shared.db.outbox import OutboxRelay
from shared.environment import check_start
from shared.http.health import ReadinessChecks
from shared.logs import configure_logging
from shared.runtime import run_service
from shared.startup import wait_for_database


@dataclass
class FairdayService:
    """The wired fairday: what routes, handlers and workers use."""

    config: FairdayConfig
    engine: Engine
    relay: OutboxRelay
    consumer: EventConsumer | None
    readiness: ReadinessChecks
    registry: CollectorRegistry
    clock: Callable[[], datetime] = field(default=utc_now)
    suggestions: PendingSuggestions | None = None


def build(config: FairdayConfig, migrate: bool = False) -> FairdayService:
    """Wire fairday from ``config``; brings its database to the newest schema (production: only with ``migrate``, else refuses)."""
    engine = make_engine(config.database_url)
    MIGRATIONS.prepare(engine, upgrade=migrate or not config.production)
    registry = CollectorRegistry()
    relay = OutboxRelay(engine, tables.outbox, lambda: EventPublisher(config.bus.connect(), Topology(config.bus)))
    registry.register(relay.published_events)
    readiness = ReadinessChecks({"database": lambda: check_database(engine), "broker": config.bus.check_reachable})
    service = FairdayService(config, engine, relay, None, readiness, registry)
    service.consumer = EventConsumer(config.bus, SERVICE, lambda envelope: handle_event(service, envelope))
    register_consumer_metrics(registry, service.consumer)
    service.suggestions = PendingSuggestions(engine, lambda: service.clock(), relay.wake, suggestions=config.suggested_stalls,
                                             wait_seconds=config.suggestion_wait_seconds)
    return service


def main(migrate: bool = False) -> int:
    """Run fairday until SIGTERM/SIGINT; ``migrate``: bring its database to the newest schema first."""
    configure_logging(SERVICE)
    config = FairdayConfig.from_env()
    check_start(SERVICE, config.standins(), config.production)
    if not wait_for_database(SERVICE, config.database_url, config.http):
        return 0  # stopped while waiting
    service = build(config, migrate)
    return run_service(SERVICE, create_app(service), config.http, [service.consumer, service.relay, service.suggestions])
