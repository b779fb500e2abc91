"""Notifier's Prometheus metrics."""

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge


@dataclass
class NotifierMetrics:
    """The notifier's counters and gauges, in their own registry."""

    registry: CollectorRegistry
    events_processed: Counter
    notifications_sent: Counter
    outbox_backlog: Gauge


def make_metrics() -> NotifierMetrics:
    """Create the notifier's metrics."""
    registry = CollectorRegistry()
    return NotifierMetrics(
        registry=registry,
        events_processed=Counter("jobmatch_events_processed", "Events handled for the first time", ["type"], registry=registry),
        notifications_sent=Counter("jobmatch_notifications_sent", "Notifications delivered", registry=registry),
        outbox_backlog=Gauge("jobmatch_outbox_backlog", "Events stored but not yet published", registry=registry),
    )
