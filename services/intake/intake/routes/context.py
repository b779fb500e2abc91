"""Access to the wired service from inside a request."""

from flask import current_app

from shared.log_context import current_correlation_id


def service():
    """Return the wired intake service of the current app."""
    return current_app.extensions["intake"]


def correlation_id() -> str | None:
    """Return the request's correlation id (the caller's checked ``X-Correlation-ID``, or a fresh one)."""
    return current_correlation_id()
