"""Processed-event claims, the base of idempotent consumers, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import MetaData, func, select

from shared.db.engine import create_schema
from shared.db.processed_events import claim_event, claim_events, processed_events_table
from shared.events import types
from shared.events.envelope import new_event
from tests.servers import BOTH_DATABASES, engine_for


@pytest.fixture(params=BOTH_DATABASES)
def store(request, tmp_path):
    """(engine, processed_events table) in a fresh database."""
    engine = engine_for(request, tmp_path, "processed")
    metadata = MetaData()
    table = processed_events_table(metadata)
    create_schema(engine, metadata)
    yield engine, table
    engine.dispose()


def claim(engine, table, event_id: str) -> bool:
    with engine.begin() as conn:
        return claim_event(conn, table, event_id, "cv.received")


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_an_event_is_claimed_once_and_refused_afterwards(store):
    engine, table = store
    event_id, other_id = str(uuid.uuid4()), str(uuid.uuid4())

    assert claim(engine, table, event_id) is True
    assert claim(engine, table, event_id) is False
    assert claim(engine, table, event_id) is False
    assert claim(engine, table, other_id) is True
    assert count(engine, table) == 2


def test_a_second_claim_in_the_same_transaction_is_refused(store):
    engine, table = store
    event_id = str(uuid.uuid4())
    with engine.begin() as conn:
        assert claim_event(conn, table, event_id, "cv.received") is True
        assert claim_event(conn, table, event_id, "cv.received") is False


def test_a_claim_in_a_rolled_back_transaction_is_undone(store):
    engine, table = store
    event_id = str(uuid.uuid4())

    class EffectFailed(Exception):
        pass

    with pytest.raises(EffectFailed):
        with engine.begin() as conn:
            assert claim_event(conn, table, event_id, "cv.received") is True
            raise EffectFailed  # the consumer's effect failed after the claim

    assert count(engine, table) == 0
    assert claim(engine, table, event_id) is True, "the redelivery must be processed"
    assert claim(engine, table, event_id) is False


def test_a_batch_claims_each_new_event_once_in_order_and_refuses_those_seen_before(store):
    engine, table = store
    events = [new_event(types.CV_RECEIVED, {"cv_id": str(i), "text": "Call centre agent", "language_pref": "en"}, producer="test")
              for i in range(4)]
    claim(engine, table, events[2].id)

    with engine.begin() as conn:
        fresh = claim_events(conn, table, [events[0], events[1], events[0], events[2], events[3]])

    assert [e.id for e in fresh] == [events[0].id, events[1].id, events[3].id]
    assert count(engine, table) == 4
    with engine.begin() as conn:
        assert claim_events(conn, table, events) == []
