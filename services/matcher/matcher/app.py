"""The matcher Flask app (``create_app``), given a wired service."""

from flask import Flask

from matcher import routes
from shared.http.health import health_blueprint
from shared.http.metrics import mount_metrics
from shared.http.problems import register_problem_handlers


def create_app(service) -> Flask:
    """Build the app around ``service`` (index, readiness, metrics)."""
    app = Flask("matcher")
    app.json.ensure_ascii = False
    app.extensions["matcher"] = service
    register_problem_handlers(app)
    app.register_blueprint(health_blueprint(service.readiness))
    app.register_blueprint(routes.bp)
    mount_metrics(app, service.metrics.registry)
    return app
