"""Notifier handlers and dispatcher on SQLite: each match told once, in a digest, in the candidate's language."""

from __future__ import annotations

import json

from sqlalchemy import select

from notifier import tables
from notifier.handlers import handle_event
from shared.events import types
from shared.events.envelope import new_event

from tests.integration.service_builders import notifier_service

CONTACT_BN = {"cv_id": "c1", "name": "রাকিব হাসান", "email": None, "phone": "+8801711234567", "language_pref": "bn", "fair_name": None}
CONTACT_EN = {"cv_id": "c2", "name": "Nusrat Jahan", "email": "nusrat@example.com", "phone": None, "language_pref": "en", "fair_name": "Khulna BPO Summit"}
CONTACT_NONE = {"cv_id": "c3", "name": "No Contact", "email": None, "phone": None, "language_pref": "en", "fair_name": None}


def _match(cv_id, posting_id="p1"):
    return new_event(
        types.MATCH_FOUND,
        {"posting_id": posting_id, "cv_id": cv_id, "score": 0.5, "posting_title": "Call centre agent",
         "employer": "Bhairab Contact", "explanation": {}},
        producer="test",
    )


def _contact(data):
    """A verified contact who consented to both channels, unless ``data`` says otherwise."""
    consented = {"notify_by_sms": True, "notify_by_email": True, "contact_verified": True}
    return new_event(types.CANDIDATE_REGISTERED, {**consented, **data}, producer="test")


def _rows(service):
    """The candidates' digests (codes and employers' digests left out), by candidate."""
    n = tables.notifications
    with service.engine.connect() as conn:
        return conn.execute(select(n).where(n.c.kind == "digest").order_by(n.c.cv_id, n.c.created_at)).mappings().all()


def _matches(service):
    with service.engine.connect() as conn:
        return conn.execute(select(tables.matches).order_by(tables.matches.c.cv_id)).mappings().all()


def test_a_match_is_sent_by_sms_in_bengali_when_the_candidate_has_only_a_phone(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(CONTACT_BN))
    handle_event(service, _match("c1"))
    assert service.dispatcher.dispatch_once() == 1

    [row] = _rows(service)
    assert (row["channel"], row["recipient"], row["status"]) == ("sms", "+8801711234567", "sent")
    sms = json.loads((tmp_path / "outbox" / f"{row['id']}.sms.json").read_text(encoding="utf-8"))
    assert sms["to"] == "+8801711234567"
    assert "প্রস্তাব" in sms["body"] and "Call centre agent" in sms["body"] and sms["segments"] == row["parts"] <= 2
    with service.engine.connect() as conn:
        [event] = [json.loads(r.payload) for r in conn.execute(select(tables.outbox.c.payload))]
    assert event["type"] == "notification.sent" and event["data"]["posting_ids"] == ["p1"]


def test_a_match_before_the_contact_waits_for_it_and_is_then_emailed_in_english(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _match("c2"))
    assert _rows(service) == [] and [m["status"] for m in _matches(service)] == ["waiting"]
    assert service.dispatcher.dispatch_once() == 0

    handle_event(service, _contact(CONTACT_EN))
    assert service.dispatcher.dispatch_once() == 1
    [row] = _rows(service)
    assert (row["channel"], row["status"]) == ("email", "sent")
    eml = (tmp_path / "outbox" / f"{row['id']}.eml").read_text(encoding="utf-8")
    assert "To: nusrat@example.com" in eml


def test_the_same_match_twice_or_redelivered_gives_one_notification(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(CONTACT_EN))
    event = _match("c2")
    handle_event(service, event)
    handle_event(service, event)          # redelivery of the same event
    handle_event(service, _match("c2"))   # a second event for the same (candidate, posting)
    service.dispatcher.dispatch_once()
    service.dispatcher.dispatch_once()
    assert len(_rows(service)) == 1
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_a_failed_send_is_retried_later_not_at_once_and_fails_after_the_limit(tmp_path):
    from datetime import datetime, timezone

    from sqlalchemy import update

    service = notifier_service(tmp_path)  # max_send_attempts=3

    class Refusing:
        calls = 0

        def send_email(self, **kwargs):
            Refusing.calls += 1
            raise OSError("connection refused")

    service.dispatcher.email_sender = Refusing()
    handle_event(service, _contact(CONTACT_EN))
    handle_event(service, _match("c2"))
    assert service.dispatcher.dispatch_once() == 1
    assert service.dispatcher.dispatch_once() == 0  # backing off: not retried at once
    assert Refusing.calls == 1 and _rows(service)[0]["status"] == "queued"
    for _ in range(2):
        with service.engine.begin() as conn:  # let the back-off pass
            conn.execute(update(tables.notifications).values(not_before=datetime.now(timezone.utc)))
        service.dispatcher.dispatch_once()
    assert Refusing.calls == 3
    [row] = _rows(service)
    assert row["status"] == "failed" and "connection refused" in row["detail"] and "after 3 attempts" in row["detail"]


