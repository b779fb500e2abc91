"""Each service on its own: started alone it waits, not ready, for the broker; started in any order the
three converge; the matcher is replaced by a new process while intake keeps accepting, and nothing is lost.

On RabbitMQ and PostgreSQL, each service a separate process, as an operator runs them.
"""

from __future__ import annotations

import functools
import threading

import pytest

from deploy import local_stack
from deploy.local_stack import SERVICES, stack_from_env
from tests.chaos.proxy import TcpProxy
from tests.conftest import delete_topology
from tests.e2e.conftest import ADMIN_TOKEN, _rabbitmq_env, free_port
from tests.e2e.test_end_to_end import CV_EN, EMPLOYER, POSTING
from tests.waiting import wait_for
from shared.bus.settings import BusSettings

request_json = functools.partial(local_stack.request_json, token=ADMIN_TOKEN)
pytestmark = pytest.mark.e2e


@pytest.fixture
def env(tmp_path, postgres_databases_lazy):
    """A RabbitMQ + PostgreSQL environment with free ports, a 1-second digest window and no quiet hours."""
    env = _rabbitmq_env(tmp_path, postgres_databases_lazy(), SERVICES)
    for service in SERVICES:
        env[f"{service.upper()}_PORT"] = str(free_port())
    env.update({"JOBMATCH_ADMIN_TOKEN": ADMIN_TOKEN, "NOTIFIER_DIGEST_WINDOW_SECONDS": "1", "NOTIFIER_QUIET_HOURS": "",
                "JOBMATCH_LOG_LEVEL": "INFO"})
    stacks = []
    yield env, stacks
    for stack in stacks:
        stack.stop_all()
    delete_topology(BusSettings(url=env["JOBMATCH_BROKER_URL"], prefix=env["JOBMATCH_BUS_PREFIX"]))


def _stack(env, stacks, **overrides):
    stack = stack_from_env({**env, **overrides})
    stacks.append(stack)
    return stack


def _ready(stack, service) -> tuple[int, dict]:
    try:
        return request_json("GET", stack.url(service) + "/readyz", timeout=5)
    except OSError:
        return 0, {}


def _fair_and_posting(url: str) -> str:
    fair = request_json("POST", url + "/api/v1/fairs", {"name": "Jashore IT Fair", "division": "Khulna"})[1]
    employer = request_json("POST", url + "/api/v1/employers", EMPLOYER)[1]
    status, posting = request_json("POST", url + "/api/v1/postings", dict(POSTING, fair_id=fair["id"], employer_id=employer["id"]))
    assert status == 201, posting
    return fair["id"]


def _cv(url: str, fair_id: str, n: int) -> str:
    status, cv = request_json("POST", url + "/api/v1/cvs", dict(CV_EN, fair_id=fair_id, email=f"cv{n}@example.com"))
    assert status == 201, cv
    return cv["id"]


def _told(stack, cv_ids) -> set:
    told = set()
    for cv in cv_ids:
        notices = request_json("GET", stack.url("notifier") + f"/api/v1/notifications?cv_id={cv}")[1]["notifications"]
        if any(n["status"] == "sent" and n["matches"] for n in notices):
            told.add(cv)
    return told


def test_each_service_started_alone_is_not_ready_until_the_broker_appears_then_works(env):
    env, stacks = env
    real = env["JOBMATCH_BROKER_URL"]
    with TcpProxy() as proxy:
        proxy.cut()
        stack = _stack(env, stacks, JOBMATCH_BROKER_URL=proxy.url)
        for service in SERVICES:
            stack.start(service)
        for service in SERVICES:
            status, body = wait_for(lambda s=service: (r := _ready(stack, s))[0] and r, timeout=90,
                                    message=f"{service} did not answer /readyz")
            assert body["checks"]["broker"].startswith("unavailable"), (service, body)
            # Intake stays ready: it keeps accepting into its outbox; the consumers are not ready.
            assert status == (200 if service == "intake" else 503), (service, body)
            assert request_json("GET", stack.url(service) + "/healthz")[0] == 200  # alive, only not ready
        fair_id = _fair_and_posting(stack.url("intake"))  # intake keeps accepting: the events wait in its outbox
        cv = _cv(stack.url("intake"), fair_id, 1)

        proxy.restore()
        stack.wait_ready(timeout=60)
        wait_for(lambda: _told(stack, [cv]) == {cv}, timeout=60, message="the CV handed in before the broker came was not told")
    assert real != proxy.url


