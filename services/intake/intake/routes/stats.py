"""Intake's operational counts."""

from intake import tables
from intake.response_schemas import IntakeStats
from intake.routes.context import service
from shared.db.counts import count_rows
from shared.db.outbox import outbox_backlog
from shared.auth.principal import OPERATOR
from shared.http.access import allow
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("stats", __name__, url_prefix="/api/v1", description="Operational counts")


@bp.get("/stats")
@allow(OPERATOR)
@bp.response(200, IntakeStats)
def stats():
    """Stored fairs, employers, postings and CVs, and events not yet published."""
    engine = service().engine
    return {
        "fairs": count_rows(engine, tables.fairs),
        "employers": count_rows(engine, tables.employers),
        "postings": count_rows(engine, tables.postings),
        "cvs": count_rows(engine, tables.cvs),
        "outbox_backlog": outbox_backlog(engine, tables.outbox),
    }