def test_a_candidate_without_email_or_phone_gets_no_message_and_the_match_waits(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(CONTACT_NONE))
    handle_event(service, _match("c3"))
    assert _rows(service) == [] and [m["status"] for m in _matches(service)] == ["waiting"]
    assert service.dispatcher.dispatch_once() == 0


def _claim_all(service):
    """Claim every due message the way the dispatcher does, as a sender that then died."""
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import update

    n = tables.notifications
    while (claim := service.dispatcher._claim_next()) is not None:
        assert claim[1] is not None
    with service.engine.begin() as conn:
        conn.execute(update(n).where(n.c.status == "sending").values(claimed_at=datetime.now(timezone.utc) - timedelta(seconds=5)))


def test_a_claim_left_by_a_killed_sender_is_settled_without_sending_twice(tmp_path):
    service = notifier_service(tmp_path, send_lease_seconds=1)
    handle_event(service, _contact(CONTACT_EN))
    handle_event(service, _contact(CONTACT_BN))
    handle_event(service, _match("c1"))
    handle_event(service, _match("c2"))
    _claim_all(service)
    # c2's email file was written before the process died; c1's SMS never was.
    [email_row] = [r for r in _rows(service) if r["cv_id"] == "c2"]
    service.dispatcher.email_sender.send_email(to="nusrat@example.com", subject="s", body="b", message_id=email_row["id"])

    assert service.dispatcher.settle_stale_claims() == 2
    assert {r["cv_id"]: r["status"] for r in _rows(service)} == {"c1": "queued", "c2": "sent"}
    assert service.dispatcher.dispatch_once() == 1  # only the SMS that never went out
    assert {r["cv_id"]: r["status"] for r in _rows(service)} == {"c1": "sent", "c2": "sent"}
    assert len(list((tmp_path / "outbox").iterdir())) == 2


class _SmtpLikeSender:
    """An email sender that cannot tell afterwards whether a message went out (like SMTP)."""

    def __init__(self):
        self.sent = []

    def send_email(self, *, to, subject, body, message_id, html=None, headers=None):
        self.sent.append(message_id)


def test_a_claim_whose_outcome_the_channel_cannot_tell_becomes_unconfirmed_and_is_not_resent(tmp_path):
    service = notifier_service(tmp_path, send_lease_seconds=1)
    service.dispatcher.email_sender = smtp = _SmtpLikeSender()
    handle_event(service, _contact(CONTACT_EN))
    handle_event(service, _match("c2"))
    _claim_all(service)

    assert service.dispatcher.settle_stale_claims() == 1
    assert service.dispatcher.dispatch_once() == 0
    assert [r["status"] for r in _rows(service)] == ["unconfirmed"]
    assert smtp.sent == []


def test_each_notification_is_claimed_only_when_its_own_send_starts(tmp_path):
    service = notifier_service(tmp_path)
    for contact in (CONTACT_EN, CONTACT_BN):
        handle_event(service, _contact(contact))
    handle_event(service, _match("c1"))
    handle_event(service, _match("c2"))
    seen = []

    class Dying:
        def send_email(self, **kwargs):
            seen.append({r["cv_id"]: r["status"] for r in _rows(service)})
            raise SystemExit("killed mid-send")

        send_sms = send_email

    service.dispatcher.email_sender = Dying()
    service.dispatcher.sms_sender = Dying()
    try:
        service.dispatcher.dispatch_once()
    except SystemExit:
        pass
    # While the first send was in flight, the other notification was still pending.
    assert sorted(seen[0].values()) == ["queued", "sending"]


def test_a_fresh_claim_is_left_alone_by_the_sweep(tmp_path):
    service = notifier_service(tmp_path, send_lease_seconds=60)
    handle_event(service, _contact(CONTACT_EN))
    handle_event(service, _match("c2"))
    _claim_all(service)
    assert service.dispatcher.settle_stale_claims() == 0
    assert [r["status"] for r in _rows(service)] == ["sending"]


UNSENDABLE_EMAILS = ["রহিম@example.com", "rahim@", "a@example.com, b@example.com", "rahim@example.com\x00"]


