"""Who may call each intake route: a matrix over the URL map, so a new route without a rule fails here."""

from __future__ import annotations

import pytest

from shared.http.access import route_roles

CV = {"name": "Nusrat Jahan", "phone": "01712345678", "language_pref": "en", "text": "Inbound call centre agent, two years."}
# route -> roles admitted; every intake route must be listed (see the last test).
RULES = {
    ("POST", "/api/v1/fairs"): {"operator"},
    ("GET", "/api/v1/fairs"): {"anyone"},
    ("GET", "/api/v1/fairs/<fair_id>"): {"anyone"},
    ("GET", "/api/v1/fairs/<fair_id>/summary"): {"operator"},
    ("POST", "/api/v1/employers"): {"operator"},
    ("GET", "/api/v1/employers"): {"operator"},
    ("GET", "/api/v1/employers/<employer_id>"): {"operator", "employer"},
    ("POST", "/api/v1/postings"): {"operator", "employer"},
    ("GET", "/api/v1/postings"): {"operator", "employer"},
    ("GET", "/api/v1/postings/<posting_id>"): {"operator", "employer"},
    ("PATCH", "/api/v1/postings/<posting_id>"): {"operator", "employer"},
    ("POST", "/api/v1/postings/<posting_id>/close"): {"operator", "employer"},
    ("POST", "/api/v1/cvs"): {"anyone"},
    ("GET", "/api/v1/cvs/<cv_id>"): {"operator", "candidate"},
    ("PATCH", "/api/v1/cvs/<cv_id>"): {"operator", "candidate"},
    ("DELETE", "/api/v1/cvs/<cv_id>"): {"operator", "candidate"},
    ("POST", "/api/v1/cvs/<cv_id>/withdraw"): {"operator", "candidate"},
    ("POST", "/api/v1/cvs/<cv_id>/verify"): {"operator", "candidate"},
    ("POST", "/api/v1/cvs/<cv_id>/confirm-change"): {"anyone"},
    ("GET", "/api/v1/cvs/<cv_id>/file"): {"operator", "candidate", "employer"},
    ("POST", "/api/v1/fairs/<fair_id>/imports"): {"operator"},
    ("GET", "/api/v1/imports/<import_id>"): {"operator"},
    ("GET", "/api/v1/imports/<import_id>/report.csv"): {"operator"},
    ("GET", "/api/v1/stats"): {"operator"},
    ("GET", "/healthz"): {"anyone"},
    ("GET", "/readyz"): {"anyone"},
}


def test_every_intake_route_states_the_rule_this_table_gives(callers):
    app = callers.app
    seen = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "metrics") or rule.endpoint.startswith("api-docs"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            seen[(method, rule.rule)] = set(route_roles(app, rule.endpoint) or ())
    assert seen == RULES


@pytest.fixture
def world(callers):
    """A fair, two employers each with a posting, two candidates each with a CV."""
    fair = callers.operator.post("/api/v1/fairs", json={"name": "Khulna BPO Summit", "division": "Khulna"}).get_json()
    (emp1, key1), (emp2, key2) = callers.employer("Rupsha Digital"), callers.employer("Bhairab Contact")
    post = {"title": "Agent", "description": "Inbound calls."}
    p1 = callers.anonymous.post("/api/v1/postings", json=post, headers=key1).get_json()
    p2 = callers.anonymous.post("/api/v1/postings", json=post, headers=key2).get_json()
    (cv1, tok1), (cv2, tok2) = callers.candidate(CV), callers.candidate({**CV, "phone": "01812345678"})
    return dict(fair=fair, emp1=emp1, emp2=emp2, key1=key1, key2=key2, p1=p1, p2=p2, cv1=cv1, cv2=cv2, tok1=tok1, tok2=tok2)


def test_without_a_credential_every_closed_route_is_401_with_a_bearer_challenge(callers, world):
    for method, path in [("POST", "/api/v1/fairs"), ("GET", "/api/v1/employers"), ("GET", f"/api/v1/postings/{world['p1']['id']}"),
                         ("GET", f"/api/v1/cvs/{world['cv1']['id']}"), ("DELETE", f"/api/v1/cvs/{world['cv1']['id']}"),
                         ("GET", "/api/v1/stats")]:
        response = callers.anonymous.open(path, method=method, json={} if method == "POST" else None)
        assert response.status_code == 401, (method, path)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_or_erased_credential_is_401(callers, world):
    assert callers.anonymous.get("/api/v1/fairs", headers={"Authorization": "Bearer jm_cand_" + "x" * 43}).status_code == 401
    assert callers.operator.delete(f"/api/v1/cvs/{world['cv1']['id']}").status_code == 204
    assert callers.anonymous.get("/api/v1/fairs", headers=world["tok1"]).status_code == 401


def test_anyone_reads_fairs_which_are_public(callers, world):
    for headers in (world["key1"], world["tok1"], {}):
        assert callers.anonymous.get(f"/api/v1/fairs/{world['fair']['id']}", headers=headers).status_code == 200
        assert callers.anonymous.get("/api/v1/fairs", headers=headers).get_json()["fairs"][0]["id"] == world["fair"]["id"]


def test_employers_see_only_their_own_account_and_postings(callers, world):
    a = callers.anonymous
    assert a.get(f"/api/v1/employers/{world['emp1']['id']}", headers=world["key1"]).get_json()["name"] == "Rupsha Digital"
    assert a.get(f"/api/v1/employers/{world['emp2']['id']}", headers=world["key1"]).status_code == 404
    assert a.get("/api/v1/employers", headers=world["key1"]).status_code == 403
    assert [p["id"] for p in a.get("/api/v1/postings", headers=world["key1"]).get_json()["postings"]] == [world["p1"]["id"]]
    assert len(callers.operator.get("/api/v1/postings").get_json()["postings"]) == 2
    for method, suffix in (("GET", ""), ("PATCH", ""), ("POST", "/close")):
        response = a.open(f"/api/v1/postings/{world['p2']['id']}{suffix}", method=method, json={"title": "Mine now"},
                          headers=world["key1"])
        assert response.status_code == 404, (method, suffix)


def test_candidates_see_only_their_own_cv_and_no_posting(callers, world):
    a = callers.anonymous
    assert a.get(f"/api/v1/cvs/{world['cv1']['id']}", headers=world["tok1"]).status_code == 200
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/withdraw"), ("POST", "/verify")):
        response = a.open(f"/api/v1/cvs/{world['cv2']['id']}{suffix}", method=method,
                          json={"code": "123456"} if suffix == "/verify" else ({} if method != "GET" else None),
                          headers=world["tok1"])
        assert response.status_code == 404, (method, suffix)
    assert a.get(f"/api/v1/postings/{world['p1']['id']}", headers=world["tok1"]).status_code == 404
    assert a.get(f"/api/v1/cvs/{world['cv1']['id']}", headers=world["key1"]).status_code == 404
    assert a.get("/api/v1/stats", headers=world["tok1"]).status_code == 403