@pytest.mark.parametrize("order", [("intake", "notifier", "matcher"), ("notifier", "matcher", "intake")])
def test_the_three_started_in_any_order_converge(env, order):
    env, stacks = env
    stack = _stack(env, stacks)
    stack.start(order[0])
    stack.wait_ready([order[0]])
    if order[0] == "intake":  # work arrives before anyone consumes it: the queues keep it
        fair_id = _fair_and_posting(stack.url("intake"))
        cv = _cv(stack.url("intake"), fair_id, 1)
    for service in order[1:]:
        stack.start(service)
    stack.wait_ready()
    if order[0] != "intake":
        fair_id = _fair_and_posting(stack.url("intake"))
        cv = _cv(stack.url("intake"), fair_id, 1)
    wait_for(lambda: _told(stack, [cv]) == {cv}, timeout=60, message=f"started as {order}, the CV was not told")


def test_intake_keeps_accepting_while_the_matcher_is_replaced_and_nothing_is_lost(env):
    env, stacks = env
    old = _stack(env, stacks)
    for service in SERVICES:
        old.start(service)
    old.wait_ready()
    intake = old.url("intake")
    fair_id = _fair_and_posting(intake)
    accepted, refused = [], []
    swapping, swapped = threading.Event(), threading.Event()

    def hand_in(count: int) -> None:
        for _ in range(count):
            try:
                accepted.append(_cv(intake, fair_id, len(accepted) + len(refused) + 1))
            except AssertionError as exc:  # pragma: no cover - reported below
                refused.append(str(exc))

    def feed():
        hand_in(20)  # before the update
        swapping.wait(60)
        while not swapped.is_set() and len(accepted) < 300:  # while the new matcher starts and the old one stops
            hand_in(1)
        swapped.wait(60)
        hand_in(20)  # after it

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        wait_for(lambda: len(accepted) >= 20, timeout=30, message="intake accepted too few CVs before the update")
        swapping.set()
        new = _stack(env, stacks, MATCHER_PORT=str(free_port()))  # the new matcher process, on its own port
        new.start("matcher")
        new.wait_ready(["matcher"])
        assert old.stop("matcher") == 0  # SIGTERM: it finishes what it holds
        during = len(accepted)
        assert during > 20  # intake accepted while the matcher was being replaced
        swapped.set()
    finally:
        swapping.set()
        swapped.set()
        feeder.join(60)
    assert len(accepted) >= during + 20  # and after
    assert refused == []

    def announced():
        stats = request_json("GET", old.url("notifier") + "/api/v1/stats")[1]
        return stats["matches"].get("announced", 0) == len(accepted) and stats["notifications"].get("sent", 0) == len(accepted)

    wait_for(announced, timeout=90, message=f"not every one of the {len(accepted)} accepted CVs was told")
    assert _told(old, accepted) == set(accepted)
    matches = request_json("GET", new.url("matcher") + "/api/v1/stats")[1]["matches_published"]
    assert matches == len(accepted)  # each CV matched the posting once, by one matcher or the other
    for cv in accepted[:: max(1, len(accepted) // 10)]:
        sent = [n for n in request_json("GET", old.url("notifier") + f"/api/v1/notifications?cv_id={cv}")[1]["notifications"]
                if n["matches"]]
        assert len(sent) == 1  # told once


def test_a_service_started_before_its_database_waits_alive_and_not_ready_then_starts(env):
    env, stacks = env
    url = env["MATCHER_DATABASE_URL"]
    host_port = url.split("@", 1)[1].split("/", 1)[0]
    with TcpProxy(upstream=("127.0.0.1", int(host_port.rsplit(":", 1)[1]))) as proxy:
        proxy.cut()
        stack = _stack(env, stacks, MATCHER_DATABASE_URL=url.replace(host_port, f"127.0.0.1:{proxy.port}"))
        stack.start("matcher")
        status, body = wait_for(lambda: (r := _ready(stack, "matcher"))[0] and r, timeout=90,
                                message="the matcher did not answer /readyz while its database was away")
        assert status == 503 and body["checks"]["database"].startswith("unavailable"), body
        assert request_json("GET", stack.url("matcher") + "/healthz")[0] == 200
        assert stack.exited() == []

        proxy.restore()
        stack.wait_ready(["matcher"], timeout=60)
        assert request_json("GET", stack.url("matcher") + "/api/v1/stats")[0] == 200
