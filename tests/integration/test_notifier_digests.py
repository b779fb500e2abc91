"""Digests as candidates and employers get them: one message per window, best first, once; quiet hours,
the daily cap, opt-out, short links, SMS through a real HTTP gateway stand-in (both presets)."""

from __future__ import annotations

import email
import json
import re
from datetime import datetime, timedelta, timezone
from email import policy as email_policy

import pytest
from sqlalchemy import select, update

from notifier import tables
from notifier.app import create_app
from notifier.handlers import handle_event, handle_events
from notifier.policy import SendingPolicy
from notifier.senders import HttpSmsGateway
from notifier.senders.sms_presets import SmsGatewaySettings
from shared.auth.tokens import EMPLOYER_KEY, new_token, token_hash
from shared.config import database_url
from shared.events import types
from shared.events.envelope import new_event
from shared.events.match_found import match_events
from tests.integration.service_builders import DHAKA, OPERATOR, bearer, next_dhaka_time, notifier_service
from tests.integration.test_sms_gateway import TOKEN as GATEWAY_TOKEN
from tests.integration.test_sms_gateway import standin as gateway  # noqa: F401  (the stand-in gateway fixture)

PHONE = {"cv_id": "c1", "name": "Rakib Hasan", "email": None, "phone": "+8801711234567", "language_pref": "en",
         "fair_name": None, "notify_by_sms": True, "notify_by_email": False, "contact_verified": True}
MAIL = {"cv_id": "c2", "name": "নুসরাত জাহান", "email": "nusrat@example.com", "phone": None, "language_pref": "bn",
        "fair_name": None, "notify_by_sms": False, "notify_by_email": True, "contact_verified": True}
POSTINGS = {  # posting id: (title, employer, score, skills)
    "p1": ("Graphic Designer", "Apex Creative", 0.81, ["Photoshop", "clipping path"]),
    "p2": ("Call Centre Agent", "Genex Infosys", 0.74, ["customer service"]),
    "p3": ("Data Entry Operator", "Digicon", 0.66, ["MS Excel"]),
    "p4": ("Sales Executive", "Pran RFL", 0.52, []),
    "p5": ("Web Developer", "Brain Station", 0.45, ["HTML"]),
}


def _apply(service, kind, data):
    handle_event(service, new_event(kind, data, producer="test"))


def _match_data(cv_id, posting_id):
    title, employer, score, skills = POSTINGS[posting_id]
    return {"posting_id": posting_id, "cv_id": cv_id, "score": score, "posting_title": title, "employer": employer,
            "explanation": {"matched_skills": skills, "skill_labels_bn": {"Photoshop": "ফটোশপ"}}}


def _match(service, cv_id, posting_id):
    _apply(service, types.MATCH_FOUND, _match_data(cv_id, posting_id))


def _digests(service, cv_id):
    n = tables.notifications
    with service.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(n).where(n.c.cv_id == cv_id, n.c.kind == "digest").order_by(n.c.created_at))
                .mappings()]


def _sms(service, row):
    return json.loads((service.config.outbox_dir / f"{row['id']}.sms.json").read_text(encoding="utf-8"))


def _clock(service, moment):
    service.dispatcher.clock = lambda: moment


def _drain(service):
    sent = 0
    while (done := service.dispatcher.dispatch_once()):
        sent += done
    return sent


def test_one_cv_matching_five_postings_in_a_window_gets_one_sms_naming_the_top_three(tmp_path):
    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=600, quiet_hours=None))
    _apply(service, types.CANDIDATE_REGISTERED, PHONE)
    for posting_id in ("p4", "p2", "p5", "p1", "p3"):
        _match(service, "c1", posting_id)
    assert _drain(service) == 0  # the window is still open
    _clock(service, datetime.now(timezone.utc) + timedelta(seconds=601))
    assert _drain(service) == 1

    [digest] = _digests(service, "c1")
    sms = _sms(service, digest)
    body = sms["body"]
    assert body.index("1) Graphic Designer, Apex Creative (Photoshop, clipping path)") < body.index("2) Call Centre Agent") \
        < body.index("3) Data Entry Operator") and "Sales Executive" not in body and "+2 more." in body
    assert sms["segments"] == digest["parts"] <= 2 and "https://jm.example/l/" in body
    assert len(list(service.config.outbox_dir.glob("*.sms.json"))) == 1