def test_an_email_the_notifier_cannot_send_to_falls_back_to_sms_when_there_is_a_phone(tmp_path):
    service = notifier_service(tmp_path)
    for number, email_address in enumerate(UNSENDABLE_EMAILS):
        contact = dict(CONTACT_BN, cv_id=f"c{number}", email=email_address)
        handle_event(service, _contact(contact))
        handle_event(service, _match(f"c{number}"))
    assert service.dispatcher.dispatch_once() == len(UNSENDABLE_EMAILS)

    rows = _rows(service)
    assert {(r["channel"], r["recipient"], r["status"]) for r in rows} == {("sms", "+8801711234567", "sent")}
    assert len(list((tmp_path / "outbox").glob("*.sms.json"))) == len(UNSENDABLE_EMAILS)
    assert list((tmp_path / "outbox").glob("*.eml")) == []


def test_an_email_the_notifier_cannot_send_to_and_no_phone_gets_nothing(tmp_path):
    from notifier.channels import choose_channel

    service = notifier_service(tmp_path)
    contact = dict(CONTACT_EN, email="নুসরাত@example.com")
    handle_event(service, _contact(contact))
    handle_event(service, _match("c2"))
    assert _rows(service) == [] and service.dispatcher.dispatch_once() == 0
    route = choose_channel({**contact, "notify_by_sms": True, "notify_by_email": True})
    assert route.unreachable_because == (
        "the candidate's email address has a non-ASCII mailbox name, which cannot be sent to, and they gave no phone")


def test_a_refused_smtp_recipient_is_in_no_log_record_and_not_in_the_detail(tmp_path, caplog):
    import logging

    from notifier.senders import SmtpEmailSender
    from tests.integration.test_email_senders_contract import smtp_server

    address = "nusrat@example.com"
    service = notifier_service(tmp_path)
    with smtp_server() as (smtp, port), caplog.at_level(logging.DEBUG):
        smtp.refusals[address] = f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        service.dispatcher.email_sender = SmtpEmailSender(f"smtp://127.0.0.1:{port}", "jobmatch <noreply@jobmatch.local>")
        handle_event(service, _contact(CONTACT_EN))
        handle_event(service, _match("c2"))
        assert service.dispatcher.dispatch_once() == 1

    [row] = _rows(service)
    assert row["status"] == "failed" and "refused the recipient (550 5.1.1 <recipient>: Recipient address rejected" in row["detail"]
    assert address not in row["detail"]
    ours = [record for record in caplog.records if record.name != "mail.log"]  # mail.log: the test SMTP server
    assert any(record.name == "notifier.dispatcher" for record in ours), "the failed send was not logged"
    for record in ours:
        text = record.getMessage() + (record.exc_text or "") + repr(record.exc_info or "")
        assert address not in text and "Nusrat" not in text, record


def test_the_first_sms_a_new_candidate_gets_carries_their_registration_code(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact({**CONTACT_BN, "contact_verified": False, "verification_code": "482917",
                                    "registration_code": "K7M-4XRP"}))
    assert service.dispatcher.dispatch_once() == 1
    n = tables.notifications
    with service.engine.connect() as conn:
        [row] = conn.execute(select(n).where(n.c.kind == "verification")).mappings().all()
    sms = json.loads((tmp_path / "outbox" / f"{row['id']}.sms.json").read_text(encoding="utf-8"))
    assert "৪৮২৯১৭" in sms["body"] and "চেক-ইন কোড: K7M-4XRP" in sms["body"] and sms["segments"] <= 2


def _sent_text(service, tmp_path, kind="digest"):
    """The bodies of the candidates' sent messages of ``kind``, oldest first."""
    n = tables.notifications
    with service.engine.connect() as conn:
        rows = conn.execute(select(n).where(n.c.kind == kind, n.c.status == "sent").order_by(n.c.sent_at)).mappings().all()
    texts = []
    for row in rows:
        sms = tmp_path / "outbox" / f"{row['id']}.sms.json"
        texts.append(json.loads(sms.read_text(encoding="utf-8"))["body"] if sms.exists()
                     else (tmp_path / "outbox" / f"{row['id']}.eml").read_text(encoding="utf-8"))
    return texts


