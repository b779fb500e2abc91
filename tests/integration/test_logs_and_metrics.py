"""Logs and metrics of the services in-process: correlation ids from a request to its notice, no personal data, /metrics series."""

from __future__ import annotations

import json
import logging
import math
import re
import socket
import threading

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from intake import tables as intake_tables
from intake.app import create_app as intake_app
from matcher import tables as matcher_tables
from matcher.app import create_app as matcher_app
from notifier import tables as notifier_tables
from shared.bus.consumer import EventConsumer
from shared.bus.consumer_metrics import DeadLetterCollector, register_consumer_metrics
from shared.bus.settings import BusSettings
from shared.log_context import ContextFilter
from shared.logs import ServiceJsonFormatter
from tests.integration.service_builders import (
    OPERATOR, bearer, intake_service, matcher_service, memory_bus, notifier_service,
)
from tests.waiting import wait_for

CORRELATION_ID = "kiosk-7.req-0042"
CV_BN = {
    "name": "মোঃ রাকিব হাসান",
    "phone": "০১৭১১-২৩৪৫৬৭",
    "email": "rakib.hasan@example.com",
    "language_pref": "bn",
    "text": "আমি দুই বছর call centre এ customer service এর কাজ করেছি। CRM এ ticket লগ করি, "
    "বাংলা ও ইংরেজিতে গ্রাহকের complaint সমাধান করি।",
    "skills": ["customer service", "call centre"],
    "location": "যশোর",
    "notify_by_sms": True,
    "notify_by_email": True,
}
POSTING = {
    "title": "Call centre agent (inbound voice)",
    "description": "Inbound customer service for a telecom client: answer calls in Bangla and English, "
    "solve complaints, log tickets in the CRM.",
    "skills": ["customer service", "call centre", "CRM"],
    "location": "Jashore",
}
PERSONAL = ["রাকিব", "হাসান", "০১৭১১", "২৩৪৫৬৭", "+8801711234567", "01711234567", "1711234567",
            "rakib.hasan@example.com", "rakib.hasan"]


class Fair:
    """Intake, matcher and notifier in-process on one in-memory bus, with the two consumers running."""

    def __init__(self, tmp_path):
        bus = memory_bus()
        self.intake = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}", bus=bus)
        self.matcher = matcher_service(tmp_path, bus=bus)
        self.notifier = notifier_service(tmp_path, bus=bus)
        self.client = intake_app(self.intake).test_client()
        self.consumers = [self.matcher.consumer, self.notifier.consumer]
        self.threads = [threading.Thread(target=c.run, daemon=True) for c in self.consumers]

    def start(self):
        for thread in self.threads:
            thread.start()
        for consumer in self.consumers:
            wait_for(consumer.connected.is_set, message=f"{consumer.name} did not start")

    def stop(self):
        for consumer in self.consumers:
            consumer.stop()
        for thread in self.threads:
            thread.join(10)
        for consumer in self.consumers:
            consumer.close()

    def post(self, path, body, headers=OPERATOR):
        answer = self.client.post(path, json=body, headers=headers)
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()

    def outbox(self, service: str, event_type: str) -> list[dict]:
        """The events of ``event_type`` in ``service``'s outbox, as stored."""
        wired, outbox = {"intake": (self.intake, intake_tables.outbox), "matcher": (self.matcher, matcher_tables.outbox),
                         "notifier": (self.notifier, notifier_tables.outbox)}[service]
        with wired.engine.connect() as conn:
            rows = conn.execute(select(outbox.c.payload).where(outbox.c.event_type == event_type))
            return [json.loads(payload) for payload in rows.scalars()]


@pytest.fixture
def fair(tmp_path):
    running = Fair(tmp_path)
    running.start()
    yield running
    running.stop()


def _run_a_candidate_to_their_notice(fair) -> dict:
    """Post a fair, an employer, a posting and a Bengali CV; relay until the candidate was sent a notice."""
    fair_row = fair.post("/api/v1/fairs", {"name": "Khulna BPO Summit", "division": "Khulna", "venue": "Jashore"})
    employer = fair.post("/api/v1/employers", {"name": "Bhairab Contact Solutions Ltd"})
    fair.post("/api/v1/postings", dict(POSTING, fair_id=fair_row["id"]), headers=bearer(employer["api_key"]))
    cv = fair.post("/api/v1/cvs", dict(CV_BN, fair_id=fair_row["id"]), headers={**OPERATOR, "X-Correlation-ID": CORRELATION_ID})
    fair.intake.relay.relay_once()
    wait_for(lambda: fair.outbox("matcher", "match.found"), message="the matcher found no match")
    fair.matcher.relay.relay_once()
    wait_for(lambda: fair.notifier.dispatcher.dispatch_once(), message="the notifier sent nothing")
    return cv


def test_a_cvs_correlation_id_reaches_its_events_its_match_and_its_notice(fair):
    answer = fair.client.get("/api/v1/fairs", headers={**OPERATOR, "X-Correlation-ID": CORRELATION_ID})
    assert answer.headers["X-Correlation-ID"] == CORRELATION_ID
    cv = _run_a_candidate_to_their_notice(fair)

    for event_type in ("cv.received", "candidate.registered"):
        assert [e["correlation_id"] for e in fair.outbox("intake", event_type)] == [CORRELATION_ID]
    assert {e["correlation_id"] for e in fair.outbox("matcher", "match.found")} == {CORRELATION_ID}
    [sent] = fair.outbox("notifier", "notification.sent")
    assert sent["data"]["cv_id"] == cv["id"] and sent["correlation_id"] == CORRELATION_ID