def test_a_batch_of_events_gives_the_same_single_digest_as_one_by_one_and_a_redelivered_batch_changes_nothing(tmp_path):
    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=600, quiet_hours=None))
    events = [new_event(types.CANDIDATE_REGISTERED, PHONE, producer="test")]
    for posting_id in ("p4", "p2", "p5", "p1", "p3", "p2"):  # p2 twice: kept once
        title, employer, score, skills = POSTINGS[posting_id]
        events.append(new_event(types.MATCH_FOUND, {"posting_id": posting_id, "cv_id": "c1", "score": score,
                                                    "posting_title": title, "employer": employer,
                                                    "explanation": {"matched_skills": skills}}, producer="test"))
    handle_events(service, events)
    handle_events(service, events)  # redelivered

    with service.engine.connect() as conn:
        kept = conn.execute(select(tables.matches.c.posting_id).where(tables.matches.c.cv_id == "c1")).scalars().all()
    assert sorted(kept) == ["p1", "p2", "p3", "p4", "p5"]
    assert len(_digests(service, "c1")) == 1
    _clock(service, datetime.now(timezone.utc) + timedelta(seconds=601))
    assert _drain(service) == 1
    assert "1) Graphic Designer, Apex Creative" in _sms(service, _digests(service, "c1")[0])["body"]


