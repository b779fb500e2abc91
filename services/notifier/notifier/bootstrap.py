"""Notifier's composition root: storage, senders, the consumer, the dispatcher and the relay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy.engine import Engine

from notifier import tables, webhook_tables  # noqa: F401  (webhook_tables adds its tables to the metadata)
from notifier.app import create_app
from notifier.composer import Composer
from notifier.config import SERVICE, NotifierConfig
from notifier.dispatcher import Dispatcher
from notifier.handlers import handle_event, handle_events
from notifier.links import signing_key
from notifier.metrics import NotifierMetrics, make_metrics, sms_parts_since
from notifier.migrations import MIGRATIONS
from notifier.senders import FileOutbox, HttpSmsGateway, SmtpEmailSender
from notifier.webhook_delivery import WebhookDispatcher
from shared.bus.consumer import EventConsumer
from shared.bus.consumer_metrics import register_consumer_metrics
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
    link_key: bytes = b""
    webhooks: WebhookDispatcher | None = None


def build(config: NotifierConfig, migrate: bool = False) -> NotifierService:
    """Wire the notifier from ``config``; brings its database to the newest schema (production: only with ``migrate``, else refuses)."""
    engine = make_engine(config.database_url)
    MIGRATIONS.prepare(engine, upgrade=migrate or not config.production)
    file_outbox = FileOutbox(config.outbox_dir, config.email_from)
    email = SmtpEmailSender(config.smtp_url, config.email_from) if config.smtp_url else file_outbox
    sms = HttpSmsGateway(config.sms_gateway) if config.sms_gateway else file_outbox
    metrics = make_metrics()
    metrics.outbox_backlog.set_function(lambda: outbox_backlog(engine, tables.outbox))
    metrics.sms_parts_today.set_function(lambda: sms_parts_since(engine, config.policy.day_start(datetime.now(timezone.utc))))
    relay = OutboxRelay(engine, tables.outbox, lambda: EventPublisher(config.bus.connect(), Topology(config.bus)))
    metrics.registry.register(relay.published_events)

    def _sent(message: dict):
        metrics.notifications_sent.labels(message["channel"], message["kind"]).inc()
        if message["channel"] == "sms":
            metrics.sms_parts_sent.inc(message["parts"] or 1)
        relay.wake()

    link_key = signing_key(engine)
    composer = Composer(config.policy, config.portal_url, config.public_url, link_key)
    dispatcher = Dispatcher(
        engine, email, sms, composer,
        max_attempts=config.max_send_attempts, on_sent=_sent, lease_seconds=config.send_lease_seconds,
    )
    readiness = ReadinessChecks({"database": lambda: check_database(engine), "broker": config.bus.check_reachable})
    service = NotifierService(config, engine, dispatcher, relay, None, readiness, metrics, file_outbox.forget, link_key)
    service.webhooks = WebhookDispatcher(engine, config.webhooks)
    service.consumer = EventConsumer(config.bus, SERVICE, lambda envelope: handle_event(service, envelope),
                                     handle_batch=lambda envelopes: handle_events(service, envelopes))
    register_consumer_metrics(metrics.registry, service.consumer)
    return service


def main(migrate: bool = False) -> int:
    """Run the notifier until SIGTERM/SIGINT; ``migrate``: bring its database to the newest schema first."""
    configure_logging(SERVICE)
    config = NotifierConfig.from_env()
    check_start(SERVICE, config.standins(), config.production)
    if not wait_for_database(SERVICE, config.database_url, config.http):
        return 0  # stopped while waiting
    service = build(config, migrate)
    workers = [service.consumer, service.dispatcher, service.relay, service.webhooks]
    return run_service(SERVICE, create_app(service), service.config.http, workers)
