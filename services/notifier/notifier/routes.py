"""Notifier's HTTP routes: the delivery log."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from notifier import tables
from notifier.fair_summary import fair_summary
from notifier.response_schemas import FairSummary, NotificationFilter, NotificationList, NotifierStats
from shared.bus.dead_letters import dead_letter_count
from shared.db.counts import count_by, count_rows
from shared.db.outbox import outbox_backlog
from shared.auth.principal import CANDIDATE, EMPLOYER, OPERATOR
from shared.http.access import allow, current_principal
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("notifications", __name__, url_prefix="/api/v1", description="The delivery log")

PUBLIC_FIELDS = ("id", "cv_id", "posting_id", "channel", "recipient", "status", "detail", "created_at", "sent_at")


@bp.get("/notifications")
@allow(OPERATOR, EMPLOYER, CANDIDATE)
@bp.arguments(NotificationFilter, location="query")
@bp.response(200, NotificationList)
def list_notifications(args):
    """Notifications, oldest first, by ``cv_id`` and/or ``posting_id``: all for the operator, a candidate's own, none for employers."""
    principal = current_principal()
    if not principal.is_operator:
        if principal.role != CANDIDATE or args["cv_id"] not in (None, "", principal.subject):
            return {"notifications": []}
        args = {**args, "cv_id": principal.subject}
    n = tables.notifications
    query = select(*(n.c[f] for f in PUBLIC_FIELDS)).order_by(n.c.created_at, n.c.id)
    query = query.limit(args["limit"]).offset(args["offset"])
    for key in ("cv_id", "posting_id"):
        if args[key]:
            query = query.where(n.c[key] == args[key])
    with current_app.extensions["notifier"].engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return {"notifications": [dict(r) for r in rows]}


@bp.get("/fairs/<fair_id>/summary")
@allow(OPERATOR)
@bp.response(200, FairSummary)
def fair_summary_route(fair_id: str):
    """A fair for its organiser: its candidates, and their notices by channel, status and kind."""
    return fair_summary(current_app.extensions["notifier"].engine, fair_id)


@bp.get("/stats")
@allow(OPERATOR)
@bp.response(200, NotifierStats)
def stats():
    """Notifications by status, consumer outcomes, dead letters and events not yet published."""
    service = current_app.extensions["notifier"]
    engine = service.engine
    return {
        "notifications": count_by(engine, tables.notifications.c.status),
        "events_processed": count_rows(engine, tables.processed_events),
        "consumer": service.consumer.stats.snapshot(),
        "dead_letters": dead_letter_count(service.config.bus, "notifier"),
        "outbox_backlog": outbox_backlog(engine, tables.outbox),
    }
