"""Notifier's database tables: how to reach candidates, and every notification."""

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint

from shared.db.outbox import outbox_table
from shared.db.processed_events import processed_events_table

metadata = MetaData()

contacts = Table(
    "contacts",
    metadata,
    Column("cv_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254)),
    Column("phone", String(20)),
    Column("language_pref", String(2), nullable=False),
    Column("fair_name", String(200)),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

# status: awaiting_contact -> pending -> sending -> sent | failed; skipped when unreachable;
# unconfirmed when a send was claimed but its outcome never recorded (see notifier.dispatcher).
notifications = Table(
    "notifications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cv_id", String(36), nullable=False, index=True),
    Column("posting_id", String(36), nullable=False, index=True),
    Column("posting_title", String(200), nullable=False),
    Column("employer", String(200), nullable=False),
    Column("score", String(20)),
    Column("channel", String(10)),
    Column("recipient", String(254)),
    Column("status", String(20), nullable=False, index=True),
    Column("detail", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("not_before", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("cv_id", "posting_id", name="one_notice_per_candidate_and_posting"),
)

processed_events = processed_events_table(metadata)
outbox = outbox_table(metadata)
