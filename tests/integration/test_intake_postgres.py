"""Intake on PostgreSQL: a CV and its events are stored in one transaction, or not at all."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from intake import cv_events, tables
from intake.app import create_app
from shared.config import database_url
from shared.events import types
from tests.integration.service_builders import intake_service

pytestmark = pytest.mark.postgres

CV = {
    "name": "Nusrat Jahan",
    "email": "nusrat@example.com",
    "phone": "01712345678",
    "language_pref": "bn",
    "text": "কল সেন্টার এজেন্ট, English and Bangla, customer service at a Khulna BPO",
    "skills": ["customer service", "typing"],
    "location": "Khulna",
}


@pytest.fixture
def service(postgres_url):
    service = intake_service(database_url("intake", {"INTAKE_DATABASE_URL": postgres_url}))
    yield service
    service.engine.dispose()


@pytest.fixture
def client(service):
    return create_app(service).test_client()


def count(service, table) -> int:
    with service.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_posting_a_cv_stores_it_with_its_two_events_in_one_transaction(service, client):
    response = client.post("/api/v1/cvs", json=CV)

    assert response.status_code == 201, response.get_json()
    cv_id = response.get_json()["id"]
    with service.engine.connect() as conn:
        cv = conn.execute(select(tables.cvs)).one()
        outbox = conn.execute(select(tables.outbox).order_by(tables.outbox.c.seq)).all()
        # xmin is the id of the transaction that inserted each row.
        cv_xmin = conn.execute(text("SELECT xmin::text FROM cvs")).scalar_one()
        outbox_xmins = conn.execute(text("SELECT xmin::text FROM outbox")).scalars().all()
    assert cv.id == cv_id and cv.name == CV["name"] and cv.phone == "+8801712345678"
    assert [row.event_type for row in outbox] == [types.CANDIDATE_REGISTERED, types.CV_RECEIVED]
    assert all(row.sent_at is None for row in outbox), "nothing is published by the request itself"
    assert [json.loads(row.payload)["data"]["cv_id"] for row in outbox] == [cv_id, cv_id]
    assert outbox_xmins == [cv_xmin, cv_xmin]


def test_a_failure_while_storing_the_events_leaves_neither_cv_nor_events(service, client, monkeypatch):
    calls = []

    def fail(conn, table, envelopes):
        calls.append([envelope.type for envelope in envelopes])
        raise RuntimeError("database failed on purpose")

    monkeypatch.setattr(cv_events, "add_many_to_outbox", fail)

    response = client.post("/api/v1/cvs", json=CV)

    assert response.status_code == 500
    assert calls == [[types.CANDIDATE_REGISTERED, types.CV_RECEIVED]], "both events are written together, after the CV"
    assert count(service, tables.cvs) == 0
    assert count(service, tables.outbox) == 0


def test_a_rejected_cv_stores_nothing_and_adds_no_event(service, client):
    response = client.post("/api/v1/cvs", json=dict(CV, salary_expectation="high"))

    assert response.status_code == 422
    assert "salary_expectation" in response.get_json()["errors"]
    assert count(service, tables.cvs) == 0
    assert count(service, tables.outbox) == 0
