"""Employers' webhooks on SQLite: signed deliveries to a real local receiver, retries with back-off,
disabling after repeated failure, who may see which webhook, and which URLs are refused."""

from __future__ import annotations

import json
import socket
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from sqlalchemy import select, update
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from notifier import webhook_routes
from notifier.app import create_app
from notifier.handlers import handle_event
from notifier.webhook_addresses import is_public_address, public_only_session
from notifier.webhook_delivery import WebhookDispatcher, queue_webhook_event, queue_webhook_events
from notifier.webhook_settings import WebhookSettings
from notifier.webhook_tables import webhook_deliveries, webhooks
from shared.auth.tokens import CANDIDATE_TOKEN, EMPLOYER_KEY, new_token, token_hash
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import OPERATOR, bearer, notifier_service
from tests.waiting import wait_for

KEYS = {"e1": new_token(EMPLOYER_KEY), "e2": new_token(EMPLOYER_KEY)}
LOCAL = WebhookSettings(
    allow_http=True, allow_private=True, max_attempts=4, disable_after_failures=5,
    base_delay_seconds=0.01, max_delay_seconds=0.05, timeout_seconds=5,
)
STRICT = WebhookSettings()
SHORTLIST = {
    "posting_id": "p1",
    "posting_title": "কল সেন্টার এজেন্ট (বাংলা ও ইংরেজি)",
    "candidates": [{"cv_id": "c1", "score": 0.91, "matched_skills": ["গ্রাহক সেবা", "CRM"]}],
}


class Receiver:
    """A local HTTP server that verifies each request's signature, records it, and answers ``statuses`` then 200."""

    def __init__(self):
        self.secret: str | None = None
        self.statuses: list[int] = []
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers.items())
                try:
                    payload = Webhook(receiver.secret).verify(body, headers) if receiver.secret else None
                except WebhookVerificationError:
                    payload = None
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.received.append({"headers": headers, "body": body, "payload": payload, "answered": status})
                self.send_response(status)
                self.send_header("Content-Length", "4")
                self.end_headers()
                self.wfile.write(b"okay" if status < 300 else b"nope")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/jobmatch"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class World:
    """A notifier with employers e1 and e2, its app with the webhook routes, a receiver and a dispatcher."""

    def __init__(self, tmp_path, settings: WebhookSettings = LOCAL):
        self.service = notifier_service(tmp_path)
        for employer_id, key in KEYS.items():
            data = {"employer_id": employer_id, "name": employer_id, "key_hash": token_hash(key)}
            handle_event(self.service, new_event(types.EMPLOYER_REGISTERED, data, producer="test"))
        app = create_app(self.service)
        app.extensions[webhook_routes.SETTINGS_KEY] = settings  # this test's rules rather than the service's
        self.client = app.test_client()
        self.receiver = Receiver()
        self.dispatcher = WebhookDispatcher(self.service.engine, LOCAL)

    def register(self, employer_id: str = "e1", url: str | None = None) -> dict:
        answer = self.client.post("/api/v1/webhooks", json={"url": url or self.receiver.url}, headers=bearer(KEYS[employer_id]))
        assert answer.status_code == 201, answer.get_json()
        hook = answer.get_json()
        self.receiver.secret = hook["secret"]
        return hook

    def queue(self, employer_id: str = "e1", data: dict = SHORTLIST) -> int:
        with self.service.engine.begin() as conn:
            return queue_webhook_event(conn, employer_id, "shortlist.updated", data)

    def deliver_until(self, effect, message: str, timeout: float = 10):
        """Run delivery rounds until ``effect()`` is truthy, with a deadline."""
        return wait_for(lambda: self.dispatcher.deliver_once() >= 0 and effect(), timeout=timeout, message=message)

    def deliveries(self, hook_id: str, employer_id: str = "e1") -> list[dict]:
        answer = self.client.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=bearer(KEYS[employer_id]))
        assert answer.status_code == 200
        return answer.get_json()["deliveries"]

    def listed(self, headers) -> list[dict]:
        answer = self.client.get("/api/v1/webhooks", headers=headers)
        assert answer.status_code == 200
        return answer.get_json()["webhooks"]

    def close(self):
        self.receiver.close()
        self.service.engine.dispose()


@pytest.fixture
def world(tmp_path):
    world = World(tmp_path)
    yield world
    world.close()


