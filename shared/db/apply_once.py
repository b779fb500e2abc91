"""Applying an event's effect exactly once: the claim and the effect share one transaction (one event or a batch)."""

from __future__ import annotations

import logging
from typing import Callable, TypeVar

from sqlalchemy import Table
from sqlalchemy.engine import Engine

from shared.db.processed_events import claim_event, claim_events
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


def apply_many_once(
    engine: Engine, processed_events: Table, envelopes: list[Envelope], effect: Callable[..., T]
) -> list[tuple[Envelope, T]]:
    """Run ``effect(conn, envelope)`` for each of ``envelopes`` not applied before, all in one transaction
    with their claims.

    Returns ``(envelope, result)`` of those applied, after commit; an event seen before (earlier,
    or twice in the batch) is skipped. An exception from any ``effect`` rolls back every claim
    and effect of the batch, and propagates.
    """
    with engine.begin() as conn:
        fresh = claim_events(conn, processed_events, envelopes)
        if len(fresh) < len(envelopes):
            log.info("skipping %d of %d events: already processed", len(envelopes) - len(fresh), len(envelopes))
        return [(envelope, effect(conn, envelope)) for envelope in fresh]
