"""Query and response schemas of the notifier's routes, as the OpenAPI document states them."""

from marshmallow import Schema, fields

from shared.http.fields import Text, UtcDateTime
from shared.http.paging import page_args_schema


class NotificationFilter(page_args_schema()):
    """Which notifications to list: one CV's, one posting's, or both; a page of them."""

    cv_id = Text(max_length=64, blank_ok=True, load_default=None)
    posting_id = Text(max_length=64, blank_ok=True, load_default=None)


class CarriedMatch(Schema):
    """A match a digest told the candidate about."""

    posting_id = fields.String(required=True)
    posting_title = fields.String(required=True)
    employer = fields.String(required=True)
    score = fields.Float(required=True)


class NotificationOut(Schema):
    """One message to a candidate and what became of it."""

    id = fields.String(required=True)
    cv_id = fields.String(required=True)
    kind = fields.String(required=True, metadata={
        "description": "digest | verification | change_code | fair_stalls | fair_call | fair_offer"})
    channel = fields.String(allow_none=True)
    recipient = fields.String(allow_none=True)
    status = fields.String(required=True, metadata={
        "description": "queued | deferred | sending | sent | failed | suppressed | unconfirmed | erased"})
    detail = fields.String(allow_none=True, metadata={"description": "why deferred, suppressed or failed"})
    parts = fields.Integer(allow_none=True, metadata={"description": "SMS parts (what the gateway bills)"})
    attempts = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    not_before = UtcDateTime(allow_none=True, metadata={"description": "when a queued or deferred message is due"})
    sent_at = UtcDateTime(allow_none=True)
    matches = fields.List(fields.Nested(CarriedMatch), required=True, metadata={"description": "best first"})


class NotificationList(Schema):
    """A page of notifications, oldest first."""

    notifications = fields.List(fields.Nested(NotificationOut), required=True)


class NotifierStats(Schema):
    """Messages by status, matches by status, consumer outcomes, dead letters and events not yet published."""

    notifications = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    matches = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True, metadata={
        "description": "matches kept for digests, by status: waiting, announced, cancelled, erased"})
    events_processed = fields.Integer(required=True)
    consumer = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    dead_letters = fields.Integer(allow_none=True)
    outbox_backlog = fields.Integer(required=True)


class FairCandidates(Schema):
    """A fair's candidates the notifier can reach."""

    total = fields.Integer(required=True)
    verified = fields.Integer(required=True)
    told = fields.Integer(required=True, metadata={"description": "candidates sent at least one digest of matches"})


class FairNotifications(Schema):
    """A fair's messages: per channel by status, by status, by kind (digest, the codes, the fair-day messages)."""

    by_channel = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer()), required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_kind = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class FairSummary(Schema):
    """What the notifier knows of a fair."""

    fair_id = fields.String(required=True)
    candidates = fields.Nested(FairCandidates, required=True)
    notifications = fields.Nested(FairNotifications, required=True)


class UnsubscribeAnswer(Schema):
    """What a one-click unsubscribe did."""

    done = fields.Boolean(required=True)
    detail = fields.String(required=True)


class LinkAnswer(Schema):
    """A short link opened: the candidate's CV id and a credential for their private page."""

    cv_id = fields.String(required=True)
    credential = fields.String(required=True)
