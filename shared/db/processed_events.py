"""Processed-event records: what makes a consumer idempotent.

A consumer calls ``claim_event`` first inside the same transaction as its effect. If the event
was processed before (a redelivery or a duplicate), it returns False and the consumer does
nothing; the record and the effect commit or roll back together.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, MetaData, String, Table

from shared.db.upsert import insert_if_absent


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
