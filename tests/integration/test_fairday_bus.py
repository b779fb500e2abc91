"""Fairday on the real RabbitMQ: it fills its tables from the bus and its events reach the queues bound to them."""

from __future__ import annotations

import threading

import pytest
from kombu import Queue

from fairday.app import create_app
from shared.auth.tokens import EMPLOYER_KEY, new_token, token_hash
from shared.bus.publisher import EventPublisher
from shared.bus.topology import Topology
from shared.events import types
from shared.events.envelope import new_event, parse_event
from shared.registration_codes import grouped, new_code
from tests.integration.service_builders import OPERATOR, bearer, fairday_service
from tests.waiting import wait_for

pytestmark = pytest.mark.rabbitmq


@pytest.fixture
def running_fairday(tmp_path, amqp_settings):
    """Fairday with its consumer, outbox relay and pending-suggestions worker running on the real broker."""
    service = fairday_service(f"sqlite:///{tmp_path / 'fairday.sqlite3'}", bus=amqp_settings)
    workers = (service.consumer, service.relay, service.suggestions)
    threads = [threading.Thread(target=worker.run, daemon=True) for worker in workers]
    for thread in threads:
        thread.start()
    yield service
    for worker in workers:
        worker.stop()
    for thread in threads:
        thread.join(timeout=10)


def test_a_fair_day_fed_by_the_bus_checks_in_and_publishes_its_calls(running_fairday, amqp_settings):
    code = grouped(new_code())
    key = new_token(EMPLOYER_KEY)
    events = [
        (types.EMPLOYER_REGISTERED, {"employer_id": "e1", "name": "Bhairab Contact", "key_hash": token_hash(key)}),
        (types.POSTING_PUBLISHED, {"posting_id": "p1", "employer_id": "e1", "fair_id": "f1", "employer": "Bhairab Contact",
                                   "title": "Call centre agent", "description": "Inbound calls", "stall": "12"}),
        # The match first: once the CV is known (one consumer, in order) its match is too.
        (types.MATCH_FOUND, {"posting_id": "p1", "cv_id": "c1", "score": 0.7, "posting_title": "Call centre agent",
                             "employer": "Bhairab Contact", "explanation": {}}),
        (types.CV_RECEIVED, {"cv_id": "c1", "fair_id": "f1", "text": "Call centre work", "language_pref": "bn",
                             "registration_code": code, "location": "Khulna"}),
    ]
    topology = Topology(amqp_settings)
    with amqp_settings.connect() as conn:
        topology.declare(conn)
    publisher = EventPublisher(amqp_settings.connect(), topology)
    try:
        for event_type, data in events:
            publisher.publish(new_event(event_type, data, producer="test"))
    finally:
        publisher.close()
    client = create_app(running_fairday).test_client()
    wait_for(lambda: client.post("/api/v1/fairs/f1/employers/e1/presence", json={}, headers=OPERATOR).status_code == 201,
             timeout=30, message="fairday never learnt of the employer from the bus")

    def checked_in():
        answer = client.post("/api/v1/fairs/f1/checkins", json={"code": code}, headers=OPERATOR)
        return answer if answer.status_code == 201 else None

    answer = wait_for(checked_in, timeout=30, message="fairday never learnt of the CV from the bus")
    assert [(s["stall"], s["posting_id"]) for s in answer.json["stalls"]] == [("12", "p1")]
    # A stall's call goes out through the relay to whatever queue is bound to queue.called.
    with amqp_settings.connect() as conn:
        queue = _queue_bound_to(topology, conn, types.QUEUE_CALLED)
        client.post("/api/v1/fairs/f1/stalls/e1/calls", json={"cv_id": "c1"}, headers=bearer(key))
        message = wait_for(lambda: queue.get(no_ack=True), timeout=30, message="queue.called never reached the bus")
        assert parse_event(message.body).data["stall"] == "12"


def _queue_bound_to(topology, conn, event_type: str):
    """A throwaway queue on the events exchange bound to ``event_type``."""
    queue = Queue(f"{topology.settings.prefix}test.{event_type}", exchange=topology.events, routing_key=event_type, auto_delete=True)
    bound = queue(conn.channel())
    bound.declare()
    return bound


def test_a_walk_in_checked_in_before_its_matches_is_announced_with_stalls_when_they_arrive(running_fairday, amqp_settings):
    code = grouped(new_code())
    topology = Topology(amqp_settings)
    with amqp_settings.connect() as conn:
        topology.declare(conn)
        queue = _queue_bound_to(topology, conn, types.CANDIDATE_CHECKED_IN)
        publisher = EventPublisher(amqp_settings.connect(), topology)
        try:
            for event_type, data in [
                (types.EMPLOYER_REGISTERED, {"employer_id": "e1", "name": "Bhairab Contact", "key_hash": "0" * 64}),
                (types.POSTING_PUBLISHED, {"posting_id": "p1", "employer_id": "e1", "fair_id": "f1", "employer": "Bhairab Contact",
                                           "title": "Call centre agent", "description": "Inbound calls", "stall": "12"}),
                (types.CV_RECEIVED, {"cv_id": "kiosk", "fair_id": "f1", "text": "Call centre work", "language_pref": "en",
                                     "registration_code": code}),
            ]:
                publisher.publish(new_event(event_type, data, producer="test"))
            client = create_app(running_fairday).test_client()
            wait_for(lambda: client.post("/api/v1/fairs/f1/employers/e1/presence", json={}, headers=OPERATOR).status_code == 201,
                     timeout=30, message="fairday never learnt of the employer")
            answer = wait_for(lambda: (lambda a: a if a.status_code == 201 else None)(
                client.post("/api/v1/fairs/f1/checkins", json={"code": code}, headers=OPERATOR)), timeout=30)
            assert answer.json["stalls_pending"] is True
            publisher.publish(new_event(types.MATCH_FOUND, {"posting_id": "p1", "cv_id": "kiosk", "score": 0.7, "posting_title": "t",
                                                            "employer": "e", "explanation": {}}, producer="test"))
        finally:
            publisher.close()
        message = wait_for(lambda: queue.get(no_ack=True), timeout=30, message="candidate.checked_in never went out")
    event = parse_event(message.body).data
    assert event["walk_in"] is True and [s["stall"] for s in event["stalls"]] == ["12"]
