"""What every page module uses: the wired portal and the caller's address."""

from __future__ import annotations

from flask import current_app, request

from portal.upstream import Upstream


def upstream() -> Upstream:
    """The other services' APIs."""
    return current_app.extensions["portal"].upstream


def public_url() -> str:
    """The portal's address as people reach it (for private links and QR codes)."""
    return current_app.extensions["portal"].config.public_url


def client_address() -> str:
    """The address of the person at the page, passed on so intake's rate limit counts them, not the portal."""
    return request.remote_addr or "unknown"
