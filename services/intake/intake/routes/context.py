"""Access to the wired service from inside a request."""

from flask import current_app, request

CORRELATION_HEADER = "X-Correlation-ID"


def service():
    """Return the wired intake service of the current app."""
    return current_app.extensions["intake"]


def correlation_id() -> str | None:
    """Return the caller's correlation id header, if any."""
    return request.headers.get(CORRELATION_HEADER)
