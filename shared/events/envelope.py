"""The event envelope every message on the bus travels in (JSON only, never pickle).

``id`` is the idempotency key: consumers record it with their effect so a redelivery has no
second effect. ``correlation_id`` follows one request through every service: an event made
without one takes the correlation id of the request or event being handled (``shared.log_context``).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields

from shared.events.schemas import SCHEMAS
from shared.log_context import current_correlation_id

CONTENT_TYPE = "application/json"
# Deepest nesting of objects and arrays a received message may have (the envelope is depth 1,
# its ``data`` depth 2; real events stay well under 10).
MAX_NESTING_DEPTH = 32


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
    # The JSON this envelope was read back from (``from_stored_json``), sent as it is: not an
    # init argument, so ``dataclasses.replace`` (a changed copy) starts without it.
    stored_json: str | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_stored_json(cls, payload: str) -> "Envelope":
        """The envelope this service serialised with ``to_json`` and stored (e.g. an outbox row), keeping
        ``payload`` so that ``to_json`` returns it instead of encoding the data again."""
        raw = json.loads(payload)
        envelope = cls(type=raw["type"], data=raw["data"], producer=raw["producer"], id=raw["id"],
                       version=raw["version"], occurred_at=raw["occurred_at"], correlation_id=raw.get("correlation_id"))
        object.__setattr__(envelope, "stored_json", payload)
        return envelope

    def to_json(self) -> str:
        """Serialise to the wire format (the stored JSON as it is, for an envelope read back from storage)."""
        if self.stored_json is not None:
            return self.stored_json
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
    return _schema(schema_cls, unknown)


@lru_cache(maxsize=None)
def _schema(schema_cls: type[Schema], unknown) -> Schema:
    """One instance per schema and unknown-field rule: building a marshmallow schema costs more than a load."""
    return schema_cls(unknown=unknown)


def new_event(
    event_type: str, data: dict, *, producer: str, correlation_id: str | None = None, version: int = 1
) -> Envelope:
    """Build an envelope after validating ``data`` strictly; raise InvalidEvent naming bad fields.

    Without ``correlation_id`` the envelope gets the one of the request or event in hand, if any.
    ``version``: of the event type's schema (``shared.events.schemas.SCHEMAS``).
    """
    schema = _schema_for(event_type, version, RAISE)
    try:
        loaded = schema.load(data)
    except ValidationError as exc:
        raise InvalidEvent(f"{event_type}: {exc.messages}") from exc
    return Envelope(
        type=event_type, data=schema.dump(loaded), producer=producer, version=version,
        correlation_id=correlation_id or current_correlation_id(),
    )


def parse_event(body: str | bytes | dict) -> Envelope:
    """Decode and validate a received message tolerantly (unknown fields are ignored).

    Raises InvalidEvent for anything that is not a well-formed, known event, whatever the
    bytes: not UTF-8, not JSON, nested deeper than MAX_NESTING_DEPTH, numbers too long to
    convert, strings holding NUL or a lone surrogate (no database can store them), a bad
    envelope, an unknown type or bad data. No other exception escapes.
    """
    try:
        return _parse_event(body)
    except InvalidEvent:
        raise
    except (RecursionError, MemoryError) as exc:
        raise InvalidEvent(f"message could not be decoded: {type(exc).__name__}") from None
    except Exception as exc:  # a decoder bug must not stop a consumer: the message is invalid
        raise InvalidEvent(f"message could not be decoded: {type(exc).__name__}") from exc


def _parse_event(body: str | bytes | dict) -> Envelope:
    if isinstance(body, (bytes, bytearray)):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidEvent("message body is not UTF-8") from exc
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except RecursionError:
            raise InvalidEvent(f"message body is nested deeper than {MAX_NESTING_DEPTH} levels") from None
        except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
            raise InvalidEvent(f"message body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise InvalidEvent("message body is not a JSON object")
    _check_storable(body)
    try:
        envelope = _schema(_EnvelopeSchema, EXCLUDE).load(body)
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


def _check_storable(body: dict) -> None:
    """Raise InvalidEvent for nesting past MAX_NESTING_DEPTH or a string with NUL or a lone surrogate."""
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_string(value)
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_NESTING_DEPTH:
            raise InvalidEvent(f"message body is nested deeper than {MAX_NESTING_DEPTH} levels")
        if isinstance(value, dict):
            for key, item in value.items():
                _check_string(key)
                pending.append((item, depth + 1))
        else:
            pending.extend((item, depth + 1) for item in value)


def _check_string(value: str) -> None:
    if "\x00" in value:
        raise InvalidEvent("message body has a NUL character in a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEvent("message body has a lone surrogate in a string") from None
