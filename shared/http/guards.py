"""What every service checks on every request, before a route sees it, and adds to every answer.

- **Host**: a request whose ``Host`` header names a host outside ``allowed_hosts`` gets a 400
  problem. A browser tricked by DNS rebinding sends the attacker's host name, so a laptop's
  ``make up`` cannot be read by a web page it visits. ``*`` allows any host (behind a reverse
  proxy that checks it). ``/healthz`` and ``/readyz`` answer any host: orchestrators probe them
  by address, and they carry no personal data.
- **Body size**: a body over ``max_body_bytes`` (the app's default; a route may set its own with
  ``body_limit``) gets a 413 problem as soon as it is read, before anything parses it.
- **Headers**: ``X-Content-Type-Options: nosniff`` on every answer, and ``Cache-Control:
  no-store`` on every API answer (they carry personal data).
"""

from __future__ import annotations

from typing import Callable

from flask import Flask, request

from shared.config import HttpSettings
from shared.http.problems import problem

#: Paths orchestrators probe: answered for any host, and logged at DEBUG only.
PROBES = ("/healthz", "/readyz")


def host_name(host_header: str) -> str:
    """The host part of a ``Host`` header, lower-cased, without port or IPv6 brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def install_request_guards(app: Flask, http: HttpSettings) -> None:
    """Check Host and body size on every request of ``app``; add the safety headers to answers."""
    allowed = frozenset(http.allowed_hosts)
    app.config["MAX_CONTENT_LENGTH"] = http.max_body_bytes

    @app.before_request
    def _route_body_limit():
        limit = getattr(app.view_functions.get(request.endpoint), BODY_LIMIT_ATTRIBUTE, None)
        if limit is not None:
            request.max_content_length = limit() if callable(limit) else limit

    @app.before_request
    def _check_host():
        if "*" in allowed or request.path in PROBES:
            return None
        if host_name(request.headers.get("Host", "")) not in allowed:
            return problem(400, "Bad request", "This host name is not served here (JOBMATCH_ALLOWED_HOSTS).")
        return None

    @app.after_request
    def _safety_headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response


BODY_LIMIT_ATTRIBUTE = "max_body_bytes"


def body_limit(max_bytes: int | Callable[[], int]):
    """Let a route's request body be up to ``max_bytes`` (an int, or a function read per request), 413 above.

    Put it right under the route line (``@bp.post(...)``): the limit is applied before anything
    (idempotency, parsing) reads the body.
    """

    def decorate(view):
        setattr(view, BODY_LIMIT_ATTRIBUTE, max_bytes)
        return view

    return decorate
