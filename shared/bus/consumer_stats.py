"""Counts of what a consumer did with its messages, for ``/api/v1/stats`` and ``/metrics``.

Counted per process since start: ``handled`` (handler returned, message acked), ``retried``
(handler failed, message put back with its attempt count), ``dead_lettered`` (sent to the
dead-letter queue), ``redelivered`` (a message seen again: broker redelivery or our retry).
``EventMetrics`` counts the same outcomes (but ``redelivered``) per event type, and times the
handler per event type; a message that is not a valid event is counted as type ``invalid``.
"""

from __future__ import annotations

import threading

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily

OUTCOMES = ("handled", "retried", "dead_lettered", "redelivered")
#: The type label of a message that is not a valid event (its own type is not trusted as a label).
INVALID_TYPE = "invalid"
#: Upper bounds of the handling latency buckets, in seconds (scoring a posting against many CVs takes seconds).
HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class ConsumerStats:
    """Thread-safe outcome counters."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(OUTCOMES, 0)

    def add(self, outcome: str) -> None:
        """Count one ``outcome`` (one of OUTCOMES; KeyError otherwise)."""
        with self._lock:
            self._counts[outcome] += 1

    def snapshot(self) -> dict[str, int]:
        """Return a copy of the counts."""
        with self._lock:
            return dict(self._counts)


class ConsumerStatsCollector:
    """Prometheus collector exposing ConsumerStats as ``jobmatch_consumer_messages_total``."""

    def __init__(self, stats: ConsumerStats):
        self.stats = stats

    def collect(self):
        """Yield one counter family labelled by outcome."""
        family = CounterMetricFamily(
            "jobmatch_consumer_messages", "Messages by what the consumer did with them", labels=["outcome"]
        )
        for outcome, count in self.stats.snapshot().items():
            family.add_metric([outcome], count)
        yield family


class EventMetrics:
    """Per event type: messages by outcome (``jobmatch_events_consumed_total``) and handler time.

    Made unregistered; ``register`` adds them to a service's registry.
    """

    def __init__(self):
        self.consumed = Counter("jobmatch_events_consumed", "Events a consumer finished with, by type and outcome",
                                ["type", "outcome"], registry=None)
        self.handling_seconds = Histogram("jobmatch_event_handling_seconds", "Time the service's handler took per event",
                                          ["type"], buckets=HANDLING_BUCKETS, registry=None)

    def register(self, registry: CollectorRegistry) -> None:
        """Add both metrics to ``registry`` (ValueError when it has them already)."""
        registry.register(self.consumed)
        registry.register(self.handling_seconds)
