"""Prometheus metrics every consuming service exports the same way."""

from __future__ import annotations

import threading
from typing import Callable

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily

from shared.bus.consumer import EventConsumer
from shared.bus.consumer_stats import ConsumerStatsCollector
from shared.bus.dead_letters import dead_letter_count

#: ``jobmatch_dead_letters`` before the broker could ever be asked.
UNKNOWN_COUNT = -1.0


def register_consumer_metrics(registry: CollectorRegistry, consumer: EventConsumer) -> None:
    """Export ``consumer``'s outcome counts, its per-type event metrics and its dead-letter queue depth.

    The depth is read from the broker at scrape time (see ``DeadLetterCollector``).
    """
    registry.register(ConsumerStatsCollector(consumer.stats))
    consumer.metrics.register(registry)
    registry.register(DeadLetterCollector(lambda: dead_letter_count(consumer.settings, consumer.service)))


class DeadLetterCollector:
    """``jobmatch_dead_letters`` and ``jobmatch_dead_letters_known``, never NaN.

    ``read`` returns the queue's depth, or None when the broker cannot be asked. Then the depth
    keeps its last known value (UNKNOWN_COUNT = -1 if it never had one) and
    ``jobmatch_dead_letters_known`` is 0; it is 1 when the depth was read at this scrape. Alert
    on ``jobmatch_dead_letters > 0`` and, separately, on ``jobmatch_dead_letters_known == 0``.
    """

    def __init__(self, read: Callable[[], int | None]):
        self.read = read
        self._lock = threading.Lock()
        self._last = UNKNOWN_COUNT

    def describe(self):
        """The two gauges, without asking the broker (used when registering)."""
        return self._families(UNKNOWN_COUNT, False)

    def collect(self):
        """Ask the broker, then yield the depth and whether it was known."""
        count = self.read()
        with self._lock:
            if count is not None:
                self._last = float(count)
            last = self._last
        return self._families(last, count is not None)

    @staticmethod
    def _families(depth: float, known: bool):
        return [
            GaugeMetricFamily("jobmatch_dead_letters",
                              "Messages in this service's dead-letter queue (last known value; -1 before the first read)",
                              value=depth),
            GaugeMetricFamily("jobmatch_dead_letters_known",
                              "1 when jobmatch_dead_letters was read from the broker at this scrape, 0 when it could not be",
                              value=1.0 if known else 0.0),
        ]
