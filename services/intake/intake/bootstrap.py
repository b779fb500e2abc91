"""Intake's composition root: wires storage, the outbox relay, readiness and metrics."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Gauge
from sqlalchemy.engine import Engine

from intake import tables
from intake.app import create_app
from intake.config import SERVICE, IntakeConfig
from intake.import_worker import ImportWorker
from intake.migrations import MIGRATIONS
from shared.bus.publisher import EventPublisher
from shared.bus.topology import Topology
from shared.db.engine import check_database, make_engine
from shared.db.outbox import OutboxRelay, outbox_backlog
from shared.environment import check_start
from shared.http.health import ReadinessChecks
from shared.logs import configure_logging
from shared.runtime import run_service
from shared.startup import wait_for_database


@dataclass
class IntakeService:
    """The wired intake: what routes and workers use."""

    config: IntakeConfig
    engine: Engine
    relay: OutboxRelay
    imports: ImportWorker
    readiness: ReadinessChecks
    registry: CollectorRegistry


def build(config: IntakeConfig, migrate: bool = False) -> IntakeService:
    """Wire intake from ``config``; brings its database to the newest schema (production: only with ``migrate``, else refuses)."""
    engine = make_engine(config.database_url)
    MIGRATIONS.prepare(engine, upgrade=migrate or not config.production)
    topology = Topology(config.bus)
    relay = OutboxRelay(engine, tables.outbox, lambda: EventPublisher(config.bus.connect(), topology))
    # Ready with the database alone: the outbox keeps accepting while the broker is away.
    readiness = ReadinessChecks({"database": lambda: check_database(engine)}, informational={"broker": config.bus.check_reachable})
    registry = CollectorRegistry()
    registry.register(relay.published_events)
    backlog = Gauge("jobmatch_outbox_backlog", "Events stored but not yet published", registry=registry)
    backlog.set_function(lambda: outbox_backlog(engine, tables.outbox))
    broker_up = Gauge("jobmatch_broker_up", "1 when the message broker answers, else 0", registry=registry)
    broker_up.set_function(lambda: 1.0 if readiness.run().get("broker") == "ok" else 0.0)
    return IntakeService(config, engine, relay, ImportWorker(engine, config.max_file_bytes), readiness, registry)


def main(migrate: bool = False) -> int:
    """Run intake until SIGTERM/SIGINT; ``migrate``: bring its database to the newest schema first."""
    configure_logging(SERVICE)
    config = IntakeConfig.from_env()
    check_start(SERVICE, config.standins(), config.production)
    if not wait_for_database(SERVICE, config.database_url, config.http):
        return 0  # stopped while waiting
    service = build(config, migrate)
    largest = max(service.config.max_import_bytes, service.config.max_file_bytes)
    return run_service(SERVICE, create_app(service), service.config.http, [service.relay, service.imports],
                       largest_route_body=largest)
