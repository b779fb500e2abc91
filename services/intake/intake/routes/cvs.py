"""CVs: receive and read."""

from flask import Blueprint, jsonify

from intake import handlers, tables
from intake.routes.context import correlation_id, service
from intake.schemas import CvIn
from shared.http.problems import json_body, problem
from shared.http.rows import jsonable

bp = Blueprint("cvs", __name__, url_prefix="/api/v1/cvs")


@bp.post("")
def receive_cv():
    """Accept a CV; it is matched once its event is delivered."""
    cv = CvIn().load(json_body())
    row = handlers.receive_cv(service().engine, cv, correlation_id())
    service().relay.wake()
    return jsonify(jsonable(row)), 201, {"Location": f"/api/v1/cvs/{row['id']}"}


@bp.get("/<cv_id>")
def get_cv(cv_id: str):
    """Read one CV."""
    row = handlers.get_row(service().engine, tables.cvs, cv_id)
    if row is None:
        return problem(404, "Not Found", f"No CV with id {cv_id}.")
    return jsonify(jsonable(row))
