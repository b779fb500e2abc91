"""The transactional outbox and its relay, on SQLite (memory:// bus) and PostgreSQL (RabbitMQ)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import MetaData, Table, select, update
from sqlalchemy.engine import Engine

from shared.bus.publisher import EventPublisher, PublishFailed
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from shared.config import database_url
from shared.db.engine import create_schema, make_engine
from shared.db.outbox import OutboxRelay, add_to_outbox, outbox_backlog, outbox_table
from shared.events import types
from shared.events.envelope import new_event, parse_event
from tests.servers import unique_name


@dataclass
class Store:
    engine: Engine
    outbox: Table
    bus: BusSettings


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=[pytest.mark.postgres, pytest.mark.rabbitmq]),
    ]
)
def store(request, tmp_path):
    """An outbox table in a fresh database, and the bus its relay publishes to."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'outbox.sqlite3'}")
        bus = BusSettings(url="memory://", transport_options={"polling_interval": 0.05}, prefix=unique_name("test-") + ".")
    else:
        url = request.getfixturevalue("postgres_url")
        engine = make_engine(database_url("test", {"TEST_DATABASE_URL": url}))
        bus = request.getfixturevalue("amqp_settings")
    metadata = MetaData()
    outbox = outbox_table(metadata)
    create_schema(engine, metadata)
    yield Store(engine, outbox, bus)
    engine.dispose()


def cv_received():
    return new_event(
        types.CV_RECEIVED,
        {"cv_id": str(uuid.uuid4()), "text": "Customer service, Bangla and English", "language_pref": "bn"},
        producer="test",
    )


def add_events(store: Store, count: int) -> list:
    events = [cv_received() for _ in range(count)]
    with store.engine.begin() as conn:
        for event in events:
            add_to_outbox(conn, store.outbox, event)
    return events


def rows(store: Store) -> list:
    with store.engine.connect() as conn:
        return conn.execute(select(store.outbox).order_by(store.outbox.c.seq)).all()


def real_publisher_factory(store: Store, opened: list):
    def factory():
        publisher = EventPublisher(store.bus.connect(), Topology(store.bus), timeout=5)
        opened.append(publisher)
        return publisher

    return factory


@pytest.fixture
def publishers():
    opened: list[EventPublisher] = []
    yield opened
    for publisher in opened:
        publisher.close()


def take_matcher_queue(bus: BusSettings) -> list[str]:
    """Event ids waiting on the matcher's queue, in queue order (taken off it)."""
    return [parse_event(body).id for body in take_matcher_bodies(bus)]


def take_matcher_bodies(bus: BusSettings) -> list[bytes]:
    """Bodies of the messages waiting on the matcher's queue, in queue order (taken off it)."""
    with bus.connect() as conn:
        queue = Topology(bus).queue("matcher")(conn.channel())
        bodies = []
        while (message := queue.get(no_ack=True)) is not None:
            bodies.append(message.body)
    return bodies


class FailingPublisher:
    """Records what it publishes; raises PublishFailed on the chosen call (1-based)."""

    def __init__(self, fail_on_call: int):
        self.fail_on_call = fail_on_call
        self.calls = 0
        self.published: list[str] = []

    def publish(self, envelope) -> None:
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise PublishFailed("broker unreachable (on purpose)")
        self.published.append(envelope.id)

    def close(self) -> None:
        pass


def test_relay_publishes_committed_rows_in_order_and_marks_them_sent(store, publishers):
    events = add_events(store, 5)
    assert outbox_backlog(store.engine, store.outbox) == 5
    relay = OutboxRelay(store.engine, store.outbox, real_publisher_factory(store, publishers))

    assert relay.relay_once() == 5

    assert take_matcher_queue(store.bus) == [e.id for e in events]
    stored = rows(store)
    assert [r.event_id for r in stored] == [e.id for e in events]
    assert all(r.sent_at is not None for r in stored)
    assert [r.attempts for r in stored] == [1] * 5
    assert outbox_backlog(store.engine, store.outbox) == 0
    assert relay.relay_once() == 0, "sent rows are not published again"
    assert take_matcher_queue(store.bus) == []


def test_the_relay_publishes_each_row_s_stored_json_byte_for_byte(store, publishers):
    events = add_events(store, 3)
    # A stored row in another spelling of the same JSON: what the relay sends is the row, not a re-encoding.
    respelled = json.dumps(json.loads(events[1].to_json()), ensure_ascii=True, indent=2, sort_keys=True)
    with store.engine.begin() as conn:
        conn.execute(update(store.outbox).where(store.outbox.c.event_id == events[1].id).values(payload=respelled))
    relay = OutboxRelay(store.engine, store.outbox, real_publisher_factory(store, publishers))

    assert relay.relay_once() == 3

    bodies = [bytes(body) if isinstance(body, (bytes, bytearray)) else body.encode("utf-8")
              for body in take_matcher_bodies(store.bus)]
    assert bodies == [r.payload.encode("utf-8") for r in rows(store)]
    assert bodies[1] == respelled.encode("utf-8")
    assert [parse_event(body).id for body in bodies] == [e.id for e in events]


