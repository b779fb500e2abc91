"""The matcher Flask app (``create_app``), given a wired service."""

from flask import Flask

from matcher import routes
from shared.http.service_app import service_app


def create_app(service) -> Flask:
    """Build the app around ``service`` (index, readiness, metrics)."""
    app = service_app(
        "matcher",
        description="Ranked, explained matches between postings and CVs, both ways.",
        http=service.config.http,
        readiness=service.readiness,
        registry=service.metrics.registry,
        blueprints=[routes.bp],
    )
    app.extensions["matcher"] = service
    return app
