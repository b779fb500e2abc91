"""Employers' webhooks and their deliveries, on the notifier's metadata.

Importing this module adds both tables to ``notifier.tables.metadata``, so whatever reads the whole
metadata imports it first (bootstrap and the migrations' ``env.py`` do).
"""

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text

from notifier.tables import metadata

ACTIVE, DISABLED = "active", "disabled"
WEBHOOK_STATUSES = (ACTIVE, DISABLED)
PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"
DELIVERY_STATUSES = (PENDING, SENDING, DELIVERED, FAILED)
URL_MAX_LENGTH = 2000

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("employer_id", String(36), nullable=False, index=True),
    Column("url", String(URL_MAX_LENGTH), nullable=False),
    # The whsec_... signing secret, kept in clear: every delivery is signed with it.
    Column("secret", String(100), nullable=False),
    Column("status", String(10), nullable=False),
    Column("disabled_reason", Text),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
)

# id is the webhook-id header (receivers de-duplicate by it); payload is the body exactly as sent.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("webhook_id", String(36), nullable=False, index=True),
    Column("event_type", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("not_before", DateTime(timezone=True)),
    Column("claimed_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Index("ix_webhook_deliveries_due", "status", "not_before"),
)
