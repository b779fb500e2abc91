"""Postings: published, listed, changed and closed by their employer or the operator."""

from marshmallow import ValidationError

from intake import handlers, postings, tables
from intake.response_schemas import PostingList, PostingOut
from intake.routes.access_checks import visible_posting
from intake.routes.context import correlation_id, service
from intake.schemas import PostingChanges, PostingIn
from shared.auth.principal import EMPLOYER, OPERATOR
from shared.http.access import allow, current_principal
from intake.idempotency import idempotent
from shared.http.openapi import ApiBlueprint
from shared.http.paging import PageArgs

bp = ApiBlueprint("postings", __name__, url_prefix="/api/v1/postings", description="Employers' vacancies")


def _employer_of_new_posting(posting: dict) -> str:
    principal = current_principal()
    named = posting.pop("employer_id", None)
    if principal.is_operator:
        if named is None:
            raise ValidationError(["Required when the operator posts for an employer."], field_name="employer_id")
        return named
    if named is not None and named != principal.subject:
        raise ValidationError(["Only the operator posts for another employer."], field_name="employer_id")
    return principal.subject


@bp.post("")
@idempotent
@allow(OPERATOR, EMPLOYER)
@bp.arguments(PostingIn)
@bp.response(201, PostingOut)
def publish_posting(posting):
    """Publish a posting of the calling employer (the operator names ``employer_id``); matched once delivered."""
    employer_id = _employer_of_new_posting(posting)
    row = postings.publish_posting(service().engine, posting, employer_id, correlation_id())
    service().relay.wake()
    return row, 201, {"Location": f"/api/v1/postings/{row['id']}"}


@bp.get("")
@allow(OPERATOR, EMPLOYER)
@bp.arguments(PageArgs, location="query")
@bp.response(200, PostingList)
def list_postings(page):
    """List the caller's postings (the operator: all), oldest first."""
    principal = current_principal()
    where = () if principal.is_operator else (tables.postings.c.employer_id == principal.subject,)
    return {"postings": handlers.list_rows(service().engine, tables.postings, page["limit"], page["offset"], *where)}


@bp.get("/<posting_id>")
@allow(OPERATOR, EMPLOYER)
@bp.response(200, PostingOut)
def get_posting(posting_id: str):
    """Read one posting."""
    return visible_posting(handlers.get_row(service().engine, tables.postings, posting_id), posting_id)


@bp.patch("/<posting_id>")
@allow(OPERATOR, EMPLOYER)
@bp.arguments(PostingChanges)
@bp.response(200, PostingOut)
def update_posting(changes, posting_id: str):
    """Change an open posting (409 once closed); matched again once delivered."""
    visible_posting(handlers.get_row(service().engine, tables.postings, posting_id), posting_id)
    row = postings.update_posting(service().engine, posting_id, changes, correlation_id())
    service().relay.wake()
    return row


@bp.post("/<posting_id>/close")
@idempotent
@allow(OPERATOR, EMPLOYER)
@bp.response(200, PostingOut)
def close_posting(posting_id: str):
    """Close a posting: it leaves matching; closing it again changes nothing."""
    visible_posting(handlers.get_row(service().engine, tables.postings, posting_id), posting_id)
    row = postings.close_posting(service().engine, posting_id, correlation_id())
    service().relay.wake()
    return row
