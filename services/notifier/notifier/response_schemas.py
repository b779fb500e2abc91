"""Query and response schemas of the notifier's routes, as the OpenAPI document states them."""

from marshmallow import Schema, fields

from shared.http.fields import Text, UtcDateTime
from shared.http.paging import page_args_schema


class NotificationFilter(page_args_schema()):
    """Which notifications to list: one CV's, one posting's, or both; a page of them."""

    cv_id = Text(max_length=64, blank_ok=True, load_default=None)
    posting_id = Text(max_length=64, blank_ok=True, load_default=None)


class NotificationOut(Schema):
    """One notice to a candidate and what became of it."""

    id = fields.String(required=True)
    cv_id = fields.String(required=True)
    posting_id = fields.String(required=True)
    channel = fields.String(allow_none=True)
    recipient = fields.String(allow_none=True)
    status = fields.String(required=True)
    detail = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    sent_at = UtcDateTime(allow_none=True)


class NotificationList(Schema):
    """A page of notifications, oldest first."""

    notifications = fields.List(fields.Nested(NotificationOut), required=True)


class NotifierStats(Schema):
    """Notifications by status, consumer outcomes, dead letters and events not yet published."""

    notifications = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    events_processed = fields.Integer(required=True)
    consumer = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    dead_letters = fields.Integer(allow_none=True)
    outbox_backlog = fields.Integer(required=True)


class FairCandidates(Schema):
    """A fair's candidates the notifier can reach."""

    total = fields.Integer(required=True)
    verified = fields.Integer(required=True)


class FairNotifications(Schema):
    """A fair's notices: per channel by status, by status, by kind (match, verification, change_code)."""

    by_channel = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer()), required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_kind = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class FairSummary(Schema):
    """What the notifier knows of a fair."""

    fair_id = fields.String(required=True)
    candidates = fields.Nested(FairCandidates, required=True)
    notifications = fields.Nested(FairNotifications, required=True)
