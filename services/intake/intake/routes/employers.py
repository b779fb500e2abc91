"""Employers: accounts the operator creates, each with an API key shown once."""

from intake import employers, handlers, tables
from intake.response_schemas import EmployerCreated, EmployerList, EmployerOut
from intake.routes.access_checks import visible_employer
from intake.routes.context import correlation_id, service
from intake.schemas import EmployerIn
from shared.auth.principal import EMPLOYER, OPERATOR
from shared.http.access import allow
from intake.idempotency import idempotent
from shared.http.openapi import ApiBlueprint
from shared.http.paging import PageArgs

bp = ApiBlueprint("employers", __name__, url_prefix="/api/v1/employers", description="Employer accounts")


@bp.post("")
@idempotent
@allow(OPERATOR)
@bp.arguments(EmployerIn)
@bp.response(201, EmployerCreated)
def register_employer(employer):
    """Create an employer account; the answer holds its API key, which is not shown again."""
    row, api_key = employers.register_employer(service().engine, employer, correlation_id())
    service().relay.wake()
    return dict(row, api_key=api_key), 201, {"Location": f"/api/v1/employers/{row['id']}"}


@bp.get("")
@allow(OPERATOR)
@bp.arguments(PageArgs, location="query")
@bp.response(200, EmployerList)
def list_employers(page):
    """List employers, oldest first."""
    return {"employers": handlers.list_rows(service().engine, tables.employers, page["limit"], page["offset"])}


@bp.get("/<employer_id>")
@allow(OPERATOR, EMPLOYER)
@bp.response(200, EmployerOut)
def get_employer(employer_id: str):
    """Read one employer account (an employer reads only its own)."""
    return visible_employer(handlers.get_row(service().engine, tables.employers, employer_id), employer_id)
