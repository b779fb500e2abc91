"""Idempotency-Key replays and the anonymous rate limit on POST /api/v1/cvs."""

from __future__ import annotations

import dataclasses
import os

import pytest
import redis

from intake.app import create_app
from intake.config import IntakeConfig
from shared.config import ConfigError
from tests.integration.service_builders import OPERATOR, intake_service
from tests.servers import require_server

CV = {"name": "Nusrat Jahan", "phone": "01712345678", "language_pref": "en", "text": "Inbound call centre agent."}


def test_a_repeated_key_replays_the_first_answer_without_its_token_and_without_a_second_effect(callers):
    key = {"Idempotency-Key": "7f0c-cv-1"}
    first = callers.anonymous.post("/api/v1/cvs", json=CV, headers=key)
    again = callers.anonymous.post("/api/v1/cvs", json=CV, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert again.headers["Location"] == first.headers["Location"]
    assert "candidate_token" in first.get_json() and "candidate_token" not in again.get_json()
    assert {k: v for k, v in first.get_json().items() if k != "candidate_token"} == again.get_json()
    assert len(callers.events("cv.received")) == 1


def test_a_repeated_key_with_another_body_is_refused(callers):
    key = {"Idempotency-Key": "fair-desk-42"}
    assert callers.anonymous.post("/api/v1/cvs", json=CV, headers=key).status_code == 201
    other = callers.anonymous.post("/api/v1/cvs", json={**CV, "text": "Something else."}, headers=key)
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["errors"]


def test_keys_belong_to_a_caller_and_a_path(callers):
    employer, emp_key = callers.employer()
    key = {"Idempotency-Key": "same"}
    body = {"title": "Agent", "description": "Calls."}
    first = callers.anonymous.post("/api/v1/postings", json=body, headers={**emp_key, **key})
    by_operator = callers.operator.post("/api/v1/postings", json={**body, "employer_id": employer["id"]}, headers=key)
    assert first.status_code == by_operator.status_code == 201 and first.get_json()["id"] != by_operator.get_json()["id"]
    assert callers.anonymous.post("/api/v1/cvs", json=CV, headers=key).status_code == 201


def test_an_employer_key_is_never_replayed_or_stored(callers):
    key = {"Idempotency-Key": "emp-1"}
    first = callers.operator.post("/api/v1/employers", json={"name": "Rupsha"}, headers=key)
    again = callers.operator.post("/api/v1/employers", json={"name": "Rupsha"}, headers=key)
    assert "api_key" in first.get_json() and "api_key" not in again.get_json() and again.get_json()["id"] == first.get_json()["id"]
    assert len(callers.operator.get("/api/v1/employers").get_json()["employers"]) == 1


def test_a_failed_request_frees_its_key_and_a_bad_key_is_refused(callers):
    key = {"Idempotency-Key": "retry-me"}
    assert callers.anonymous.post("/api/v1/cvs", json={**CV, "language_pref": "fr"}, headers=key).status_code == 422
    assert callers.anonymous.post("/api/v1/cvs", json={**CV, "language_pref": "bn"}, headers=key).status_code == 201
    assert callers.anonymous.post("/api/v1/cvs", json=CV, headers={"Idempotency-Key": "x" * 256}).status_code == 422


def test_anonymous_cvs_past_the_limit_get_429_with_retry_after_but_the_operator_does_not(tmp_path):
    service = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}", anon_rate_limit="2/minute")
    client = create_app(service).test_client()
    answers = [client.post("/api/v1/cvs", json={**CV, "phone": f"0171234567{i}"}).status_code for i in range(3)]
    assert answers == [201, 201, 429]
    limited = client.post("/api/v1/cvs", json=CV)
    assert limited.content_type == "application/problem+json" and int(limited.headers["Retry-After"]) > 0
    assert client.post("/api/v1/cvs", json={**CV, "phone": "01912345678"}, headers=OPERATOR).status_code == 201
    service.engine.dispose()


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_count(tmp_path):
    service = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}", anon_rate_limit="2/minute")
    client = create_app(service).test_client()
    local = {"REMOTE_ADDR": "127.0.0.1"}

    def post(i, forwarded, remote=local):
        return client.post("/api/v1/cvs", json={**CV, "phone": f"0171234{i:04d}"},
                           headers={"X-Forwarded-For": forwarded}, environ_base=remote).status_code

    assert [post(i, "10.0.0.7") for i in range(3)] == [201, 201, 429]
    assert post(3, "10.0.0.8") == 201  # another kiosk user behind the same portal
    stranger = {"REMOTE_ADDR": "203.0.113.9"}  # not a trusted proxy: its header is ignored
    assert [post(10 + i, f"10.9.9.{i}", stranger) for i in range(3)] == [201, 201, 429]
    service.engine.dispose()


