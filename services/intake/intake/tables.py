"""Intake's database tables."""

from sqlalchemy import JSON, Column, Date, DateTime, ForeignKey, MetaData, String, Table, Text

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

postings = Table(
    "postings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), ForeignKey("fairs.id")),
    Column("employer", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("location", String(100)),
    Column("location_policy", String(10)),
    Column("required_languages", JSON, nullable=False, default=list),
    Column("language_policy", String(10)),
    Column("min_education", String(20)),
    Column("education_policy", String(10)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

cvs = Table(
    "cvs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("fair_id", String(36), ForeignKey("fairs.id")),
    Column("name", String(200), nullable=False),
    Column("email", String(254)),
    Column("phone", String(20)),
    Column("language_pref", String(2), nullable=False),
    Column("text", Text, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("location", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

outbox = outbox_table(metadata)