def test_an_event_arrives_signed_with_bengali_intact_and_a_tampered_body_would_not_verify(world):
    hook = world.register()
    assert hook["secret"].startswith("whsec_") and hook["status"] == "active"
    assert world.queue() == 1

    world.deliver_until(lambda: world.receiver.received, "the receiver got nothing")
    [request] = world.receiver.received
    assert request["payload"] is not None, "the signature did not verify at the receiver"
    assert request["payload"]["type"] == "shortlist.updated"
    assert request["payload"]["data"] == SHORTLIST
    assert datetime.fromisoformat(request["payload"]["timestamp"]).tzinfo is not None
    assert "কল সেন্টার এজেন্ট".encode("utf-8") in request["body"]  # UTF-8 on the wire, not \u escapes
    assert request["headers"]["content-type"] == "application/json"
    [delivery] = world.deliveries(hook["id"])
    assert request["headers"]["webhook-id"] == delivery["id"]
    assert (delivery["status"], delivery["attempts"], delivery["last_error"]) == ("delivered", 1, None)

    verifier = Webhook(hook["secret"])
    tampered = request["body"].replace(b"0.91", b"0.99")
    assert tampered != request["body"]
    with pytest.raises(WebhookVerificationError):
        verifier.verify(tampered, request["headers"])
    with pytest.raises(WebhookVerificationError):
        Webhook(world.register("e2")["secret"]).verify(request["body"], request["headers"])
    assert "secret" not in world.listed(bearer(KEYS["e1"]))[0]


def test_a_run_of_events_queues_one_delivery_per_active_webhook_of_each_events_employer(world):
    first, second = world.register("e1"), world.register("e1", url=world.receiver.url + "/second")
    disabled = world.register("e2")
    with world.service.engine.begin() as conn:
        conn.execute(update(webhooks).where(webhooks.c.id == disabled["id"]).values(status="disabled"))
    other = {**SHORTLIST, "posting_id": "p2", "posting_title": "ডাটা এন্ট্রি অপারেটর"}
    with world.service.engine.begin() as conn:
        queued = queue_webhook_events(conn, "shortlist.updated", [("e1", SHORTLIST), ("e2", SHORTLIST), ("e1", other), ("e3", other)])
        rows = conn.execute(select(webhook_deliveries.c.webhook_id, webhook_deliveries.c.payload)).all()
    assert queued == 4  # e1's two webhooks, twice; e2's only webhook is disabled; e3 has none
    by_hook = {}
    for hook, payload in rows:
        by_hook.setdefault(hook, []).append(json.loads(payload)["data"]["posting_title"])
    assert by_hook == {first["id"]: [SHORTLIST["posting_title"], other["posting_title"]],
                       second["id"]: [SHORTLIST["posting_title"], other["posting_title"]]}
    with world.service.engine.begin() as conn:
        assert queue_webhook_events(conn, "shortlist.updated", []) == 0


def test_two_answers_500_then_200_give_one_delivery_after_three_attempts(world):
    hook = world.register()
    world.receiver.statuses = [500, 500]
    world.queue()

    world.deliver_until(lambda: world.deliveries(hook["id"])[0]["status"] == "delivered", "never delivered")
    assert [r["answered"] for r in world.receiver.received] == [500, 500, 200]
    assert len({r["headers"]["webhook-id"] for r in world.receiver.received}) == 1
    assert all(r["payload"] is not None for r in world.receiver.received)
    [delivery] = world.deliveries(hook["id"])
    assert delivery["attempts"] == 3
    [listed] = world.listed(bearer(KEYS["e1"]))
    assert listed["consecutive_failures"] == 0 and listed["status"] == "active"


def test_an_answer_400_fails_the_delivery_at_once_without_retrying(world):
    hook = world.register()
    world.receiver.statuses = [400]
    world.queue()

    world.deliver_until(lambda: world.deliveries(hook["id"])[0]["status"] == "failed", "the delivery did not fail")
    for _ in range(3):
        assert world.dispatcher.deliver_once() == 0
    [delivery] = world.deliveries(hook["id"])
    assert delivery["attempts"] == 1 and delivery["last_error"].startswith("HTTP 400")
    assert len(world.receiver.received) == 1
    assert world.listed(bearer(KEYS["e1"]))[0]["status"] == "active"


