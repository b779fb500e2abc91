"""The intake Flask app (``create_app``), given a wired service."""

from __future__ import annotations

from flask import Flask

from intake.handlers import UnknownFair
from intake.routes import cvs, fairs, postings, stats
from shared.http.problems import problem
from shared.http.service_app import service_app


def create_app(service) -> Flask:
    """Build the app around ``service`` (engine, relay, readiness, metrics registry)."""
    app = service_app(
        "intake",
        description="Fairs, employers' postings and candidates' CVs.",
        http=service.config.http,
        readiness=service.readiness,
        registry=service.registry,
        blueprints=[fairs.bp, postings.bp, cvs.bp, stats.bp],
    )
    app.extensions["intake"] = service

    @app.errorhandler(UnknownFair)
    def _unknown_fair(exc):
        return problem(422, "Invalid request", "One or more fields are invalid; see errors.",
                       errors={"fair_id": ["Unknown fair."]})

    return app
