"""Notifier's composition root: storage, senders, the consumer, the dispatcher and the relay."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy.engine import Engine

from notifier import tables, webhook_tables  # noqa: F401  (webhook_tables adds its tables to the metadata)
from notifier.app import create_app
from notifier.config import SERVICE, NotifierConfig
from notifier.dispatcher import Dispatcher
from notifier.handlers import handle_event
from notifier.metrics import NotifierMetrics, make_metrics
from notifier.senders import FileOutbox, SmtpEmailSender
from shared.bus.consumer import EventConsumer
from shared.bus.consumer_metrics import register_consumer_metrics
from shared.bus.publisher import EventPublisher
from shared.bus.topology import Topology
from shared.db.engine import check_database, create_schema, make_engine
from shared.db.outbox import OutboxRelay, outbox_backlog
from shared.http.health import ReadinessChecks
from shared.logs import configure_logging
from shared.runtime import run_service


@dataclass
class NotifierService:
    """The wired notifier: what routes, handlers and workers use."""

    config: NotifierConfig
    engine: Engine
    dispatcher: Dispatcher
    relay: OutboxRelay
    consumer: EventConsumer | None
    readiness: ReadinessChecks
    metrics: NotifierMetrics
    forget_message: Callable[[str], None] = lambda notification_id: None


def build(config: NotifierConfig) -> NotifierService:
    """Wire the notifier from ``config``; creates missing tables."""
    engine = make_engine(config.database_url)
    create_schema(engine, tables.metadata)
    file_outbox = FileOutbox(config.outbox_dir, config.email_from)
    email = SmtpEmailSender(config.smtp_url, config.email_from) if config.smtp_url else file_outbox
    metrics = make_metrics()
    metrics.outbox_backlog.set_function(lambda: outbox_backlog(engine, tables.outbox))
    relay = OutboxRelay(engine, tables.outbox, lambda: EventPublisher(config.bus.connect(), Topology(config.bus)))

    def _sent():
        metrics.notifications_sent.inc()
        relay.wake()

    dispatcher = Dispatcher(
        engine, email, file_outbox,
        max_attempts=config.max_send_attempts, on_sent=_sent, lease_seconds=config.send_lease_seconds,
    )
    readiness = ReadinessChecks({"database": lambda: check_database(engine), "broker": config.bus.check_reachable})
    service = NotifierService(config, engine, dispatcher, relay, None, readiness, metrics, file_outbox.forget)
    service.consumer = EventConsumer(config.bus, SERVICE, lambda envelope: handle_event(service, envelope))
    register_consumer_metrics(metrics.registry, service.consumer)
    return service


def main() -> int:
    """Run the notifier until SIGTERM/SIGINT."""
    configure_logging(SERVICE)
    service = build(NotifierConfig.from_env())
    service.config.auth.warn_if_unset(SERVICE)
    workers = [service.consumer, service.dispatcher, service.relay]
    return run_service(SERVICE, create_app(service), service.config.http, workers)
