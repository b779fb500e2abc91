"""Notifier's HTTP routes: the delivery log, one-click unsubscribe and short links."""

from __future__ import annotations

from flask import current_app, request
from flask_smorest import abort
from sqlalchemy import select

from notifier import tables
from notifier.digests import opt_out
from notifier.fair_summary import fair_summary
from notifier.links import resolve_link, unsubscribe_subject
from notifier.response_schemas import (
    FairSummary, LinkAnswer, NotificationFilter, NotificationList, NotifierStats, UnsubscribeAnswer,
)
from shared.bus.dead_letters import dead_letter_count
from shared.db.counts import count_by, count_rows
from shared.db.outbox import outbox_backlog
from shared.auth.links import link_credential
from shared.auth.principal import ANYONE, CANDIDATE, EMPLOYER, OPERATOR
from shared.http.access import allow, current_principal
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("notifications", __name__, url_prefix="/api/v1", description="The delivery log")

PUBLIC_FIELDS = ("id", "cv_id", "kind", "channel", "recipient", "status", "detail", "parts", "attempts",
                 "created_at", "not_before", "sent_at")


@bp.get("/notifications")
@allow(OPERATOR, EMPLOYER, CANDIDATE)
@bp.arguments(NotificationFilter, location="query")
@bp.response(200, NotificationList)
def list_notifications(args):
    """Messages to candidates, oldest first, by ``cv_id`` and/or ``posting_id`` (one a digest carried), with the matches each carried: all for the operator, a candidate's own, none for employers."""
    principal = current_principal()
    if not principal.is_operator:
        if principal.role != CANDIDATE or args["cv_id"] not in (None, "", principal.subject):
            return {"notifications": []}
        args = {**args, "cv_id": principal.subject}
    n, m = tables.notifications, tables.matches
    query = select(*(n.c[f] for f in PUBLIC_FIELDS)).where(n.c.cv_id.is_not(None)).order_by(n.c.created_at, n.c.id)
    query = query.limit(args["limit"]).offset(args["offset"])
    if args["cv_id"]:
        query = query.where(n.c.cv_id == args["cv_id"])
    if args["posting_id"]:
        query = query.where(n.c.id.in_(select(m.c.notice_id).where(m.c.posting_id == args["posting_id"])))
    with current_app.extensions["notifier"].engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings().all()]
        carried: dict[str, list] = {}
        ids = [r["id"] for r in rows if r["kind"] == "digest"]
        for start in range(0, len(ids), 500):
            for match in conn.execute(
                select(m.c.notice_id, m.c.posting_id, m.c.posting_title, m.c.employer, m.c.score)
                .where(m.c.notice_id.in_(ids[start:start + 500])).order_by(m.c.score.desc(), m.c.posting_id)
            ).mappings():
                carried.setdefault(match["notice_id"], []).append(
                    {k: match[k] for k in ("posting_id", "posting_title", "employer", "score")})
    for row in rows:
        row["matches"] = carried.get(row["id"], [])
    return {"notifications": rows}


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@allow(ANYONE)
@bp.response(200, UnsubscribeAnswer)
def unsubscribe(token: str):
    """One-click unsubscribe (RFC 8058): POST opts the candidate (or employer) out; GET only says what POST would do."""
    service = current_app.extensions["notifier"]
    subject = unsubscribe_subject(service.link_key, token)
    if subject is None:
        abort(404, message="This unsubscribe link is not valid.")
    audience, subject_id = subject
    if request.method == "GET":
        return {"done": False, "detail": "Send POST to this address (one click in your mail program) to stop these messages."}
    with service.engine.begin() as conn:
        opt_out(conn, audience, subject_id)
    return {"done": True, "detail": "You will get no more of these messages."}


@bp.post("/links/<code>")
@allow(ANYONE)
@bp.response(200, LinkAnswer)
def open_link(code: str):
    """Exchange a digest's short link code for the candidate's link credential (valid 12 hours); 404 for an unknown or expired code."""
    service = current_app.extensions["notifier"]
    with service.engine.connect() as conn:
        cv_id = resolve_link(conn, code)
    credential = link_credential(service.config.auth.admin_token, cv_id) if cv_id else None
    if credential is None:
        abort(404, message="This link is not valid any more. Ask at the fair desk for a new one.")
    return {"cv_id": cv_id, "credential": credential}


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
        "matches": count_by(engine, tables.matches.c.status),
        "events_processed": count_rows(engine, tables.processed_events),
        "consumer": service.consumer.stats.snapshot(),
        "dead_letters": dead_letter_count(service.config.bus, "notifier"),
        "outbox_backlog": outbox_backlog(engine, tables.outbox),
    }