def test_a_trusted_network_covers_every_proxy_address_in_it_and_bad_entries_are_refused(tmp_path):
    config = IntakeConfig.from_env({"INTAKE_TRUSTED_PROXIES": "10.244.0.0/16, ::1"})
    service = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}", anon_rate_limit="1/minute")
    service.config = dataclasses.replace(service.config, trusted_proxies=config.trusted_proxies)
    client = create_app(service).test_client()

    def post(i, forwarded, remote):
        return client.post("/api/v1/cvs", json={**CV, "phone": f"0181234{i:04d}"}, headers={"X-Forwarded-For": forwarded},
                           environ_base={"REMOTE_ADDR": remote}).status_code

    assert [post(1, "203.0.113.1", "10.244.3.7"), post(2, "203.0.113.2", "10.244.9.1")] == [201, 201]  # two portal pods
    assert post(3, "203.0.113.1", "10.244.200.4") == 429  # the same kiosk user again, through a third pod
    assert [post(4, "203.0.113.5", "10.245.0.1"), post(5, "203.0.113.6", "10.245.0.1")] == [201, 429]  # outside: its own count
    with pytest.raises(ConfigError, match="INTAKE_TRUSTED_PROXIES"):
        IntakeConfig.from_env({"INTAKE_TRUSTED_PROXIES": "portal.local"})
    service.engine.dispose()


def test_replicas_sharing_a_redis_count_one_limit_together(tmp_path):
    url = os.environ.get("JOBMATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require_server(url, "Redis (JOBMATCH_TEST_REDIS_URL)")
    redis.Redis.from_url(url).flushdb()
    replicas = [
        intake_service(f"sqlite:///{tmp_path / f'intake{i}.sqlite3'}", anon_rate_limit="3/minute", rate_limit_storage=url)
        for i in range(2)
    ]
    clients = [create_app(service).test_client() for service in replicas]
    answers = [clients[i % 2].post("/api/v1/cvs", json={**CV, "phone": f"0171234567{i}"}).status_code for i in range(4)]
    assert answers == [201, 201, 201, 429]  # counted together: each alone would have allowed 3
    for service in replicas:
        service.engine.dispose()


def test_the_rate_limit_and_the_operator_token_come_from_the_environment():
    assert IntakeConfig.from_env({}).anon_rate_limit == "20/minute"
    assert IntakeConfig.from_env({}).auth.admin_token is None
    config = IntakeConfig.from_env({"INTAKE_ANON_RATE_LIMIT": "", "JOBMATCH_ADMIN_TOKEN": "x" * 16})
    assert config.anon_rate_limit is None and config.auth.admin_token == "x" * 16
    with pytest.raises(ConfigError, match="INTAKE_ANON_RATE_LIMIT"):
        IntakeConfig.from_env({"INTAKE_ANON_RATE_LIMIT": "lots"})
    assert IntakeConfig.from_env({}).rate_limit_storage == "memory://"
    assert IntakeConfig.from_env({"INTAKE_RATE_LIMIT_STORAGE": "redis://10.0.0.5:6379/2"}).rate_limit_storage.startswith("redis://")
    with pytest.raises(ConfigError, match="INTAKE_RATE_LIMIT_STORAGE"):
        IntakeConfig.from_env({"INTAKE_RATE_LIMIT_STORAGE": "mongodb://x"})
