"""RFC 9457 problem responses (``application/problem+json``) for every error a service returns.

Validation errors name each bad field under ``errors``; the client never gets an HTML page.
"""

from __future__ import annotations

from flask import Flask, Response, json
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from shared.http.request_body import BadJson

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None, **extra) -> Response:
    """Build a problem response with ``status``, ``title`` and optional ``detail`` and fields."""
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update({key: _string_keys(value) for key, value in extra.items()})
    return Response(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


def _string_keys(value):
    """``value`` with every dict key a string (marshmallow numbers list items' errors)."""
    if isinstance(value, dict):
        return {str(k): _string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v) for v in value]
    return value


def register_problem_handlers(app: Flask) -> None:
    """Turn validation errors, bad JSON and HTTP errors into problem responses."""

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError):
        return problem(
            422,
            "Invalid request",
            "One or more fields are invalid; see errors.",
            errors=exc.normalized_messages(),
        )

    @app.errorhandler(BadJson)
    def _bad_json(exc: BadJson):
        return problem(400, "Bad request", str(exc))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        data = getattr(exc, "data", None) or {}
        if "messages" in data:  # webargs: {location: {field: [messages]}}
            return problem(
                exc.code or 422,
                "Invalid request",
                "One or more fields are invalid; see errors.",
                errors=_field_errors(data["messages"]),
            )
        response = problem(exc.code or 500, exc.name, exc.description)
        for name, value in exc.get_headers():  # Allow on a 405, Retry-After on a 429
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return problem(500, "Internal Server Error", "The server failed; the error is logged.")


def _field_errors(messages: dict) -> dict:
    """Field errors from webargs' ``{location: {field: messages}}``, merged over locations."""
    errors: dict = {}
    for location_errors in messages.values():
        if isinstance(location_errors, dict):
            errors.update(location_errors)
    return errors
