"""The event envelope every message on the bus travels in (JSON only, never pickle).

``id`` is the idempotency key: consumers record it with their effect so a redelivery has no
second effect. ``correlation_id`` follows one request through every service.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields

from shared.events.schemas import SCHEMAS

CONTENT_TYPE = "application/json"


class InvalidEvent(ValueError):
    """A message is not a valid event: bad JSON, bad envelope, unknown type or bad data."""


class _EnvelopeSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True)
    version = fields.Integer(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    producer = fields.String(required=True)
    correlation_id = fields.String(allow_none=True, load_default=None)
    data = fields.Dict(required=True)


@dataclass(frozen=True)
class Envelope:
    """One event: its identity, type, origin and validated data."""

    type: str
    data: dict
    producer: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    version: int = 1
    occurred_at: str = field(
        default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    )
    correlation_id: str | None = None

    def to_json(self) -> str:
        """Serialise to the wire format."""
        return json.dumps(
            {
                "id": self.id,
                "type": self.type,
                "version": self.version,
                "occurred_at": self.occurred_at,
                "producer": self.producer,
                "correlation_id": self.correlation_id,
                "data": self.data,
            },
            ensure_ascii=False,
        )


def _schema_for(event_type: str, version: int, unknown) -> Schema:
    schema_cls = SCHEMAS.get((event_type, version))
    if schema_cls is None:
        raise InvalidEvent(f"unknown event type {event_type!r} version {version}")
    return schema_cls(unknown=unknown)


def new_event(
    event_type: str, data: dict, *, producer: str, correlation_id: str | None = None
) -> Envelope:
    """Build an envelope after validating ``data`` strictly; raise InvalidEvent naming bad fields."""
    try:
        loaded = _schema_for(event_type, 1, RAISE).load(data)
    except ValidationError as exc:
        raise InvalidEvent(f"{event_type}: {exc.messages}") from exc
    dumped = _schema_for(event_type, 1, RAISE).dump(loaded)
    return Envelope(type=event_type, data=dumped, producer=producer, correlation_id=correlation_id)


def parse_event(body: str | bytes | dict) -> Envelope:
    """Decode and validate a received message tolerantly (unknown fields are ignored).

    Raises InvalidEvent for anything that is not a well-formed, known event.
    """
    if isinstance(body, (bytes, bytearray)):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidEvent("message body is not UTF-8") from exc
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except json.JSONDecodeError as exc:
            raise InvalidEvent(f"message body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise InvalidEvent("message body is not a JSON object")
    try:
        envelope = _EnvelopeSchema(unknown=EXCLUDE).load(body)
        data = _schema_for(envelope["type"], envelope["version"], EXCLUDE).load(envelope["data"])
    except ValidationError as exc:
        raise InvalidEvent(f"invalid event: {exc.messages}") from exc
    return Envelope(
        id=str(envelope["id"]),
        type=envelope["type"],
        version=envelope["version"],
        occurred_at=envelope["occurred_at"].isoformat(),
        producer=envelope["producer"],
        correlation_id=envelope["correlation_id"],
        data=data,
    )
