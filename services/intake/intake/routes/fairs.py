"""Fairs: created by the operator, read by anyone (a fair is announced to everyone; it holds no personal data)."""

from flask import abort

from intake import handlers, tables
from intake.fair_summary import fair_summary
from intake.response_schemas import FairList, FairOut, FairSummary
from intake.routes.context import service
from intake.schemas import FairIn
from shared.auth.principal import ANYONE, OPERATOR
from shared.http.access import allow
from intake.idempotency import idempotent
from shared.http.openapi import ApiBlueprint
from shared.http.paging import PageArgs

bp = ApiBlueprint("fairs", __name__, url_prefix="/api/v1/fairs", description="Job fairs")


@bp.post("")
@idempotent
@allow(OPERATOR)
@bp.arguments(FairIn)
@bp.response(201, FairOut)
def create_fair(fair):
    """Create a fair."""
    row = handlers.create_fair(service().engine, fair)
    return row, 201, {"Location": f"/api/v1/fairs/{row['id']}"}


@bp.get("")
@allow(ANYONE)
@bp.arguments(PageArgs, location="query")
@bp.response(200, FairList)
def list_fairs(page):
    """List fairs, oldest first."""
    return {"fairs": handlers.list_rows(service().engine, tables.fairs, page["limit"], page["offset"])}


@bp.get("/<fair_id>")
@allow(ANYONE)
@bp.response(200, FairOut)
def get_fair(fair_id: str):
    """Read one fair."""
    row = handlers.get_row(service().engine, tables.fairs, fair_id)
    if row is None:
        abort(404, f"No fair with id {fair_id}.")
    return row


@bp.get("/<fair_id>/summary")
@allow(OPERATOR)
@bp.response(200, FairSummary)
def summary(fair_id: str):
    """The fair counted for its organiser: CVs by channel, format, review and district; postings per employer; imports."""
    if handlers.get_row(service().engine, tables.fairs, fair_id) is None:
        abort(404, f"No fair with id {fair_id}.")
    return fair_summary(service().engine, fair_id)