def _digest_store(request, tmp_path, name):
    """A notifier on SQLite or on a fresh PostgreSQL database, by the test's parameter."""
    policy = SendingPolicy(window_seconds=600, quiet_hours=None)
    (tmp_path / name).mkdir()
    if request.param == "sqlite":
        return notifier_service(tmp_path / name, policy=policy)
    url = database_url("test", {"TEST_DATABASE_URL": request.getfixturevalue("postgres_databases")()})
    return notifier_service(tmp_path / name, policy=policy, database_url=url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def digest_stores(request, tmp_path):
    """Two fresh notifiers on the same kind of database."""
    return _digest_store(request, tmp_path, "one"), _digest_store(request, tmp_path, "two")


def test_a_run_of_matches_for_many_candidates_opens_the_digests_one_by_one_would(digest_stores):
    """Matches for six candidates in one run: the reachable get one digest each (an open one is kept), the
    unverified, the opted out and the unknown none, as when each match comes alone."""
    contacts = [PHONE, MAIL, {**PHONE, "cv_id": "c3", "contact_verified": False, "verification_code": "482917"},
                {**MAIL, "cv_id": "c4", "email": "opted@example.com"}, {**PHONE, "cv_id": "c6", "phone": "+8801811234567"}]
    matches = [(cv_id, posting_id) for posting_id in ("p1", "p2") for cv_id in ("c1", "c2", "c3", "c4", "c5", "c6")]
    from notifier.digests import opt_out

    def prepared(service):
        for contact in contacts:
            _apply(service, types.CANDIDATE_REGISTERED, contact)
        with service.engine.begin() as conn:
            opt_out(conn, "cv", "c4")
        _match(service, "c6", "p3")  # c6 already has a digest open
        return service

    batched, alone = (prepared(service) for service in digest_stores)
    events = [new_event(types.MATCH_FOUND, _match_data(cv_id, posting_id), producer="test") for cv_id, posting_id in matches]
    handle_events(batched, events)
    handle_events(batched, events)  # redelivered: nothing more
    for event in events:
        handle_events(alone, [event])

    def digests(service):
        return {cv_id: [(d["channel"], d["recipient"], d["status"]) for d in _digests(service, cv_id)]
                for cv_id in ("c1", "c2", "c3", "c4", "c5", "c6")}

    assert digests(batched) == digests(alone) == {
        "c1": [("sms", PHONE["phone"], "queued")], "c2": [("email", MAIL["email"], "queued")], "c3": [], "c4": [], "c5": [],
        "c6": [("sms", "+8801811234567", "queued")]}


def _message_text(service, digest) -> str:
    """What the candidate reads, short links and all (each made anew) taken out."""
    if digest["channel"] == "sms":
        text = _sms(service, digest)["body"]
    else:
        message = email.message_from_bytes((service.config.outbox_dir / f"{digest['id']}.eml").read_bytes(),
                                           policy=email_policy.default)
        text = message.get_body(preferencelist=("plain",)).get_content()
    return re.sub(r"https?://\S+", "<link>", text)


@pytest.mark.parametrize("contact", [PHONE, MAIL], ids=["sms-en", "email-bn"])
def test_one_event_per_ranking_gives_what_one_event_per_match_gives(tmp_path, contact):
    """The matcher's match.found of version 2 (a ranking's matches in one event) against version 1 (one each)."""
    cv_id, ranked = contact["cv_id"], ["p1", "p2", "p3", "p4", "p5"]
    seen = {}
    for version in (1, 2):
        (tmp_path / str(version)).mkdir()
        service = notifier_service(tmp_path / str(version), policy=SendingPolicy(window_seconds=600, quiet_hours=None))
        matches = [_match_data(cv_id, posting_id) for posting_id in ranked]
        found = [new_event(types.MATCH_FOUND, m, producer="matcher", correlation_id="req-7") for m in matches] \
            if version == 1 else match_events(matches, producer="matcher", correlation_id="req-7")
        events = [new_event(types.CANDIDATE_REGISTERED, contact, producer="intake"), *found]
        handle_events(service, events)
        handle_events(service, events)  # redelivered
        with service.engine.connect() as conn:
            kept = conn.execute(select(tables.matches.c.posting_id, tables.matches.c.score, tables.matches.c.reasons,
                                       tables.matches.c.correlation_id).where(tables.matches.c.cv_id == cv_id)
                                .order_by(tables.matches.c.posting_id)).all()
        assert len(_digests(service, cv_id)) == 1
        _clock(service, datetime.now(timezone.utc) + timedelta(seconds=601))
        assert _drain(service) == 1
        [digest] = _digests(service, cv_id)
        seen[version] = (len(found), kept, digest["channel"], digest["parts"], _message_text(service, digest))
    assert seen[1][0] == 5 and seen[2][0] == 1
    assert seen[1][1:] == seen[2][1:] and "Graphic Designer" in seen[2][4]
    assert [row[0] for row in seen[2][1]] == ranked and {row[3] for row in seen[2][1]} == {"req-7"}


def test_later_matches_go_in_a_later_digest_and_a_pair_is_never_announced_twice(tmp_path):
    service = notifier_service(tmp_path)
    _apply(service, types.CANDIDATE_REGISTERED, PHONE)
    _match(service, "c1", "p1")
    _match(service, "c1", "p2")
    assert _drain(service) == 1
    _match(service, "c1", "p1")  # the matcher published it again (a posting edit, a redelivery)
    _match(service, "c1", "p3")
    assert _drain(service) == 1
    first, second = _digests(service, "c1")
    assert "Graphic Designer" in _sms(service, first)["body"] and "Call Centre Agent" in _sms(service, first)["body"]
    assert "Data Entry Operator" in _sms(service, second)["body"] and "Graphic Designer" not in _sms(service, second)["body"]

    client = create_app(service).test_client()
    listed = client.get("/api/v1/notifications?cv_id=c1", headers=OPERATOR).get_json()["notifications"]
    assert [[m["posting_id"] for m in n["matches"]] for n in listed] == [["p1", "p2"], ["p3"]]
    assert [(n["status"], n["channel"], n["attempts"]) for n in listed] == [("sent", "sms", 1), ("sent", "sms", 1)]
    assert [n["parts"] for n in listed] == [_sms(service, first)["segments"], _sms(service, second)["segments"]]
    with service.engine.connect() as conn:
        events = [json.loads(r.payload) for r in conn.execute(select(tables.outbox.c.payload))]
    assert [e["data"]["posting_ids"] for e in events if e["type"] == "notification.sent"] == [["p1", "p2"], ["p3"]]


def test_sms_waits_out_quiet_hours_but_email_does_not(tmp_path):
    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=0))  # 21:00-09:00 Asia/Dhaka
    _apply(service, types.CANDIDATE_REGISTERED, PHONE)
    _apply(service, types.CANDIDATE_REGISTERED, MAIL)
    _match(service, "c1", "p1")
    _match(service, "c2", "p1")
    late = next_dhaka_time(22, 30)
    _clock(service, late)
    assert _drain(service) == 1  # the email
    [sms_digest], [mail_digest] = _digests(service, "c1"), _digests(service, "c2")
    morning = late.astimezone(DHAKA).replace(hour=9, minute=0) + timedelta(days=1)
    assert (sms_digest["status"], sms_digest["detail"]) == ("deferred", "quiet hours: SMS waits for the morning")
    assert sms_digest["not_before"].replace(tzinfo=timezone.utc) == morning.astimezone(timezone.utc)
    assert mail_digest["status"] == "sent"

    _clock(service, morning.astimezone(timezone.utc) + timedelta(minutes=1))
    assert _drain(service) == 1
    assert _digests(service, "c1")[0]["status"] == "sent"


