"""What every page module uses: the wired portal, the caller's address and the fair a page is about."""

from __future__ import annotations

from flask import abort, current_app, request

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


def fair_or_404(fair_id: str) -> dict:
    """The fair as intake announces it to anyone (name, division, venue); 404 when there is none."""
    answer = upstream().call("intake", "GET", f"/api/v1/fairs/{fair_id}")
    if not answer.ok:
        abort(404)
    return answer.body
