"""Employers and their postings: API keys, ownership, changes and closing, each with its event."""

from __future__ import annotations

from sqlalchemy import select

from intake import tables

POSTING = {"title": "Live chat agent", "description": "Chat support in English.", "skills": ["live chat"]}


def test_an_employer_gets_an_api_key_once_and_only_its_hash_is_kept(callers):
    employer, key = callers.employer()
    assert employer["api_key"].startswith("jm_emp_")
    with callers.service.engine.connect() as conn:
        stored = conn.execute(select(tables.employers)).mappings().one()
    assert employer["api_key"] not in str(dict(stored)) and len(stored["key_hash"]) == 64
    assert callers.events("employer.registered") == [
        {"type": "employer.registered", "employer_id": employer["id"], "name": "Rupsha Digital", "key_hash": stored["key_hash"],
         "email": None}
    ]
    read = callers.operator.get(f"/api/v1/employers/{employer['id']}").get_json()
    assert "api_key" not in read and [e["id"] for e in callers.operator.get("/api/v1/employers").get_json()["employers"]] == [employer["id"]]


def test_a_posting_belongs_to_the_employer_whose_key_sent_it(callers):
    employer, key = callers.employer()
    created = callers.anonymous.post("/api/v1/postings", json=POSTING, headers=key)
    assert created.status_code == 201
    posting = created.get_json()
    assert (posting["employer"], posting["employer_id"], posting["status"]) == ("Rupsha Digital", employer["id"], "open")
    assert callers.events("posting.published")[0]["employer_id"] == employer["id"]
    refused = callers.anonymous.post("/api/v1/postings", json={**POSTING, "employer": "Someone Else"}, headers=key)
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"employer"}


def test_the_operator_posts_for_a_named_known_employer(callers):
    employer, _ = callers.employer()
    assert callers.operator.post("/api/v1/postings", json={**POSTING, "employer_id": employer["id"]}).status_code == 201
    for body, field in (({**POSTING, "employer_id": "nobody"}, "employer_id"), (POSTING, "employer_id")):
        response = callers.operator.post("/api/v1/postings", json=body)
        assert response.status_code == 422 and set(response.get_json()["errors"]) == {field}


def test_an_open_posting_changes_as_a_whole_and_a_closed_one_does_not(callers):
    _, key = callers.employer()
    posting = callers.anonymous.post("/api/v1/postings", json=POSTING, headers=key).get_json()
    path = f"/api/v1/postings/{posting['id']}"
    changed = callers.anonymous.patch(path, json={"title": "Senior chat agent", "required_languages": ["ইংরেজি"]}, headers=key)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["title"] == "Senior chat agent" and changed.get_json()["required_languages"] == ["English"]
    assert changed.get_json()["description"] == POSTING["description"]
    bad = callers.anonymous.patch(path, json={"location_policy": "require"}, headers=key)  # no location to check
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"location"}
    assert callers.events("posting.updated")[-1]["title"] == "Senior chat agent"
    assert len(callers.events("posting.updated")) == 1

    closed = callers.anonymous.post(f"{path}/close", headers=key)
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed" and closed.get_json()["closed_at"]
    again = callers.anonymous.post(f"{path}/close", headers=key)
    assert again.status_code == 200 and again.get_json()["closed_at"] == closed.get_json()["closed_at"]
    assert callers.events("posting.closed") == [{"type": "posting.closed", "posting_id": posting["id"]}]
    late = callers.anonymous.patch(path, json={"title": "Too late"}, headers=key)
    assert late.status_code == 409 and late.content_type == "application/problem+json"


def test_postings_are_listed_a_page_at_a_time(callers):
    employer, key = callers.employer()
    ids = [callers.anonymous.post("/api/v1/postings", json={**POSTING, "title": f"Agent {i}"}, headers=key).get_json()["id"]
           for i in range(3)]
    page = callers.anonymous.get("/api/v1/postings?limit=2&offset=1", headers=key).get_json()["postings"]
    assert [p["id"] for p in page] == ids[1:]


def test_a_postings_stall_and_its_fairs_venue_and_date_travel_with_it_for_candidates_digests(callers):
    fair = callers.operator.post("/api/v1/fairs", json={"name": "খুলনা বিপিও সামিট", "division": "Khulna", "venue": "কুয়েট",
                                                        "starts_on": "2026-12-10"}).get_json()
    _, key = callers.employer()
    posting = callers.anonymous.post("/api/v1/postings", json={**POSTING, "fair_id": fair["id"], "stall": "১২"}, headers=key)
    assert posting.status_code == 201 and posting.get_json()["stall"] == "১২"
    [event] = callers.events("posting.published")
    assert (event["stall"], event["fair_name"], event["fair_venue"], event["fair_starts_on"]) == (
        "১২", "খুলনা বিপিও সামিট", "কুয়েট", "2026-12-10")
    too_long = callers.anonymous.post("/api/v1/postings", json={**POSTING, "stall": "x" * 21}, headers=key)
    assert too_long.status_code == 422 and set(too_long.get_json()["errors"]) == {"stall"}
