"""One bus contract for every transport: kombu memory://, filesystem:// and the real RabbitMQ.

Each case publishes with ``EventPublisher``, consumes with ``EventConsumer`` running in a thread,
and reads queues directly with ``Queue.get()`` (which never decodes a body). RabbitMQ-only
behaviour (quorum queues, unroutable publishes) is tested after the contract.
"""

from __future__ import annotations

import json
import math
import pickle
import threading
import uuid
from dataclasses import replace

import pytest
from amqp.exceptions import PreconditionFailed
from kombu import Queue

from shared.bus.consumer import ATTEMPTS_HEADER, QUEUE_HEADER, REASON_HEADER, EventConsumer
from shared.bus.publisher import EventPublisher, PublishFailed
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from shared.events import types
from shared.events.envelope import CONTENT_TYPE, new_event, parse_event
from tests.servers import unique_name
from tests.waiting import wait_for

PICKLE_CONTENT_TYPE = "application/x-python-serialize"


# --- the three buses -------------------------------------------------------------------------


@pytest.fixture(params=["memory", "filesystem", pytest.param("rabbitmq", marks=pytest.mark.rabbitmq)])
def bus(request, tmp_path) -> BusSettings:
    """Settings for one transport, with a prefix no other test uses."""
    prefix = unique_name("test-") + "."
    if request.param == "memory":
        return BusSettings(url="memory://", transport_options={"polling_interval": 0.05}, prefix=prefix)
    if request.param == "filesystem":
        return replace(BusSettings.from_env({"JOBMATCH_VAR_DIR": str(tmp_path)}), prefix=prefix)
    return request.getfixturevalue("amqp_settings")


@pytest.fixture
def publisher(bus):
    """A publisher on its own connection; it declares the whole topology on first publish."""
    publisher = EventPublisher(bus.connect(), Topology(bus), timeout=5)
    yield publisher
    publisher.close()


def transport_of(settings: BusSettings) -> str:
    return settings.url.split("://", 1)[0]


# --- events ----------------------------------------------------------------------------------


def cv_received(cv_id: str | None = None):
    return new_event(
        types.CV_RECEIVED,
        {"cv_id": cv_id or str(uuid.uuid4()), "text": "Call centre agent, fluent English", "language_pref": "en"},
        producer="test",
    )


def match_found():
    return new_event(
        types.MATCH_FOUND,
        {
            "posting_id": str(uuid.uuid4()),
            "cv_id": str(uuid.uuid4()),
            "score": 0.8,
            "posting_title": "Call centre agent",
            "employer": "Example BPO",
        },
        producer="test",
    )


# --- consumers in threads --------------------------------------------------------------------


class SimulatedCrash(BaseException):
    """Stands for the process dying inside a handler: not an Exception, so nothing catches it."""


class Recorder:
    """A handler that records calls; it can fail or crash for chosen event ids."""

    def __init__(self):
        self._lock = threading.Lock()
        self.calls: list[str] = []
        self.handled: list = []
        self.failures: dict[str, float] = {}  # event id -> how many more times to raise
        self.crash_on: set[str] = set()

    def __call__(self, envelope) -> None:
        with self._lock:
            self.calls.append(envelope.id)
            if envelope.id in self.crash_on:
                self.crash_on.discard(envelope.id)
                raise SimulatedCrash(envelope.id)
            if self.failures.get(envelope.id, 0) > 0:
                self.failures[envelope.id] -= 1
                raise RuntimeError(f"handler failed on purpose for {envelope.id}")
            self.handled.append(envelope)

    def handled_ids(self) -> list[str]:
        with self._lock:
            return [e.id for e in self.handled]

    def calls_for(self, event_id: str) -> int:
        with self._lock:
            return self.calls.count(event_id)


class ConsumerThread:
    """Runs ``EventConsumer.run()`` in a thread; ``stop()`` stops, joins and closes it."""

    def __init__(self, settings: BusSettings, service: str, handle, **kwargs):
        self.consumer = EventConsumer(settings, service, handle, **kwargs)
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, name=f"test-{service}-consumer", daemon=True)

    def _run(self) -> None:
        try:
            self.consumer.run()
        except BaseException as exc:  # recorded for the test to look at
            self.errors.append(exc)

    def start(self) -> "ConsumerThread":
        self.thread.start()
        wait_for(
            lambda: self.consumer.connected.is_set() or self.errors,
            message=f"{self.consumer.name} did not start consuming",
        )
        assert not self.errors, f"{self.consumer.name} died at start: {self.errors!r}"
        return self

    def stop(self) -> None:
        self.consumer.stop()
        self.thread.join(timeout=15)
        assert not self.thread.is_alive(), f"{self.consumer.name} did not stop"
        self.consumer.close()

    def __enter__(self) -> "ConsumerThread":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
        assert not self.errors, f"{self.consumer.name} died: {self.errors!r}"