def test_the_daily_cap_holds_the_fourth_message_until_the_next_day(tmp_path):
    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=0, quiet_hours=None, daily_cap=3))
    _apply(service, types.CANDIDATE_REGISTERED, PHONE)
    noon = next_dhaka_time(12)
    _clock(service, noon)
    for posting_id in ("p1", "p2", "p3", "p4", "p5"):
        _match(service, "c1", posting_id)
        _drain(service)
    digests = _digests(service, "c1")
    assert [d["status"] for d in digests] == ["sent", "sent", "sent", "deferred"]
    assert digests[3]["detail"] == "daily cap: 3 messages a day"
    tomorrow = (noon.astimezone(DHAKA) + timedelta(days=1)).replace(hour=0, minute=0)
    assert digests[3]["not_before"].replace(tzinfo=timezone.utc) == tomorrow.astimezone(timezone.utc)

    _clock(service, tomorrow.astimezone(timezone.utc) + timedelta(hours=10))
    assert _drain(service) == 1
    body = _sms(service, _digests(service, "c1")[3])["body"]
    assert "Sales Executive" in body and "Web Developer" in body  # both waited in the one deferred digest


def test_email_digest_in_bengali_carries_one_click_unsubscribe_that_opts_out(tmp_path):
    service = notifier_service(tmp_path)
    _apply(service, types.CANDIDATE_REGISTERED, MAIL)
    _match(service, "c2", "p1")
    assert _drain(service) == 1
    [digest] = _digests(service, "c2")
    message = email.message_from_bytes((service.config.outbox_dir / f"{digest['id']}.eml").read_bytes(), policy=email_policy.default)
    assert message["Subject"] == "আপনার জন্য একটি প্রস্তাবিত চাকরি: Graphic Designer, Apex Creative"
    assert "আপনার যে দক্ষতার সাথে মিলেছে: ফটোশপ, clipping path" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip("<>")
    path = url.removeprefix(service.config.public_url)

    client = create_app(service).test_client()
    assert client.get(path).get_json()["done"] is False  # a link scanner's GET changes nothing
    answer = client.post(path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200 and answer.get_json()["done"] is True
    assert client.post(path[:-3] + "abc").status_code == 404  # a forged token

    _match(service, "c2", "p2")
    assert _drain(service) == 0 and len(_digests(service, "c2")) == 1
    # Consent withdrawn and given again on the candidate's page lifts the opt-out.
    _apply(service, types.CANDIDATE_UPDATED, dict(MAIL, notify_by_email=False))
    _apply(service, types.CANDIDATE_UPDATED, MAIL)
    assert _drain(service) == 1
    again = email.message_from_bytes((service.config.outbox_dir / f"{_digests(service, 'c2')[1]['id']}.eml").read_bytes(),
                                     policy=email_policy.default)
    assert "Call Centre Agent" in again.get_body(("plain",)).get_content()


def test_an_opt_out_suppresses_the_digest_already_queued(tmp_path):
    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=600, quiet_hours=None))
    _apply(service, types.CANDIDATE_REGISTERED, MAIL)
    _match(service, "c2", "p1")
    from notifier.links import unsubscribe_token

    client = create_app(service).test_client()
    assert client.post(f"/api/v1/unsubscribe/{unsubscribe_token(service.link_key, 'cv', 'c2')}").status_code == 200
    [digest] = _digests(service, "c2")
    assert (digest["status"], digest["detail"]) == ("suppressed", "the candidate opted out of messages")


def test_the_short_link_opens_the_candidates_own_page_and_nothing_else(tmp_path):
    service = notifier_service(tmp_path)
    _apply(service, types.CANDIDATE_REGISTERED, PHONE)
    _match(service, "c1", "p1")
    _drain(service)
    code = _sms(service, _digests(service, "c1")[0])["body"].rsplit("/l/", 1)[1]
    client = create_app(service).test_client()
    answer = client.post(f"/api/v1/links/{code}")
    assert answer.status_code == 200 and answer.get_json()["cv_id"] == "c1"
    credential = answer.get_json()["credential"]
    mine = client.get("/api/v1/notifications", headers=bearer(credential)).get_json()["notifications"]
    assert {n["cv_id"] for n in mine} == {"c1"}
    assert client.get("/api/v1/stats", headers=bearer(credential)).status_code == 403
    forged = code[:-1] + ("x" if code[-1] != "x" else "y")  # one character changed, whatever the last one was
    assert client.post(f"/api/v1/links/{forged}").status_code == 404
    tampered = credential[:-4] + ("0000" if not credential.endswith("0000") else "1111")
    assert client.get("/api/v1/notifications", headers=bearer(tampered)).status_code == 401

    _apply(service, types.CANDIDATE_ERASED, {"cv_id": "c1"})
    assert client.post(f"/api/v1/links/{code}").status_code == 404


