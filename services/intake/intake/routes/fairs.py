"""Fairs: create, list, read."""

from flask import Blueprint, jsonify, request

from intake import handlers, tables
from intake.routes.context import service
from intake.schemas import FairIn
from shared.http.problems import json_body, problem
from shared.http.rows import jsonable, page_args

bp = Blueprint("fairs", __name__, url_prefix="/api/v1/fairs")


@bp.post("")
def create_fair():
    """Create a fair."""
    fair = FairIn().load(json_body())
    row = handlers.create_fair(service().engine, fair)
    return jsonify(jsonable(row)), 201, {"Location": f"/api/v1/fairs/{row['id']}"}


@bp.get("")
def list_fairs():
    """List fairs, oldest first."""
    try:
        limit, offset = page_args(request.args)
    except ValueError as exc:
        return problem(400, "Bad request", str(exc))
    rows = handlers.list_rows(service().engine, tables.fairs, limit, offset)
    return jsonify({"fairs": [jsonable(r) for r in rows]})


@bp.get("/<fair_id>")
def get_fair(fair_id: str):
    """Read one fair."""
    row = handlers.get_row(service().engine, tables.fairs, fair_id)
    if row is None:
        return problem(404, "Not Found", f"No fair with id {fair_id}.")
    return jsonify(jsonable(row))
