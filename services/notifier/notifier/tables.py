"""Notifier's database tables: how to reach candidates and employers, their matches, and every message."""

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Index, Integer, MetaData, String, Table, Text

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
    Column("registration_code", String(8)),  # shown at a fair's gate (XXX-XXXX); the first SMS carries it
    # Set by a one-click unsubscribe: no digest goes out until the candidate consents again.
    Column("opted_out_at", DateTime(timezone=True)),
)

employers = Table(
    "employers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("name", String(200)),
    # Where the employer's digest of new strong candidates goes; None: no digest.
    Column("email", String(254)),
    Column("opted_out_at", DateTime(timezone=True)),
)

# Postings closed, CVs withdrawn and candidates erased: no new notice goes out for them.
# kind: posting_closed | cv_withdrawn | candidate_erased; only ids, no personal data.
ended = Table(
    "ended",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("id", String(36), primary_key=True),
)

# What the notifier knows of each open posting, for digests: whose it is, where its stall is.
postings = Table(
    "postings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("employer_id", String(36), index=True),
    Column("title", String(200), nullable=False),
    Column("employer", String(200), nullable=False),
    Column("fair_id", String(36)),
    Column("fair_name", String(200)),
    Column("fair_venue", String(300)),
    Column("fair_starts_on", String(10)),
    Column("stall", String(20)),
)

# Each match the candidate may be told about, once. status: waiting (not yet in a digest) ->
# announced (carried by notification ``notice_id``); cancelled when the posting closed or the CV
# was withdrawn first; erased with the candidate. ``employer_notice_id``: the employer digest
# that carried it (None while it waits for one, or when the employer gets no digests).
matches = Table(
    "matches",
    metadata,
    Column("cv_id", String(36), primary_key=True),
    Column("posting_id", String(36), primary_key=True),
    Column("score", Float, nullable=False),
    Column("posting_title", String(200), nullable=False),
    Column("employer", String(200), nullable=False),
    Column("employer_id", String(36)),
    # The skills that made the match, as the matcher named them, and their Bengali labels.
    Column("reasons", JSON, nullable=False),
    Column("status", String(12), nullable=False),
    Column("notice_id", String(36), index=True),
    Column("employer_notice_id", String(36), index=True),
    Column("found_at", DateTime(timezone=True), nullable=False),
    # The match.found event's correlation id: the candidate's notification.sent carries it on.
    Column("correlation_id", String(64)),
    Index("ix_matches_waiting", "cv_id", "status"),
    Index("ix_matches_employer_waiting", "employer_id", "employer_notice_id"),
)

# One row per message: a candidate's digest of matches, a code, a fair-day message, or an employer's digest.
# kind: digest | verification | change_code (the codes: the text is composed from
# ``verification_code``, cleared once sent) | fair_stalls | fair_call | fair_offer (composed from
# ``facts``, cleared once sent; see notifier.message_kinds) | employer_digest (``employer_id`` set, no cv_id).
# status: queued (due at ``not_before``) | deferred (quiet hours or the daily cap; due at
# ``not_before``) -> sending -> sent | failed (permanent, or out of attempts); suppressed (with
# ``detail``: no consent, opted out, withdrawn, nothing left to tell); erased with the candidate;
# unconfirmed when a send was claimed but its outcome never recorded (see notifier.dispatcher).
notifications = Table(
    "notifications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cv_id", String(36), index=True),
    Column("employer_id", String(36), index=True),
    # The candidate's fair, copied from their contact, for a fair's summary.
    Column("fair_id", String(36)),
    Column("kind", String(16), nullable=False),
    Column("verification_code", String(12)),
    # What a fair-day message tells, as its event said it: the stalls to visit, the stall that called, the offer.
    Column("facts", JSON),
    Column("channel", String(10)),
    Column("recipient", String(254)),
    Column("status", String(24), nullable=False, index=True),
    Column("detail", Text),
    Column("parts", Integer),
    Column("gateway_id", String(100)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("not_before", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    # What a message answers, so it is made once however often that arrives: a code event, a check-in
    # at a fair (once per candidate and fair), a call, an interview.
    Column("cause_id", String(80), unique=True),
    Index("ix_notifications_fair", "fair_id", "channel", "status", "kind"),
    Index("ix_notifications_due", "status", "not_before"),
)

# Short codes of candidates' private links (only their SHA-256 is kept), and the secret that
# signs one-click unsubscribe links.
links = Table(
    "links",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("cv_id", String(36), nullable=False, index=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

processed_events = processed_events_table(metadata)
outbox = outbox_table(metadata)
