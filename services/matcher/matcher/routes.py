"""Matcher's HTTP routes: a posting's ranked CVs and a CV's ranked postings."""

from __future__ import annotations

from flask import abort, current_app

from matcher import tables
from matcher.ranking import UnknownDocument
from matcher.response_schemas import CvRanking, MatcherStats, PostingRanking, RankingArgs
from shared.bus.dead_letters import dead_letter_count
from shared.db.counts import count_rows
from shared.db.outbox import outbox_backlog
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("matches", __name__, url_prefix="/api/v1", description="Shortlists and a CV's matches")


def _ranked(matches, other_key: str) -> list[dict]:
    return [
        {other_key: getattr(m, other_key), "rank": i, "score": round(m.score, 4), "explanation": m.explanation}
        for i, m in enumerate(matches, start=1)
    ]


def _ranking_response(doc_id: str, kind: str, id_key: str, other_key: str, rank, limit: int) -> dict:
    """Rank one document's counterparts into the API's response shape; 404 if it is not indexed."""
    try:
        matches = rank(doc_id, limit=limit)
    except UnknownDocument:
        abort(404, f"No {kind} {doc_id} is indexed.")
    return {id_key: doc_id, "matches": _ranked(matches, other_key)}


@bp.get("/postings/<posting_id>/matches")
@bp.arguments(RankingArgs, location="query")
@bp.response(200, PostingRanking)
def posting_matches(args, posting_id: str):
    """CVs ranked for a posting, best first."""
    index = current_app.extensions["matcher"].index
    return _ranking_response(posting_id, "posting", "posting_id", "cv_id", index.rank_cvs_for_posting, args["limit"])


@bp.get("/cvs/<cv_id>/matches")
@bp.arguments(RankingArgs, location="query")
@bp.response(200, CvRanking)
def cv_matches(args, cv_id: str):
    """Postings ranked for a CV, best first."""
    index = current_app.extensions["matcher"].index
    return _ranking_response(cv_id, "CV", "cv_id", "posting_id", index.rank_postings_for_cv, args["limit"])


@bp.get("/stats")
@bp.response(200, MatcherStats)
def stats():
    """Indexed documents, published matches, consumer outcomes, dead letters, unpublished events, start-up skips."""
    service = current_app.extensions["matcher"]
    return {
        "postings": service.index.count("posting"),
        "cvs": service.index.count("cv"),
        "matches_published": count_rows(service.engine, tables.matches),
        "events_processed": count_rows(service.engine, tables.processed_events),
        "consumer": service.consumer.stats.snapshot(),
        "dead_letters": dead_letter_count(service.config.bus, "matcher"),
        "outbox_backlog": outbox_backlog(service.engine, tables.outbox),
        "index_load_failures": service.index_load_failures,
    }
