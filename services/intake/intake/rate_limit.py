"""The rate limit on anonymous CV submissions (flask-limiter, counted per client address)."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from shared.auth.principal import NOBODY
from shared.http.access import current_principal

LIMITED_ENDPOINT = "cvs.receive_cv"


def limit_anonymous_cvs(app: Flask, rate: str, storage_uri: str = "memory://") -> Limiter:
    """Limit POST /api/v1/cvs without a credential to ``rate`` per client address; 429 with Retry-After past it.

    With memory:// each process counts on its own (and a restart forgets); with a redis:// URL all
    replicas share one count. If that Redis is unreachable, each process counts on its own until it
    is back (flask-limiter's in-memory fallback) rather than refusing: a fair's kiosks keep working.
    """
    limiter = Limiter(
        get_remote_address, app=app, storage_uri=storage_uri, headers_enabled=True, key_prefix="intake",
        swallow_errors=True, in_memory_fallback_enabled=True,
    )
    view = app.view_functions[LIMITED_ENDPOINT]
    app.view_functions[LIMITED_ENDPOINT] = limiter.limit(rate, exempt_when=lambda: current_principal() != NOBODY)(view)
    return limiter
