"""Intake's HTTP API on SQLite: validation as problem+json, nothing stored when rejected, readiness."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from intake import tables
from intake.app import create_app
from shared.bus.settings import BusSettings
from shared.http.problems import PROBLEM_CONTENT_TYPE
from tests.integration.service_builders import OPERATOR, bearer, intake_service, operator_client

CV = {
    "name": "মোছাঃ সুমাইয়া খাতুন",
    "phone": "০১৯১২-৩৪৫৬৭৮",
    "language_pref": "bn",
    "text": "আমি ২ বছর call center এ customer service এর কাজ করেছি।",
    "skills": ["গ্রাহক সেবা", "customer service"],
    "location": "যশোর",
}
POSTING = {"title": "Live chat agent", "description": "Chat support in English.", "skills": ["live chat"]}


def _service(tmp_path, broker_url="memory://"):
    return intake_service(
        f"sqlite:///{tmp_path / 'intake.sqlite3'}", bus=BusSettings(url=broker_url, transport_options={"polling_interval": 0.05})
    )


@pytest.fixture
def service(tmp_path):
    service = _service(tmp_path)
    yield service
    service.engine.dispose()


@pytest.fixture
def client(service):
    """The operator's client; postings go out for the employer ``Rupsha Digital``."""
    client = operator_client(create_app(service))
    employer = client.post("/api/v1/employers", json={"name": "Rupsha Digital"}).get_json()
    POSTING["employer_id"] = employer["id"]
    return client


@pytest.fixture(autouse=True)
def _posting_template():
    yield
    POSTING.pop("employer_id", None)


def _postings_and_events(service) -> tuple[int, int]:
    with service.engine.connect() as conn:
        postings = conn.execute(select(func.count()).select_from(tables.postings)).scalar_one()
        events = conn.execute(select(func.count()).select_from(tables.outbox).where(tables.outbox.c.event_type != "employer.registered")).scalar_one()
    return postings, events


def _count(service, table) -> int:
    with service.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_fair_is_created_listed_and_read_with_its_division_spelled_officially(client):
    created = client.post("/api/v1/fairs", json={"name": "BPO Summit", "division": "chittagong", "starts_on": "2026-12-10"})
    assert created.status_code == 201
    fair = created.get_json()
    assert fair["division"] == "Chattogram" and fair["starts_on"] == "2026-12-10"
    assert client.get(f"/api/v1/fairs/{fair['id']}").get_json()["name"] == "BPO Summit"
    assert [f["id"] for f in client.get("/api/v1/fairs").get_json()["fairs"]] == [fair["id"]]
    assert client.post("/api/v1/fairs", json={"name": "বিপিও সামিট", "division": "খুলনা"}).get_json()["division"] == "Khulna"


def test_a_bengali_cv_is_stored_with_its_phone_normalised_and_two_events_outboxed(service):
    client = create_app(service).test_client()
    response = client.post("/api/v1/cvs", json=CV)
    assert response.status_code == 201
    body = response.get_json()
    assert body["phone"] == "+8801912345678"
    assert body["name"] == CV["name"]
    assert client.get(f"/api/v1/cvs/{body['id']}", headers=bearer(body["candidate_token"])).get_json()["text"] == CV["text"]
    with service.engine.connect() as conn:
        types = [r.event_type for r in conn.execute(select(tables.outbox.c.event_type).order_by(tables.outbox.c.seq))]
    assert types == ["candidate.registered", "cv.received"]


@pytest.mark.parametrize(
    "body, bad_fields",
    [
        ({**CV, "language_pref": "fr"}, {"language_pref"}),
        ({**CV, "phone": "12345"}, {"phone"}),
        ({**CV, "email": "not-an-email"}, {"email"}),
        ({**CV, "text": "   "}, {"text"}),
        ({**CV, "skills": "customer service"}, {"skills"}),
        ({**CV, "photo": "x.jpg"}, {"photo"}),
        ({k: v for k, v in CV.items() if k not in ("name", "text")}, {"name", "text"}),
        ({**CV, "fair_id": "no-such-fair"}, {"fair_id"}),
    ],
)
def test_a_bad_cv_is_a_problem_naming_each_bad_field_and_nothing_is_stored(service, client, body, bad_fields):
    response = client.post("/api/v1/cvs", json=body)
    assert response.status_code == 422
    assert response.content_type == PROBLEM_CONTENT_TYPE
    assert set(response.get_json()["errors"]) == bad_fields
    assert _count(service, tables.cvs) == 0
    assert _postings_and_events(service)[1] == 0


