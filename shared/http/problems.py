"""RFC 9457 problem responses (``application/problem+json``) for every error a service returns.

Validation errors name each bad field under ``errors``; the client never gets an HTML page.
"""

from __future__ import annotations

from flask import Flask, Response, json, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None, **extra) -> Response:
    """Build a problem response with ``status``, ``title`` and optional ``detail`` and fields."""
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


def json_body() -> dict:
    """Return the request's JSON object; raise ``BadJson`` when it is missing or not an object."""
    if not request.is_json:
        raise BadJson("send a JSON object with Content-Type: application/json")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadJson("the request body must be a JSON object")
    return data


class BadJson(Exception):
    """The request body is not a JSON object."""


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
        return problem(exc.code or 500, exc.name, exc.description)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return problem(500, "Internal Server Error", "The server failed; the error is logged.")
