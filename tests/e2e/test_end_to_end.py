"""End to end: intake → matcher → notifier as three processes, over the embedded bus and RabbitMQ."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import pytest

from deploy import local_stack
from tests.e2e.conftest import ADMIN_TOKEN
from tests.waiting import wait_for

# Every request here is the operator's: CVs it posts count as verified contacts.
request_json = functools.partial(local_stack.request_json, token=ADMIN_TOKEN)

pytestmark = pytest.mark.e2e

EMPLOYER = {"name": "Bhairab Contact Solutions Ltd"}
POSTING = {
    "title": "Call centre agent (inbound voice)",
    "description": "Inbound customer service for a telecom client: answer calls in Bangla and English, "
    "solve complaints, log tickets in the CRM.",
    "skills": ["customer service", "call centre", "CRM"],
    "location": "Jashore",
}
CV_EN = {
    "name": "Nusrat Jahan",
    "email": "nusrat@example.com",
    "language_pref": "en",
    "text": "Two years as an inbound call centre agent doing customer service for a telecom; "
    "I log tickets in the CRM and handle complaints in Bangla and English.",
    "skills": ["customer service", "CRM"],
    "location": "Jashore",
    "notify_by_email": True,
}
CV_BN = {
    "name": "মোঃ রাকিব হাসান",
    "phone": "০১৭১১-২৩৪৫৬৭",
    "language_pref": "bn",
    "text": "আমি দুই বছর call centre এ customer service এর কাজ করেছি। CRM এ ticket লগ করি, "
    "বাংলা ও ইংরেজিতে গ্রাহকের complaint সমাধান করি।",
    "skills": ["customer service", "call centre"],
    "location": "যশোর",
    "notify_by_sms": True,
}


def _post(stack, path: str, body: dict, token: str = ADMIN_TOKEN) -> dict:
    status, payload = local_stack.request_json("POST", stack.url("intake") + path, body, token=token)
    assert status == 201, payload
    return payload


def _notifications(stack, cv_id: str) -> list[dict]:
    return request_json("GET", f"{stack.url('notifier')}/api/v1/notifications?cv_id={cv_id}")[1]["notifications"]


def _sent(stack, cv_id: str) -> list[dict]:
    return [n for n in _notifications(stack, cv_id) if n["status"] == "sent"]


def _load_fair_and_posting(stack) -> tuple[dict, dict]:
    fair = _post(stack, "/api/v1/fairs", {"name": "Khulna BPO Summit", "division": "Khulna", "venue": "Jashore"})
    employer = _post(stack, "/api/v1/employers", EMPLOYER)
    posting = _post(stack, "/api/v1/postings", dict(POSTING, fair_id=fair["id"]), token=employer["api_key"])
    return fair, posting


def test_a_matching_cv_is_ranked_and_its_candidate_notified_within_10_seconds(stack):
    fair, posting = _load_fair_and_posting(stack)
    started = time.monotonic()
    cv_en = _post(stack, "/api/v1/cvs", dict(CV_EN, fair_id=fair["id"]))
    cv_bn = _post(stack, "/api/v1/cvs", dict(CV_BN, fair_id=fair["id"]))

    def ranked():
        status, body = request_json("GET", f"{stack.url('matcher')}/api/v1/postings/{posting['id']}/matches?limit=5")
        ids = [m["cv_id"] for m in body.get("matches", [])] if status == 200 else []
        return body if {cv_en["id"], cv_bn["id"]} <= set(ids) else None

    body = wait_for(ranked, timeout=10, message="the matcher did not rank both CVs for the posting")
    assert body["posting_id"] == posting["id"]
    assert [m["rank"] for m in body["matches"]] == list(range(1, len(body["matches"]) + 1))
    assert body["matches"][0]["explanation"]["matched_skills"]

    email = wait_for(lambda: _sent(stack, cv_en["id"]), timeout=10 - (time.monotonic() - started),
                     message="no email notification for the English CV")
    sms = wait_for(lambda: _sent(stack, cv_bn["id"]), timeout=10, message="no SMS notification for the Bengali CV")
    assert [(n["channel"], n["recipient"], [m["posting_id"] for m in n["matches"]]) for n in email] == [
        ("email", "nusrat@example.com", [posting["id"]])]
    assert [(n["channel"], n["recipient"]) for n in sms] == [("sms", "+8801711234567")]

    outbox = Path(stack.env["JOBMATCH_VAR_DIR"]) / "outbox"
    eml = (outbox / f"{email[0]['id']}.eml").read_text(encoding="utf-8")
    assert "To: nusrat@example.com" in eml
    sms_file = (outbox / f"{sms[0]['id']}.sms.json").read_text(encoding="utf-8")
    assert "+8801711234567" in sms_file

    status, cv_matches = request_json("GET", f"{stack.url('matcher')}/api/v1/cvs/{cv_bn['id']}/matches")
    assert status == 200 and cv_matches["matches"][0]["posting_id"] == posting["id"]


def test_a_notifier_started_late_sends_what_it_missed_exactly_once(stack):
    fair, posting = _load_fair_and_posting(stack)
    assert stack.stop("notifier") == 0
    cv = _post(stack, "/api/v1/cvs", dict(CV_EN, fair_id=fair["id"]))
    wait_for(
        lambda: request_json("GET", f"{stack.url('matcher')}/api/v1/stats")[1]["matches_published"] >= 1
        and request_json("GET", f"{stack.url('matcher')}/api/v1/stats")[1]["outbox_backlog"] == 0,
        timeout=10,
        message="the matcher did not publish the match",
    )
    stack.start("notifier")
    stack.wait_ready(["notifier"])
    sent = wait_for(lambda: _sent(stack, cv["id"]), timeout=10, message="the late notifier sent nothing")
    # Drained: nothing more will come; exactly one notification and one file.
    wait_for(
        lambda: request_json("GET", f"{stack.url('notifier')}/api/v1/stats")[1]["events_processed"] >= 2,
        timeout=10,
        message="the notifier did not process the contact and the match",
    )
    assert len(_notifications(stack, cv["id"])) == 1
    outbox = Path(stack.env["JOBMATCH_VAR_DIR"]) / "outbox"
    assert [p.name for p in outbox.iterdir() if p.name.startswith(sent[0]["id"])] == [f"{sent[0]['id']}.eml"]


def test_unknown_ids_are_404_and_bad_input_is_a_problem(stack):
    status, body = request_json("GET", f"{stack.url('matcher')}/api/v1/postings/nope/matches")
    assert status == 404 and body["status"] == 404
    status, body = request_json("POST", stack.url("intake") + "/api/v1/cvs", {"name": "", "language_pref": "fr", "extra": 1})
    assert status == 422
    assert set(body["errors"]) == {"name", "language_pref", "extra", "text"}


def test_every_service_stops_cleanly_within_10_seconds_on_sigterm(stack):
    _load_fair_and_posting(stack)
    started = time.monotonic()
    codes = stack.stop_all(grace=10)
    assert codes == {"intake": 0, "matcher": 0, "notifier": 0}
    assert time.monotonic() - started < 10


def test_a_whole_run_leaves_no_name_phone_or_email_in_any_log(stack):
    fair, posting = _load_fair_and_posting(stack)
    cvs = [_post(stack, "/api/v1/cvs", dict(cv, fair_id=fair["id"])) for cv in (CV_EN, CV_BN)]
    for cv in cvs:
        wait_for(lambda cv=cv: _sent(stack, cv["id"]), timeout=15, message="a candidate was not notified")
    assert stack.stop_all() == {"intake": 0, "matcher": 0, "notifier": 0}
    logs = {path.name: path.read_text(encoding="utf-8") for path in stack.log_dir.glob("*.log")}
    assert set(logs) == {"intake.log", "matcher.log", "notifier.log"}
    assert all("listening on" in text for text in logs.values())  # the logs were written
    personal = [
        "Nusrat", "Jahan", "nusrat@example.com", "রাকিব", "হাসান",
        "+8801711234567", "01711234567", "1711234567", "০১৭১১", "২৩৪৫৬৭",
    ]
    leaks = {(name, word) for name, text in logs.items() for word in personal if word in text}
    assert not leaks, leaks


def test_an_erased_candidate_is_forgotten_by_every_service(stack):
    fair, posting = _load_fair_and_posting(stack)
    cv = _post(stack, "/api/v1/cvs", dict(CV_EN, fair_id=fair["id"], share_with_employers=True))
    [notice] = wait_for(lambda: _sent(stack, cv["id"]), timeout=15, message="the candidate was not notified")
    shortlist = f"{stack.url('matcher')}/api/v1/postings/{posting['id']}/matches"
    [match] = [m for m in request_json("GET", shortlist)[1]["matches"] if m["cv_id"] == cv["id"]]
    assert match["contact"]["email"] == CV_EN["email"]
    outbox = Path(stack.env["JOBMATCH_VAR_DIR"]) / "outbox"
    assert (outbox / f"{notice['id']}.eml").exists()

    assert request_json("DELETE", f"{stack.url('intake')}/api/v1/cvs/{cv['id']}")[0] == 204
    assert request_json("GET", f"{stack.url('intake')}/api/v1/cvs/{cv['id']}")[0] == 404

    def forgotten():
        matcher_gone = request_json("GET", f"{stack.url('matcher')}/api/v1/cvs/{cv['id']}/matches")[0] == 404
        listed = request_json("GET", shortlist)[1]["matches"]
        notices = _notifications(stack, cv["id"])
        return (matcher_gone and all(m["cv_id"] != cv["id"] for m in listed)
                and [(n["status"], n["recipient"]) for n in notices] == [("erased", None)]
                and not (outbox / f"{notice['id']}.eml").exists())

    wait_for(forgotten, timeout=15, message="the matcher or the notifier still holds the erased candidate")
