"""What a careless or hostile client sends gets a clear 4xx, costs what a normal request costs, and
stores nothing: on intake (SQLite and PostgreSQL) and on the guards every service shares."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import func, select

from intake import tables
from intake.app import create_app
from shared.config import ConfigError, HttpSettings
from shared.http.guards import body_limit, host_name, install_request_guards
from shared.http.health import ReadinessChecks
from shared.http.problems import PROBLEM_CONTENT_TYPE, register_problem_handlers
from shared.http.request_body import MAX_DEPTH, json_depth_exceeds
from tests.integration.service_builders import intake_service, operator_client

CV = {"name": "তাহসিন আরা", "phone": "01712345678", "language_pref": "bn", "text": "কল সেন্টারে ২ বছর কাজ করেছি।"}


@pytest.fixture
def service(database_on_both):
    url = database_on_both("intake")
    service = intake_service(url, max_body_bytes=200_000)
    yield service
    service.engine.dispose()


@pytest.fixture
def client(service):
    return operator_client(create_app(service))


def _stored(service) -> int:
    with service.engine.connect() as conn:
        return sum(conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (tables.cvs, tables.outbox))


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.content_type == PROBLEM_CONTENT_TYPE
    return response.get_json()


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Tahsin\x00Ara"),  # PostgreSQL refuses NUL in text
        ("text", "Call centre\x00agent"),
        ("name", "\ud800Tahsin"),  # a lone surrogate: not storable, not UTF-8
        ("text", "Call centre \udfff agent"),
        ("name", "Tahsin\u202eaRA"),  # right-to-left override: shows a different name than it stores
        ("name", "\u200b\u200c\u200d\ufeff"),  # nothing visible
        ("name", "Tahsin\nAra"),  # a line break in a one-line field (headers, SMS)
        ("name", "Tahsin\x1b[31mAra"),  # a terminal escape
        ("email", "a" * 250 + "@example.com"),  # longer than any address can be
        ("email", "রহিম@example.com"),  # a mailbox name no mail server here can send to
        ("email", "rahim@example.com, boss@example.com"),  # two recipients in one field
        ("skills", ["customer service"] * 51),
        ("text", "x" * 100_001),
    ],
)
def test_what_the_database_or_a_message_cannot_carry_is_a_422_naming_the_field(service, client, field, value):
    response = client.post("/api/v1/cvs", data=json.dumps({**CV, field: value}), content_type="application/json")
    assert field in _problem(response, 422)["errors"]
    assert _stored(service) == 0


def test_bengali_with_its_zero_width_joiners_and_line_breaks_in_the_text_is_accepted(service, client):
    body = {**CV, "name": "র\u200c্যাব হোসেন", "text": "দক্ষতা:\n\tকম্পিউটার, ই\u200dমেইল"}
    response = client.post("/api/v1/cvs", json=body)
    assert response.status_code == 201 and response.get_json()["name"] == body["name"]


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json_is_a_400_not_a_crash(service, client, opener):
    raw = opener * 30_000
    _problem(client.post("/api/v1/cvs", data=raw, content_type="application/json"), 400)
    _problem(client.post("/api/v1/cvs", data=json.dumps({**CV, "skills": [[["x"]]] * 3}), content_type="application/json"), 422)
    assert _stored(service) == 0


def test_nesting_is_counted_outside_strings_only():
    assert json_depth_exceeds(b"[" * (MAX_DEPTH + 1), MAX_DEPTH)
    assert not json_depth_exceeds(json.dumps({"text": "[" * 10_000 + '\\"{' * 100}).encode(), MAX_DEPTH)
    assert not json_depth_exceeds(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, MAX_DEPTH)


def test_a_body_over_the_limit_is_a_413_problem_and_stores_nothing(service, client):
    body = json.dumps({**CV, "text": "কল সেন্টার " * 20_000})
    assert len(body.encode()) > 200_000
    _problem(client.post("/api/v1/cvs", data=body, content_type="application/json"), 413)
    assert _stored(service) == 0


@pytest.mark.parametrize(
    "query",
    ["offset=18446744073709551616", "offset=9223372036854775808", "limit=" + "9" * 5000, "offset=-1", "limit=0", "limit=ten"],
)
def test_paging_parameters_out_of_range_are_a_422(service, client, query):
    assert set(_problem(client.get(f"/api/v1/fairs?{query}"), 422)["errors"]) <= {"limit", "offset"}


def test_a_bad_json_body_says_why(service, client):
    for raw, why in ((b"", "empty"), (b"{broken", "not valid JSON"), (b"\xff\xfe{}", "not UTF-8"), (b"[1]", "JSON object")):
        assert why in _problem(client.post("/api/v1/cvs", data=raw, content_type="application/json"), 400)["detail"]


def test_personal_answers_are_not_cached_or_sniffed(service, client):
    created = client.post("/api/v1/cvs", json=CV)
    read = client.get(created.headers["Location"])
    for response in (created, read, client.get("/api/v1/cvs/unknown")):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_host_name_not_allowed_is_refused_except_on_the_probes(service, client):
    assert _problem(client.get("/api/v1/fairs", headers={"Host": "attacker.example"}), 400)
    assert _problem(client.get("/api/v1/fairs", headers={"Host": "attacker.example:8000"}), 400)
    assert client.get("/api/v1/fairs", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/api/v1/fairs", headers={"Host": "LOCALHOST"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "10.1.2.3:8000"}).status_code == 200


def test_allowed_hosts_and_body_limit_come_from_the_environment():
    settings = HttpSettings.from_env("intake", 8000, {"JOBMATCH_ALLOWED_HOSTS": "jobs.example.org, 10.0.0.5", "JOBMATCH_MAX_BODY_BYTES": "5000"})
    assert settings.allowed_hosts == ("jobs.example.org", "10.0.0.5") and settings.max_body_bytes == 5000
    assert HttpSettings.from_env("intake", 8000, {}).allowed_hosts == ("127.0.0.1", "localhost")
    with pytest.raises(ConfigError, match="JOBMATCH_MAX_BODY_BYTES"):
        HttpSettings.from_env("intake", 8000, {"JOBMATCH_MAX_BODY_BYTES": "0"})
    assert [host_name(h) for h in ("[::1]:8000", "::1", "Example.ORG:80", "localhost")] == ["::1", "::1", "example.org", "localhost"]


def test_a_route_may_set_its_own_body_limit():
    app = Flask("limits")
    install_request_guards(app, HttpSettings("127.0.0.1", 0, allowed_hosts=("*",), max_body_bytes=100))
    register_problem_handlers(app)

    @app.post("/small")
    def small():
        return {"size": len(app.json.loads(__import__("flask").request.get_data()))}

    @app.post("/large")
    @body_limit(10_000)
    def large():
        return {"size": len(__import__("flask").request.get_data())}

    configured = {"limit": 2_000}

    @app.post("/configured")
    @body_limit(lambda: configured["limit"])
    def from_config():
        return {"size": len(__import__("flask").request.get_data())}

    client = app.test_client()
    assert client.post("/small", data=b"x" * 101).status_code == 413
    assert client.post("/large", data=b"x" * 5_000).status_code == 200
    assert client.post("/large", data=b"x" * 10_001).status_code == 413
    assert client.post("/configured", data=b"x" * 2_001).status_code == 413
    configured["limit"] = 3_000  # read per request
    assert client.post("/configured", data=b"x" * 2_001).status_code == 200


def test_readiness_names_the_failing_check_without_its_error_text(service):
    secret = "amqp://jobmatch:s3cret-pass@broker.internal//"
    service.readiness = ReadinessChecks({"database": lambda: None, "broker": lambda: (_ for _ in ()).throw(OSError(f"cannot reach {secret}"))})
    response = create_app(service).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "broker": "unavailable (OSError)"}
    assert "s3cret" not in response.get_data(as_text=True)


def test_unknown_routes_and_methods_answer_problems(service, client):
    _problem(client.get("/api/v1/nothing-here"), 404)
    response = client.delete("/api/v1/fairs")
    assert _problem(response, 405) and "GET" in response.headers["Allow"]
