"""Request and response schemas of the webhook routes, as the OpenAPI document states them."""

from marshmallow import Schema, fields

from notifier.webhook_tables import URL_MAX_LENGTH
from shared.http.fields import Text, UtcDateTime
from shared.http.paging import page_args_schema


class WebhookIn(Schema):
    """Where to POST an employer's events: an https URL."""

    url = Text(max_length=URL_MAX_LENGTH, required=True, metadata={"example": "https://hr.example.com/jobmatch/hook"})


class WebhookCreated(Schema):
    """A new webhook with its signing secret, shown only in this answer."""

    id = fields.String(required=True)
    url = fields.String(required=True)
    status = fields.String(required=True)
    secret = fields.String(required=True, metadata={"description": "whsec_...: verify each delivery's signature with it"})
    created_at = UtcDateTime(required=True)


class WebhookOut(Schema):
    """A webhook and its health (never its secret)."""

    id = fields.String(required=True)
    employer_id = fields.String(required=True)
    url = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "active | disabled"})
    disabled_reason = fields.String(allow_none=True)
    consecutive_failures = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    disabled_at = UtcDateTime(allow_none=True)


class WebhookList(Schema):
    """Webhooks, oldest first."""

    webhooks = fields.List(fields.Nested(WebhookOut), required=True)


class DeliveryPage(page_args_schema(default_limit=50, max_limit=500)):
    """A page of a webhook's deliveries, newest first."""


class DeliveryOut(Schema):
    """One event sent (or being sent) to a webhook."""

    id = fields.String(required=True, metadata={"description": "The webhook-id header"})
    event_type = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "pending | sending | delivered | failed"})
    attempts = fields.Integer(required=True)
    last_error = fields.String(allow_none=True)
    not_before = UtcDateTime(allow_none=True)
    created_at = UtcDateTime(required=True)
    delivered_at = UtcDateTime(allow_none=True)


class DeliveryList(Schema):
    """A webhook's deliveries, newest first."""

    deliveries = fields.List(fields.Nested(DeliveryOut), required=True)
