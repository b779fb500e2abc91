"""Chaos tests: the ``chaos`` marker, and the servers they need (skipped loudly, or failed in CI)."""

from __future__ import annotations

import pytest

from tests.servers import AMQP_URL, POSTGRES_URL, require_server


def pytest_configure(config):
    config.addinivalue_line("markers", "chaos: fault scenarios against real RabbitMQ and PostgreSQL (tests/chaos)")


@pytest.fixture(autouse=True)
def chaos_servers():
    """Every chaos scenario needs RabbitMQ and PostgreSQL."""
    require_server(AMQP_URL, "RabbitMQ")
    require_server(POSTGRES_URL, "PostgreSQL")