def test_an_employer_gets_one_digest_of_new_candidates_per_period_and_its_webhook_event(tmp_path):
    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=0, quiet_hours=None, employer_digest_seconds=3600))
    key = new_token(EMPLOYER_KEY)
    _apply(service, types.EMPLOYER_REGISTERED, {"employer_id": "e1", "name": "Apex Creative", "key_hash": token_hash(key),
                                                "email": "hr@apex.example"})
    _apply(service, types.POSTING_PUBLISHED, {"posting_id": "p1", "employer_id": "e1", "employer": "Apex Creative",
                                              "title": "Graphic Designer", "description": "d", "stall": "12"})
    for cv in ("c1", "c2"):
        _apply(service, types.CANDIDATE_REGISTERED, dict(PHONE, cv_id=cv))
        _match(service, cv, "p1")
    _drain(service)
    n = tables.notifications
    with service.engine.connect() as conn:
        employer_rows = conn.execute(select(n).where(n.c.kind == "employer_digest")).mappings().all()
        deliveries = conn.execute(select(tables.metadata.tables["webhook_deliveries"])).mappings().all()
    assert [r["status"] for r in employer_rows] == ["sent"]
    text = email.message_from_bytes((service.config.outbox_dir / f"{employer_rows[0]['id']}.eml").read_bytes(),
                                    policy=email_policy.default).get_body(("plain",)).get_content()
    assert "Graphic Designer: 2 new" in text and "Rakib" not in text and "+8801711234567" not in text
    assert "stall 12" in _sms(service, _digests(service, "c1")[0])["body"]
    assert deliveries == []  # no webhook registered

    _apply(service, types.CANDIDATE_REGISTERED, dict(PHONE, cv_id="c3"))
    _match(service, "c3", "p1")
    _drain(service)
    with service.engine.connect() as conn:
        later = conn.execute(select(n).where(n.c.kind == "employer_digest").order_by(n.c.created_at)).mappings().all()
    assert [r["status"] for r in later] == ["sent", "queued"]
    assert later[1]["not_before"].replace(tzinfo=timezone.utc) >= later[0]["sent_at"].replace(tzinfo=timezone.utc) + timedelta(seconds=3599)


def test_a_match_for_an_employer_with_a_webhook_queues_a_shortlist_event(tmp_path):
    service = notifier_service(tmp_path)
    key = new_token(EMPLOYER_KEY)
    _apply(service, types.EMPLOYER_REGISTERED, {"employer_id": "e1", "name": "Apex", "key_hash": token_hash(key)})
    _apply(service, types.POSTING_PUBLISHED, {"posting_id": "p1", "employer_id": "e1", "employer": "Apex",
                                              "title": "Graphic Designer", "description": "d"})
    client = create_app(service).test_client()
    assert client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=bearer(key)).status_code == 201
    _match(service, "c1", "p1")
    with service.engine.connect() as conn:
        [delivery] = conn.execute(select(tables.metadata.tables["webhook_deliveries"])).mappings().all()
    payload = json.loads(delivery["payload"]) if isinstance(delivery["payload"], str) else delivery["payload"]
    assert payload["type"] == "shortlist.updated"
    assert payload["data"]["candidates"] == [{"cv_id": "c1", "score": 0.81, "matched_skills": ["Photoshop", "clipping path"]}]


GATEWAY_SETTINGS = {
    "json_token": ("/json/send", {"NOTIFIER_SMS_SENDER_ID": "JOBMATCH", "NOTIFIER_SMS_MASKING": "true"}),
    "form_key": ("/form/send", {"NOTIFIER_SMS_SENDER_ID": "8809617612345"}),
}


def _gateway_service(tmp_path, gateway, preset):
    service = notifier_service(tmp_path)
    path, extra = GATEWAY_SETTINGS[preset]
    settings = SmsGatewaySettings.from_env({"NOTIFIER_SMS_GATEWAY_URL": gateway.base_url + path, "NOTIFIER_SMS_PRESET": preset,
                                           "NOTIFIER_SMS_API_TOKEN": GATEWAY_TOKEN, **extra})
    service.dispatcher.sms_sender = HttpSmsGateway(settings)
    service.dispatcher.retry_base = 0.001  # back-off in milliseconds: the test waits for the effect, not a clock
    return service


