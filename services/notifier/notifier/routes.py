"""Notifier's HTTP routes: the delivery log."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select

from notifier import tables
from shared.bus.dead_letters import dead_letter_count
from shared.db.counts import count_by, count_rows
from shared.db.outbox import outbox_backlog
from shared.http.problems import problem
from shared.http.rows import jsonable, page_args

bp = Blueprint("notifications", __name__, url_prefix="/api/v1")

PUBLIC_FIELDS = ("id", "cv_id", "posting_id", "channel", "recipient", "status", "detail", "created_at", "sent_at")


@bp.get("/notifications")
def list_notifications():
    """Notifications, oldest first, filtered by ``cv_id`` and/or ``posting_id``."""
    try:
        limit, offset = page_args(request.args)
    except ValueError as exc:
        return problem(400, "Bad request", str(exc))
    n = tables.notifications
    query = select(*(n.c[f] for f in PUBLIC_FIELDS)).order_by(n.c.created_at, n.c.id).limit(limit).offset(offset)
    for key in ("cv_id", "posting_id"):
        if request.args.get(key):
            query = query.where(n.c[key] == request.args[key])
    with current_app.extensions["notifier"].engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return jsonify({"notifications": [jsonable(dict(r)) for r in rows]})


@bp.get("/stats")
def stats():
    """Notifications by status, consumer outcomes, dead letters and events not yet published."""
    service = current_app.extensions["notifier"]
    engine = service.engine
    return jsonify(
        {
            "notifications": count_by(engine, tables.notifications.c.status),
            "events_processed": count_rows(engine, tables.processed_events),
            "consumer": service.consumer.stats.snapshot(),
            "dead_letters": dead_letter_count(service.config.bus, "notifier"),
            "outbox_backlog": outbox_backlog(engine, tables.outbox),
        }
    )
