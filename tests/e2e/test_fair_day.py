"""A fair day end to end as separate processes: a CV handed in at intake is matched, checked in at fairday's gate, called
and offered, and the notifier tells the candidate each step."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from deploy import local_stack
from tests.e2e.conftest import ADMIN_TOKEN
from tests.e2e.test_end_to_end import CV_BN, EMPLOYER, POSTING
from tests.waiting import wait_for

request_json = functools.partial(local_stack.request_json, token=ADMIN_TOKEN)
pytestmark = pytest.mark.e2e


def _created(answer: tuple[int, dict]) -> dict:
    status, body = answer
    assert status in (200, 201), body
    return body


def test_a_walk_in_is_matched_checked_in_called_offered_and_told_across_the_services(fair_stack):
    intake, fairday = fair_stack.url("intake"), fair_stack.url("fairday")
    fair = _created(request_json("POST", f"{intake}/api/v1/fairs", {"name": "Khulna BPO Summit", "division": "Khulna"}))
    employer = _created(request_json("POST", f"{intake}/api/v1/employers", EMPLOYER))
    key = employer["api_key"]
    posting = _created(local_stack.request_json("POST", f"{intake}/api/v1/postings", dict(POSTING, fair_id=fair["id"], stall="12"),
                                                token=key))
    present = f"{fairday}/api/v1/fairs/{fair['id']}/employers/{employer['id']}/presence"
    wait_for(lambda: request_json("POST", present, {})[0] in (200, 201), timeout=30, message="fairday never heard of the employer")
    volunteer = _created(request_json("POST", f"{fairday}/api/v1/fairs/{fair['id']}/volunteers", None))["token"]
    # A walk-in hands in a CV at the kiosk and goes straight to the gate.
    cv = _created(request_json("POST", f"{intake}/api/v1/cvs", dict(CV_BN, fair_id=fair["id"])))
    checkins = f"{fairday}/api/v1/fairs/{fair['id']}/checkins"
    checked_in = wait_for(lambda: (lambda a: a[1] if a[0] == 201 else None)(
        local_stack.request_json("POST", checkins, {"code": cv["registration_code"]}, token=volunteer)),
        timeout=30, message="fairday never received the CV")
    assert checked_in["walk_in"] is True

    def suggested():
        status, own = local_stack.request_json("GET", f"{fairday}/api/v1/candidates/{cv['id']}/fair-day", token=cv["candidate_token"])
        return own["checkins"][0]["stalls"] if status == 200 and own["checkins"] and own["checkins"][0]["stalls"] else None

    stalls = wait_for(suggested, timeout=30, message="the walk-in's stalls were never suggested")
    assert [(s["stall"], s["posting_id"]) for s in stalls] == [("12", posting["id"])]
    call = _created(local_stack.request_json("POST", f"{fairday}/api/v1/fairs/{fair['id']}/stalls/{employer['id']}/calls", {},
                                             token=key))
    assert (call["cv_id"], call["stall"], call["reference"]) == (cv["id"], "12", cv["registration_code"])
    interview = _created(local_stack.request_json("POST", f"{fairday}/api/v1/interviews", {
        "cv_id": cv["id"], "posting_id": posting["id"], "rating": 4, "note": "ভালো যোগাযোগ", "outcome": "offer"}, token=key))
    assert interview["letter"] is True
    # The candidate (Bengali, SMS) was told where to go, that it is their turn, and of the offer: once each, in Bengali.
    sent = wait_for(lambda: _fair_day_sms(fair_stack, cv["id"]) if len(_fair_day_sms(fair_stack, cv["id"])) == 3 else None,
                    timeout=30, message="the candidate's fair-day messages were not all sent")
    assert [kind for kind, _ in sent] == ["fair_stalls", "fair_call", "fair_offer"]
    stalls_sms, call_sms, offer_sms = (body for _, body in sent)
    assert "স্টল ১২" in stalls_sms and "Bhairab Contact" in stalls_sms
    assert "স্টল ১২" in call_sms and "Bhairab Contact Solutions Ltd" in offer_sms
    funnel = _created(request_json("GET", f"{fairday}/api/v1/fairs/{fair['id']}/funnel"))
    assert funnel["totals"] == {"registered": 1, "checked_in": 1, "queued": 1, "interviewed": 1, "shortlisted": 1, "offered": 1,
                                "hired": 0}
    assert funnel["jobs_created"] == 1


def _fair_day_sms(stack, cv_id: str) -> list[tuple[str, str]]:
    """The candidate's sent fair-day messages as (kind, SMS text), oldest first."""
    status, answer = request_json("GET", f"{stack.url('notifier')}/api/v1/notifications?cv_id={cv_id}")
    sent = [n for n in answer["notifications"] if status == 200 and n["kind"].startswith("fair_") and n["status"] == "sent"]
    outbox = Path(stack.env["JOBMATCH_VAR_DIR"]) / "outbox"
    return [(n["kind"], json.loads((outbox / f"{n['id']}.sms.json").read_text(encoding="utf-8"))["body"])
            for n in sorted(sent, key=lambda n: n["created_at"])]
