"""Prometheus metrics every consuming service exports the same way."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge

from shared.bus.consumer import EventConsumer
from shared.bus.consumer_stats import ConsumerStatsCollector
from shared.bus.dead_letters import dead_letter_count


def register_consumer_metrics(registry: CollectorRegistry, consumer: EventConsumer) -> None:
    """Export ``consumer``'s outcome counts and its dead-letter queue depth.

    The depth is read from the broker at scrape time; NaN while the broker cannot be asked.
    """
    registry.register(ConsumerStatsCollector(consumer.stats))
    gauge = Gauge(
        "jobmatch_dead_letters",
        "Messages in this service's dead-letter queue (NaN: broker unreachable)",
        registry=registry,
    )

    def depth() -> float:
        count = dead_letter_count(consumer.settings, consumer.service)
        return float("nan") if count is None else float(count)

    gauge.set_function(depth)
