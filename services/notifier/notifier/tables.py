"""Notifier's database tables: how to reach candidates, and every notification."""

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

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
    Column("fair_id", String(36), index=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("candidate_token_hash", String(64), index=True),
    Column("notify_by_sms", Boolean, nullable=False, default=False),
    Column("notify_by_email", Boolean, nullable=False, default=False),
    Column("contact_verified", Boolean, nullable=False, default=False),
)

employers = Table(
    "employers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True),
)

# Postings closed, CVs withdrawn and candidates erased: no new notice goes out for them.
# kind: posting_closed | cv_withdrawn | candidate_erased; only ids, no personal data.
ended = Table(
    "ended",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("id", String(36), primary_key=True),
)

# kind: match (a match notice) | verification (the code that confirms a new contact) |
# change_code (the code that confirms a CV handed in again without its token); for the two
# codes, posting_id is "<kind>:<event id>" and the code is cleared once sent.
# status: awaiting_contact | awaiting_verification -> pending -> sending -> sent | failed;
# skipped when unreachable or without consent; cancelled when the posting closed, the CV was
# withdrawn or consent withdrawn first; erased with the candidate; unconfirmed when a send was
# claimed but its outcome never recorded (see notifier.dispatcher).
notifications = Table(
    "notifications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cv_id", String(36), nullable=False, index=True),
    # The candidate's fair, copied from their contact (when it arrives), for a fair's summary.
    Column("fair_id", String(36)),
    Column("posting_id", String(80), nullable=False, index=True),
    Column("kind", String(12), nullable=False, default="match"),
    Column("verification_code", String(12)),
    Column("posting_title", String(200), nullable=False),
    Column("employer", String(200), nullable=False),
    Column("score", String(20)),
    Column("channel", String(10)),
    Column("recipient", String(254)),
    Column("status", String(24), nullable=False, index=True),
    Column("detail", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("not_before", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_notifications_fair", "fair_id", "channel", "status", "kind"),
    UniqueConstraint("cv_id", "posting_id", name="one_notice_per_candidate_and_posting"),
)

processed_events = processed_events_table(metadata)
outbox = outbox_table(metadata)
