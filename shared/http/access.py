"""Each route's access rule, checked before the route runs, and the caller behind a bearer credential.

Every route states who may call it with ``@allow(role, ...)`` (``ANYONE`` for open routes); the
rule is enforced here and written into the OpenAPI document (the ``bearerAuth`` scheme and an
``x-roles`` list per operation). A route with no rule is refused to everyone, so a forgotten
rule closes a door instead of opening it.

The caller comes from ``Authorization: Bearer <token>``:
- the operator's token (``AuthSettings.admin_token``, compared in constant time);
- an employer's API key or a candidate's token, found by its SHA-256 hash through the service's
  ``CredentialLookup`` (intake looks in its own tables, the matcher and notifier in the hashes
  intake published to them);
- a fair day volunteer's token (``jm_vol_``), found by its hash through the lookup's optional
  ``volunteer_fair`` (only fairday issues them; on a service whose lookup has no such method, or
  answers None, the token is unknown: 401);
- a candidate's link credential (``shared.auth.links``: what a short link in a digest opens),
  checked by its HMAC.

Answers: no credential where one is needed → 401 with ``WWW-Authenticate: Bearer``; a credential
that is malformed or unknown → 401; a role the route does not admit → 404 when the path names a
resource (its existence is not revealed), else 403. Whether an employer or candidate may see one
particular resource is decided by the route (404 when not), with ``current_principal()``.
"""

from __future__ import annotations

import logging
from typing import Protocol

from flask import Flask, g, request
from flask_smorest import Blueprint

from shared.auth.principal import ANYONE, CANDIDATE, EMPLOYER, NOBODY, OPERATOR, VOLUNTEER, Principal
from shared.auth.links import PREFIX as LINK_PREFIX, link_subject
from shared.auth.settings import AuthSettings
from shared.auth.tokens import CANDIDATE_TOKEN, EMPLOYER_KEY, VOLUNTEER_TOKEN, same_secret, token_hash, token_kind
from shared.http.problems import problem

log = logging.getLogger(__name__)

ACCESS_ATTRIBUTE = "access_roles"
BEARER_SCHEME = "bearerAuth"
# Served to anyone by the framework: the OpenAPI document, its docs page and assets.
_OPEN_BLUEPRINTS = frozenset({"api-docs", "api-docs-assets"})


class CredentialLookup(Protocol):
    """Where a service finds whose credential a hash is."""

    def employer_with_key(self, key_hash: str) -> str | None:
        """The id of the employer whose API key has this hash, or None."""

    def cv_with_token(self, token_hash: str) -> str | None:
        """The id of the CV whose candidate token has this hash, or None."""

    # Optional: ``volunteer_fair(token_hash) -> str | None``, the fair whose volunteer token has this
    # hash. Only a service that issues volunteer tokens (fairday) has it; see ``resolve_principal``.


def allow(*roles: str):
    """Declare (and document) which roles may call a route: OPERATOR, EMPLOYER, CANDIDATE, VOLUNTEER or ANYONE."""

    def decorate(view):
        documented = Blueprint.doc(
            security=[] if ANYONE in roles else [{BEARER_SCHEME: []}],
            **{"x-roles": list(roles)},
        )(view)
        setattr(documented, ACCESS_ATTRIBUTE, tuple(roles))
        return documented

    return decorate


def route_roles(app: Flask, endpoint: str) -> tuple[str, ...] | None:
    """The roles the route ``endpoint`` admits, or None when it states none."""
    return getattr(app.view_functions.get(endpoint), ACCESS_ATTRIBUTE, None)


def current_principal() -> Principal:
    """The caller of the current request (anonymous when it sent no credential)."""
    return g.get("principal", NOBODY)


def _unauthorized(detail: str):
    response = problem(401, "Unauthorized", detail)
    response.headers["WWW-Authenticate"] = 'Bearer realm="jobmatch"'
    return response


def resolve_principal(header: str | None, auth: AuthSettings, lookup: CredentialLookup) -> Principal | None:
    """The caller a bearer ``header`` names; NOBODY without one; None when it names nobody known."""
    if not header:
        return NOBODY
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    if auth.admin_token is not None and same_secret(token, auth.admin_token):
        return Principal(OPERATOR)
    if token.startswith(LINK_PREFIX):
        cv_id = link_subject(auth.admin_token, token)
        return Principal(CANDIDATE, cv_id) if cv_id else None
    kind = token_kind(token)
    if kind == EMPLOYER_KEY:
        employer_id = lookup.employer_with_key(token_hash(token))
        return Principal(EMPLOYER, employer_id) if employer_id else None
    if kind == CANDIDATE_TOKEN:
        cv_id = lookup.cv_with_token(token_hash(token))
        return Principal(CANDIDATE, cv_id) if cv_id else None
    if kind == VOLUNTEER_TOKEN:
        volunteer_fair = getattr(lookup, "volunteer_fair", None)
        fair_id = volunteer_fair(token_hash(token)) if volunteer_fair is not None else None
        return Principal(VOLUNTEER, fair_id) if fair_id else None
    return None


def install_access(app: Flask, auth: AuthSettings, lookup: CredentialLookup) -> None:
    """Resolve the caller and enforce each route's ``allow`` rule before it runs."""

    @app.before_request
    def _check_access():
        if request.endpoint is None or request.blueprint in _OPEN_BLUEPRINTS:
            return None  # unknown routes get their 404, documents are public
        roles = route_roles(app, request.endpoint)
        if roles is None:
            log.error("route %s states no access rule; refusing it", request.endpoint)
            return _unauthorized("This route is closed.")
        principal = resolve_principal(request.headers.get("Authorization"), auth, lookup)
        if principal is None:
            return _unauthorized("The credential is not valid.")
        g.principal = principal
        if ANYONE in roles or principal.role in roles:
            return None
        if principal is NOBODY:
            return _unauthorized("Send a credential: Authorization: Bearer <token>.")
        if request.view_args:
            return problem(404, "Not Found", "Nothing here for this credential.")
        return problem(403, "Forbidden", "This credential may not do this.")


__all__ = ["ANYONE", "CANDIDATE", "EMPLOYER", "OPERATOR", "VOLUNTEER", "allow", "current_principal", "install_access"]
