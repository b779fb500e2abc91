"""Operator dead-letter commands, and long handlers on RabbitMQ keeping their connection alive."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from shared.bus.consumer import EventConsumer
from shared.bus.dead_letters import count_dead_letters, list_dead_letters, replay_dead_letters
from shared.bus.publisher import EventPublisher
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from shared.events import types
from shared.events.envelope import new_event
from tests.servers import unique_name
from tests.waiting import wait_for


@pytest.fixture(params=["filesystem", pytest.param("rabbitmq", marks=pytest.mark.rabbitmq)])
def bus(request, tmp_path) -> BusSettings:
    if request.param == "filesystem":
        return dataclasses.replace(BusSettings.from_env({"JOBMATCH_VAR_DIR": str(tmp_path)}), prefix=unique_name("t-") + ".")
    return request.getfixturevalue("amqp_settings")


class Consuming:
    """An EventConsumer running in a thread for the duration of a with-block."""

    def __init__(self, settings, handle, **kwargs):
        self.consumer = EventConsumer(settings, "matcher", handle, **kwargs)
        self.thread = threading.Thread(target=self.consumer.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        wait_for(self.consumer.connected.is_set, message="consumer did not start")
        return self.consumer

    def __exit__(self, *exc):
        self.consumer.stop()
        self.thread.join(15)
        self.consumer.close()


def _cv_event():
    return new_event(types.CV_RECEIVED, {"cv_id": unique_name("cv"), "text": "কল সেন্টার", "language_pref": "bn"}, producer="test")


def test_dead_letters_can_be_listed_without_removing_them_and_replayed(bus):
    publisher = EventPublisher(bus.connect(), Topology(bus))
    broken = True
    handled = []

    def handle(envelope):
        if broken:
            raise RuntimeError("database schema is wrong")
        handled.append(envelope.id)

    event = _cv_event()
    with Consuming(bus, handle, max_attempts=2) as consumer:
        publisher.publish(event)
        wait_for(lambda: count_dead_letters(bus, "matcher") == 1, message="not dead-lettered")

        letters = list_dead_letters(bus, "matcher")
        assert [(l.message_id, l.event_type) for l in letters] == [(event.id, "cv.received")]
        assert "database schema is wrong" in letters[0].reason
        assert count_dead_letters(bus, "matcher") == 1  # listing left it there
        assert consumer.stats.snapshot()["dead_lettered"] == 1

        broken = False  # the operator fixed the cause
        assert replay_dead_letters(bus, "matcher", {"some-other-id"}) == 0
        assert replay_dead_letters(bus, "matcher") == 1
        wait_for(lambda: handled == [event.id], message="the replayed event was not handled")
    assert count_dead_letters(bus, "matcher") == 0
    publisher.close()


@pytest.mark.rabbitmq
def test_a_handler_working_longer_than_the_heartbeat_timeout_keeps_its_connection(amqp_settings):
    settings = dataclasses.replace(amqp_settings, heartbeat=1)
    publisher = EventPublisher(settings.connect(), Topology(settings))
    calls = []

    def slow_handler(envelope):
        calls.append(envelope.id)
        if len(calls) == 1:
            time.sleep(5)  # stands for CPU-heavy scoring; several heartbeat timeouts long

    first, second = _cv_event(), _cv_event()
    with Consuming(settings, slow_handler) as consumer:
        publisher.publish(first)
        publisher.publish(second)
        wait_for(lambda: consumer.stats.snapshot()["handled"] == 2, timeout=20, message="both events not handled")
    assert calls == [first.id, second.id]  # no redelivery: the connection was never dropped
    publisher.close()
