"""Reading a request's JSON body so that no body can cost more than its size or crash a handler.

``parse_json_object`` is the one way every service reads a JSON body. The body has already been
capped by the app's size limit (413 above it); here a body that is not JSON, not UTF-8, nested
deeper than ``MAX_DEPTH`` (Python's parser would raise ``RecursionError`` far deeper, or run out
of stack), or not an object is refused with ``BadJson`` (400). Depth is counted in one pass over
the bytes before parsing, so the refusal costs no more than reading the body.
"""

from __future__ import annotations

import json

from flask import Request
from webargs import core
from webargs.flaskparser import FlaskParser

MAX_DEPTH = 32


class BadJson(Exception):
    """The request body is not a JSON object a service can read; the message says why."""


def json_depth_exceeds(raw: bytes, limit: int) -> bool:
    """True when brackets outside strings in ``raw`` nest deeper than ``limit``."""
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def parse_json_object(request: Request) -> dict:
    """Return the request's body as a dict; raise BadJson saying what is wrong with it."""
    if not core.is_json(request.mimetype):
        raise BadJson("send a JSON object with Content-Type: application/json")
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise BadJson("the request body is empty; send a JSON object")
    if json_depth_exceeds(raw, MAX_DEPTH):
        raise BadJson(f"the JSON body is nested more than {MAX_DEPTH} levels deep")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadJson("the request body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BadJson(f"the request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except (ValueError, RecursionError):  # a number too long to convert, or nesting the scan missed
        raise BadJson("the request body is not JSON this service can read") from None
    if not isinstance(data, dict):
        raise BadJson("the request body must be a JSON object")
    return data


class SafeJsonParser(FlaskParser):
    """webargs' Flask parser reading JSON bodies with ``parse_json_object``."""

    def _raw_load_json(self, req: Request):
        return parse_json_object(req)
