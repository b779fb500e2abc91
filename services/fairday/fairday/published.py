"""Fairday's events, stored in its outbox in the transaction of the change they report."""

from fairday import tables
from fairday.config import SERVICE
from shared.db.outbox import add_to_outbox
from shared.events.envelope import new_event


def publish(conn, event_type: str, data: dict) -> None:
    """Store a ``event_type`` event with ``data`` for the relay to publish."""
    add_to_outbox(conn, tables.outbox, new_event(event_type, data, producer=SERVICE))
