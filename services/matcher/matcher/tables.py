"""Matcher's database tables: the documents it indexes, the matches it published."""

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Index, MetaData, String, Table, Text

from shared.db.outbox import outbox_table
from shared.db.processed_events import processed_events_table

metadata = MetaData()

employers = Table(
    "employers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True),
)

# status: open | closed (a closed posting is out of the index; its stored matches stay).
postings = Table(
    "postings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("employer_id", String(36), index=True),
    Column("status", String(10), nullable=False, default="open"),
    Column("closed_at", DateTime(timezone=True)),
    Column("fair_id", String(36), index=True),
    Column("employer", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("location", String(100)),
    Column("constraints", JSON, nullable=False, default=dict),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# status: active | withdrawn. shared_contact: {name, email, phone} only with the candidate's consent.
cvs = Table(
    "cvs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("candidate_token_hash", String(64), index=True),
    Column("status", String(10), nullable=False, default="active"),
    Column("shared_contact", JSON),
    Column("has_file", Boolean, nullable=False, default=False),
    Column("fair_id", String(36), index=True),
    Column("text", Text, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("location", String(100)),
    Column("language_pref", String(2), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Documents out of matching for good: ("posting", id) once closed, ("cv", id) once withdrawn or
# erased, even when that event came before the document itself (events have no global order).
ended = Table(
    "ended",
    metadata,
    Column("kind", String(10), primary_key=True),
    Column("id", String(36), primary_key=True),
)

matches = Table(
    "matches",
    metadata,
    Column("posting_id", String(36), primary_key=True),
    Column("cv_id", String(36), primary_key=True),
    Column("score", Float, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("found_at", DateTime(timezone=True), nullable=False),
    Index("ix_matches_cv_id", "cv_id"),
)

# Each stored match's missing skills, one row each, for a match within one fair (posting and CV
# at the same fair_id): a fair's summary counts them in one indexed GROUP BY.
missing_skills = Table(
    "missing_skills",
    metadata,
    Column("posting_id", String(36), primary_key=True),
    Column("cv_id", String(36), primary_key=True, index=True),
    Column("skill", String(200), primary_key=True),
    Column("fair_id", String(36), nullable=False),
    Index("ix_missing_skills_fair", "fair_id", "skill", "cv_id", "posting_id"),
)

processed_events = processed_events_table(metadata)
outbox = outbox_table(metadata)