def test_a_rolled_back_transaction_publishes_nothing(store, publishers):
    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        with store.engine.begin() as conn:
            add_to_outbox(conn, store.outbox, cv_received())
            raise Abort
    relay = OutboxRelay(store.engine, store.outbox, real_publisher_factory(store, publishers))

    assert relay.relay_once() == 0
    assert rows(store) == []
    assert outbox_backlog(store.engine, store.outbox) == 0
    with store.bus.connect() as conn:  # nothing was published, so declare the queue to look inside
        Topology(store.bus).declare(conn)
    assert take_matcher_queue(store.bus) == []


def test_when_a_publish_fails_earlier_rows_are_sent_and_the_rest_wait_for_the_next_call(store):
    events = add_events(store, 5)
    publisher = FailingPublisher(fail_on_call=3)
    relay = OutboxRelay(store.engine, store.outbox, lambda: publisher)

    with pytest.raises(PublishFailed):
        relay.relay_once()

    assert publisher.published == [e.id for e in events[:2]]
    stored = rows(store)
    assert [r.sent_at is not None for r in stored] == [True, True, False, False, False]
    assert [r.attempts for r in stored] == [1, 1, 1, 0, 0]
    assert outbox_backlog(store.engine, store.outbox) == 3

    assert relay.relay_once() == 3

    assert publisher.published == [e.id for e in events]
    stored = rows(store)
    assert all(r.sent_at is not None for r in stored)
    assert [r.attempts for r in stored] == [1, 1, 2, 1, 1]
    assert outbox_backlog(store.engine, store.outbox) == 0


class BatchFailingPublisher:
    """Takes whole batches; the first batch fails after its first ``confirmed`` messages were confirmed."""

    def __init__(self, confirmed: int):
        self.confirmed = confirmed
        self.batches: list[list[str]] = []

    def publish_many(self, envelopes) -> int:
        self.batches.append([e.id for e in envelopes])
        if len(self.batches) == 1:
            raise PublishFailed("the broker nacked one", confirmed=self.confirmed)
        return len(envelopes)

    def close(self) -> None:
        pass


def test_a_batch_goes_at_once_and_rows_confirmed_before_a_failure_are_marked_sent(store):
    events = add_events(store, 5)
    publisher = BatchFailingPublisher(confirmed=2)
    relay = OutboxRelay(store.engine, store.outbox, lambda: publisher)

    with pytest.raises(PublishFailed):
        relay.relay_once()

    assert publisher.batches == [[e.id for e in events]]
    stored = rows(store)
    assert [r.sent_at is not None for r in stored] == [True, True, False, False, False]
    assert [r.attempts for r in stored] == [1, 1, 1, 0, 0]

    assert relay.relay_once() == 3
    assert publisher.batches[1] == [e.id for e in events[2:]]
    assert outbox_backlog(store.engine, store.outbox) == 0


def test_outbox_backlog_counts_only_pending_rows(store):
    assert outbox_backlog(store.engine, store.outbox) == 0
    add_events(store, 2)
    assert outbox_backlog(store.engine, store.outbox) == 2
    add_events(store, 3)
    assert outbox_backlog(store.engine, store.outbox) == 5

    publisher = FailingPublisher(fail_on_call=5)
    relay = OutboxRelay(store.engine, store.outbox, lambda: publisher)
    with pytest.raises(PublishFailed):
        relay.relay_once()
    assert outbox_backlog(store.engine, store.outbox) == 1
    relay.relay_once()
    assert outbox_backlog(store.engine, store.outbox) == 0


def test_a_verification_code_is_published_then_blanked_in_the_stored_row(store):
    event = new_event(
        types.CANDIDATE_REGISTERED,
        {"cv_id": "c1", "name": "রাকিব হাসান", "language_pref": "bn", "verification_code": "482917"},
        producer="test",
    )
    with store.engine.begin() as conn:
        add_to_outbox(conn, store.outbox, event)
    publisher = RecordingPublisher()
    OutboxRelay(store.engine, store.outbox, lambda: publisher).relay_once()
    assert publisher.sent[0].data["verification_code"] == "482917"  # the notifier gets the code
    [stored] = rows(store)
    assert stored.sent_at is not None and "482917" not in stored.payload
    assert parse_event(stored.payload).data == {**event.data, "verification_code": None}


class RecordingPublisher:
    """Keeps every envelope it is given."""

    def __init__(self):
        self.sent = []

    def publish(self, envelope) -> None:
        self.sent.append(envelope)

    def close(self) -> None:
        pass