# --- reading queues directly -----------------------------------------------------------------


class QueueReader:
    """Takes messages off one queue with ``Queue.get()``; bodies are never decoded."""

    def __init__(self, settings: BusSettings, queue: Queue):
        self.connection = settings.connect()
        self.queue = queue(self.connection.channel())
        self.messages: list = []

    def take(self) -> list:
        """Move every message now waiting into ``messages``; return all taken so far."""
        while (message := self.queue.get(no_ack=True)) is not None:
            self.messages.append(message)
        return self.messages

    def wait_for_count(self, count: int, what: str) -> list:
        return wait_for(lambda: len(self.take()) >= count and self.messages, message=f"{what}: expected {count}")

    def by_message_id(self) -> dict:
        return {(m.properties or {}).get("message_id"): m for m in self.messages}

    def close(self) -> None:
        self.connection.release()

    def __enter__(self) -> "QueueReader":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def consumer_queue(settings: BusSettings, service: str) -> QueueReader:
    return QueueReader(settings, Topology(settings).queue(service))


def dead_letter_queue(settings: BusSettings, service: str) -> QueueReader:
    return QueueReader(settings, Topology(settings).dead_letter_queue(service))


def ids_in(messages) -> list[str]:
    return [parse_event(m.body).id for m in messages]


# --- pickle tripwire -------------------------------------------------------------------------

UNPICKLED: set[str] = set()


def _record_unpickling(name: str) -> str:
    UNPICKLED.add(name)
    return name


class Tripwire:
    """Pickles to bytes whose unpickling records ``name`` in UNPICKLED."""

    def __init__(self, name: str):
        self.name = name

    def __reduce__(self):
        return (_record_unpickling, (self.name,))


# --- the contract ----------------------------------------------------------------------------


def test_an_event_reaches_the_queue_bound_to_its_type_and_not_the_other(bus, publisher):
    cv, match = cv_received(), match_found()

    publisher.publish(cv)
    publisher.publish(match)

    with consumer_queue(bus, "matcher") as matcher, consumer_queue(bus, "notifier") as notifier:
        # A confirmed publish is already routed, so the queues hold exactly what they will hold.
        assert ids_in(matcher.take()) == [cv.id]
        assert ids_in(notifier.take()) == [match.id]
    assert parse_event(matcher.messages[0].body) == parse_event(cv.to_json())
    assert matcher.messages[0].content_type == CONTENT_TYPE


def test_each_consumer_handles_only_the_event_types_it_is_bound_to(bus, publisher):
    matcher, notifier = Recorder(), Recorder()
    cv, match = cv_received(), match_found()

    with ConsumerThread(bus, "matcher", matcher), ConsumerThread(bus, "notifier", notifier):
        publisher.publish(cv)
        publisher.publish(match)
        wait_for(lambda: cv.id in matcher.handled_ids(), message="matcher never got cv.received")
        wait_for(lambda: match.id in notifier.handled_ids(), message="notifier never got match.found")

    assert [e.type for e in matcher.handled] == [types.CV_RECEIVED]
    assert [e.type for e in notifier.handled] == [types.MATCH_FOUND]
    assert matcher.handled[0] == parse_event(cv.to_json())


def test_an_event_published_before_its_consumer_starts_is_delivered_when_it_starts(bus, publisher):
    cv = cv_received()
    publisher.publish(cv)  # the publisher declared the topology, so the matcher's queue keeps it

    matcher = Recorder()
    with ConsumerThread(bus, "matcher", matcher):
        wait_for(lambda: cv.id in matcher.handled_ids(), message="the waiting event was not delivered")

    assert matcher.handled_ids() == [cv.id]


