"""Fair-day events to messages, in-process on SQLite: once each, at once, by the consented channel, never to the erased."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from notifier import tables
from notifier.handlers import handle_event
from notifier.message_kinds import FAIR_DAY_LIFETIME
from notifier.policy import SendingPolicy
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import next_dhaka_time, notifier_service

AT = "2026-12-10T10:15:00+00:00"
FAIR = "f-khulna"
PHONE_BN = {"cv_id": "c1", "name": "রাকিব হাসান", "email": None, "phone": "+8801711234567", "language_pref": "bn",
            "fair_name": "খুলনা বিপিও সামিট", "fair_id": FAIR, "notify_by_sms": True, "notify_by_email": False,
            "contact_verified": True}
MAIL_EN = {"cv_id": "c2", "name": "Nusrat Jahan", "email": "nusrat@example.com", "phone": "+8801811234567",
           "language_pref": "en", "fair_name": "Khulna BPO Summit", "fair_id": FAIR, "notify_by_sms": False,
           "notify_by_email": True, "contact_verified": True}
STALLS = [
    {"stall": "12", "employer": "Apex Creative", "employer_id": "e1", "posting_id": "p1", "title": "Graphic Designer", "score": 0.81},
    {"stall": "7", "employer": "Genex Infosys", "employer_id": "e2", "posting_id": "p2", "title": "Call Centre Agent", "score": 0.74},
]


def _event(event_type, data):
    return new_event(event_type, data, producer="test")


def _contact(contact):
    return _event(types.CANDIDATE_REGISTERED, contact)


def _checked_in(cv_id="c1", fair_id=FAIR, stalls=STALLS, checkin_id="k1"):
    return _event(types.CANDIDATE_CHECKED_IN, {"checkin_id": checkin_id, "fair_id": fair_id, "cv_id": cv_id, "at": AT,
                                               "walk_in": False, "stalls": stalls})


def _called(cv_id="c1", call_id="call-1", stall="12", employer="Apex Creative"):
    return _event(types.QUEUE_CALLED, {"call_id": call_id, "fair_id": FAIR, "cv_id": cv_id, "employer_id": "e1",
                                       "employer": employer, "posting_id": "p1", "title": "Graphic Designer", "stall": stall,
                                       "at": AT})


def _interview(outcome, cv_id="c1", interview_id="i-1", letter=True):
    return _event(types.INTERVIEW_RECORDED, {"interview_id": interview_id, "fair_id": FAIR, "cv_id": cv_id, "employer_id": "e1",
                                             "employer": "Apex Creative", "posting_id": "p1", "title": "Graphic Designer",
                                             "rating": 4, "outcome": outcome, "at": AT, "letter": letter})


def _messages(service, cv_id=None):
    """Every fair-day message row, oldest first."""
    n = tables.notifications
    query = select(n).where(n.c.kind.like("fair_%")).order_by(n.c.created_at)
    if cv_id is not None:
        query = query.where(n.c.cv_id == cv_id)
    with service.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def _sent(service, tmp_path):
    """The texts of the fair-day messages sent, oldest first: SMS bodies, or whole .eml files."""
    texts = []
    for row in sorted((r for r in _messages(service) if r["status"] == "sent"), key=lambda r: r["sent_at"]):
        sms = tmp_path / "outbox" / f"{row['id']}.sms.json"
        texts.append(json.loads(sms.read_text(encoding="utf-8"))["body"] if sms.exists()
                     else (tmp_path / "outbox" / f"{row['id']}.eml").read_text(encoding="utf-8"))
    return texts


def _drain(service):
    while service.dispatcher.dispatch_once():
        pass


def test_a_check_in_sends_one_visit_these_stalls_sms_per_candidate_and_fair(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(PHONE_BN))
    event = _checked_in()
    handle_event(service, event)
    handle_event(service, event)                              # the same event redelivered
    handle_event(service, _checked_in(checkin_id="k2"))        # checked in again at the same fair
    _drain(service)
    handle_event(service, _checked_in(fair_id="f-dhaka", checkin_id="k3"))  # another fair: another list
    _drain(service)

    first, second = _sent(service, tmp_path)
    assert first == "jobmatch: মেলায় এই স্টলগুলোতে যান: ১) স্টল ১২ (Apex Creative) ২) স্টল ৭ (Genex Infosys)"
    assert second == first
    assert [(r["kind"], r["channel"], r["recipient"], r["fair_id"]) for r in _messages(service)] == [
        ("fair_stalls", "sms", "+8801711234567", FAIR), ("fair_stalls", "sms", "+8801711234567", "f-dhaka")]
    assert all(r["facts"] is None and r["parts"] == 2 for r in _messages(service))  # what it told is not kept once sent


def test_a_check_in_with_no_stalls_to_suggest_sends_nothing(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(PHONE_BN))
    handle_event(service, _checked_in(stalls=[]))
    assert _messages(service) == [] and service.dispatcher.dispatch_once() == 0


def test_a_call_is_told_once_per_call_and_by_email_when_only_email_is_consented(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(MAIL_EN))
    call = _called(cv_id="c2")
    handle_event(service, call)
    handle_event(service, call)
    handle_event(service, _called(cv_id="c2"))  # the same call, a second event for it
    handle_event(service, _called(cv_id="c2", call_id="call-2", stall="7", employer="Genex Infosys"))
    _drain(service)

    first, second = _sent(service, tmp_path)
    assert "To: nusrat@example.com" in first and "Subject: Your turn now: stall 12 (Apex Creative)" in first
    assert "It is your turn now at stall 12 (Apex Creative) for Graphic Designer." in first
    assert "stall 7 (Genex Infosys)" in second and len(_messages(service)) == 2


@pytest.mark.parametrize("outcome", ["shortlisted", "consider_later", "not_suitable"])
def test_an_interview_without_an_offer_is_not_told_here(tmp_path, outcome):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(PHONE_BN))
    handle_event(service, _interview(outcome))
    assert _messages(service) == []


@pytest.mark.parametrize("outcome, says", [
    ("offer", "পদে চাকরির প্রস্তাব দিয়েছে। নিয়োগপত্র আপনার পাতায়: https://jm.example/l/"),
    ("hired_on_the_spot", "পদে নিয়োগ দিয়েছে। নিয়োগপত্র আপনার পাতায়: https://jm.example/l/"),
])
def test_an_offer_or_a_hire_is_told_once_per_interview_with_the_link_to_the_candidates_page(tmp_path, outcome, says):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(PHONE_BN))
    event = _interview(outcome)
    handle_event(service, event)
    handle_event(service, event)
    handle_event(service, _interview(outcome))
    _drain(service)

    [sms] = _sent(service, tmp_path)
    [row] = _messages(service)
    assert "Apex Creative আপনাকে Graphic Designer " in sms and says in sms and row["parts"] == 3  # an offer may take three
    link_code = sms.rsplit("/l/", 1)[1]
    from notifier.links import resolve_link

    with service.engine.connect() as conn:
        assert resolve_link(conn, link_code) == "c1"  # the link opens this candidate's own page


def test_fair_day_messages_follow_a_check_in_made_with_the_code_so_the_first_digest_still_carries_it(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact({**PHONE_BN, "registration_code": "K7M-4XRP"}))  # entered at the desk: no code message
    handle_event(service, _checked_in())
    handle_event(service, _called())
    _drain(service)
    handle_event(service, _event(types.MATCH_FOUND, {"posting_id": "p9", "cv_id": "c1", "score": 0.7, "posting_title": "Sales",
                                                     "employer": "Pran RFL"}))
    _drain(service)
    stalls, call = _sent(service, tmp_path)
    assert "K7M-4XRP" not in stalls and "K7M-4XRP" not in call
    n = tables.notifications
    with service.engine.connect() as conn:
        [digest_id] = conn.execute(select(n.c.id).where(n.c.kind == "digest", n.c.status == "sent")).scalars()
    digest = json.loads((tmp_path / "outbox" / f"{digest_id}.sms.json").read_text(encoding="utf-8"))["body"]
    assert digest.endswith("মেলায় চেক-ইন কোড: K7M-4XRP")


def test_quiet_hours_and_the_daily_cap_hold_a_digest_back_but_not_fair_day_messages(tmp_path):
    service = notifier_service(tmp_path, policy=SendingPolicy(window_seconds=0, daily_cap=1))  # quiet 21:00-09:00 Dhaka time
    night = next_dhaka_time(22, 30)  # after now: fair-day messages are due from the moment they are queued
    service.dispatcher.clock = lambda: night
    handle_event(service, _contact(PHONE_BN))
    with service.engine.begin() as conn:  # today's one digest already went out
        conn.execute(tables.notifications.insert().values(id="d0", cv_id="c1", kind="digest", channel="sms", status="sent",
                                                          attempts=1, created_at=night, claimed_at=night, sent_at=night))
    handle_event(service, _checked_in())
    handle_event(service, _called())
    handle_event(service, _interview("offer"))
    handle_event(service, _event(types.MATCH_FOUND, {"posting_id": "p9", "cv_id": "c1", "score": 0.7, "posting_title": "Sales",
                                                     "employer": "Pran RFL"}))
    _drain(service)
    assert [(r["kind"], r["status"]) for r in _messages(service)] == [
        ("fair_stalls", "sent"), ("fair_call", "sent"), ("fair_offer", "sent")]
    n = tables.notifications
    with service.engine.connect() as conn:
        digest = conn.execute(select(n.c.status, n.c.detail).where(n.c.kind == "digest", n.c.id != "d0")).one()
    assert digest == ("deferred", "quiet hours: SMS waits for the morning")


def test_an_erased_or_withdrawn_candidate_gets_nothing_and_what_waited_is_not_sent(tmp_path):
    service = notifier_service(tmp_path)
    handle_event(service, _contact(PHONE_BN))
    handle_event(service, _contact(MAIL_EN))
    handle_event(service, _checked_in(cv_id="c1"))
    handle_event(service, _checked_in(cv_id="c2"))
    handle_event(service, _event(types.CANDIDATE_ERASED, {"cv_id": "c1"}))
    handle_event(service, _event(types.CV_WITHDRAWN, {"cv_id": "c2"}))
    for cv_id in ("c1", "c2"):  # events that come after the end
        handle_event(service, _called(cv_id=cv_id, call_id=f"call-{cv_id}"))
        handle_event(service, _interview("offer", cv_id=cv_id, interview_id=f"i-{cv_id}"))
    assert service.dispatcher.dispatch_once() == 0

    rows = {r["cv_id"]: r for r in _messages(service)}
    assert len(_messages(service)) == 2
    assert (rows["c1"]["status"], rows["c1"]["recipient"], rows["c1"]["facts"]) == ("erased", None, None)
    assert (rows["c2"]["status"], rows["c2"]["detail"], rows["c2"]["facts"]) == ("suppressed", "the CV was withdrawn", None)
    assert not (tmp_path / "outbox").exists() or list((tmp_path / "outbox").iterdir()) == []


@pytest.mark.parametrize("contact, why", [
    ({**PHONE_BN, "contact_verified": False}, "the candidate's new contact is not confirmed yet"),
    ({**PHONE_BN, "notify_by_sms": False}, "the candidate consented to no channel"),
    (None, "the notifier has no contact for this candidate"),
])
def test_a_candidate_who_cannot_be_told_gets_a_suppressed_row_with_the_reason(tmp_path, contact, why):
    service = notifier_service(tmp_path)
    if contact is not None:
        handle_event(service, _contact(contact))
    handle_event(service, _called())
    [row] = _messages(service)
    assert (row["status"], row["detail"], row["facts"]) == ("suppressed", why, None)
    assert service.dispatcher.dispatch_once() == 0


def test_consent_withdrawn_or_an_opt_out_while_a_message_waits_stops_it(tmp_path):
    from notifier.digests import opt_out

    service = notifier_service(tmp_path)
    handle_event(service, _contact(PHONE_BN))
    handle_event(service, _contact(MAIL_EN))
    handle_event(service, _called(cv_id="c1"))
    handle_event(service, _called(cv_id="c2", call_id="call-2"))
    handle_event(service, _event(types.CANDIDATE_UPDATED, {**PHONE_BN, "notify_by_sms": False}))
    with service.engine.begin() as conn:
        opt_out(conn, "cv", "c2")
    assert service.dispatcher.dispatch_once() == 0
    assert {r["cv_id"]: (r["status"], r["detail"]) for r in _messages(service)} == {
        "c1": ("suppressed", "the candidate consented to no channel"),
        "c2": ("suppressed", "the candidate opted out of messages")}


class _Unreachable:
    """An SMS gateway out of reach, as at a venue whose connection dropped."""

    def __init__(self):
        self.tries = 0

    def send_sms(self, *, to, body, message_id):
        from notifier.senders import DeliveryFailed

        self.tries += 1
        raise DeliveryFailed("could not reach the SMS gateway", permanent=False)


def _let_the_back_off_pass(service):
    with service.engine.begin() as conn:
        conn.execute(update(tables.notifications).values(not_before=datetime.now(timezone.utc) - timedelta(seconds=1)))


def test_an_unreachable_gateway_keeps_fair_day_messages_queued_in_order_past_the_attempt_limit_until_the_day_is_over(tmp_path):
    service = notifier_service(tmp_path)  # max_send_attempts=3
    service.dispatcher.sms_sender = gateway = _Unreachable()
    handle_event(service, _contact(PHONE_BN))
    handle_event(service, _checked_in())
    handle_event(service, _called())
    for _ in range(6):
        service.dispatcher.dispatch_once()
        _let_the_back_off_pass(service)
    stalls, call = _messages(service)
    assert gateway.tries == 6  # only the first was tried: the call waits its turn behind it
    assert (stalls["status"], stalls["attempts"], call["status"], call["attempts"]) == ("queued", 6, "queued", 0)
    assert stalls["not_before"] is not None

    later = datetime.now(timezone.utc) + FAIR_DAY_LIFETIME + timedelta(minutes=1)
    service.dispatcher.clock = lambda: later
    service.dispatcher.dispatch_once()  # the day is over: the stalls give up, then the call is tried and gives up too
    assert [(r["status"], r["detail"].startswith("gave up after")) for r in _messages(service)] == [
        ("failed", True), ("failed", True)]


def test_a_fair_day_message_waits_at_most_thirty_seconds_between_attempts(tmp_path):
    service = notifier_service(tmp_path)
    service.dispatcher.sms_sender = _Unreachable()
    handle_event(service, _contact(PHONE_BN))
    handle_event(service, _called())
    with service.engine.begin() as conn:
        conn.execute(update(tables.notifications).values(attempts=20))  # long out of reach
    before = datetime.now(timezone.utc)
    service.dispatcher.dispatch_once()
    [call] = _messages(service)
    due = call["not_before"] if call["not_before"].tzinfo else call["not_before"].replace(tzinfo=timezone.utc)
    assert call["status"] == "queued" and timedelta(seconds=15) <= due - before <= timedelta(seconds=31)
