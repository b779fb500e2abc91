"""The notifier's doors and consents: verification first, channels by consent, cancellation when a
posting closes or a CV is withdrawn, erasure, and who may read the delivery log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from notifier import tables
from notifier.app import create_app
from notifier.bootstrap import build
from notifier.config import NotifierConfig
from notifier.handlers import handle_event
from shared.auth.settings import AuthSettings
from shared.auth.tokens import CANDIDATE_TOKEN, EMPLOYER_KEY, new_token, token_hash
from shared.config import HttpSettings
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import ADMIN_TOKEN, IMMEDIATE, OPERATOR, bearer, memory_bus

TOKENS = {"c1": new_token(CANDIDATE_TOKEN), "c2": new_token(CANDIDATE_TOKEN)}
EMPLOYER = new_token(EMPLOYER_KEY)
CONTACT = {
    "cv_id": "c1", "name": "রাকিব হাসান", "email": "rakib@example.com", "phone": "+8801711234567", "language_pref": "bn",
    "fair_name": "খুলনা বিপিও সামিট", "candidate_token_hash": token_hash(TOKENS["c1"]),
    "notify_by_sms": True, "notify_by_email": False, "contact_verified": False, "verification_code": "482917",
}
OTHER = {
    "cv_id": "c2", "name": "Nusrat Jahan", "email": "nusrat@example.com", "phone": None, "language_pref": "en",
    "fair_name": None, "candidate_token_hash": token_hash(TOKENS["c2"]),
    "notify_by_sms": False, "notify_by_email": True, "contact_verified": True, "verification_code": None,
}


def _apply(service, kind: str, data: dict) -> None:
    handle_event(service, new_event(kind, data, producer="test"))


def _match(service, cv_id: str, posting_id: str = "p1") -> None:
    _apply(service, types.MATCH_FOUND, {"posting_id": posting_id, "cv_id": cv_id, "score": 0.6,
                                        "posting_title": "Call centre agent", "employer": "Rupsha Digital", "explanation": {}})


def _rows(service, cv_id: str) -> list[dict]:
    n = tables.notifications
    with service.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(n).where(n.c.cv_id == cv_id).order_by(n.c.created_at)).mappings()]


def _matches(service, *cv_ids: str) -> set[tuple]:
    m = tables.matches
    with service.engine.connect() as conn:
        return {(r.cv_id, r.posting_id, r.status) for r in conn.execute(select(m).where(m.c.cv_id.in_(cv_ids)))}


def _drain(service) -> int:
    sent = 0
    while (done := service.dispatcher.dispatch_once()):
        sent += done
    return sent


@pytest.fixture
def service(database_on_both, tmp_path):
    url = database_on_both("notifier")
    service = build(NotifierConfig(
        database_url=url, http=HttpSettings("127.0.0.1", 0), bus=memory_bus(), outbox_dir=tmp_path / "outbox",
        smtp_url=None, email_from="jobmatch <noreply@jobmatch.local>", max_send_attempts=3, send_lease_seconds=60.0,
        auth=AuthSettings(ADMIN_TOKEN), policy=IMMEDIATE,
    ))
    service.outbox = tmp_path / "outbox"
    _apply(service, types.EMPLOYER_REGISTERED, {"employer_id": "e1", "name": "Rupsha Digital", "key_hash": token_hash(EMPLOYER)})
    yield service
    service.engine.dispose()


def test_an_unverified_contact_gets_its_code_first_and_matches_only_after_verifying(service):
    _apply(service, types.CANDIDATE_REGISTERED, CONTACT)
    _match(service, "c1")
    assert _drain(service) == 1
    [verification] = _rows(service, "c1")
    assert verification["kind"] == "verification" and verification["status"] == "sent"
    assert verification["verification_code"] is None  # not kept once sent
    sms = json.loads((service.outbox / f"{verification['id']}.sms.json").read_text(encoding="utf-8"))
    assert "৪৮২৯১৭" in sms["body"] and sms["to"] == "+8801711234567"
    assert _matches(service, "c1") == {("c1", "p1", "waiting")}

    _apply(service, types.CANDIDATE_VERIFIED, {"cv_id": "c1"})
    assert _drain(service) == 1
    assert [(r["kind"], r["status"]) for r in _rows(service, "c1")] == [("verification", "sent"), ("digest", "sent")]
    assert _matches(service, "c1") == {("c1", "p1", "announced")}


def test_notices_go_only_by_a_consented_channel(service):
    _apply(service, types.CANDIDATE_REGISTERED, OTHER)
    _match(service, "c2")
    _apply(service, types.CANDIDATE_REGISTERED, dict(CONTACT, cv_id="c3", notify_by_sms=False, contact_verified=True))
    _match(service, "c3")
    _drain(service)
    assert [(r["channel"], r["status"]) for r in _rows(service, "c2")] == [("email", "sent")]
    assert _rows(service, "c3") == [] and _matches(service, "c3") == {("c3", "p1", "waiting")}


def test_withdrawing_consent_closing_a_posting_or_withdrawing_a_cv_cancels_what_was_not_sent(service):
    _apply(service, types.CANDIDATE_REGISTERED, dict(CONTACT, contact_verified=True))
    _apply(service, types.CANDIDATE_REGISTERED, OTHER)
    _match(service, "c1", "p1")
    _match(service, "c2", "p1")
    _match(service, "c2", "p2")
    _apply(service, types.POSTING_CLOSED, {"posting_id": "p1"})
    _apply(service, types.CV_WITHDRAWN, {"cv_id": "c2"})
    _match(service, "c1", "p1")  # a late match for the closed posting
    _match(service, "c2", "p3")  # and for the withdrawn CV
    assert _drain(service) == 0
    assert _matches(service, "c1", "c2") == {("c1", "p1", "cancelled"), ("c2", "p1", "cancelled"), ("c2", "p2", "cancelled")}
    assert [(r["status"], r["detail"]) for r in _rows(service, "c1") + _rows(service, "c2")] == [
        ("suppressed", "nothing left to tell: the matches ended first"), ("suppressed", "the CV was withdrawn")]

    _match(service, "c1", "p4")
    _apply(service, types.CANDIDATE_UPDATED, dict(CONTACT, contact_verified=True, notify_by_sms=False, verification_code=None))
    assert _drain(service) == 0
    assert [(r["status"], r["detail"]) for r in _rows(service, "c1")][-1] == ("suppressed", "the candidate consented to no channel")
    assert ("c1", "p4", "waiting") in _matches(service, "c1")


def test_an_erased_candidate_leaves_no_contact_no_files_and_gets_nothing_later(service):
    _apply(service, types.CANDIDATE_REGISTERED, dict(CONTACT, contact_verified=True))
    _match(service, "c1", "p1")
    assert _drain(service) == 1
    assert list(service.outbox.iterdir())

    _apply(service, types.CANDIDATE_ERASED, {"cv_id": "c1"})
    _match(service, "c1", "p2")
    _apply(service, types.CANDIDATE_UPDATED, dict(CONTACT, contact_verified=True))
    assert _drain(service) == 0
    assert list(service.outbox.iterdir()) == []
    with service.engine.connect() as conn:
        assert conn.execute(select(tables.contacts)).all() == []
        rows = [dict(r) for r in conn.execute(select(tables.notifications)).mappings()]
    assert [(r["cv_id"], r["kind"], r["status"]) for r in rows] == [("c1", "digest", "erased")]
    assert not any(value for r in rows for key, value in r.items() if key in ("recipient", "detail", "verification_code"))
    assert _matches(service, "c1") == {("c1", "p1", "erased")}
    client = create_app(service).test_client()
    assert client.get("/api/v1/notifications", headers=bearer(TOKENS["c1"])).status_code == 401


def test_the_delivery_log_shows_each_caller_only_what_it_may_see(service):
    _apply(service, types.CANDIDATE_REGISTERED, dict(CONTACT, contact_verified=True))
    _apply(service, types.CANDIDATE_REGISTERED, OTHER)
    _match(service, "c1")
    _match(service, "c2")
    client = create_app(service).test_client()

    def cvs(headers, **query):
        answer = client.get("/api/v1/notifications", headers=headers, query_string=query)
        assert answer.status_code == 200
        return {n["cv_id"] for n in answer.get_json()["notifications"]}

    assert cvs(OPERATOR) == {"c1", "c2"}
    assert cvs(bearer(TOKENS["c1"])) == {"c1"}
    assert cvs(bearer(TOKENS["c1"]), cv_id="c2") == set()
    assert cvs(bearer(EMPLOYER)) == set()
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.get("/api/v1/notifications", headers=bearer(new_token(CANDIDATE_TOKEN))).status_code == 401
    assert client.get("/api/v1/stats", headers=bearer(TOKENS["c1"])).status_code == 403
    assert client.get("/api/v1/stats", headers=OPERATOR).status_code == 200


def test_a_new_code_after_a_contact_change_replaces_the_unsent_old_one(service):
    _apply(service, types.CANDIDATE_REGISTERED, CONTACT)
    _apply(service, types.CANDIDATE_UPDATED, dict(CONTACT, phone="+8801812345678", verification_code="135790"))
    assert _drain(service) == 1
    sent = [r for r in _rows(service, "c1") if r["status"] == "sent"]
    [cancelled] = [r for r in _rows(service, "c1") if r["status"] == "suppressed"]
    assert [r["recipient"] for r in sent] == ["+8801812345678"] and cancelled["verification_code"] is None
    sms = json.loads((service.outbox / f"{sent[0]['id']}.sms.json").read_text(encoding="utf-8"))
    assert "১৩৫৭৯০" in sms["body"]


def test_a_code_to_confirm_a_changed_cv_goes_even_to_a_verified_contact_and_says_what_it_is_for(service):
    _apply(service, types.CANDIDATE_REGISTERED, dict(CONTACT, contact_verified=True, verification_code=None))
    _apply(service, types.CANDIDATE_UPDATED, dict(CONTACT, contact_verified=True, verification_code="246801", code_purpose="change"))
    _apply(service, types.CANDIDATE_UPDATED, dict(CONTACT, contact_verified=True, verification_code="975310"))  # not a change code
    assert _drain(service) == 1
    [sent] = _rows(service, "c1")
    assert sent["kind"] == "change_code" and sent["verification_code"] is None
    sms = json.loads((service.outbox / f"{sent['id']}.sms.json").read_text(encoding="utf-8"))
    assert "২৪৬৮০১" in sms["body"] and "সিভি বদলাতে" in sms["body"] and len(sms["body"]) <= 70  # one Bengali SMS part


def test_a_notice_being_sent_when_its_candidate_is_erased_stays_erased_and_leaves_no_file(service):
    _apply(service, types.CANDIDATE_REGISTERED, dict(CONTACT, contact_verified=True))
    _match(service, "c1")
    real_send = service.dispatcher.sms_sender.send_sms

    def erased_during_the_send(**message):
        _apply(service, types.CANDIDATE_ERASED, {"cv_id": "c1"})  # arrives while the send is in hand
        real_send(**message)  # and the message file appears after the erasure

    service.dispatcher.sms_sender.send_sms = erased_during_the_send
    service.dispatcher.dispatch_once()
    assert [r["status"] for r in _rows(service, "c1")] == ["erased"]
    assert list(service.outbox.iterdir()) == []
