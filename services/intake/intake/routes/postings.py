"""Postings: publish and read."""

from flask import abort

from intake import handlers, tables
from intake.response_schemas import PostingOut
from intake.routes.context import correlation_id, service
from intake.schemas import PostingIn
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("postings", __name__, url_prefix="/api/v1/postings", description="Employers' vacancies")


@bp.post("")
@bp.arguments(PostingIn)
@bp.response(201, PostingOut)
def publish_posting(posting):
    """Accept a posting; it is matched once its event is delivered."""
    row = handlers.publish_posting(service().engine, posting, correlation_id())
    service().relay.wake()
    return row, 201, {"Location": f"/api/v1/postings/{row['id']}"}


@bp.get("/<posting_id>")
@bp.response(200, PostingOut)
def get_posting(posting_id: str):
    """Read one posting."""
    row = handlers.get_row(service().engine, tables.postings, posting_id)
    if row is None:
        abort(404, f"No posting with id {posting_id}.")
    return row
