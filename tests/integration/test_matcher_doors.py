"""The matcher's doors and life cycles: shortlists for their employer, contacts only with consent,
closed postings and withdrawn CVs out of matching, erased candidates forgotten (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher import tables
from matcher.app import create_app
from matcher.bootstrap import build
from matcher.config import MatcherConfig
from matcher.handlers import handle_event
from shared.auth.settings import AuthSettings
from shared.auth.tokens import CANDIDATE_TOKEN, EMPLOYER_KEY, new_token, token_hash
from shared.config import HttpSettings
from shared.events import types
from shared.events.envelope import new_event, parse_event
from shared.events.match_found import matches_in
from tests.integration.service_builders import ADMIN_TOKEN, OPERATOR, bearer, memory_bus

KEYS = {"e1": new_token(EMPLOYER_KEY), "e2": new_token(EMPLOYER_KEY)}
TOKENS = {"c1": new_token(CANDIDATE_TOKEN), "c2": new_token(CANDIDATE_TOKEN), "c3": new_token(CANDIDATE_TOKEN)}
CONTACT = {"name": "Nusrat Jahan", "email": "nusrat@example.com", "phone": "+8801712345678"}
POSTING = {
    "posting_id": "p1", "employer_id": "e1", "fair_id": None, "employer": "Rupsha Digital", "title": "Call centre agent",
    "description": "Inbound customer service in Bangla and English, CRM tickets.", "skills": ["customer service", "CRM"],
    "location": "Jashore",
}
CV_TEXT = "Two years as an inbound call centre agent: customer service and CRM tickets in Bangla and English."


def _cv(cv_id: str, contact=None, text=CV_TEXT) -> dict:
    return {"cv_id": cv_id, "fair_id": None, "text": text, "skills": ["customer service"], "location": "Jashore",
            "language_pref": "en", "candidate_token_hash": token_hash(TOKENS[cv_id]), "shared_contact": contact}


def _apply(service, kind: str, data: dict) -> None:
    handle_event(service, new_event(kind, data, producer="test"))


@pytest.fixture
def service(database_on_both):
    url = database_on_both("matcher")
    config = MatcherConfig(database_url=url, http=HttpSettings("127.0.0.1", 0), bus=memory_bus(),
                           match_threshold=0.1, notify_top=10, auth=AuthSettings(ADMIN_TOKEN))
    service = build(config)
    for employer_id, key in KEYS.items():
        _apply(service, types.EMPLOYER_REGISTERED, {"employer_id": employer_id, "name": employer_id, "key_hash": token_hash(key)})
    _apply(service, types.POSTING_PUBLISHED, POSTING)
    _apply(service, types.CV_RECEIVED, _cv("c1", contact=CONTACT))
    _apply(service, types.CV_RECEIVED, _cv("c2"))
    service.restart = lambda: build(config)
    yield service
    service.engine.dispose()


@pytest.fixture
def client(service):
    return create_app(service).test_client()


def _published(service) -> list[tuple[str, str]]:
    with service.engine.connect() as conn:
        return sorted(conn.execute(select(tables.matches.c.posting_id, tables.matches.c.cv_id)))


def test_a_shortlist_is_its_employers_and_shows_a_contact_only_with_consent(client):
    path = "/api/v1/postings/p1/matches"
    answer = client.get(path, headers=bearer(KEYS["e1"])).get_json()
    assert answer["status"] == "open"
    contacts = {m["cv_id"]: m["contact"] for m in answer["matches"]}
    assert contacts == {"c1": CONTACT, "c2": None}
    assert client.get(path, headers=OPERATOR).status_code == 200
    assert client.get(path, headers=bearer(KEYS["e2"])).status_code == 404
    assert client.get(path, headers=bearer(TOKENS["c1"])).status_code == 404
    assert client.get(path).status_code == 401
    assert client.get(path, headers=bearer(new_token(EMPLOYER_KEY))).status_code == 401


def test_a_candidate_reads_only_their_own_matches(client):
    assert [m["posting_id"] for m in client.get("/api/v1/cvs/c1/matches", headers=bearer(TOKENS["c1"])).get_json()["matches"]] == ["p1"]
    assert client.get("/api/v1/cvs/c1/matches", headers=bearer(TOKENS["c2"])).status_code == 404
    assert client.get("/api/v1/cvs/c1/matches", headers=bearer(KEYS["e1"])).status_code == 404
    assert client.get("/api/v1/cvs/c1/matches", headers=OPERATOR).status_code == 200


def test_an_update_reranks_without_announcing_a_pair_twice(service):
    assert _published(service) == [("p1", "c1"), ("p1", "c2")]
    _apply(service, types.POSTING_UPDATED, dict(POSTING, title="Senior call centre agent"))
    _apply(service, types.CV_UPDATED, _cv("c2", text=CV_TEXT + " Team lead for six months."))
    with service.engine.connect() as conn:
        found = conn.execute(select(tables.outbox.c.event_type).where(tables.outbox.c.event_type == types.MATCH_FOUND)).all()
        title = conn.execute(select(tables.postings.c.title)).scalar_one()
    assert len(found) == 2 and title == "Senior call centre agent"


def test_a_closed_posting_leaves_matching_and_its_shortlist_stays_readable(service, client):
    _apply(service, types.POSTING_CLOSED, {"posting_id": "p1"})
    assert ("posting", "p1") not in service.index
    _apply(service, types.CV_RECEIVED, _cv("c3"))
    assert ("p1", "c3") not in _published(service)
    answer = client.get("/api/v1/postings/p1/matches", headers=bearer(KEYS["e1"])).get_json()
    assert answer["status"] == "closed" and {m["cv_id"] for m in answer["matches"]} == {"c1", "c2"}
    _apply(service, types.POSTING_UPDATED, POSTING)  # a late update does not reopen it
    assert ("posting", "p1") not in service.index
    assert ("posting", "p1") not in service.restart().index


def test_a_withdrawn_cv_leaves_matching_and_shortlists(service, client):
    _apply(service, types.CV_WITHDRAWN, {"cv_id": "c2"})
    assert ("cv", "c2") not in service.index and ("cv", "c2") not in service.restart().index
    assert [m["cv_id"] for m in client.get("/api/v1/postings/p1/matches", headers=OPERATOR).get_json()["matches"]] == ["c1"]
    _apply(service, types.POSTING_PUBLISHED, dict(POSTING, posting_id="p2"))
    assert ("p2", "c2") not in _published(service)


def test_an_erased_candidate_leaves_nothing_in_the_matcher(service, client):
    _apply(service, types.CANDIDATE_ERASED, {"cv_id": "c1"})
    service.relay.relay_once()  # index.updated rows (ids only, for the other replicas) are deleted once sent
    with service.engine.connect() as conn:
        cvs = conn.execute(select(tables.cvs.c.id)).scalars().all()
        matched = conn.execute(select(tables.matches.c.cv_id)).scalars().all()
        payloads = conn.execute(select(tables.outbox.c.payload)).scalars().all()
    assert cvs == ["c2"] and matched == ["c2"]
    assert not any('"c1"' in p or "Nusrat" in p for p in payloads)
    assert ("cv", "c1") not in service.index and ("cv", "c1") not in service.restart().index
    assert client.get("/api/v1/cvs/c1/matches", headers=bearer(TOKENS["c1"])).status_code == 401
    assert [m["cv_id"] for m in client.get("/api/v1/postings/p1/matches", headers=OPERATOR).get_json()["matches"]] == ["c2"]


def _match_events(service) -> list[list[tuple[str, str]]]:
    """The stored match.found events, oldest first: the (posting, cv) pairs each carries."""
    with service.engine.connect() as conn:
        payloads = conn.execute(select(tables.outbox.c.payload).where(tables.outbox.c.event_type == types.MATCH_FOUND)
                                .order_by(tables.outbox.c.seq)).scalars().all()
    return [[(m["posting_id"], m["cv_id"]) for m in matches_in(parse_event(p))] for p in payloads]


def test_a_ranking_publishes_its_new_matches_in_one_event_and_erasure_takes_out_only_the_candidates(service):
    _apply(service, types.POSTING_PUBLISHED, dict(POSTING, posting_id="p2", title="কল সেন্টার এজেন্ট"))
    assert _match_events(service) == [[("p1", "c1")], [("p1", "c2")], [("p2", "c1"), ("p2", "c2")]]
    _apply(service, types.CANDIDATE_ERASED, {"cv_id": "c1"})
    assert _match_events(service) == [[("p1", "c2")], [("p2", "c2")]]
    service.relay.relay_once()  # index.updated rows (ids only) are deleted once sent
    with service.engine.connect() as conn:
        payloads = conn.execute(select(tables.outbox.c.payload)).scalars().all()
    assert not any('"c1"' in p for p in payloads)
    assert any("কল সেন্টার এজেন্ট" in p for p in payloads)  # the rewritten event keeps its Bengali as it was


def test_an_event_carries_each_match_s_skills_summary_and_the_shortlist_the_whole_explanation(service, client):
    _apply(service, types.POSTING_PUBLISHED, dict(POSTING, posting_id="p2", title="কল সেন্টার এজেন্ট",
                                                  skills=["customer service", "গ্রাহক সেবা", "Photoshop"]))
    with service.engine.connect() as conn:
        payload = conn.execute(select(tables.outbox.c.payload).where(tables.outbox.c.event_type == types.MATCH_FOUND)
                               .order_by(tables.outbox.c.seq.desc())).scalars().first()
    published = {m["cv_id"]: m["explanation"] for m in matches_in(parse_event(payload))}
    shortlist = {m["cv_id"]: m["explanation"]
                 for m in client.get("/api/v1/postings/p2/matches", headers=OPERATOR).get_json()["matches"]}
    assert set(published) == set(shortlist) == {"c1", "c2"}
    for cv_id, whole in shortlist.items():
        assert {"components", "weights", "skill_matches", "shared_concepts"} <= set(whole)
        assert published[cv_id] == {key: whole[key] for key in
                                    ("matched_skills", "partial_skills", "missing_skills", "skill_labels_bn", "top_terms")}
        assert "Photoshop" in published[cv_id]["missing_skills"]
    assert len(payload.encode()) < 2_000


def test_a_posting_closed_before_it_arrived_is_never_indexed(service):
    _apply(service, types.POSTING_CLOSED, {"posting_id": "p9"})
    _apply(service, types.POSTING_PUBLISHED, dict(POSTING, posting_id="p9"))
    assert ("posting", "p9") not in service.index
    assert not [pair for pair in _published(service) if pair[0] == "p9"]


def test_late_events_cannot_bring_an_erased_candidate_back(service):
    _apply(service, types.CANDIDATE_ERASED, {"cv_id": "c1"})
    _apply(service, types.CV_UPDATED, _cv("c1", contact=CONTACT))
    _apply(service, types.CV_RECEIVED, _cv("c1", contact=CONTACT))
    with service.engine.connect() as conn:
        assert conn.execute(select(tables.cvs.c.id)).scalars().all() == ["c2"]
    assert ("cv", "c1") not in service.index
