"""Notifier's Prometheus metrics."""

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge
from sqlalchemy import func, select

from notifier import tables


@dataclass
class NotifierMetrics:
    """The notifier's counters and gauges, in their own registry."""

    registry: CollectorRegistry
    events_processed: Counter
    notifications_sent: Counter
    sms_parts_sent: Counter
    sms_parts_today: Gauge
    outbox_backlog: Gauge


def make_metrics() -> NotifierMetrics:
    """Create the notifier's metrics."""
    registry = CollectorRegistry()
    return NotifierMetrics(
        registry=registry,
        events_processed=Counter("jobmatch_events_processed", "Events handled for the first time", ["type"], registry=registry),
        notifications_sent=Counter("jobmatch_notifications_sent", "Messages delivered", ["channel", "kind"], registry=registry),
        sms_parts_sent=Counter("jobmatch_sms_parts_sent", "SMS parts handed to the gateway (what it bills)", registry=registry),
        sms_parts_today=Gauge("jobmatch_sms_parts_sent_today", "SMS parts sent since local midnight (the day's cost)",
                              registry=registry),
        outbox_backlog=Gauge("jobmatch_outbox_backlog", "Events stored but not yet published", registry=registry),
    )


def sms_parts_since(engine, since) -> int:
    """SMS parts of messages sent since ``since`` (UTC)."""
    n = tables.notifications.c
    with engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.sum(n.parts), 0))
                                .where(n.channel == "sms", n.status == "sent", n.sent_at >= since)).scalar())
