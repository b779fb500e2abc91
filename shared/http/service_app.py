"""The Flask app every service builds the same way: guards, problems, OpenAPI, health, metrics, access log."""

from __future__ import annotations

from flask import Flask
from prometheus_client import CollectorRegistry

from shared.auth.settings import AuthSettings
from shared.config import HttpSettings
from shared.http.access import CredentialLookup, install_access
from shared.http.guards import install_request_guards
from shared.http.health import ReadinessChecks, health_blueprint
from shared.http.metrics import mount_metrics
from shared.http.openapi import make_api
from shared.http.problems import register_problem_handlers
from shared.http.request_log import install_request_observation


def service_app(
    name: str,
    *,
    description: str,
    http: HttpSettings,
    readiness: ReadinessChecks,
    registry: CollectorRegistry,
    blueprints: list,
    auth: AuthSettings | None = None,
    credentials: CredentialLookup | None = None,
) -> Flask:
    """A Flask app named ``name`` serving ``blueprints`` (documented in its OpenAPI) and the common routes.

    Every answer is JSON or an RFC 9457 problem; the Host header and body size are checked first
    (see ``guards``), then the caller's credential against the route's rule (see ``access``);
    ``/healthz``, ``/readyz``, ``/metrics``, ``/api/v1/openapi.json`` and
    ``/api/v1/docs`` are served beside the service's own routes. Every request gets a
    correlation id, an access log line and its HTTP metrics in ``registry`` (see ``request_log``).
    """
    app = Flask(name)
    app.json.ensure_ascii = False
    install_request_guards(app, http)
    if credentials is not None:
        install_access(app, auth or AuthSettings(), credentials)
    api = make_api(app, title=f"jobmatch {name}", description=description)
    register_problem_handlers(app)
    api.register_blueprint(health_blueprint(readiness))
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    install_request_observation(app, registry)
    mount_metrics(app, registry)
    return app
