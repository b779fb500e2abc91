"""Fairday on the real PostgreSQL: two stalls calling the same candidate at the same moment, one wins; pending stalls go out."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from fairday.app import create_app
from fairday.pending_suggestions import suggest_pending
from shared.config import database_url
from tests.integration.fair_world import FAIR, FairWorld
from tests.integration.service_builders import OPERATOR, bearer, fairday_service

pytestmark = pytest.mark.postgres


def test_two_stalls_calling_one_candidate_at_once_never_both_win(postgres_url):
    service = fairday_service(database_url("fairday", {"FAIRDAY_DATABASE_URL": postgres_url}))
    world = FairWorld(service)
    for employer in ("e1", "e2"):
        world.employer(employer, f"Employer {employer}")
        world.posting(f"p-{employer}", employer, f"Employer {employer}", "Call centre agent", stall=employer)
    client = create_app(service).test_client()
    rounds = 8
    for n in range(rounds):
        world.cv(f"c{n}", f"Candidate {n}")
        for employer in ("e1", "e2"):
            world.match(f"p-{employer}", f"c{n}", 0.5)
        assert client.post(f"/api/v1/fairs/{FAIR}/checkins", json={"code": world.codes[f"c{n}"]}, headers=OPERATOR).status_code == 201
    for n in range(rounds):
        start = threading.Barrier(2)
        answers = {}

        def call(employer):
            start.wait()
            answers[employer] = client.post(f"/api/v1/fairs/{FAIR}/stalls/{employer}/calls", json={"cv_id": f"c{n}"},
                                            headers=bearer(world.employer_keys[employer])).status_code

        threads = [threading.Thread(target=call, args=(e,)) for e in ("e1", "e2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(answers.values()) == [201, 409], (n, answers)


def test_a_walk_ins_pending_stalls_are_sent_on_postgresql(postgres_url):
    service = fairday_service(database_url("fairday", {"FAIRDAY_DATABASE_URL": postgres_url}))
    world = FairWorld(service)
    world.employer("e1", "Employer e1")
    world.posting("p1", "e1", "Employer e1", "Call centre agent", stall="12")
    world.cv("kiosk", "Walk In")
    client = create_app(service).test_client()
    client.post(f"/api/v1/fairs/{FAIR}/employers/e1/presence", json={}, headers=OPERATOR)
    assert client.post(f"/api/v1/fairs/{FAIR}/checkins", json={"code": world.codes["kiosk"]}, headers=OPERATOR).json["stalls_pending"]
    world.match("p1", "kiosk", 0.6)
    later = datetime.now(timezone.utc) + timedelta(seconds=5)
    assert suggest_pending(service.engine, later, suggestions=3, wait_seconds=60) == 1
    own = client.get("/api/v1/candidates/kiosk/fair-day", headers=bearer(world.candidate_tokens["kiosk"])).json
    assert [s["stall"] for s in own["checkins"][0]["stalls"]] == ["12"]


def test_ids_longer_than_any_stored_are_404_not_a_database_error(postgres_url):
    service = fairday_service(database_url("fairday", {"FAIRDAY_DATABASE_URL": postgres_url}))
    client = create_app(service).test_client()
    long_id = "f" * 37
    assert client.post(f"/api/v1/fairs/{long_id}/volunteers", headers=OPERATOR).status_code == 404
    assert client.post(f"/api/v1/fairs/{long_id}/checkins", json={"code": "K7M-4XRP"}, headers=OPERATOR).status_code == 404
    assert client.post(f"/api/v1/fairs/f1/employers/{long_id}/presence", json={}, headers=OPERATOR).status_code == 404
    assert client.post("/api/v1/fairs/" + "f" * 36 + "/volunteers", headers=OPERATOR).status_code == 201
