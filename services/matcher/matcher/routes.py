"""Matcher's HTTP routes: a posting's shortlist for its employer and a CV's matches for its candidate."""

from __future__ import annotations

from flask import abort, current_app

from matcher import tables
from matcher.ranking import UnknownDocument
from matcher.fair_summary import fair_summary
from matcher.response_schemas import CvRanking, FairSummary, MatcherStats, PostingRanking, RankingArgs
from matcher.stored_matches import posting_names, shared_contacts, stored_matches_of_cv, stored_matches_of_posting, stored_row
from shared.auth.grants import file_grant
from shared.auth.principal import CANDIDATE, EMPLOYER, OPERATOR
from shared.bus.dead_letters import dead_letter_count
from shared.db.counts import count_rows
from shared.db.outbox import outbox_backlog
from shared.http.access import allow, current_principal
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("matches", __name__, url_prefix="/api/v1", description="Shortlists and a CV's matches")


def _service():
    return current_app.extensions["matcher"]


def _ranked(matches, other_key: str) -> list[dict]:
    return [
        {other_key: getattr(m, other_key), "rank": i, "score": round(m.score, 4), "explanation": m.explanation}
        for i, m in enumerate(matches, start=1)
    ]


def _live_or_stored(rank, doc_id: str, limit: int, stored):
    """Rank a document in the index; one out of it (closed, withdrawn, unindexable) shows its stored matches."""
    try:
        return rank(doc_id, limit=limit)
    except UnknownDocument:
        return stored(_service().engine, doc_id, limit)


@bp.get("/postings/<posting_id>/matches")
@allow(OPERATOR, EMPLOYER)
@bp.arguments(RankingArgs, location="query")
@bp.response(200, PostingRanking)
def posting_matches(args, posting_id: str):
    """A posting's CVs, best first: for its employer and the operator; contacts only where consented."""
    service = _service()
    posting = stored_row(service.engine, tables.postings, posting_id)
    principal = current_principal()
    if posting is None or not (principal.is_operator or principal.is_employer(posting["employer_id"])):
        abort(404, f"No posting {posting_id} here.")
    matches = _live_or_stored(service.index.rank_cvs_for_posting, posting_id, args["limit"], stored_matches_of_posting)
    ranked = _ranked(matches, "cv_id")
    contacts = shared_contacts(service.engine, [m["cv_id"] for m in ranked])
    employer_id = posting["employer_id"] if principal.is_employer(posting["employer_id"]) else None
    for match in ranked:
        contact, has_file = contacts.get(match["cv_id"], (None, False))
        match["contact"] = contact
        granted = contact is not None and has_file and employer_id is not None
        match["file_grant"] = file_grant(service.config.auth.admin_token, match["cv_id"], employer_id) if granted else None
    return {"posting_id": posting_id, "status": posting["status"], "matches": ranked}


@bp.get("/cvs/<cv_id>/matches")
@allow(OPERATOR, CANDIDATE)
@bp.arguments(RankingArgs, location="query")
@bp.response(200, CvRanking)
def cv_matches(args, cv_id: str):
    """A CV's postings, best first: for its candidate and the operator."""
    service = _service()
    cv = stored_row(service.engine, tables.cvs, cv_id)
    principal = current_principal()
    if cv is None or not (principal.is_operator or principal.is_candidate(cv_id)):
        abort(404, f"No CV {cv_id} here.")
    matches = _ranked(_live_or_stored(service.index.rank_postings_for_cv, cv_id, args["limit"], stored_matches_of_cv), "posting_id")
    named = posting_names(service.engine, [m["posting_id"] for m in matches])
    for match in matches:
        match.update(named.get(match["posting_id"], {"title": None, "employer": None}))
    return {"cv_id": cv_id, "status": cv["status"], "matches": matches}


@bp.get("/fairs/<fair_id>/summary")
@allow(OPERATOR)
@bp.response(200, FairSummary)
def fair_summary_route(fair_id: str):
    """A fair for its organiser: CVs indexed and matched, matches per posting, the skills its candidates lack most."""
    return fair_summary(_service().engine, fair_id)


@bp.get("/stats")
@allow(OPERATOR)
@bp.response(200, MatcherStats)
def stats():
    """Indexed documents, published matches, consumer outcomes, dead letters, unpublished events, start-up skips."""
    service = _service()
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
