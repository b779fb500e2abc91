"""A venue whose SMS gateway is out of reach: fair-day messages wait, then go out in order and once.

Real parts: RabbitMQ carries the fair-day events to the notifier's running consumer, the notifier
keeps its messages in PostgreSQL, and its running dispatcher sends SMS over HTTP to the gateway
stand-in (deploy/sms_gateway_standin.py), which is stopped while the events arrive and started
again on the same port afterwards.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from deploy.sms_gateway_standin import start_standin
from notifier import tables
from notifier.senders import HttpSmsGateway
from notifier.senders.sms_presets import SmsGatewaySettings
from shared.bus.publisher import EventPublisher
from shared.bus.topology import Topology
from shared.config import database_url
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import notifier_service
from tests.waiting import wait_for

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]

TOKEN = "venue-standin-token"
FAIR = "f-jashore"
AT = "2026-12-10T10:15:00+00:00"
CANDIDATES = {  # cv id: (phone, language, registration code)
    "c-bn": ("+8801711234567", "bn", "K7M-4XRP"),
    "c-en": ("+8801811234567", "en", "AC3-9DEF"),
}


def _contact(cv_id):
    phone, language, code = CANDIDATES[cv_id]
    return new_event(types.CANDIDATE_REGISTERED, {
        "cv_id": cv_id, "name": "Candidate", "email": None, "phone": phone, "language_pref": language, "fair_name": "Jashore BPO Summit",
        "fair_id": FAIR, "notify_by_sms": True, "notify_by_email": False, "contact_verified": True, "registration_code": code,
    }, producer="test")


def _fair_day(cv_id):
    """A candidate's day in three events: through the gate, called to stall 12, offered the post there."""
    return [
        new_event(types.CANDIDATE_CHECKED_IN, {
            "checkin_id": f"k-{cv_id}", "fair_id": FAIR, "cv_id": cv_id, "at": AT, "walk_in": False,
            "stalls": [{"stall": "12", "employer": "Apex Creative", "employer_id": "e1", "posting_id": "p1",
                        "title": "Graphic Designer", "score": 0.8}],
        }, producer="test"),
        new_event(types.QUEUE_CALLED, {"call_id": f"call-{cv_id}", "fair_id": FAIR, "cv_id": cv_id, "employer_id": "e1",
                                       "employer": "Apex Creative", "posting_id": "p1", "title": "Graphic Designer",
                                       "stall": "12", "at": AT}, producer="test"),
        new_event(types.INTERVIEW_RECORDED, {"interview_id": f"i-{cv_id}", "fair_id": FAIR, "cv_id": cv_id, "employer_id": "e1",
                                             "employer": "Apex Creative", "posting_id": "p1", "title": "Graphic Designer",
                                             "rating": 4, "outcome": "offer", "at": AT, "letter": True}, producer="test"),
    ]


class Running:
    """The notifier's consumer and dispatcher in threads, stopped and joined at the end."""

    def __init__(self, service):
        self.service = service
        self.threads = [threading.Thread(target=worker.run, name=f"venue-{worker.name}", daemon=True)
                        for worker in (service.consumer, service.dispatcher)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        wait_for(self.service.consumer.connected.is_set, timeout=30, message="the notifier's consumer did not connect")
        return self

    def __exit__(self, *exc_info):
        self.service.dispatcher.stop()
        self.service.consumer.stop()
        for thread in self.threads:
            thread.join(timeout=15)
        self.service.consumer.close()


def _rows(service):
    n = tables.notifications
    with service.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(n).where(n.c.kind.like("fair_%")).order_by(n.c.created_at)).mappings()]


def _handled(service) -> int:
    return service.consumer.stats.snapshot()["handled"]


@pytest.fixture
def stopped_gateway():
    """The stand-in's port, with the stand-in stopped; ``restart()`` starts it again there; stopped at the end."""
    server, base_url = start_standin(TOKEN)
    server.stop()
    port = server.server_address[1]
    running = []

    class Gateway:
        url = base_url + "/json/send"

        @staticmethod
        def restart():
            running.append(start_standin(TOKEN, port=port)[0])
            return running[-1]

    yield Gateway
    for server in running:
        server.stop()


