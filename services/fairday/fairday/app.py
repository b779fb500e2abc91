"""The fairday Flask app (``create_app``), given a wired service."""

from flask import Flask

from fairday import tables
from fairday.routes import candidates, gate, organiser, stalls
from shared.db.credentials import CredentialsInTables
from shared.http.service_app import service_app


def create_app(service) -> Flask:
    """Build the app around ``service`` (engine, readiness, metrics)."""
    app = service_app(
        "fairday",
        description="The fair day: check-in at the gate, stall queues in match order, interviews, offers and the funnel.",
        http=service.config.http,
        readiness=service.readiness,
        registry=service.registry,
        blueprints=[gate.bp, stalls.bp, candidates.bp, organiser.bp],
        auth=service.config.auth,
        credentials=CredentialsInTables(
            service.engine,
            employer_id=tables.employers.c.id,
            employer_key_hash=tables.employers.c.key_hash,
            cv_id=tables.cvs.c.id,
            cv_token_hash=tables.cvs.c.candidate_token_hash,
            volunteer_fair_id=tables.volunteers.c.fair_id,
            volunteer_token_hash=tables.volunteers.c.token_hash,
        ),
    )
    app.extensions["fairday"] = service
    return app
