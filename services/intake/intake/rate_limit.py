"""The rate limit on anonymous CV submissions (flask-limiter, counted per client address in memory)."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from shared.auth.principal import NOBODY
from shared.http.access import current_principal

LIMITED_ENDPOINT = "cvs.receive_cv"


def limit_anonymous_cvs(app: Flask, rate: str) -> Limiter:
    """Limit POST /api/v1/cvs without a credential to ``rate`` per client address; 429 with Retry-After past it.

    Counts live in this process's memory: each replica counts on its own, and a restart forgets.
    """
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", headers_enabled=True, key_prefix="intake")
    view = app.view_functions[LIMITED_ENDPOINT]
    app.view_functions[LIMITED_ENDPOINT] = limiter.limit(rate, exempt_when=lambda: current_principal() != NOBODY)(view)
    return limiter
