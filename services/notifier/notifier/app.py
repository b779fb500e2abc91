"""The notifier Flask app (``create_app``), given a wired service."""

from flask import Flask

from notifier import routes
from shared.http.health import health_blueprint
from shared.http.metrics import mount_metrics
from shared.http.problems import register_problem_handlers


def create_app(service) -> Flask:
    """Build the app around ``service`` (engine, readiness, metrics)."""
    app = Flask("notifier")
    app.json.ensure_ascii = False
    app.extensions["notifier"] = service
    register_problem_handlers(app)
    app.register_blueprint(health_blueprint(service.readiness))
    app.register_blueprint(routes.bp)
    mount_metrics(app, service.metrics.registry)
    return app
