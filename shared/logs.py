"""Logging set-up shared by the services: one JSON object per line, or one human line per record.

``JOBMATCH_LOG_FORMAT`` picks the format: ``json`` (the default, what a log pipeline reads) or
``text`` (for reading in a terminal). A JSON line holds ``time`` (UTC, ISO 8601), ``service``,
``level``, ``logger`` and ``message``; then, when known, ``correlation_id``, ``event_type`` and
``event_id`` (see ``shared.log_context``), a record's extra fields (the access log's ``route``,
``status``, ...), and ``exception`` with the traceback's text. Non-ASCII text is written as is, so
a line reads the same as the text it came from (and a test looking for a Bengali name finds it).
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime, timezone

from pythonjsonlogger.core import RESERVED_ATTRS, merge_record_extra
from pythonjsonlogger.json import JsonFormatter

from shared.config import ConfigError
from shared.log_context import FIELDS, ContextFilter

FORMATS = ("json", "text")


class ServiceJsonFormatter(JsonFormatter):
    """A record as one JSON object, the common fields first; see the module docstring."""

    def __init__(self, service: str):
        super().__init__(json_ensure_ascii=False, reserved_attrs=[*RESERVED_ATTRS, "message", "asctime"])
        self.service = service

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        """Fill ``log_data`` in this order: common fields, context fields, extras, exception."""
        log_data["time"] = utc_iso(record.created)
        log_data["service"] = self.service
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = record.message
        for name in FIELDS:
            if getattr(record, name, None) is not None:
                log_data[name] = getattr(record, name)
        merge_record_extra(record, log_data, reserved=self._skip_fields)
        if message_dict.get("exc_info"):
            log_data["exception"] = message_dict.pop("exc_info")
        if message_dict.get("stack_info"):
            log_data["stack"] = message_dict.pop("stack_info")
        log_data.update(message_dict)


class ServiceTextFormatter(logging.Formatter):
    """``<time> <service> <LEVEL> <logger>: <message> [correlation_id=... event_type=...]``, then any traceback."""

    def __init__(self, service: str):
        super().__init__(f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        context = " ".join(f"{name}={getattr(record, name)}" for name in FIELDS if getattr(record, name, None) is not None)
        return f"{line} [{context}]" if context else line


def utc_iso(created: float) -> str:
    """A record's creation time as UTC ISO 8601 with milliseconds (``2026-05-04T09:30:00.123Z``)."""
    return datetime.fromtimestamp(created, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def log_formatter(service: str, log_format: str) -> logging.Formatter:
    """The formatter for ``log_format`` (one of FORMATS); ConfigError naming JOBMATCH_LOG_FORMAT otherwise."""
    if log_format == "json":
        return ServiceJsonFormatter(service)
    if log_format == "text":
        return ServiceTextFormatter(service)
    raise ConfigError(f"JOBMATCH_LOG_FORMAT must be one of {', '.join(FORMATS)}, got {log_format!r}")


def configure_logging(service: str, environ=os.environ) -> None:
    """Send log records to stderr at ``JOBMATCH_LOG_LEVEL`` (default INFO) in ``JOBMATCH_LOG_FORMAT`` (default json).

    Raises ConfigError for an unknown format.
    """
    level = environ.get("JOBMATCH_LOG_LEVEL", "INFO").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(log_formatter(service, (environ.get("JOBMATCH_LOG_FORMAT") or "json").lower()))
    handler.addFilter(ContextFilter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # kombu and amqp are noisy at INFO about reconnects we already log ourselves.
    logging.getLogger("amqp").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # Alembic says one INFO line per plugin it sets up, at every start that checks the schema.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