@pytest.mark.parametrize("preset", GATEWAY_SETTINGS)
def test_a_gateway_that_fails_twice_then_succeeds_gives_one_bengali_sms(tmp_path, gateway, preset):
    from tests.waiting import wait_for

    service = _gateway_service(tmp_path, gateway, preset)
    _apply(service, types.CANDIDATE_REGISTERED, dict(PHONE, language_pref="bn"))
    gateway.control(fail_next=2)
    _match(service, "c1", "p1")
    wait_for(lambda: service.dispatcher.dispatch_once() >= 0 and _digests(service, "c1")[0]["status"] == "sent", timeout=10,
             message="the digest to be sent after two failures")
    [digest] = _digests(service, "c1")
    [sms] = gateway.messages
    assert sms["to"] == "8801711234567" and sms["text"].startswith("jobmatch প্রস্তাব: ১) Graphic Designer")
    assert digest["attempts"] == 3 and digest["gateway_id"] == sms["reference"]
    metrics = create_app(service).test_client().get("/metrics").get_data(as_text=True)
    assert f"jobmatch_sms_parts_sent_today {float(digest['parts'])}" in metrics


def test_a_number_the_gateway_refuses_fails_at_once_with_the_reason(tmp_path, gateway):
    service = _gateway_service(tmp_path, gateway, "json_token")
    gateway.control(invalid_numbers={"8801711234567"})
    _apply(service, types.CANDIDATE_REGISTERED, PHONE)
    _match(service, "c1", "p1")
    assert service.dispatcher.dispatch_once() == 1
    [digest] = _digests(service, "c1")
    assert digest["status"] == "failed" and digest["attempts"] == 1 and "invalid" in digest["detail"].lower()
    assert GATEWAY_TOKEN not in digest["detail"] and gateway.messages == []


def test_a_send_whose_outcome_was_lost_is_sent_again_and_the_gateway_keeps_one(tmp_path, gateway):
    service = _gateway_service(tmp_path, gateway, "json_token")
    service.dispatcher.lease_seconds = 1
    _apply(service, types.CANDIDATE_REGISTERED, PHONE)
    _match(service, "c1", "p1")
    row, composed = service.dispatcher._claim_next()
    service.dispatcher.sms_sender.send_sms(to=row["recipient"], body=composed.notice.body, message_id=row["id"])  # then the process died
    with service.engine.begin() as conn:
        conn.execute(update(tables.notifications).values(claimed_at=datetime.now(timezone.utc) - timedelta(seconds=5)))
    assert service.dispatcher.settle_stale_claims() == 1
    assert service.dispatcher.dispatch_once() == 1
    assert [d["status"] for d in _digests(service, "c1")] == ["sent"]
    assert len(gateway.messages) == 1


def test_an_english_digest_of_five_matches_reaches_a_real_smtp_server_as_one_email(tmp_path):
    from notifier.senders import SmtpEmailSender
    from tests.integration.test_email_senders_contract import smtp_server

    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=600, quiet_hours=None))
    english = dict(MAIL, name="Nusrat Jahan", language_pref="en")
    with smtp_server() as (smtp, port):
        service.dispatcher.email_sender = SmtpEmailSender(f"smtp://127.0.0.1:{port}", "jobmatch <noreply@jobmatch.local>")
        _apply(service, types.CANDIDATE_REGISTERED, english)
        for posting_id in POSTINGS:
            _match(service, "c2", posting_id)
        _match(service, "c2", "p1")  # redelivered by the matcher
        _clock(service, datetime.now(timezone.utc) + timedelta(seconds=601))
        assert _drain(service) == 1
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["nusrat@example.com"]
    message = email.message_from_bytes(envelope.original_content, policy=email_policy.default)
    assert message["Subject"] == "3 jobs suggested for you, first: Graphic Designer, Apex Creative"
    text = message.get_body(("plain",)).get_content()
    assert text.index("1. Graphic Designer") < text.index("2. Call Centre Agent") < text.index("3. Data Entry Operator")
    assert "and 2 more on your page." in text and "Sales Executive" not in text
    assert message["List-Unsubscribe"].startswith(f"<{service.config.public_url}/api/v1/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == f"<{_digests(service, 'c2')[0]['id']}@jobmatch>"