@pytest.mark.parametrize(
    "body, bad_fields",
    [
        ({**POSTING, "title": ""}, {"title"}),
        ({**POSTING, "salary": 1}, {"salary"}),
        ({k: v for k, v in POSTING.items() if k != "description"}, {"description"}),
    ],
)
def test_a_bad_posting_is_rejected_and_nothing_is_stored(service, client, body, bad_fields):
    response = client.post("/api/v1/postings", json=body)
    assert response.status_code == 422 and set(response.get_json()["errors"]) == bad_fields
    assert _postings_and_events(service) == (0, 0)


def test_a_body_that_is_not_a_json_object_is_a_400_problem(client):
    for response in (
        client.post("/api/v1/postings", data="title=x", content_type="application/x-www-form-urlencoded"),
        client.post("/api/v1/postings", json=["a", "list"]),
        client.post("/api/v1/postings", data="{broken", content_type="application/json"),
    ):
        assert response.status_code == 400 and response.content_type == PROBLEM_CONTENT_TYPE


def test_unknown_ids_and_routes_are_404_problems(client):
    for path in ("/api/v1/cvs/nope", "/api/v1/postings/nope", "/api/v1/fairs/nope", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404 and response.content_type == PROBLEM_CONTENT_TYPE


def test_with_the_broker_unreachable_intake_is_still_ready_says_so_and_accepts_a_cv(tmp_path):
    service = _service(tmp_path, broker_url="amqp://guest:guest@127.0.0.1:1//")
    client = operator_client(create_app(service))
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"
    assert ready.get_json()["checks"]["database"] == "ok" and ready.get_json()["checks"]["broker"] != "ok"
    assert "jobmatch_broker_up 0.0" in client.get("/metrics").get_data(as_text=True)
    assert client.post("/api/v1/cvs", json=CV).status_code == 201
    assert client.get("/api/v1/stats").get_json()["outbox_backlog"] == 2


def test_with_the_database_unreachable_intake_is_not_ready(service):
    client = create_app(service).test_client()
    service.readiness.checks["database"] = lambda: (_ for _ in ()).throw(ConnectionError("down"))
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["database"] == "unavailable (ConnectionError)"


def test_readyz_is_200_when_broker_and_database_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}
    assert "jobmatch_broker_up 1.0" in client.get("/metrics").get_data(as_text=True)


def test_a_posting_with_constraints_stores_and_publishes_them_in_canonical_spelling(service, client):
    body = {**POSTING, "location": "যশোর", "location_policy": "require", "required_languages": ["ইংরেজি", "bangla"],
            "language_policy": "prefer", "min_education": "এইচএসসি"}
    response = client.post("/api/v1/postings", json=body)
    assert response.status_code == 201, response.get_json()
    posting = response.get_json()
    assert posting["required_languages"] == ["English", "Bangla"] and posting["min_education"] == "HSC"
    with service.engine.connect() as conn:
        payload = conn.execute(select(tables.outbox.c.payload).where(tables.outbox.c.event_type == "posting.published")).scalar_one()
    assert '"location_policy": "require"' in payload and '"min_education": "HSC"' in payload


@pytest.mark.parametrize(
    "extra, bad_fields",
    [
        ({"location_policy": "always"}, {"location_policy"}),
        ({"location_policy": "require"}, {"location"}),  # no location to check against
        ({"required_languages": ["Klingon"]}, {"required_languages"}),
        ({"min_education": "PhD in astrology"}, {"min_education"}),
    ],
)
def test_bad_constraints_are_rejected_naming_the_field(service, client, extra, bad_fields):
    response = client.post("/api/v1/postings", json={**POSTING, **extra})
    assert response.status_code == 422 and set(response.get_json()["errors"]) == bad_fields
    assert _postings_and_events(service) == (0, 0)
