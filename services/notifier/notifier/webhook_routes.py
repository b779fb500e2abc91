"""Employers' webhooks: register, list, delete, re-enable, and see their deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from flask import abort, current_app
from marshmallow import ValidationError
from sqlalchemy import delete, func, insert, select, update

from notifier.webhook_addresses import url_refusal
from notifier.webhook_schemas import DeliveryList, DeliveryPage, WebhookCreated, WebhookIn, WebhookList, WebhookOut
from notifier.webhook_settings import WebhookSettings
from notifier.webhook_signing import new_signing_secret
from notifier.webhook_tables import ACTIVE, webhook_deliveries, webhooks
from shared.auth.principal import EMPLOYER, OPERATOR
from shared.http.access import allow, current_principal
from shared.http.openapi import ApiBlueprint
from shared.http.problems import problem

bp = ApiBlueprint("webhooks", __name__, url_prefix="/api/v1", description="Employers' signed webhooks")

#: ``app.extensions[SETTINGS_KEY]`` holds the ``WebhookSettings`` these routes apply.
SETTINGS_KEY = "notifier.webhooks"
LISTED = ("id", "employer_id", "url", "status", "disabled_reason", "consecutive_failures", "created_at", "disabled_at")
DELIVERY_FIELDS = ("id", "event_type", "status", "attempts", "last_error", "not_before", "created_at", "delivered_at")


@bp.post("/webhooks")
@allow(EMPLOYER)
@bp.arguments(WebhookIn)
@bp.response(201, WebhookCreated)
def register_webhook(body):
    """Register a URL for the caller's events; the answer holds the signing secret, shown only here."""
    settings: WebhookSettings = current_app.extensions[SETTINGS_KEY]
    refusal = url_refusal(body["url"], settings)
    if refusal is not None:
        raise ValidationError({"url": [refusal]})
    employer_id = current_principal().subject
    row = {
        "id": str(uuid.uuid4()), "employer_id": employer_id, "url": body["url"], "secret": new_signing_secret(),
        "status": ACTIVE, "consecutive_failures": 0, "created_at": datetime.now(timezone.utc),
    }
    with _engine().begin() as conn:
        held = conn.execute(select(func.count()).select_from(webhooks).where(webhooks.c.employer_id == employer_id)).scalar()
        if held >= settings.max_per_employer:
            return problem(409, "Too many webhooks", f"An employer may register at most {settings.max_per_employer}; delete one first.")
        conn.execute(insert(webhooks).values(**row))
    return row


@bp.get("/webhooks")
@allow(EMPLOYER, OPERATOR)
@bp.response(200, WebhookList)
def list_webhooks():
    """Webhooks, oldest first: the caller's own, or every employer's for the operator."""
    principal = current_principal()
    query = select(*(webhooks.c[f] for f in LISTED)).order_by(webhooks.c.created_at, webhooks.c.id)
    if not principal.is_operator:
        query = query.where(webhooks.c.employer_id == principal.subject)
    with _engine().connect() as conn:
        return {"webhooks": [dict(r) for r in conn.execute(query).mappings()]}


@bp.delete("/webhooks/<webhook_id>")
@allow(EMPLOYER, OPERATOR)
@bp.response(204)
def delete_webhook(webhook_id: str):
    """Delete a webhook and its deliveries: for its employer and the operator."""
    with _engine().begin() as conn:
        _visible_webhook(conn, webhook_id)
        conn.execute(delete(webhook_deliveries).where(webhook_deliveries.c.webhook_id == webhook_id))
        conn.execute(delete(webhooks).where(webhooks.c.id == webhook_id))


@bp.post("/webhooks/<webhook_id>/enable")
@allow(EMPLOYER, OPERATOR)
@bp.response(200, WebhookOut)
def enable_webhook(webhook_id: str):
    """Re-activate a webhook and reset its failure count; deliveries that already failed stay failed."""
    w = webhooks
    with _engine().begin() as conn:
        _visible_webhook(conn, webhook_id)
        conn.execute(
            update(w).where(w.c.id == webhook_id)
            .values(status=ACTIVE, consecutive_failures=0, disabled_reason=None, disabled_at=None)
        )
        row = conn.execute(select(*(w.c[f] for f in LISTED)).where(w.c.id == webhook_id)).mappings().one()
    return dict(row)


@bp.get("/webhooks/<webhook_id>/deliveries")
@allow(EMPLOYER, OPERATOR)
@bp.arguments(DeliveryPage, location="query")
@bp.response(200, DeliveryList)
def list_deliveries(args, webhook_id: str):
    """A webhook's deliveries, newest first, with their attempts and last error: for its employer and the operator."""
    d = webhook_deliveries
    with _engine().connect() as conn:
        _visible_webhook(conn, webhook_id)
        rows = conn.execute(
            select(*(d.c[f] for f in DELIVERY_FIELDS)).where(d.c.webhook_id == webhook_id)
            .order_by(d.c.created_at.desc(), d.c.id.desc()).limit(args["limit"]).offset(args["offset"])
        ).mappings().all()
    return {"deliveries": [dict(r) for r in rows]}


def _visible_webhook(conn, webhook_id: str) -> None:
    """404 unless the webhook exists and the caller is its employer or the operator."""
    owner = conn.execute(select(webhooks.c.employer_id).where(webhooks.c.id == webhook_id)).scalar()
    principal = current_principal()
    if owner is None or not (principal.is_operator or principal.is_employer(owner)):
        abort(404, f"No webhook {webhook_id} here.")


def _engine():
    return current_app.extensions["notifier"].engine