def test_a_desk_entered_candidate_with_no_code_message_gets_the_registration_code_in_the_first_digest_only(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact({**CONTACT_BN, "registration_code": "K7M-4XRP"}))  # verified at the desk: no code sent
    handle_event(service, _match("c1", "p1"))
    assert service.dispatcher.dispatch_once() == 1
    handle_event(service, _match("c1", "p2"))
    assert service.dispatcher.dispatch_once() == 1

    first, second = _sent_text(service, tmp_path)
    assert first.endswith("মেলায় চেক-ইন কোড: K7M-4XRP") and "K7M-4XRP" not in second


def test_an_imported_candidate_reached_by_email_gets_the_registration_code_in_the_first_digest_in_english(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact({**CONTACT_EN, "registration_code": "K7M-4XRP"}))
    handle_event(service, _match("c2"))
    assert service.dispatcher.dispatch_once() == 1
    [eml] = _sent_text(service, tmp_path)
    assert "At the fair's gate, check in with your registration code K7M-4XRP" in eml


def test_after_a_verification_message_carried_the_registration_code_the_first_digest_does_not_repeat_it(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact({**CONTACT_BN, "contact_verified": False, "verification_code": "482917",
                                    "registration_code": "K7M-4XRP"}))
    assert service.dispatcher.dispatch_once() == 1
    handle_event(service, new_event(types.CANDIDATE_VERIFIED, {"cv_id": "c1"}, producer="test"))
    handle_event(service, _match("c1"))
    assert service.dispatcher.dispatch_once() == 1
    [code] = _sent_text(service, tmp_path, "verification")
    [digest] = _sent_text(service, tmp_path)
    assert "K7M-4XRP" in code and "K7M-4XRP" not in digest


def _state(service):
    """Everything a registration writes: contacts, and the messages and matches by candidate (ids and times left out)."""
    c, n, m = tables.contacts, tables.notifications, tables.matches
    with service.engine.connect() as conn:
        contacts = sorted((r.cv_id, r.name, r.contact_verified) for r in conn.execute(select(c)))
        messages = sorted((r.cv_id, r.kind, r.status, r.channel, r.recipient, r.fair_id, r.detail, r.verification_code)
                          for r in conn.execute(select(n)))
        matches = sorted((r.cv_id, r.posting_id, r.status) for r in conn.execute(select(m)))
    return contacts, messages, matches


def test_a_run_of_registrations_in_a_batch_gives_what_they_give_one_by_one(tmp_path):
    """Codes, matches that waited for their contact, a fair-day notice that came first, an erased
    candidate and a registration sent twice: a batch's run of candidate.registered ends as one by one."""
    from notifier.handlers import handle_events

    coded = {"cv_id": "c4", "name": "কোড অপেক্ষা", "email": None, "phone": "+8801811111111", "language_pref": "bn",
             "fair_name": None, "notify_by_sms": True, "contact_verified": False, "verification_code": "123456"}
    before = [_match("c2"), new_event(types.CANDIDATE_ERASED, {"cv_id": "c5"}, producer="test"),
              new_event(types.CANDIDATE_CHECKED_IN, {"checkin_id": "k1", "fair_id": "f-dhaka", "cv_id": "c1",
                                                     "at": "2026-12-07T10:00:00+06:00", "stalls": [
                  {"stall": "12", "employer": "Apex", "employer_id": "e1", "posting_id": "p1", "title": "Designer",
                   "score": 0.7}]}, producer="test")]
    registrations = [_contact(CONTACT_BN), _contact(CONTACT_EN), _contact(dict(CONTACT_EN, name="Again")),
                     _contact(CONTACT_NONE), new_event(types.CANDIDATE_REGISTERED, coded, producer="test"),
                     _contact(dict(CONTACT_BN, cv_id="c5")), _contact(dict(CONTACT_BN, cv_id="c6", phone=None))]
    seen = []
    for batched in (False, True):
        (tmp_path / str(batched)).mkdir()
        service = notifier_service(tmp_path / str(batched))
        for event in before:
            handle_event(service, event)
        if batched:
            handle_events(service, registrations)
            handle_events(service, registrations)  # redelivered
        else:
            for event in registrations:
                handle_event(service, event)
        seen.append(_state(service))
    assert seen[0] == seen[1]
    contacts, messages, matches = seen[1]
    assert [c[0] for c in contacts] == ["c1", "c2", "c3", "c4", "c6"] and ("c2", "Nusrat Jahan", True) in contacts
    assert ("c4", "verification", "queued", "sms", "+8801811111111", None, None, "123456") in messages
    assert any(m[:3] == ("c2", "digest", "queued") for m in messages)  # the match that waited for its contact
    assert any(m[:2] == ("c1", "fair_stalls") and m[5] is None for m in messages)  # re-addressed to the contact's fair
