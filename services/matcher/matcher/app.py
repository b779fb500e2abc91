"""The matcher Flask app (``create_app``), given a wired service."""

from flask import Flask

from matcher import routes, tables
from shared.db.credentials import CredentialsInTables
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
        auth=service.config.auth,
        credentials=CredentialsInTables(
            service.engine,
            employer_id=tables.employers.c.id,
            employer_key_hash=tables.employers.c.key_hash,
            cv_id=tables.cvs.c.id,
            cv_token_hash=tables.cvs.c.candidate_token_hash,
        ),
    )
    app.extensions["matcher"] = service
    return app
