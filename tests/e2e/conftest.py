"""The services as separate processes, on the embedded bus or on RabbitMQ + PostgreSQL."""

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


def _rabbitmq_env(tmp_path, postgres_databases, services: tuple[str, ...]) -> dict:
    require_server(AMQP_URL, "RabbitMQ")
    require_server(POSTGRES_URL, "PostgreSQL")
    env = {
        "JOBMATCH_VAR_DIR": str(tmp_path / "var"),
        "JOBMATCH_BROKER_URL": AMQP_URL,
        "JOBMATCH_BUS_PREFIX": unique_name("e2e-") + ".",
    }
    for service in services:
        env[f"{service.upper()}_DATABASE_URL"] = postgres_databases()
    return env


def _running_stack(kind: str, tmp_path, postgres_databases_lazy, services: tuple[str, ...]):
    """Start ``services`` on free ports on the ``kind`` bus; yield the stack, then stop it (and delete its RabbitMQ queues)."""
    if kind == "embedded":
        env = _embedded_env(tmp_path)
    else:
        env = _rabbitmq_env(tmp_path, postgres_databases_lazy(), services)
    for service in services:
        env[f"{service.upper()}_PORT"] = str(free_port())
    env["JOBMATCH_LOG_LEVEL"] = "INFO"
    env["JOBMATCH_ADMIN_TOKEN"] = ADMIN_TOKEN
    env["NOTIFIER_DIGEST_WINDOW_SECONDS"] = "1"  # gather a CV's matches for a second, whatever the hour
    env["NOTIFIER_QUIET_HOURS"] = ""
    stack = stack_from_env(env)
    stack.kind = kind
    for service in services:
        stack.start(service)
    try:
        stack.wait_ready(services)
        yield stack
    finally:
        stack.stop_all()
        if kind == "rabbitmq":
            delete_topology(BusSettings(url=AMQP_URL, prefix=env["JOBMATCH_BUS_PREFIX"]))


@pytest.fixture(params=["embedded", "rabbitmq"])
def stack(request, tmp_path, postgres_databases_lazy) -> LocalStack:
    """The three services running on free ports; stopped (and its RabbitMQ queues deleted) after the test."""
    yield from _running_stack(request.param, tmp_path, postgres_databases_lazy, SERVICES)


@pytest.fixture(params=["embedded", "rabbitmq"])
def fair_stack(request, tmp_path, postgres_databases_lazy) -> LocalStack:
    """The three services and fairday running on free ports, like ``stack``."""
    yield from _running_stack(request.param, tmp_path, postgres_databases_lazy, SERVICES + ("fairday",))


@pytest.fixture
def postgres_databases_lazy(request):
    """Return a callable giving the ``postgres_databases`` factory only when a test needs it."""
    return lambda: request.getfixturevalue("postgres_databases")
