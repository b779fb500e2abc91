"""Counts of what a consumer did with its messages, for ``/api/v1/stats`` and ``/metrics``.

Counted per process since start: ``handled`` (handler returned, message acked), ``retried``
(handler failed, message put back with its attempt count), ``dead_lettered`` (sent to the
dead-letter queue), ``redelivered`` (a message seen again: broker redelivery or our retry).
"""

from __future__ import annotations

import threading

from prometheus_client.core import CounterMetricFamily

OUTCOMES = ("handled", "retried", "dead_lettered", "redelivered")


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
