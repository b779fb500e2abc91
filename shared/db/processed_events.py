"""Processed-event records: what makes a consumer idempotent.

A consumer calls ``claim_event`` first inside the same transaction as its effect. If the event
was processed before (a redelivery or a duplicate), it returns False and the consumer does
nothing; the record and the effect commit or roll back together.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, MetaData, String, Table

from shared.db.upsert import insert_absent_rows, insert_if_absent


def processed_events_table(metadata: MetaData) -> Table:
    """Define the ``processed_events`` table in ``metadata``."""
    return Table(
        "processed_events",
        metadata,
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(64), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )


def claim_event(conn, table: Table, event_id: str, event_type: str) -> bool:
    """Record ``event_id`` as processed; return False if it already was (do nothing then)."""
    return insert_if_absent(
        conn,
        table,
        {"event_id": event_id, "event_type": event_type, "processed_at": datetime.now(timezone.utc)},
    )


def claim_events(conn, table: Table, envelopes: list) -> list:
    """Record each of ``envelopes`` as processed in one statement; return those not processed before, in order.

    An id that appears twice in ``envelopes`` is claimed (and returned) once, at its first place.
    """
    seen: set[str] = set()
    first = [e for e in envelopes if not (e.id in seen or seen.add(e.id))]
    at = datetime.now(timezone.utc)
    claimed = insert_absent_rows(conn, table, [{"event_id": e.id, "event_type": e.type, "processed_at": at} for e in first])
    return [envelope for envelope in first if (envelope.id,) in claimed]
