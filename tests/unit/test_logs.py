"""Log lines: one JSON object each (or one human line), with the context of the request or event in hand."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from shared.config import ConfigError
from shared.log_context import log_context, safe_correlation_id
from shared.logs import configure_logging


@pytest.fixture
def log_lines():
    """Configure logging for 'intake' into a buffer; yield a function returning the lines written so far."""
    buffer = io.StringIO()

    def configure(environ):
        configure_logging("intake", environ)
        logging.getLogger().handlers[0].setStream(buffer)
        return lambda: buffer.getvalue().splitlines()

    yield configure
    logging.basicConfig(force=True, handlers=[logging.NullHandler()])


def test_a_json_line_has_the_common_fields_first_then_the_context_then_the_extras(log_lines):
    lines = log_lines({})
    with log_context(correlation_id="req-1", event_type="cv.received", event_id="e-1"):
        logging.getLogger("matcher.handlers").info("indexed %s", "সিভি", extra={"route": "/x/<id>"})
    [line] = lines()
    record = json.loads(line)
    assert list(record) == ["time", "service", "level", "logger", "message", "correlation_id", "event_type", "event_id", "route"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["time"])
    assert (record["service"], record["level"], record["logger"]) == ("intake", "INFO", "matcher.handlers")
    assert "indexed সিভি" in line  # non-ASCII as is: a search for a name finds it


def test_context_fields_are_left_out_when_unknown_and_restored_after_a_block(log_lines):
    lines = log_lines({})
    with log_context(correlation_id="outer"):
        with log_context(correlation_id="inner"):
            logging.getLogger("x").warning("a")
        logging.getLogger("x").warning("b")
    logging.getLogger("x").warning("c")
    assert [json.loads(line).get("correlation_id") for line in lines()] == ["inner", "outer", None]
    assert "correlation_id" not in json.loads(lines()[-1])


def test_an_exception_is_written_with_its_traceback(log_lines):
    lines = log_lines({})
    try:
        raise RuntimeError("database is locked")
    except RuntimeError:
        logging.getLogger("x").exception("handling failed")
    record = json.loads(lines()[0])
    assert record["level"] == "ERROR" and "RuntimeError: database is locked" in record["exception"]


def test_the_text_format_is_one_human_line_with_the_context_at_its_end(log_lines):
    lines = log_lines({"JOBMATCH_LOG_FORMAT": "text"})
    with log_context(correlation_id="req-1"):
        logging.getLogger("x").info("listening on http://127.0.0.1:8000")
    assert re.fullmatch(r"\S+ \S+ intake INFO x: listening on http://127.0.0.1:8000 \[correlation_id=req-1\]", lines()[0])


def test_an_unknown_format_is_refused_naming_the_variable():
    with pytest.raises(ConfigError, match="JOBMATCH_LOG_FORMAT"):
        configure_logging("intake", {"JOBMATCH_LOG_FORMAT": "xml"})


@pytest.mark.parametrize("value, kept", [
    ("0b9f6c2e-6f1d-4a8e-9a53-3d1f2b1c0e7a", True), ("kiosk-7.req:0042", True), ("x" * 64, True),
    ("x" * 65, False), ("", False), (None, False), ("has space", False), ("a\nfake line", False),
    ("-dash-first", False), ("name@example.com", False), ("রাকিব", False),
])
def test_only_short_safe_correlation_ids_are_kept(value, kept):
    assert safe_correlation_id(value) == (value if kept else None)
