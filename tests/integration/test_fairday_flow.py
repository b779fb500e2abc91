"""Fairday in-process on SQLite: the gate, stall queues in match order, calls one stall at a time, interviews, the funnel."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from fairday import tables
from fairday.app import create_app
from fairday.pending_suggestions import suggest_pending
from shared.events import types
from tests.integration.fair_world import FAIR, FairWorld
from tests.integration.service_builders import OPERATOR, bearer, fairday_service
from tests.system_packages import require_noto_fonts


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now


@pytest.fixture
def fair(tmp_path):
    """A fair with three employers (two present), four candidates and their matches."""
    service = fairday_service(f"sqlite:///{tmp_path / 'fairday.sqlite3'}")
    service.clock = Clock()
    world = FairWorld(service)
    world.employer("e1", "Bhairab Contact")
    world.employer("e2", "Rupsha Data")
    world.employer("e3", "Absent Ltd")
    world.posting("p1", "e1", "Bhairab Contact", "Call centre agent", stall="12")
    world.posting("p1b", "e1", "Bhairab Contact", "Team lead", stall="12")
    world.posting("p2", "e2", "Rupsha Data", "Data entry operator", stall="7")
    world.posting("p3", "e3", "Absent Ltd", "Sales", stall="3")
    world.cv("c1", "Nusrat Jahan")
    world.cv("c2", "রাকিব হাসান", language="bn", district="Jessore", institution="Jessore Polytechnic")
    world.cv("c3", "Sumaiya Akter")
    world.cv("c4", "Never Came")
    world.ranking([("p3", "c1", 0.9), ("p1b", "c1", 0.7), ("p1", "c1", 0.6), ("p2", "c1", 0.5)])  # c1 against the postings
    world.ranking([("p1", "c2", 0.8), ("p2", "c2", 0.4)])
    world.ranking([("p1", "c4", 0.95), ("p1", "c3", 0.6)])  # p1 against the CVs it had not matched yet
    client = create_app(service).test_client()
    for employer in ("e1", "e2"):
        assert client.post(f"/api/v1/fairs/{FAIR}/employers/{employer}/presence", json={}, headers=OPERATOR).status_code == 201
    world.client = client
    world.volunteer = bearer(client.post(f"/api/v1/fairs/{FAIR}/volunteers", headers=OPERATOR).json["token"])
    return world


def _events(service, event_type):
    with service.engine.connect() as conn:
        payloads = conn.execute(select(tables.outbox.c.payload).where(tables.outbox.c.event_type == event_type)
                                .order_by(tables.outbox.c.seq)).scalars()
        return [json.loads(p)["data"] for p in payloads]


def _check_in(world, cv_id, code=None):
    return world.client.post(f"/api/v1/fairs/{FAIR}/checkins", json={"code": code or world.codes[cv_id]}, headers=world.volunteer)


def _employer(world, employer_id):
    return bearer(world.employer_keys[employer_id])


def test_check_in_suggests_the_best_stalls_of_present_employers_once(fair):
    answer = _check_in(fair, "c1")
    assert answer.status_code == 201, answer.json
    # p3 scores best but its employer is not present; e1 is suggested once, by its best posting.
    assert [(s["stall"], s["employer"], s["posting_id"]) for s in answer.json["stalls"]] == [
        ("12", "Bhairab Contact", "p1b"), ("7", "Rupsha Data", "p2")]
    again = _check_in(fair, "c1", fair.codes["c1"].lower().replace("-", " "))
    assert again.status_code == 200 and again.json["checkin_id"] == answer.json["checkin_id"]
    [event] = _events(fair.service, types.CANDIDATE_CHECKED_IN)
    assert event["cv_id"] == "c1" and [s["stall"] for s in event["stalls"]] == ["12", "7"]


def test_a_code_typed_with_bengali_digits_checks_in(fair):
    code = fair.codes["c2"].translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert _check_in(fair, "c2", code).status_code == 201


def test_an_unknown_code_is_404_and_a_withdrawn_cv_cannot_check_in(fair):
    assert _check_in(fair, "c1", "AAA-AAAA").status_code == 404
    assert _check_in(fair, "c1", "not a code at all").status_code == 404
    fair.send(types.CV_WITHDRAWN, {"cv_id": "c3"})
    assert _check_in(fair, "c3").status_code == 404


def test_a_cv_handed_in_just_before_check_in_is_a_walk_in(fair):
    recent = (fair.service.clock() - timedelta(minutes=5)).isoformat()
    fair.cv("walk", "Walk In", occurred_at=recent)
    fair.cv("old", "Registered Last Week", occurred_at=(fair.service.clock() - timedelta(days=7)).isoformat())
    assert _check_in(fair, "walk").json["walk_in"] is True
    assert _check_in(fair, "old").json["walk_in"] is False


def test_a_volunteer_sees_only_an_initial_and_district_and_cannot_read_queues_or_outcomes(fair):
    looked = fair.client.get(f"/api/v1/fairs/{FAIR}/codes/{fair.codes['c2']}", headers=fair.volunteer)
    assert looked.status_code == 200
    assert looked.json == {"code": fair.codes["c2"], "initial": "র", "district": "Jessore", "checked_in": False}
    assert "+880" not in looked.get_data(as_text=True)
    _check_in(fair, "c2")
    for path in (f"/api/v1/fairs/{FAIR}/stalls/e1/queue", "/api/v1/candidates/c2/fair-day", f"/api/v1/fairs/{FAIR}/funnel",
                 f"/api/v1/fairs/{FAIR}/stalls/e1/interviews", f"/api/v1/fairs/{FAIR}/export"):
        assert fair.client.get(path, headers=fair.volunteer).status_code == 404, path
    other_fair = fair.client.post("/api/v1/fairs/other-fair/checkins", json={"code": fair.codes["c1"]}, headers=fair.volunteer)
    assert other_fair.status_code == 404


def test_the_stall_queue_is_in_match_order_with_ties_by_check_in_time(fair):
    for cv in ("c3", "c2", "c1"):
        _check_in(fair, cv)
        fair.service.clock.now += timedelta(seconds=10)
    queue = fair.client.get(f"/api/v1/fairs/{FAIR}/stalls/e1/queue", headers=_employer(fair, "e1")).json
    # c2 0.8, then c1 (best e1 posting p1b 0.7), then c3 0.6; c4 matched best but never checked in.
    assert [(e["cv_id"], e["posting_id"], e["status"]) for e in queue["queue"]] == [
        ("c2", "p1", "waiting"), ("c1", "p1b", "waiting"), ("c3", "p1", "waiting")]
    assert queue["stall"] == "12" and queue["present"] is True
    assert all("Nusrat" not in json.dumps(e) for e in queue["queue"])
    assert fair.client.get(f"/api/v1/fairs/{FAIR}/stalls/e1/queue", headers=_employer(fair, "e2")).status_code == 404


def test_a_candidate_called_by_one_stall_cannot_be_called_by_another_until_seen_or_the_hold_ends(fair):
    _check_in(fair, "c1")
    first = fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e1/calls", json={}, headers=_employer(fair, "e1"))
    assert first.status_code == 201 and first.json["cv_id"] == "c1" and first.json["stall"] == "12"
    second = fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e2/calls", json={"cv_id": "c1"}, headers=_employer(fair, "e2"))
    assert second.status_code == 409
    queue = fair.client.get(f"/api/v1/fairs/{FAIR}/stalls/e2/queue", headers=_employer(fair, "e2")).json["queue"]
    assert queue[0]["status"] == "busy_elsewhere"
    assert fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e2/calls", json={}, headers=_employer(fair, "e2")).status_code == 404
    fair.service.clock.now += timedelta(seconds=61)
    assert fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e2/calls", json={"cv_id": "c1"}, headers=_employer(fair, "e2")).status_code == 201
    [called_12, called_7] = _events(fair.service, types.QUEUE_CALLED)
    assert (called_12["stall"], called_12["employer"], called_7["stall"]) == ("12", "Bhairab Contact", "7")


def test_a_no_show_frees_the_candidate_for_another_stall_at_once(fair):
    _check_in(fair, "c1")
    call = fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e1/calls", json={"cv_id": "c1"}, headers=_employer(fair, "e1")).json
    assert fair.client.post(f"/api/v1/calls/{call['id']}/no-show", headers=_employer(fair, "e2")).status_code == 404
    marked = fair.client.post(f"/api/v1/calls/{call['id']}/no-show", headers=_employer(fair, "e1"))
    assert marked.status_code == 200 and marked.json["status"] == "no_show"
    assert fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e2/calls", json={"cv_id": "c1"}, headers=_employer(fair, "e2")).status_code == 201
    assert len(_events(fair.service, types.QUEUE_NO_SHOW)) == 1


def _interview(fair, employer, **body):
    return fair.client.post("/api/v1/interviews", json={"rating": 3, "note": "Clear Bangla and English", **body},
                            headers=_employer(fair, employer))


def test_an_interview_is_recorded_once_and_each_party_sees_what_is_theirs(fair):
    _check_in(fair, "c2")
    fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e1/calls", json={"cv_id": "c2"}, headers=_employer(fair, "e1"))
    made = _interview(fair, "e1", cv_id="c2", posting_id="p1", outcome="offer")
    assert made.status_code == 201 and made.json["letter"] is True and made.json["note"] == "Clear Bangla and English"
    assert _interview(fair, "e1", cv_id="c2", posting_id="p1", outcome="offer").status_code == 409
    assert _interview(fair, "e2", cv_id="c2", posting_id="p1", outcome="offer").status_code == 404  # not its posting
    assert _interview(fair, "e1", cv_id="c4", posting_id="p1", outcome="offer").status_code == 404  # not checked in
    [event] = _events(fair.service, types.INTERVIEW_RECORDED)
    assert (event["outcome"], event["letter"], event["employer"], event["title"]) == ("offer", True, "Bhairab Contact", "Call centre agent")
    # Seen: free for other stalls at once, and shown as interviewed in this stall's queue.
    assert fair.client.post(f"/api/v1/fairs/{FAIR}/stalls/e2/calls", json={"cv_id": "c2"}, headers=_employer(fair, "e2")).status_code == 201
    own = fair.client.get("/api/v1/candidates/c2/fair-day", headers=bearer(fair.candidate_tokens["c2"])).json
    [outcome] = own["outcomes"]
    assert outcome["outcome"] == "offer" and "note" not in outcome and "rating" not in outcome
    assert fair.client.get("/api/v1/candidates/c2/fair-day", headers=bearer(fair.candidate_tokens["c1"])).status_code == 404
    assert fair.client.get(f"/api/v1/fairs/{FAIR}/stalls/e2/interviews", headers=_employer(fair, "e2")).json["interviews"] == []
    assert len(fair.client.get(f"/api/v1/fairs/{FAIR}/stalls/e1/interviews", headers=_employer(fair, "e1")).json["interviews"]) == 1
    assert fair.client.get(f"/api/v1/interviews/{made.json['id']}", headers=_employer(fair, "e2")).status_code == 404


def test_the_candidate_sees_their_places_in_queues(fair):
    for cv in ("c2", "c1"):
        _check_in(fair, cv)
    own = fair.client.get("/api/v1/candidates/c1/fair-day", headers=bearer(fair.candidate_tokens["c1"])).json
    assert [c["fair_id"] for c in own["checkins"]] == [FAIR]
    places = {p["employer_id"]: p for p in own["queues"]}
    assert places["e1"]["ahead"] == 1 and places["e1"]["stall"] == "12"  # c2 (0.8) before c1 (0.7)
    assert places["e2"]["ahead"] == 0 and "e3" not in places  # c1 (0.5) before c2 (0.4); e3 is not present


def test_the_funnel_counts_each_stage_overall_and_by_group_and_exports_csv(fair):
    for cv in ("c1", "c2", "c3"):
        _check_in(fair, cv)
    _interview(fair, "e1", cv_id="c2", posting_id="p1", outcome="hired_on_the_spot")
    _interview(fair, "e1", cv_id="c1", posting_id="p1b", outcome="shortlisted")
    _interview(fair, "e2", cv_id="c1", posting_id="p2", outcome="not_suitable")
    answer = fair.client.get(f"/api/v1/fairs/{FAIR}/funnel", headers=OPERATOR).json
    assert answer["totals"] == {"registered": 4, "checked_in": 3, "queued": 3, "interviewed": 2, "shortlisted": 2, "offered": 1, "hired": 1}
    assert answer["jobs_created"] == 1
    by_district = {g["label"]: g for g in fair.client.get(f"/api/v1/fairs/{FAIR}/funnel?by=district", headers=OPERATOR).json["groups"]}
    assert (by_district["Jessore"]["registered"], by_district["Jessore"]["hired"]) == (1, 1)
    assert (by_district["Khulna"]["registered"], by_district["Khulna"]["checked_in"], by_district["Khulna"]["hired"]) == (3, 2, 0)
    by_employer = {g["key"]: g for g in fair.client.get(f"/api/v1/fairs/{FAIR}/funnel?by=employer", headers=OPERATOR).json["groups"]}
    assert (by_employer["e1"]["queued"], by_employer["e1"]["interviewed"], by_employer["e1"]["hired"]) == (3, 2, 1)
    assert (by_employer["e2"]["queued"], by_employer["e2"]["interviewed"], by_employer["e2"]["shortlisted"]) == (2, 1, 0)
    assert "e3" not in by_employer  # c1 matches its posting, but it is not present: in no queue
    sheet = fair.client.get(f"/api/v1/fairs/{FAIR}/funnel.csv?by=institution", headers=OPERATOR)
    assert sheet.status_code == 200 and sheet.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(sheet.get_data(as_text=True))))
    assert rows[0] == ["institution", "registered", "checked_in", "queued", "interviewed", "shortlisted", "offered", "hired"]
    assert ["Jessore Polytechnic", "1", "1", "1", "1", "1", "1", "1"] in rows and rows[-1] == ["jobs_created", "1"]
    assert fair.client.get(f"/api/v1/fairs/{FAIR}/funnel?by=phone", headers=OPERATOR).status_code == 422


def test_a_fair_exported_and_imported_twice_elsewhere_has_the_same_counts(fair, tmp_path):
    for cv in ("c1", "c2"):
        _check_in(fair, cv)
    _interview(fair, "e1", cv_id="c2", posting_id="p1", outcome="offer")
    exported = fair.client.get(f"/api/v1/fairs/{FAIR}/export", headers=OPERATOR)
    assert exported.status_code == 200
    central = fairday_service(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    client = create_app(central).test_client()
    first = client.post("/api/v1/imports", data=exported.get_data(), headers=OPERATOR)
    assert first.status_code == 200 and first.json["added"]["interviews"] == 1 and first.json["added"]["checkins"] == 2
    again = client.post("/api/v1/imports", data=exported.get_data(), headers=OPERATOR)
    assert again.status_code == 200 and set(again.json["added"].values()) == {0}
    here = fair.client.get(f"/api/v1/fairs/{FAIR}/funnel", headers=OPERATOR).json
    there = client.get(f"/api/v1/fairs/{FAIR}/funnel", headers=OPERATOR).json
    assert there == here
    assert client.post("/api/v1/imports", data=b'{"table": "volunteers", "row": {}}\n', headers=OPERATOR).status_code == 422
    assert client.post("/api/v1/imports", data=b'{"table": "cvs", "row": {"id": "x", "evil": 1}}\n', headers=OPERATOR).status_code == 422


def test_an_erased_candidate_leaves_no_fair_day_records(fair):
    _check_in(fair, "c2")
    _interview(fair, "e1", cv_id="c2", posting_id="p1", outcome="offer")
    fair.send(types.CANDIDATE_ERASED, {"cv_id": "c2"})
    with fair.service.engine.connect() as conn:
        for table in (tables.checkins, tables.interviews, tables.matches, tables.calls):
            assert conn.execute(select(table).where(table.c.cv_id == "c2")).first() is None
        assert conn.execute(select(tables.cvs).where(tables.cvs.c.id == "c2")).first() is None
    fair.cv("c2", "Back Again")  # a late cv.received for an erased CV is not stored again
    with fair.service.engine.connect() as conn:
        assert conn.execute(select(tables.cvs).where(tables.cvs.c.id == "c2")).first() is None


def test_a_walk_in_checked_in_before_its_matches_gets_its_stalls_once_they_arrive(fair):
    clock = fair.service.clock
    fair.cv("kiosk", "Walk In", occurred_at=(clock() - timedelta(seconds=20)).isoformat())
    answer = _check_in(fair, "kiosk")
    assert answer.status_code == 201 and answer.json["stalls"] == [] and answer.json["stalls_pending"] is True
    assert _events(fair.service, types.CANDIDATE_CHECKED_IN) == []
    # The matcher's matches for the new CV arrive a moment later.
    found = clock() + timedelta(seconds=1)
    fair.send(types.MATCH_FOUND, {"posting_id": "p2", "cv_id": "kiosk", "score": 0.5, "posting_title": "t", "employer": "e",
                                  "explanation": {}}, occurred_at=found.isoformat())
    assert suggest_pending(fair.service.engine, found + timedelta(seconds=1), suggestions=3, wait_seconds=60) == 0  # not settled
    fair.send(types.MATCH_FOUND, {"posting_id": "p1", "cv_id": "kiosk", "score": 0.6, "posting_title": "t", "employer": "e",
                                  "explanation": {}}, occurred_at=found.isoformat())
    assert suggest_pending(fair.service.engine, found + timedelta(seconds=3), suggestions=3, wait_seconds=60) == 1
    assert suggest_pending(fair.service.engine, found + timedelta(seconds=9), suggestions=3, wait_seconds=60) == 0
    [event] = _events(fair.service, types.CANDIDATE_CHECKED_IN)
    assert event["walk_in"] is True and [s["posting_id"] for s in event["stalls"]] == ["p1", "p2"]
    again = _check_in(fair, "kiosk")
    assert again.status_code == 200 and again.json["stalls_pending"] is False and len(again.json["stalls"]) == 2


def test_a_rankings_event_keeps_each_match_but_an_erased_candidates(fair):
    fair.cv("c5", "Tania Rahman")
    fair.send(types.CANDIDATE_ERASED, {"cv_id": "c4"})
    fair.ranking([("p2", "c5", 0.55), ("p2", "c4", 0.5), ("p2", "c3", 0.45)])  # late: c4 was erased meanwhile
    with fair.service.engine.connect() as conn:
        kept = conn.execute(select(tables.matches.c.cv_id, tables.matches.c.score).where(tables.matches.c.posting_id == "p2")
                            .order_by(tables.matches.c.cv_id)).all()
    assert kept == [("c1", 0.5), ("c2", 0.4), ("c3", 0.45), ("c5", 0.55)]


def test_a_walk_in_that_matches_nothing_is_announced_without_stalls_after_the_wait(fair):
    clock = fair.service.clock
    fair.cv("nomatch", "Walk In", occurred_at=(clock() - timedelta(seconds=5)).isoformat())
    assert _check_in(fair, "nomatch").json["stalls_pending"] is True
    assert suggest_pending(fair.service.engine, clock() + timedelta(seconds=59), suggestions=3, wait_seconds=60) == 0
    assert suggest_pending(fair.service.engine, clock() + timedelta(seconds=60), suggestions=3, wait_seconds=60) == 1
    [event] = _events(fair.service, types.CANDIDATE_CHECKED_IN)
    assert event["stalls"] == []


def test_an_export_of_a_fair_id_with_line_breaks_and_quotes_gets_a_safe_file_name(fair):
    answer = fair.client.get('/api/v1/fairs/a%0Ab"c/export', headers=OPERATOR)
    assert answer.status_code == 200 and answer.headers["Content-Disposition"] == 'attachment; filename="fair-abc.jsonl"'


def test_a_candidate_whose_cv_event_has_not_arrived_yet_is_a_walk_in_waiting_for_stalls(fair):
    fair.send(types.CANDIDATE_REGISTERED, {"cv_id": "early", "name": "Just Registered", "language_pref": "en", "fair_id": FAIR,
                                           "registration_code": "CCC-DDDD"})
    answer = _check_in(fair, "early", "CCC-DDDD")
    assert answer.status_code == 201 and answer.json["walk_in"] is True and answer.json["stalls_pending"] is True


def test_an_offer_has_a_letter_for_its_employer_and_candidate_and_a_shortlisting_has_none(fair):
    require_noto_fonts()
    _check_in(fair, "c2")
    offer = _interview(fair, "e1", cv_id="c2", posting_id="p1", outcome="offer").json
    _check_in(fair, "c3")
    shortlisted = _interview(fair, "e1", cv_id="c3", posting_id="p1", outcome="shortlisted").json
    path = f"/api/v1/interviews/{offer['id']}/letter.pdf"
    for headers in (_employer(fair, "e1"), bearer(fair.candidate_tokens["c2"]), OPERATOR):
        answer = fair.client.get(path, headers=headers)
        assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.data)).pages)
    assert "Bhairab Contact" in text and "Call centre agent" in text and fair.codes["c2"] in text and "5 December 2026" in text
    assert fair.client.get(path, headers=_employer(fair, "e2")).status_code == 404
    assert fair.client.get(path, headers=bearer(fair.candidate_tokens["c3"])).status_code == 404
    assert fair.client.get(f"/api/v1/interviews/{shortlisted['id']}/letter.pdf", headers=OPERATOR).status_code == 404


def test_a_walk_in_whose_matches_land_while_it_checks_in_still_gets_its_stalls(fair, monkeypatch):
    # The matcher's matches commit between check-in's reads: just after the stalls were read (none yet).
    from sqlalchemy import insert

    from fairday import gate

    read_stalls = gate.suggested_stalls

    def stalls_then_matches_land(conn, fair_id, cv_id, suggestions):
        stalls = read_stalls(conn, fair_id, cv_id, suggestions)
        conn.execute(insert(tables.matches), [{"posting_id": "p1", "cv_id": cv_id, "score": 0.6, "found_at": clock()}])
        return stalls

    clock = fair.service.clock
    fair.cv("racing", "Walk In", occurred_at=(clock() - timedelta(seconds=20)).isoformat())
    monkeypatch.setattr(gate, "suggested_stalls", stalls_then_matches_land)
    answer = _check_in(fair, "racing")
    monkeypatch.setattr(gate, "suggested_stalls", read_stalls)
    assert answer.status_code == 201 and answer.json["stalls"] == []
    assert answer.json["stalls_pending"] is True  # not announced with no stalls: it waits for its matches
    assert suggest_pending(fair.service.engine, clock() + timedelta(seconds=3), suggestions=3, wait_seconds=60) == 1
    [event] = [e for e in _events(fair.service, types.CANDIDATE_CHECKED_IN) if e["cv_id"] == "racing"]
    assert [s["posting_id"] for s in event["stalls"]] == ["p1"]
