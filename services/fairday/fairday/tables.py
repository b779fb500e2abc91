"""Fairday's database tables: copies of what it needs from the bus, and the fair day's own records."""

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from shared.db.outbox import outbox_table
from shared.db.processed_events import processed_events_table

metadata = MetaData()

# From the bus (employer.registered, posting.*, cv.*, candidate.*, match.found).
employers = Table(
    "employers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
)

# status: open | closed.
postings = Table(
    "postings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("employer_id", String(36), index=True),
    Column("fair_id", String(36), index=True),
    Column("employer", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("stall", String(40)),
    Column("status", String(10), nullable=False, default="open"),
)

# What fairday knows of a CV: no text, phone or email. name: for the offer letter only.
cvs = Table(
    "cvs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), index=True),
    Column("registration_code", String(7), unique=True),
    Column("candidate_token_hash", String(64), index=True),
    Column("name", String(200)),
    Column("language_pref", String(2), nullable=False, default="en"),
    Column("district", String(100)),
    Column("institution", String(200)),
    Column("status", String(10), nullable=False, default="active"),
    Column("received_at", DateTime(timezone=True)),
)

matches = Table(
    "matches",
    metadata,
    Column("posting_id", String(36), primary_key=True),
    Column("cv_id", String(36), primary_key=True),
    Column("score", Float, nullable=False),
    Column("found_at", DateTime(timezone=True)),  # when the matcher published it
    Index("ix_matches_cv_id", "cv_id"),
)

# ("posting", id) once closed, ("cv", id) once withdrawn or erased, even before the document arrived.
ended = Table(
    "ended",
    metadata,
    Column("kind", String(10), primary_key=True),
    Column("id", String(36), primary_key=True),
)

# The fair day's own records (exported and imported by id).
volunteers = Table(
    "volunteers",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("fair_id", String(36), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

presence = Table(
    "presence",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), nullable=False),
    Column("employer_id", String(36), nullable=False),
    Column("stall", String(40)),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fair_id", "employer_id", name="uq_presence_fair_employer"),
)

# stalls: the suggestions sent at check-in (the candidate.checked_in event's list). stalls_pending: a
# walk-in checked in before the matcher's matches for the new CV arrived; the suggestions (and the
# event) wait for them (``pending_suggestions``).
checkins = Table(
    "checkins",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), nullable=False),
    Column("cv_id", String(36), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("walk_in", Boolean, nullable=False, default=False),
    Column("stalls_pending", Boolean, nullable=False, default=False),
    Column("stalls", JSON, nullable=False, default=list),
    UniqueConstraint("fair_id", "cv_id", name="uq_checkins_fair_cv"),
)

# status: called | no_show | seen (an interview was recorded after it).
calls = Table(
    "calls",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), nullable=False),
    Column("cv_id", String(36), nullable=False, index=True),
    Column("employer_id", String(36), nullable=False),
    Column("posting_id", String(36)),
    Column("stall", String(40)),
    Column("status", String(10), nullable=False, default="called"),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_calls_fair_employer", "fair_id", "employer_id"),
)

# One row per candidate and fair: which stall's call holds them, until when.
holds = Table(
    "holds",
    metadata,
    Column("fair_id", String(36), primary_key=True),
    Column("cv_id", String(36), primary_key=True),
    Column("employer_id", String(36), nullable=False),
    Column("call_id", String(36), nullable=False),
    Column("held_until", DateTime(timezone=True), nullable=False),
)

interviews = Table(
    "interviews",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), nullable=False),
    Column("cv_id", String(36), nullable=False, index=True),
    Column("employer_id", String(36), nullable=False),
    Column("employer", String(200), nullable=False),
    Column("posting_id", String(36), nullable=False),
    Column("title", String(200), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("outcome", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fair_id", "cv_id", "posting_id", name="uq_interviews_fair_cv_posting"),
    Index("ix_interviews_fair_employer", "fair_id", "employer_id"),
)

processed_events = processed_events_table(metadata)
outbox = outbox_table(metadata)
