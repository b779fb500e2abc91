"""CVs: receive and read."""

from flask import abort

from intake import handlers, tables
from intake.response_schemas import CvOut
from intake.routes.context import correlation_id, service
from intake.schemas import CvIn
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("cvs", __name__, url_prefix="/api/v1/cvs", description="Candidates' CVs")


@bp.post("")
@bp.arguments(CvIn)
@bp.response(201, CvOut)
def receive_cv(cv):
    """Accept a CV; it is matched once its event is delivered."""
    row = handlers.receive_cv(service().engine, cv, correlation_id())
    service().relay.wake()
    return row, 201, {"Location": f"/api/v1/cvs/{row['id']}"}


@bp.get("/<cv_id>")
@bp.response(200, CvOut)
def get_cv(cv_id: str):
    """Read one CV."""
    row = handlers.get_row(service().engine, tables.cvs, cv_id)
    if row is None:
        abort(404, f"No CV with id {cv_id}.")
    return row