def test_with_the_gateway_down_fair_day_messages_wait_then_go_out_in_order_and_once(tmp_path, amqp_settings, postgres_url,
                                                                                      stopped_gateway):
    service = notifier_service(tmp_path, bus=amqp_settings, database_url=database_url("notifier", {"NOTIFIER_DATABASE_URL": postgres_url}))
    service.dispatcher.sms_sender = HttpSmsGateway(SmsGatewaySettings.from_env({
        "NOTIFIER_SMS_GATEWAY_URL": stopped_gateway.url, "NOTIFIER_SMS_PRESET": "json_token", "NOTIFIER_SMS_API_TOKEN": TOKEN,
        "NOTIFIER_SMS_SENDER_ID": "JOBMATCH", "NOTIFIER_SMS_MASKING": "true"}))
    service.dispatcher.retry_base, service.dispatcher.retry_cap = 0.05, 0.5  # the venue's 30 s between tries, shortened
    publisher = EventPublisher(amqp_settings.connect(), Topology(amqp_settings), timeout=10)
    days = {cv_id: _fair_day(cv_id) for cv_id in CANDIDATES}
    events = [_contact(cv_id) for cv_id in CANDIDATES] + [event for step in zip(*days.values()) for event in step]

    with Running(service):
        for event in events:
            publisher.publish(event)
        wait_for(lambda: _handled(service) == len(events), timeout=30, message="the notifier did not consume the fair-day events")

        # Offline: each candidate's first message is tried again and again, well past NOTIFIER_MAX_SEND_ATTEMPTS (3
        # here), and stays queued; the later ones wait their turn behind it, untried.
        max_attempts = service.dispatcher.max_attempts

        def waiting_past_the_limit():
            rows = _rows(service)
            first = [r for r in rows if r["kind"] == "fair_stalls"]
            return len(rows) == 6 and rows if all(
                r["status"] == "queued" and r["attempts"] > max_attempts and "could not reach" in r["detail"] for r in first) else None

        rows = wait_for(waiting_past_the_limit, timeout=30, message="the first messages were not retried past the attempt limit")
        assert all((r["status"], r["attempts"]) == ("queued", 0) for r in rows if r["kind"] != "fair_stalls")

        gateway = stopped_gateway.restart()
        wait_for(lambda: [r["status"] for r in _rows(service)] == ["sent"] * 6, timeout=30,
                 message="the waiting messages did not go out once the gateway was back")

        # Exactly once, even when every event comes again and the candidate checks in again at the gate.
        again = events + [new_event(types.CANDIDATE_CHECKED_IN, {**days["c-bn"][0].data, "checkin_id": "k-again"}, producer="test")]
        handled = _handled(service)
        for event in again:
            publisher.publish(event)
        wait_for(lambda: _handled(service) == handled + len(again), timeout=30, message="the repeated events were not consumed")
        assert len(_rows(service)) == 6 and service.dispatcher.dispatch_once() == 0
    publisher.close()

    assert len(gateway.messages) == 6 and len({m["message_id"] for m in gateway.messages}) == 6
    texts = {cv_id: [m["text"] for m in gateway.messages if "+" + m["to"] == CANDIDATES[cv_id][0]] for cv_id in CANDIDATES}
    stalls, call, offer = texts["c-bn"]
    assert stalls.startswith("jobmatch: মেলায় এই স্টলগুলোতে যান: ১) স্টল ১২ (Apex Creative)")
    assert call.startswith("jobmatch: এখন আপনার পালা: স্টল ১২ (Apex Creative)")
    assert "আপনাকে" in offer and "চাকরির প্রস্তাব দিয়েছে। নিয়োগপত্র আপনার পাতায়: https://jm.example/l/" in offer
    stalls, call, offer = texts["c-en"]
    assert stalls.startswith("jobmatch: visit these stalls at the fair: 1) stall 12 (Apex Creative)")
    assert call.startswith("jobmatch: your turn now at stall 12 (Apex Creative) for Graphic Designer.")
    assert offer.startswith("jobmatch: Apex Creative offers you a job as Graphic Designer. Your appointment letter is on your page:")
