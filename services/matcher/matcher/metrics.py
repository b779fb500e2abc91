"""Matcher's Prometheus metrics."""

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge


@dataclass
class MatcherMetrics:
    """The matcher's counters and gauges, in their own registry."""

    registry: CollectorRegistry
    events_processed: Counter
    indexed_documents: Gauge
    outbox_backlog: Gauge
    index_load_failures: Gauge


def make_metrics() -> MatcherMetrics:
    """Create the matcher's metrics."""
    registry = CollectorRegistry()
    return MatcherMetrics(
        registry=registry,
        events_processed=Counter("jobmatch_events_processed", "Events handled for the first time", ["type"], registry=registry),
        indexed_documents=Gauge("jobmatch_indexed_documents", "Documents in the index", ["kind"], registry=registry),
        outbox_backlog=Gauge("jobmatch_outbox_backlog", "Events stored but not yet published", registry=registry),
        index_load_failures=Gauge(
            "jobmatch_index_load_failures", "Stored documents skipped at start-up because they failed to index",
            registry=registry,
        ),
    )