def test_events_published_while_the_consumer_polls_all_arrive_exactly_once(bus, publisher):
    events = [cv_received() for _ in range(1000)]
    matcher = Recorder()

    with ConsumerThread(bus, "matcher", matcher) as running:
        for event in events:
            publisher.publish(event)
        wait_for(
            lambda: len(matcher.handled_ids()) >= len(events) or running.errors,
            timeout=30,
            message="not every event arrived",
        )
        assert not running.errors, f"the consumer died: {running.errors!r}"

    assert sorted(matcher.handled_ids()) == sorted(e.id for e in events)


def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered_with_the_reason(bus, publisher):
    matcher = Recorder()
    bad = cv_received()
    matcher.failures[bad.id] = math.inf

    with ConsumerThread(bus, "matcher", matcher, max_attempts=3), dead_letter_queue(bus, "matcher") as dlq:
        publisher.publish(bad)
        [letter] = dlq.wait_for_count(1, "the failing event was not dead-lettered")

    assert matcher.calls_for(bad.id) == 3
    assert matcher.handled == []
    assert parse_event(letter.body).id == bad.id
    assert "handler failed 3 times" in letter.headers[REASON_HEADER]
    assert "handler failed on purpose" in letter.headers[REASON_HEADER]
    assert letter.headers[QUEUE_HEADER] == Topology(bus).queue_name("matcher")
    assert int(letter.headers[ATTEMPTS_HEADER]) == 3


def test_undecodable_messages_are_dead_lettered_and_the_consumer_keeps_going(bus, publisher):
    topology = Topology(bus)
    tripwire = unique_name("tripwire-")
    assert pickle.loads(pickle.dumps(Tripwire("self-check"))) == "self-check" and "self-check" in UNPICKLED

    unknown_type = json.loads(cv_received().to_json())
    unknown_type["type"] = "cv.exploded"
    bad_messages = {
        "not-json": (b"this is {not json", CONTENT_TYPE, "is not JSON"),
        "unknown-type": (json.dumps(unknown_type).encode(), CONTENT_TYPE, "unknown event type 'cv.exploded'"),
        "pickle": (
            pickle.dumps(Tripwire(tripwire)),
            PICKLE_CONTENT_TYPE,
            f"content type {PICKLE_CONTENT_TYPE!r} is not accepted",
        ),
    }
    good = cv_received()
    matcher = Recorder()

    with ConsumerThread(bus, "matcher", matcher) as running, dead_letter_queue(bus, "matcher") as dlq:
        for message_id, (body, content_type, _) in bad_messages.items():
            publisher.publish_raw(
                body=body,
                exchange=topology.events,
                routing_key=types.CV_RECEIVED,
                message_id=message_id,
                content_type=content_type,
            )
        publisher.publish(good)
        wait_for(lambda: good.id in matcher.handled_ids(), message="the good message after the bad ones")
        dlq.wait_for_count(3, "the bad messages were not all dead-lettered")
        assert not running.errors

    letters = dlq.by_message_id()
    assert set(letters) == set(bad_messages)
    for message_id, (body, content_type, reason) in bad_messages.items():
        letter = letters[message_id]
        assert letter.body == body, message_id
        assert letter.content_type == content_type, message_id
        assert reason in letter.headers[REASON_HEADER], (message_id, letter.headers)
        assert letter.headers[QUEUE_HEADER] == topology.queue_name("matcher")
    assert matcher.calls == [good.id], "no bad message may reach the handler"
    assert tripwire not in UNPICKLED, "the pickled body was unpickled"


def _with_data(event, **changes) -> bytes:
    body = json.loads(event.to_json())
    body["data"].update(changes)
    return json.dumps(body).encode("utf-8")


