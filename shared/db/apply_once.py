"""Applying an event's effect exactly once: the claim and the effect share one transaction."""

from __future__ import annotations

import logging
from typing import Callable, TypeVar

from sqlalchemy import Table
from sqlalchemy.engine import Engine

from shared.db.processed_events import claim_event
from shared.events.envelope import Envelope

log = logging.getLogger(__name__)
T = TypeVar("T")


def apply_once(engine: Engine, processed_events: Table, envelope: Envelope, effect: Callable[..., T]) -> tuple[bool, T | None]:
    """Run ``effect(conn)`` in a transaction that also claims ``envelope.id``.

    Returns ``(True, result)`` after commit, or ``(False, None)`` if the event was applied
    before (a redelivery or a duplicate), in which case ``effect`` does not run. An exception
    from ``effect`` rolls back both the claim and the effect, and propagates.
    """
    with engine.begin() as conn:
        if not claim_event(conn, processed_events, envelope.id, envelope.type):
            log.info("skipping %s %s: already processed", envelope.type, envelope.id)
            return False, None
        return True, effect(conn)
