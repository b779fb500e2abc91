"""The intake Flask app (``create_app``), given a wired service."""

from __future__ import annotations

from flask import Flask

from intake.handlers import UnknownFair
from intake.routes import cvs, fairs, postings, stats
from shared.http.health import health_blueprint
from shared.http.metrics import mount_metrics
from shared.http.problems import problem, register_problem_handlers


def create_app(service) -> Flask:
    """Build the app around ``service`` (engine, relay, readiness, metrics registry)."""
    app = Flask("intake")
    app.json.ensure_ascii = False
    app.extensions["intake"] = service
    register_problem_handlers(app)

    @app.errorhandler(UnknownFair)
    def _unknown_fair(exc):
        return problem(422, "Invalid request", "One or more fields are invalid; see errors.",
                       errors={"fair_id": ["Unknown fair."]})

    app.register_blueprint(health_blueprint(service.readiness))
    for module in (fairs, postings, cvs, stats):
        app.register_blueprint(module.bp)
    mount_metrics(app, service.registry)
    return app
