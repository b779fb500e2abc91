"""Intake's operational counts."""

from flask import Blueprint, jsonify

from intake import tables
from intake.routes.context import service
from shared.db.counts import count_rows
from shared.db.outbox import outbox_backlog

bp = Blueprint("stats", __name__, url_prefix="/api/v1")


@bp.get("/stats")
def stats():
    """Stored fairs, postings and CVs, and events not yet published."""
    engine = service().engine
    return jsonify(
        {
            "fairs": count_rows(engine, tables.fairs),
            "postings": count_rows(engine, tables.postings),
            "cvs": count_rows(engine, tables.cvs),
            "outbox_backlog": outbox_backlog(engine, tables.outbox),
        }
    )
