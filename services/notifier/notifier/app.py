"""The notifier Flask app (``create_app``), given a wired service."""

from flask import Flask

from notifier import routes
from shared.http.service_app import service_app


def create_app(service) -> Flask:
    """Build the app around ``service`` (engine, readiness, metrics)."""
    app = service_app(
        "notifier",
        description="Notices to candidates by email and SMS, and what became of each.",
        http=service.config.http,
        readiness=service.readiness,
        registry=service.metrics.registry,
        blueprints=[routes.bp],
    )
    app.extensions["notifier"] = service
    return app
