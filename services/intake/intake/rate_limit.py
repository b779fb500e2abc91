"""The rate limit on anonymous CV submissions (flask-limiter, counted per client address)."""

from __future__ import annotations

import ipaddress

from flask import Flask, request
from flask_limiter import Limiter

from shared.auth.principal import NOBODY
from shared.http.access import current_principal

LIMITED_ENDPOINT = "cvs.receive_cv"


def client_address_behind(trusted_proxies: frozenset):
    """The key function: the caller's address, or for a trusted proxy (the portal) the address it forwards.

    A request from an address in one of the ``trusted_proxies`` networks with ``X-Forwarded-For``
    is counted for the last address in that header (the one the proxy saw); anyone else is
    counted for their own.
    """

    def trusted(remote: str) -> bool:
        try:
            address = ipaddress.ip_address(remote)
        except ValueError:
            return False
        return any(address in network for network in trusted_proxies)

    def client_address() -> str:
        remote = request.remote_addr or "unknown"
        forwarded = request.headers.get("X-Forwarded-For", "")
        if trusted(remote) and forwarded.strip():
            return forwarded.split(",")[-1].strip()[:64] or remote
        return remote

    return client_address


def limit_anonymous_cvs(
    app: Flask, rate: str, storage_uri: str = "memory://", trusted_proxies: frozenset[str] = frozenset()
) -> Limiter:
    """Limit POST /api/v1/cvs without a credential to ``rate`` per client address; 429 with Retry-After past it.

    With memory:// each process counts on its own (and a restart forgets); with a redis:// URL all
    replicas share one count. If that Redis is unreachable, each process counts on its own until it
    is back (flask-limiter's in-memory fallback) rather than refusing: a fair's kiosks keep working.
    """
    limiter = Limiter(
        client_address_behind(trusted_proxies), app=app, storage_uri=storage_uri, headers_enabled=True, key_prefix="intake",
        swallow_errors=True, in_memory_fallback_enabled=True,
    )
    view = app.view_functions[LIMITED_ENDPOINT]
    app.view_functions[LIMITED_ENDPOINT] = limiter.limit(rate, exempt_when=lambda: current_principal() != NOBODY)(view)
    return limiter
