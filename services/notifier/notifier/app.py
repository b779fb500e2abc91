"""The notifier Flask app (``create_app``), given a wired service."""

from flask import Flask

from notifier import routes, tables, webhook_routes
from shared.db.credentials import CredentialsInTables
from shared.http.service_app import service_app


def create_app(service) -> Flask:
    """Build the app around ``service`` (engine, readiness, metrics)."""
    app = service_app(
        "notifier",
        description="Notices to candidates by email and SMS, and what became of each.",
        http=service.config.http,
        readiness=service.readiness,
        registry=service.metrics.registry,
        blueprints=[routes.bp, webhook_routes.bp],
        auth=service.config.auth,
        credentials=CredentialsInTables(
            service.engine,
            employer_id=tables.employers.c.id,
            employer_key_hash=tables.employers.c.key_hash,
            cv_id=tables.contacts.c.cv_id,
            cv_token_hash=tables.contacts.c.candidate_token_hash,
        ),
    )
    app.extensions["notifier"] = service
    app.extensions[webhook_routes.SETTINGS_KEY] = service.config.webhooks
    return app
