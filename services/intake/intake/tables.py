"""Intake's database tables."""

from sqlalchemy import (
    JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, LargeBinary, MetaData, String, Table, Text, UniqueConstraint,
)

from shared.db.outbox import outbox_table

metadata = MetaData()

fairs = Table(
    "fairs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("division", String(40), nullable=False),
    Column("venue", String(300)),
    Column("starts_on", Date),
    Column("ends_on", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

employers = Table(
    "employers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254)),
    Column("phone", String(20)),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

postings = Table(
    "postings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), ForeignKey("fairs.id")),
    Column("employer_id", String(36), ForeignKey("employers.id"), nullable=False, index=True),
    Column("employer", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("location", String(100)),
    Column("stall", String(20)),
    Column("location_policy", String(10)),
    Column("required_languages", JSON, nullable=False, default=list),
    Column("language_policy", String(10)),
    Column("min_education", String(20)),
    Column("education_policy", String(10)),
    Column("status", String(10), nullable=False, default="open"),
    Column("closed_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

cvs = Table(
    "cvs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), ForeignKey("fairs.id"), index=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), index=True),
    Column("phone", String(20), index=True),
    Column("language_pref", String(2), nullable=False),
    Column("text", Text, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("location", String(100)),
    Column("institution", String(200)),
    Column("status", String(10), nullable=False, default="active"),
    # typed | pdf | docx | text; extraction ok | needs_review (not matched while its text is empty).
    Column("source", String(8), nullable=False, default="typed"),
    # How it came in: kiosk (anyone, or its candidate), desk (the operator), import (a bulk import row).
    Column("channel", String(8), nullable=False, default="kiosk"),
    Column("extraction", String(12), nullable=False, default="ok"),
    Column("extraction_reason", String(200)),
    Column("withdrawn_at", DateTime(timezone=True)),
    Column("candidate_token_hash", String(64), nullable=False, unique=True),
    # What the candidate shows at a fair's gate (shared.registration_codes); 7 characters, no dash.
    Column("registration_code", String(7), index=True, unique=True),
    Column("share_with_employers", Boolean, nullable=False, default=False),
    Column("share_with_employers_at", DateTime(timezone=True)),
    Column("notify_by_sms", Boolean, nullable=False, default=False),
    Column("notify_by_sms_at", DateTime(timezone=True)),
    Column("notify_by_email", Boolean, nullable=False, default=False),
    Column("notify_by_email_at", DateTime(timezone=True)),
    Column("contact_verified", Boolean, nullable=False, default=False),
    Column("verification_code_hash", String(64)),
    Column("verification_attempts", Integer, nullable=False, default=0),
    Column("verified_at", DateTime(timezone=True)),
    # A change handed in again without the candidate's token, held until the code sent to the stored contact confirms it.
    Column("pending_changes", JSON),
    Column("pending_code_hash", String(64)),
    Column("pending_attempts", Integer, nullable=False, default=0),
    Column("pending_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The file a CV was handed in as, kept for its candidate, the operator and (with consent) employers.
# Deleted with the CV (erasure deletes the row in the same transaction).
cv_files = Table(
    "cv_files",
    metadata,
    Column("cv_id", String(36), ForeignKey("cvs.id", ondelete="CASCADE"), primary_key=True),
    Column("filename", String(200), nullable=False),
    Column("media_type", String(120), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A bulk import of a fair's CVs: the uploaded sheet (and ZIP of files) until it is done, and a report row per sheet row.
imports = Table(
    "imports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), ForeignKey("fairs.id"), nullable=False, index=True),
    Column("status", String(10), nullable=False),  # running | done
    Column("sheet_name", String(200), nullable=False),
    Column("sheet", LargeBinary),  # cleared when done: it holds personal data
    Column("files", LargeBinary),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False, default=0),
    Column("lease_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

import_rows = Table(
    "import_rows",
    metadata,
    Column("import_id", String(36), ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("status", String(10), nullable=False),  # accepted | duplicate | rejected
    Column("cv_id", String(36), index=True),
    Column("reason", String(300)),
)

outbox = outbox_table(metadata)

# Which CV an outbox event is about, so that erasing a candidate can find and scrub its events.
outbox_subjects = Table(
    "outbox_subjects",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("cv_id", String(36), nullable=False, index=True),
)

# Answers kept for the Idempotency-Key header (24 hours); ``status`` is NULL while the first request runs.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("caller", String(120), nullable=False),
    Column("path_hash", String(64), nullable=False),
    Column("key", String(255), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status", Integer),
    Column("body", Text),
    Column("location", String(300)),
    Column("resource_id", String(36), index=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    UniqueConstraint("caller", "path_hash", "key", name="uq_idempotency_caller_route_key"),
)
