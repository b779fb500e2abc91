"""What one delivery attempt's outcome means, and when to try again.

An answer 2xx is delivered. A connection error, a timeout, 5xx, 429 and 408 are transient: the
delivery is tried again after a delay drawn uniformly from 0 to ``base * 2**(attempts-1)``
seconds, capped at ``max_delay`` ("full jitter"), until ``max_attempts``. Any other answer
(3xx: redirects are not followed; 4xx) fails the delivery at once; 410 Gone also disables the
webhook.
"""

from __future__ import annotations

import random

from notifier.webhook_settings import WebhookSettings

#: The outcomes of one attempt.
SUCCEEDED, TRANSIENT, PERMANENT, GONE = "succeeded", "transient", "permanent", "gone"
TRANSIENT_STATUSES = frozenset({408, 429})


def outcome_of_status(status: int) -> str:
    """SUCCEEDED, TRANSIENT, PERMANENT or GONE for an HTTP answer ``status``."""
    if 200 <= status < 300:
        return SUCCEEDED
    if status == 410:
        return GONE
    if status >= 500 or status in TRANSIENT_STATUSES:
        return TRANSIENT
    return PERMANENT


def retry_delay(attempts: int, settings: WebhookSettings, rng: random.Random = random) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (full jitter, exponential, capped)."""
    ceiling = min(settings.max_delay_seconds, settings.base_delay_seconds * 2 ** min(max(0, attempts - 1), 40))
    return rng.uniform(0, ceiling)