def test_hostile_bodies_are_dead_lettered_and_the_consumer_keeps_going(bus, publisher):
    topology = Topology(bus)
    deep_text = {"text": "x"}
    for _ in range(200):
        deep_text = {"more": deep_text}
    hostile = {
        "deep-arrays": (b"[" * 100_000, "nested deeper"),
        "deep-objects": (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested deeper"),
        "deep-data": (_with_data(cv_received(), skills=json.loads("[" * 300 + "]" * 300)), "nested deeper"),
        "deep-unknown-field": (_with_data(cv_received(), extra=deep_text), "nested deeper"),
        "huge-number": (b'{"id": ' + b"9" * 20_000 + b"}", "not JSON"),
        "lone-surrogate": (_with_data(cv_received(), text="CV \ud800 text"), "lone surrogate"),
        "nul": (_with_data(cv_received(), text="CV \u0000 text"), "NUL"),
    }
    good = cv_received()
    matcher = Recorder()

    with ConsumerThread(bus, "matcher", matcher) as running, dead_letter_queue(bus, "matcher") as dlq:
        for message_id, (body, _) in hostile.items():
            publisher.publish_raw(body=body, exchange=topology.events, routing_key=types.CV_RECEIVED, message_id=message_id)
        publisher.publish(good)
        wait_for(lambda: good.id in matcher.handled_ids() or running.errors, message="the good message after the hostile ones")
        dlq.wait_for_count(len(hostile), "the hostile messages were not all dead-lettered")
        assert not running.errors, f"the consumer died: {running.errors!r}"

    letters = dlq.by_message_id()
    assert set(letters) == set(hostile)
    for message_id, (body, reason) in hostile.items():
        assert letters[message_id].body == body, message_id
        assert reason in letters[message_id].headers[REASON_HEADER], (message_id, letters[message_id].headers)
    assert matcher.calls == [good.id], "no hostile message may reach the handler"


def test_a_handler_that_fails_once_then_succeeds_handles_the_event_exactly_once(bus, publisher):
    matcher = Recorder()
    flaky = cv_received()
    matcher.failures[flaky.id] = 1

    with ConsumerThread(bus, "matcher", matcher):
        publisher.publish(flaky)
        wait_for(lambda: flaky.id in matcher.handled_ids(), message="the retried event was not handled")

    # Stopped and closed: a message left unacked would now be back on the queue.
    with consumer_queue(bus, "matcher") as queue, dead_letter_queue(bus, "matcher") as dlq:
        assert queue.take() == []
        assert dlq.take() == []
    assert matcher.calls_for(flaky.id) == 2
    assert matcher.handled_ids() == [flaky.id]


def test_a_message_is_not_acked_before_its_handler_returns(bus, publisher):
    if transport_of(bus) == "memory":
        pytest.skip("kombu's memory transport drops unacked messages on close (Channel.do_restore = False)")
    event = cv_received()
    dying = Recorder()
    dying.crash_on.add(event.id)

    first = ConsumerThread(bus, "matcher", dying).start()
    publisher.publish(event)
    wait_for(lambda: first.errors, message="the handler was never called")
    first.stop()  # the loop already ended with the crash; this releases the connections
    assert isinstance(first.errors[0], SimulatedCrash)

    survivor = Recorder()
    with ConsumerThread(bus, "matcher", survivor):
        wait_for(lambda: event.id in survivor.handled_ids(), message="the unacked message was not redelivered")
    assert survivor.handled_ids() == [event.id]


# --- RabbitMQ only ---------------------------------------------------------------------------


@pytest.mark.rabbitmq
def test_rabbitmq_queues_are_quorum_queues(amqp_settings):
    topology = Topology(amqp_settings)
    with amqp_settings.connect() as conn:
        topology.declare(conn)
        for queue in topology.all_queues():
            name, _, _ = conn.channel().queue_declare(queue=queue.name, passive=True)
            assert name == queue.name
            # The same declaration as the topology's, except classic: the broker refuses it.
            classic = dict(queue.queue_arguments, **{"x-queue-type": "classic"})
            with pytest.raises(PreconditionFailed, match="x-queue-type"):
                conn.channel().queue_declare(queue=queue.name, durable=True, auto_delete=False, arguments=classic)


@pytest.mark.rabbitmq
def test_rabbitmq_publish_that_no_queue_takes_raises_publish_failed(amqp_settings):
    topology = Topology(amqp_settings)
    publisher = EventPublisher(amqp_settings.connect(), topology, timeout=5)
    try:
        with pytest.raises(PublishFailed, match="no queue is bound"):
            publisher.publish_raw(
                body=cv_received().to_json().encode(),
                exchange=topology.events,
                routing_key="nothing.binds.this",
                mandatory=True,
            )

        with amqp_settings.connect() as admin:
            for service in ("matcher", "fairday"):  # the queues cv.received is routed to
                topology.queue(service)(admin.channel()).delete()
        with pytest.raises(PublishFailed, match="no queue is bound"):
            publisher.publish(cv_received())

        # The publisher stays usable for events that do have a queue.
        match = match_found()
        publisher.publish(match)
        with consumer_queue(amqp_settings, "notifier") as notifier:
            assert ids_in(notifier.take()) == [match.id]
    finally:
        publisher.close()


# --- batches ---------------------------------------------------------------------------------


class BatchRecorder(Recorder):
    """A batch handler on top of Recorder: records each batch; raises for a batch holding a poisoned id."""

    def __init__(self):
        super().__init__()
        self.batches: list[list[str]] = []
        self.poisoned: set[str] = set()

    def batch(self, envelopes) -> None:
        ids = [e.id for e in envelopes]
        with self._lock:
            self.batches.append(ids)
            if self.poisoned & set(ids):
                raise RuntimeError("a batch holding a poisoned event fails whole")
            self.handled.extend(envelopes)


def test_a_batch_consumer_takes_what_is_waiting_together_and_handles_each_event_once(bus, publisher):
    events = [cv_received() for _ in range(200)]
    for event in events:
        publisher.publish(event)
    matcher = BatchRecorder()

    with ConsumerThread(bus, "matcher", matcher, handle_batch=matcher.batch, batch_size=20) as running:
        wait_for(lambda: len(matcher.handled_ids()) >= len(events) or running.errors, timeout=30,
                 message="not every event arrived")

    assert sorted(matcher.handled_ids()) == sorted(e.id for e in events)
    assert max(len(batch) for batch in matcher.batches) > 1, "events waiting together were handed over together"
    assert max(len(batch) for batch in matcher.batches) <= 20
    # A message that is the only one waiting when the consumer hands over what it gathered goes alone
    # (a batch of one is handled as one): with 200 waiting, that is at most a few of them, each once.
    assert len(matcher.calls) < len(events) // 10, "events waiting together were handed over together"
    assert not set(matcher.calls) & {i for batch in matcher.batches for i in batch}, "no event went both ways"


def test_a_failing_batch_is_handled_one_by_one_so_only_the_bad_event_is_dead_lettered(bus, publisher):
    good = [cv_received() for _ in range(30)]
    bad = cv_received()
    events = good[:15] + [bad] + good[15:]
    matcher = BatchRecorder()
    matcher.poisoned.add(bad.id)
    matcher.failures[bad.id] = math.inf
    for event in events:
        publisher.publish(event)

    with ConsumerThread(bus, "matcher", matcher, handle_batch=matcher.batch, batch_size=50, max_attempts=2), \
            dead_letter_queue(bus, "matcher") as dlq:
        [letter] = dlq.wait_for_count(1, "the failing event was not dead-lettered")
        wait_for(lambda: len(matcher.handled_ids()) >= len(good), message="the good events were not all handled")

    assert parse_event(letter.body).id == bad.id
    assert sorted(matcher.handled_ids()) == sorted(e.id for e in good), "each good event handled exactly once"


def test_publish_many_delivers_a_whole_batch(bus, publisher):
    events = [match_found() for _ in range(25)]
    assert publisher.publish_many(events) == len(events)
    with consumer_queue(bus, "notifier") as notifier:  # (the filesystem transport does not keep the order)
        assert sorted(ids_in(notifier.wait_for_count(len(events), "the batch did not arrive"))) == sorted(e.id for e in events)


@pytest.mark.rabbitmq
def test_rabbitmq_publish_many_says_how_many_were_confirmed_before_an_unroutable_one(amqp_settings):
    topology = Topology(amqp_settings)
    publisher = EventPublisher(amqp_settings.connect(), topology, timeout=5)
    try:
        publisher.publish_many([match_found()])  # declares the topology
        with amqp_settings.connect() as admin:
            for service in ("matcher", "fairday"):  # the queues cv.received is routed to
                topology.queue(service)(admin.channel()).delete()
        batch = [match_found(), match_found(), cv_received(), match_found()]
        with pytest.raises(PublishFailed, match="no queue is bound") as failed:
            publisher.publish_many(batch)
        assert failed.value.confirmed == 2

        # The publisher stays usable.
        after = [match_found(), match_found()]
        assert publisher.publish_many(after) == 2
        with consumer_queue(amqp_settings, "notifier") as notifier:
            ids = ids_in(notifier.take())
        assert ids[-2:] == [e.id for e in after]
    finally:
        publisher.close()
