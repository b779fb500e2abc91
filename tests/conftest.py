"""Fixtures for real servers: RabbitMQ with an isolated name prefix, a fresh PostgreSQL database."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from deploy.local_stack import shared_compiled_loops
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from tests.servers import AMQP_URL, POSTGRES_URL, require_server, unique_name

# The matcher's ranking loops, compiled once for the whole run: each service process a test starts (with a
# var directory of its own) reads them back instead of compiling them again, about 8 CPU seconds each.
os.environ.update(shared_compiled_loops())


@pytest.fixture
def amqp_settings():
    """BusSettings for the real RabbitMQ, with a prefix of its own; its queues are deleted after."""
    require_server(AMQP_URL, "RabbitMQ")
    settings = BusSettings(url=AMQP_URL, transport_options={"confirm_publish": True}, prefix=unique_name("test-") + ".")
    yield settings
    delete_topology(settings)


def delete_topology(settings: BusSettings) -> None:
    """Delete every queue and exchange of ``settings``' prefix."""
    topology = Topology(settings)
    with settings.connect() as conn:
        channel = conn.channel()
        for queue in topology.all_queues():
            queue(channel).delete()
        for exchange in (topology.events, topology.retry, topology.dead_letter, topology.index_updates):
            exchange(channel).delete()


@pytest.fixture
def postgres_databases():
    """Factory of fresh PostgreSQL database URLs; every database made is dropped after the test."""
    require_server(POSTGRES_URL, "PostgreSQL")
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    made = []

    def make() -> str:
        name = unique_name("jobmatch_test_")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_url(postgres_databases):
    """URL of a fresh PostgreSQL database, dropped after the test."""
    return postgres_databases()
