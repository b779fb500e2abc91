"""The candidate's route: their own fair day."""

from __future__ import annotations

from flask import abort

from fairday.candidate_view import fair_day_of
from fairday.routes import reading, service, short_ids
from fairday.schemas import FairDayOut
from shared.auth.principal import CANDIDATE, OPERATOR
from shared.http.access import allow, current_principal
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("candidates", __name__, url_prefix="/api/v1", description="A candidate's own fair day")
bp.url_value_preprocessor(short_ids)


@bp.get("/candidates/<cv_id>/fair-day")
@allow(OPERATOR, CANDIDATE)
@bp.response(200, FairDayOut)
def fair_day(cv_id: str):
    """The candidate's check-ins, places in stall queues and interview outcomes (with letters)."""
    principal = current_principal()
    if not (principal.is_operator or principal.is_candidate(cv_id)):
        abort(404, f"No candidate {cv_id} here.")
    with reading() as conn:
        return fair_day_of(conn, cv_id, service().clock())
