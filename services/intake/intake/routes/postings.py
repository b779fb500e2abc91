"""Postings: publish and read."""

from flask import Blueprint, jsonify

from intake import handlers, tables
from intake.routes.context import correlation_id, service
from intake.schemas import PostingIn
from shared.http.problems import json_body, problem
from shared.http.rows import jsonable

bp = Blueprint("postings", __name__, url_prefix="/api/v1/postings")


@bp.post("")
def publish_posting():
    """Accept a posting; it is matched once its event is delivered."""
    posting = PostingIn().load(json_body())
    row = handlers.publish_posting(service().engine, posting, correlation_id())
    service().relay.wake()
    return jsonify(jsonable(row)), 201, {"Location": f"/api/v1/postings/{row['id']}"}


@bp.get("/<posting_id>")
def get_posting(posting_id: str):
    """Read one posting."""
    row = handlers.get_row(service().engine, tables.postings, posting_id)
    if row is None:
        return problem(404, "Not Found", f"No posting with id {posting_id}.")
    return jsonify(jsonable(row))