@pytest.mark.parametrize("header", ["has spaces", "x" * 65, "quote\"and<tag>", "-leading-dash", "rakib.hasan@example.com"])
def test_an_unsafe_correlation_id_is_replaced_by_a_fresh_one(fair, header):
    answer = fair.client.get("/api/v1/fairs", headers={**OPERATOR, "X-Correlation-ID": header})
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", answer.headers["X-Correlation-ID"])


def test_a_request_without_a_correlation_id_gets_one_that_its_events_carry(fair):
    answer = fair.client.post("/api/v1/employers", json={"name": "Rupsha Digital"}, headers=OPERATOR)
    [event] = fair.outbox("intake", "employer.registered")
    assert event["correlation_id"] == answer.headers["X-Correlation-ID"]


def test_no_name_phone_email_or_token_in_any_log_record(fair, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(ContextFilter())
    cv = _run_a_candidate_to_their_notice(fair)
    token = cv["candidate_token"]
    fair.client.get(f"/api/v1/cvs/{cv['id']}", headers=bearer(token))
    fair.client.get(f"/api/v1/cvs/{cv['id']}?token={token}&email={CV_BN['email']}")
    fair.client.post("/api/v1/cvs", json=dict(CV_BN, email="রাকিব হাসান"))  # refused: its body must not be logged
    fair.client.get(f"/api/v1/nowhere/{CV_BN['email']}")  # unmatched: the raw path must not be logged
    fair.notifier.relay.relay_once()

    formatter = ServiceJsonFormatter("test")
    lines = [formatter.format(record) for record in caplog.records]
    assert any('"route": "/api/v1/cvs/<cv_id>"' in line for line in lines)  # the access log was captured
    assert any(json.loads(line).get("event_type") == "cv.received" and json.loads(line).get("correlation_id") == CORRELATION_ID
               for line in lines)  # and the consumers' lines, with their event
    leaks = {(word, line) for line in lines for word in PERSONAL + [token] if word in line}
    assert not leaks, leaks


def test_the_access_log_names_the_route_template_status_and_duration(fair, caplog):
    caplog.set_level(logging.INFO, logger="jobmatch.access")
    caplog.handler.addFilter(ContextFilter())
    fair.client.get("/api/v1/cvs/00000000-0000-4000-8000-000000000000?token=secret", headers=OPERATOR)
    [record] = [r for r in caplog.records if r.name == "jobmatch.access"]
    line = json.loads(ServiceJsonFormatter("intake").format(record))
    assert line["route"] == "/api/v1/cvs/<cv_id>" and line["status"] == 404 and line["http_method"] == "GET"
    assert line["duration_ms"] >= 0 and line["correlation_id"] and "secret" not in json.dumps(line)


def _samples(text: str) -> dict:
    """``{(name, frozenset(labels.items())): value}`` of a /metrics page."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_count_requests_by_route_and_events_by_type(fair):
    _run_a_candidate_to_their_notice(fair)
    fair.client.get("/api/v1/cvs/00000000-0000-4000-8000-000000000000", headers=OPERATOR)

    intake = _samples(fair.client.get("/metrics").get_data(as_text=True))
    assert intake[("jobmatch_http_requests_total", frozenset({"method": "POST", "route": "/api/v1/cvs", "status": "201"}.items()))] == 1
    assert intake[("jobmatch_http_requests_total",
                   frozenset({"method": "GET", "route": "/api/v1/cvs/<cv_id>", "status": "404"}.items()))] == 1
    assert intake[("jobmatch_http_request_duration_seconds_count", frozenset({"method": "POST", "route": "/api/v1/cvs"}.items()))] == 1
    assert intake[("jobmatch_events_published_total", frozenset({"type": "cv.received"}.items()))] == 1
    assert ("process_cpu_seconds_total", frozenset()) in intake and any(name == "python_info" for name, _ in intake)

    matcher = _samples(matcher_app(fair.matcher).test_client().get("/metrics").get_data(as_text=True))
    handled = ("jobmatch_events_consumed_total", frozenset({"type": "cv.received", "outcome": "handled"}.items()))
    assert matcher[handled] == 1
    assert matcher[("jobmatch_event_handling_seconds_count", frozenset({"type": "posting.published"}.items()))] == 1
    assert matcher[("jobmatch_events_published_total", frozenset({"type": "match.found"}.items()))] >= 1
    assert not any(math.isnan(value) for value in matcher.values())


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_dead_letter_gauge_is_never_nan_while_the_broker_is_unreachable():
    settings = BusSettings(url=f"amqp://guest:guest@127.0.0.1:{_closed_port()}//", transport_options={"confirm_publish": True})
    registry = CollectorRegistry()
    register_consumer_metrics(registry, EventConsumer(settings, "matcher", lambda envelope: None))
    samples = _samples(generate_latest(registry).decode())
    assert samples[("jobmatch_dead_letters", frozenset())] == -1
    assert samples[("jobmatch_dead_letters_known", frozenset())] == 0
    assert not any(math.isnan(value) for value in samples.values())


def test_the_dead_letter_gauge_keeps_its_last_known_value_while_the_broker_is_away():
    answers = iter([3, None, 0])
    registry = CollectorRegistry()
    registry.register(DeadLetterCollector(lambda: next(answers)))

    def scrape():
        samples = _samples(generate_latest(registry).decode())
        return samples[("jobmatch_dead_letters", frozenset())], samples[("jobmatch_dead_letters_known", frozenset())]

    assert [scrape(), scrape(), scrape()] == [(3, 1), (3, 0), (0, 1)]