def test_repeated_failure_disables_the_webhook_with_a_reason_and_enable_reactivates_it(world):
    hook = world.register()
    world.receiver.statuses = [500] * 50
    assert world.queue() == 1 and world.queue() == 1

    world.deliver_until(lambda: world.listed(bearer(KEYS["e1"]))[0]["status"] == "disabled", "never disabled")
    [listed] = world.listed(bearer(KEYS["e1"]))
    assert listed["disabled_reason"].startswith("5 failed attempts in a row; last: HTTP 500")
    assert listed["consecutive_failures"] == 5 and listed["disabled_at"]
    deliveries = world.deliveries(hook["id"])
    assert [d["status"] for d in deliveries] == ["failed", "failed"]
    assert sum(d["attempts"] for d in deliveries) == 5 == len(world.receiver.received)
    assert all("gave up after 4 attempts" in d["last_error"] or "the webhook was disabled" in d["last_error"] for d in deliveries)
    assert any("the webhook was disabled (5 failed attempts in a row" in d["last_error"] for d in deliveries)
    assert world.queue() == 0  # a disabled webhook gets nothing new
    assert world.listed(OPERATOR)[0]["status"] == "disabled"

    world.receiver.statuses = []
    enabled = world.client.post(f"/api/v1/webhooks/{hook['id']}/enable", headers=bearer(KEYS["e1"]))
    assert enabled.status_code == 200
    body = enabled.get_json()
    assert (body["status"], body["consecutive_failures"], body["disabled_reason"]) == ("active", 0, None)
    assert world.queue() == 1
    world.deliver_until(lambda: world.deliveries(hook["id"])[0]["status"] == "delivered", "not delivered after enabling")


def test_an_answer_410_disables_the_webhook_at_once(world):
    hook = world.register()
    world.receiver.statuses = [410]
    world.queue()
    world.deliver_until(lambda: world.listed(bearer(KEYS["e1"]))[0]["status"] == "disabled", "not disabled")
    assert world.listed(bearer(KEYS["e1"]))[0]["disabled_reason"] == "the receiver answered 410 Gone"
    assert world.deliveries(hook["id"])[0]["attempts"] == 1


def test_an_unreachable_receiver_is_retried_then_given_up(world):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    hook = world.register(url=f"http://127.0.0.1:{closed}/hook")
    world.queue()
    world.deliver_until(lambda: world.deliveries(hook["id"])[0]["status"] == "failed", "never gave up")
    [delivery] = world.deliveries(hook["id"])
    assert delivery["attempts"] == 4 and "could not connect" in delivery["last_error"]
    assert "gave up after 4 attempts" in delivery["last_error"]


def test_a_claim_left_by_a_killed_sender_is_sent_again_with_the_same_id(world):
    hook = world.register()
    world.queue()
    d = webhook_deliveries
    long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    with world.service.engine.begin() as conn:  # as if a process claimed it and died
        conn.execute(update(d).values(status="sending", attempts=1, claimed_at=long_ago))
    assert world.dispatcher.deliver_once() == 0
    assert world.dispatcher.settle_stale_claims() == 1
    world.deliver_until(lambda: world.receiver.received, "not sent again")
    [delivery] = world.deliveries(hook["id"])
    assert (delivery["status"], delivery["attempts"]) == ("delivered", 2)
    assert world.receiver.received[0]["headers"]["webhook-id"] == delivery["id"]


def test_an_employer_sees_and_changes_only_its_own_webhooks(world):
    mine = world.register("e1")
    theirs = world.register("e2")
    e1, e2 = bearer(KEYS["e1"]), bearer(KEYS["e2"])
    assert [h["id"] for h in world.listed(e1)] == [mine["id"]]
    assert [h["id"] for h in world.listed(e2)] == [theirs["id"]]
    assert {h["id"] for h in world.listed(OPERATOR)} == {mine["id"], theirs["id"]}

    assert world.client.delete(f"/api/v1/webhooks/{mine['id']}", headers=e2).status_code == 404
    assert world.client.post(f"/api/v1/webhooks/{mine['id']}/enable", headers=e2).status_code == 404
    assert world.client.get(f"/api/v1/webhooks/{mine['id']}/deliveries", headers=e2).status_code == 404
    assert world.client.get("/api/v1/webhooks/no-such-id/deliveries", headers=e1).status_code == 404
    candidate = bearer(new_token(CANDIDATE_TOKEN))
    assert world.client.get("/api/v1/webhooks", headers=candidate).status_code == 401  # unknown to the notifier
    assert world.client.post("/api/v1/webhooks", json={"url": world.receiver.url}, headers=OPERATOR).status_code == 403
    assert world.client.get("/api/v1/webhooks").status_code == 401

    world.queue("e1")
    assert world.client.delete(f"/api/v1/webhooks/{mine['id']}", headers=e1).status_code == 204
    assert world.listed(e1) == []
    assert world.client.delete(f"/api/v1/webhooks/{theirs['id']}", headers=OPERATOR).status_code == 204
    with world.service.engine.connect() as conn:
        assert conn.execute(select(webhooks.c.id)).all() == []
        assert conn.execute(select(webhook_deliveries.c.id)).all() == []


