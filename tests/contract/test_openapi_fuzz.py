"""Property-based runs against each service's own OpenAPI document: no 5xx, no answer off the spec."""

from __future__ import annotations

from tests.contract.conftest import (
    CANDIDATE_TOKEN_IN_EVENTS,
    EMPLOYER_KEY_IN_EVENTS,
    call_within_contract,
    fuzz_every_operation,
)
from tests.integration.service_builders import OPERATOR, bearer


def test_intake_answers_every_generated_request_within_its_contract(intake_app):
    assert "POST /api/v1/cvs" in fuzz_every_operation(intake_app)


def test_intake_answers_the_operator_within_its_contract(intake_app):
    assert "POST /api/v1/employers" in fuzz_every_operation(intake_app, headers=OPERATOR)


def test_intake_answers_an_employer_and_a_candidate_within_its_contract(intake_app):
    client = intake_app.test_client()
    key = client.post("/api/v1/employers", json={"name": "Rupsha Digital"}, headers=OPERATOR).get_json()["api_key"]
    cv = {"name": "Nusrat Jahan", "phone": "01712345678", "language_pref": "en", "text": "Call centre agent, two years."}
    token = client.post("/api/v1/cvs", json=cv).get_json()["candidate_token"]
    assert "POST /api/v1/postings" in fuzz_every_operation(intake_app, headers=bearer(key))
    assert "GET /api/v1/cvs/{cv_id}" in fuzz_every_operation(intake_app, headers=bearer(token))


def test_matcher_answers_every_generated_request_within_its_contract(matcher_app):
    assert "GET /api/v1/postings/{posting_id}/matches" in fuzz_every_operation(matcher_app)


def test_matcher_answers_the_operator_within_its_contract(matcher_app):
    assert "GET /api/v1/stats" in fuzz_every_operation(matcher_app, headers=OPERATOR)


def test_notifier_answers_every_generated_request_within_its_contract(notifier_app):
    assert "GET /api/v1/notifications" in fuzz_every_operation(notifier_app)


def test_notifier_answers_the_operator_within_its_contract(notifier_app):
    assert "GET /api/v1/stats" in fuzz_every_operation(notifier_app, headers=OPERATOR)


def test_matcher_and_notifier_answer_an_employer_and_a_candidate_within_their_contracts(matcher_app, notifier_app):
    for app in (matcher_app, notifier_app):
        for token in (EMPLOYER_KEY_IN_EVENTS, CANDIDATE_TOKEN_IN_EVENTS):
            assert "GET /api/v1/stats" in fuzz_every_operation(app, headers=bearer(token))


def test_fairday_answers_every_generated_request_within_its_contract(fairday_app):
    assert "POST /api/v1/fairs/{fair_id}/checkins" in fuzz_every_operation(fairday_app)


def test_fairday_answers_the_operator_and_a_stall_within_its_contract(fairday_app):
    assert "GET /api/v1/fairs/{fair_id}/funnel" in fuzz_every_operation(fairday_app, headers=OPERATOR)
    assert "POST /api/v1/interviews" in fuzz_every_operation(fairday_app, headers=bearer(EMPLOYER_KEY_IN_EVENTS))


def test_fairday_answers_a_volunteer_within_its_contract(fairday_app):
    token = fairday_app.test_client().post("/api/v1/fairs/f1/volunteers", headers=OPERATOR).get_json()["token"]
    assert "GET /api/v1/fairs/{fair_id}/codes/{registration_code}" in fuzz_every_operation(fairday_app, headers=bearer(token))


def test_known_shortlists_and_notices_answer_as_documented(matcher_app, notifier_app):
    shortlist = call_within_contract(matcher_app, "GET", "/api/v1/postings/{posting_id}/matches",
                                     bearer(EMPLOYER_KEY_IN_EVENTS), posting_id="p1")
    assert shortlist.status_code == 200 and shortlist.json()["matches"]
    own = call_within_contract(matcher_app, "GET", "/api/v1/cvs/{cv_id}/matches", bearer(CANDIDATE_TOKEN_IN_EVENTS), cv_id="c1")
    assert own.status_code == 200 and own.json()["matches"]
    notices = call_within_contract(notifier_app, "GET", "/api/v1/notifications", bearer(CANDIDATE_TOKEN_IN_EVENTS))
    assert notices.status_code == 200 and notices.json()["notifications"]
