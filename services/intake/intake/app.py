"""The intake Flask app (``create_app``), given a wired service."""

from __future__ import annotations

from flask import Flask

from intake.credentials import intake_credentials
from intake.cv_upload import refused_file
from intake.errors import NoChangeWaiting, PostingClosed, UnknownEmployer, UnknownFair, VerificationLocked, WrongVerificationCode
from intake.idempotency import install_idempotency
from intake.rate_limit import limit_anonymous_cvs
from intake.routes import cvs, employers, fairs, imports, postings, stats
from shared.documents import FileRefused
from shared.http.problems import problem
from shared.http.service_app import service_app


def _invalid(field: str, message: str):
    return problem(422, "Invalid request", "One or more fields are invalid; see errors.", errors={field: [message]})


def create_app(service) -> Flask:
    """Build the app around ``service`` (engine, relay, readiness, metrics registry, auth settings)."""
    app = service_app(
        "intake",
        description="Fairs, employers, their postings and candidates' CVs.",
        http=service.config.http,
        readiness=service.readiness,
        registry=service.registry,
        blueprints=[fairs.bp, employers.bp, postings.bp, cvs.bp, imports.bp, stats.bp],
        auth=service.config.auth,
        credentials=intake_credentials(service.engine),
    )
    app.extensions["intake"] = service
    install_idempotency(app, service.engine)
    if service.config.anon_rate_limit:
        limit_anonymous_cvs(app, service.config.anon_rate_limit, service.config.rate_limit_storage,
                            service.config.trusted_proxies)

    app.register_error_handler(UnknownFair, lambda exc: _invalid("fair_id", "Unknown fair."))
    app.register_error_handler(UnknownEmployer, lambda exc: _invalid("employer_id", "Unknown employer."))
    app.register_error_handler(FileRefused, refused_file)
    app.register_error_handler(WrongVerificationCode, lambda exc: _invalid("code", "Wrong code."))
    # Answered as a wrong code: confirm-change is open to anyone and must not tell whether a CV exists.
    app.register_error_handler(NoChangeWaiting, lambda exc: _invalid("code", "Wrong code."))
    app.register_error_handler(
        PostingClosed, lambda exc: problem(409, "Conflict", "The posting is closed and can no longer change.")
    )
    app.register_error_handler(
        VerificationLocked,
        lambda exc: problem(429, "Too Many Requests", "Too many wrong codes: the fair's desk can enter the code for you."),
    )
    return app
