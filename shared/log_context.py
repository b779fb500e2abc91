"""What a log line is about: the request's or event's correlation id, and the event in hand.

Held in context variables, so each HTTP request and each consumed event has its own, in
whichever thread it runs. ``log_context`` sets fields for a block and restores the earlier
values after it; ``ContextFilter`` copies the fields that are set onto every log record, and
``new_event`` reads ``current_correlation_id`` so an event made while handling a request or an
event carries that id.

A correlation id arrives from outside (the ``X-Correlation-ID`` header, an event's envelope):
``safe_correlation_id`` keeps only short ids of safe characters, so one can neither forge log
lines nor carry much text into every log line and event.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

#: The fields a log record gets from the context, when set.
FIELDS = ("correlation_id", "event_type", "event_id")

_VARS: dict[str, ContextVar[str | None]] = {name: ContextVar(f"jobmatch_{name}", default=None) for name in FIELDS}
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def safe_correlation_id(value: str | None) -> str | None:
    """``value`` when it is 1-64 letters, digits, ``.``, ``_``, ``:`` or ``-`` (starting alphanumeric), else None."""
    if value and _SAFE_ID.fullmatch(value):
        return value
    return None


def new_correlation_id() -> str:
    """A fresh correlation id (a UUID4)."""
    return str(uuid.uuid4())


def current_correlation_id() -> str | None:
    """The correlation id of the request or event being handled in this context, or None."""
    return _VARS["correlation_id"].get()


def current_fields() -> dict[str, str]:
    """The context fields that are set, by name."""
    return {name: value for name, var in _VARS.items() if (value := var.get()) is not None}


@contextmanager
def log_context(**fields: str | None):
    """Set context ``fields`` (names from FIELDS; KeyError otherwise) for the block, then restore them."""
    tokens = [(_VARS[name], _VARS[name].set(value)) for name, value in fields.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


class ContextFilter(logging.Filter):
    """Adds the set context fields to each record it sees (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in current_fields().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True
