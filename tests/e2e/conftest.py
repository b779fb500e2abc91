"""The three services as separate processes, on the embedded bus or on RabbitMQ + PostgreSQL."""

from __future__ import annotations

import socket

import pytest

from deploy.local_stack import SERVICES, LocalStack, stack_from_env
from tests.conftest import delete_topology
from tests.servers import AMQP_URL, POSTGRES_URL, require_server, unique_name
from shared.bus.settings import BusSettings

#: The operator's token of the stacks these tests start.
ADMIN_TOKEN = "e2e-operator-token-0123456789"


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _embedded_env(tmp_path) -> dict:
    return {"JOBMATCH_VAR_DIR": str(tmp_path / "var"), "JOBMATCH_BROKER_URL": ""}


def _rabbitmq_env(tmp_path, postgres_databases) -> dict:
    require_server(AMQP_URL, "RabbitMQ")
    require_server(POSTGRES_URL, "PostgreSQL")
    env = {
        "JOBMATCH_VAR_DIR": str(tmp_path / "var"),
        "JOBMATCH_BROKER_URL": AMQP_URL,
        "JOBMATCH_BUS_PREFIX": unique_name("e2e-") + ".",
    }
    for service in SERVICES:
        env[f"{service.upper()}_DATABASE_URL"] = postgres_databases()
    return env


@pytest.fixture(params=["embedded", "rabbitmq"])
def stack(request, tmp_path, postgres_databases_lazy) -> LocalStack:
    """A running stack on free ports; stopped (and its RabbitMQ queues deleted) after the test."""
    if request.param == "embedded":
        env = _embedded_env(tmp_path)
    else:
        env = _rabbitmq_env(tmp_path, postgres_databases_lazy())
    for service in SERVICES:
        env[f"{service.upper()}_PORT"] = str(free_port())
    env["JOBMATCH_LOG_LEVEL"] = "INFO"
    env["JOBMATCH_ADMIN_TOKEN"] = ADMIN_TOKEN
    env["NOTIFIER_DIGEST_WINDOW_SECONDS"] = "1"  # gather a CV's matches for a second, whatever the hour
    env["NOTIFIER_QUIET_HOURS"] = ""
    stack = stack_from_env(env)
    stack.kind = request.param
    for service in SERVICES:
        stack.start(service)
    try:
        stack.wait_ready()
        yield stack
    finally:
        stack.stop_all()
        if request.param == "rabbitmq":
            delete_topology(BusSettings(url=AMQP_URL, prefix=env["JOBMATCH_BUS_PREFIX"]))


@pytest.fixture
def postgres_databases_lazy(request):
    """Return a callable giving the ``postgres_databases`` factory only when a test needs it."""
    return lambda: request.getfixturevalue("postgres_databases")