def test_an_employer_may_hold_at_most_five_webhooks(world):
    for _ in range(5):
        world.register()
    answer = world.client.post("/api/v1/webhooks", json={"url": world.receiver.url}, headers=bearer(KEYS["e1"]))
    assert answer.status_code == 409 and "at most 5" in answer.get_json()["detail"]


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://hr.example.com/hook", "https://"),
        ("ftp://hr.example.com/hook", "https://"),
        ("https://user:secret@hr.example.com/hook", "user name or password"),
        ("https://127.0.0.1/hook", "non-public address (127.0.0.1)"),
        ("https://localhost:8443/hook", "non-public address"),
        ("https://10.1.2.3/hook", "non-public address (10.1.2.3)"),
        ("https://192.168.0.10/hook", "non-public address"),
        ("https://169.254.169.254/latest/meta-data", "non-public address"),
        ("https://[::1]/hook", "non-public address (::1)"),
        ("https://[::ffff:10.0.0.1]/hook", "non-public address"),
        ("https://224.0.0.1/hook", "non-public address"),
        ("https://0.0.0.0/hook", "non-public address"),
        ("https:///hook", "no host"),
        ("https://hr.example.com/" + "a" * 2000, "than 2000 characters"),
        ("https://hr.example.com/a b", "spaces"),
    ],
)
def test_a_url_that_is_not_https_or_not_public_is_refused_with_a_clear_422(tmp_path, url, reason):
    world = World(tmp_path, settings=STRICT)
    try:
        answer = world.client.post("/api/v1/webhooks", json={"url": url}, headers=bearer(KEYS["e1"]))
        assert answer.status_code == 422
        [message] = answer.get_json()["errors"]["url"]
        assert reason in message
        assert world.listed(bearer(KEYS["e1"])) == []
    finally:
        world.close()


def test_a_local_receiver_is_refused_over_http_too_unless_private_addresses_are_allowed(tmp_path):
    world = World(tmp_path, settings=WebhookSettings(allow_http=True))
    try:
        answer = world.client.post("/api/v1/webhooks", json={"url": world.receiver.url}, headers=bearer(KEYS["e1"]))
        assert answer.status_code == 422 and "non-public address" in answer.get_json()["errors"]["url"][0]
    finally:
        world.close()


def test_a_private_address_is_refused_again_at_send_time(world):
    hook = world.register()  # registered while private addresses were allowed
    world.dispatcher = WebhookDispatcher(world.service.engine, WebhookSettings(allow_http=True))
    world.queue()
    world.deliver_until(lambda: world.deliveries(hook["id"])[0]["status"] == "failed", "sent to a private address")
    assert "non-public address (127.0.0.1)" in world.deliveries(hook["id"])[0]["last_error"]
    assert world.receiver.received == []


def test_the_delivery_session_connects_to_no_private_address_even_past_the_check(world):
    with pytest.raises(requests.ConnectionError):
        public_only_session(WebhookSettings(allow_http=True)).post(world.receiver.url, data=b"{}", timeout=5)
    assert world.receiver.received == []
    assert public_only_session(LOCAL).post(world.receiver.url, data=b"{}", timeout=5).status_code == 200


@pytest.mark.parametrize(
    "address, public",
    [("93.184.215.14", True), ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True), ("127.0.0.1", False),
     ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.1", False), ("169.254.169.254", False),
     ("100.64.0.1", False), ("224.0.0.251", False), ("240.0.0.1", False), ("0.0.0.0", False), ("::1", False),
     ("fe80::1%eth0", False), ("fc00::1", False), ("::ffff:192.168.1.1", False), ("ff02::1", False)],
)
def test_which_addresses_count_as_public(address, public):
    assert is_public_address(address) is public


def test_the_settings_come_from_the_environment():
    settings = WebhookSettings.from_env({
        "NOTIFIER_WEBHOOK_ALLOW_HTTP": "true", "NOTIFIER_WEBHOOK_ALLOW_PRIVATE": "TRUE",
        "NOTIFIER_WEBHOOK_MAX_ATTEMPTS": "3", "NOTIFIER_WEBHOOK_TIMEOUT": "2.5",
    })
    assert (settings.allow_http, settings.allow_private, settings.max_attempts, settings.timeout_seconds) == (True, True, 3, 2.5)
    assert WebhookSettings.from_env({}) == STRICT and not STRICT.allow_http and not STRICT.allow_private
