"""A whole jobmatch behind the portal, in one process: intake, matcher, notifier and fairday served over real HTTP.

Events go from intake's outbox to the matcher and notifier when a test calls ``deliver()`` (as the
bus would), so pages can be checked at each step. ``portal`` is a Flask test client of the
portal; ``served`` is the portal over HTTP too, for a real browser.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from fairday import tables as fairday_tables
from fairday.app import create_app as fairday_app
from fairday.handlers import handle_event as fairday_handle
from intake import tables as intake_tables
from intake.app import create_app as intake_app
from matcher import tables as matcher_tables
from matcher.app import create_app as matcher_app
from matcher.handlers import handle_event as matcher_handle
from notifier.app import create_app as notifier_app
from notifier.handlers import handle_event as notifier_handle
from portal.app import create_app as portal_app
from portal.bootstrap import build as build_portal
from portal.config import PortalConfig
from shared.bus.topology import Topology
from shared.config import HttpSettings
from shared.events.envelope import parse_event
from tests.integration.service_builders import (
    ADMIN_TOKEN, OPERATOR, fairday_service, intake_service, matcher_service, memory_bus, notifier_service,
)
CONSUMERS = ("matcher", "notifier", "fairday")


class Served:
    """A WSGI app on a free local port, in a thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()


@dataclass
class Stack:
    """The four services, the portal, and the events between them."""

    intake: object
    matcher: object
    notifier: object
    fairday: object
    servers: dict
    portal_service: object
    delivered: set

    def deliver(self) -> None:
        """Hand every new outboxed event to the other services bound to its type (each once)."""
        bound = {name: set(Topology(memory_bus()).spec(name).event_types) for name in CONSUMERS}
        handlers = {"matcher": (self.matcher, matcher_handle), "notifier": (self.notifier, notifier_handle),
                    "fairday": (self.fairday, fairday_handle)}
        sources = {"intake": (self.intake.engine, intake_tables.outbox), "matcher": (self.matcher.engine, matcher_tables.outbox),
                   "fairday": (self.fairday.engine, fairday_tables.outbox)}
        for source, (engine, outbox) in sources.items():
            with engine.connect() as conn:
                payloads = conn.execute(select(outbox.c.payload).order_by(outbox.c.seq)).scalars().all()
            for envelope in map(parse_event, payloads):
                if envelope.id in self.delivered:
                    continue
                self.delivered.add(envelope.id)
                for name, (service, handle) in handlers.items():
                    if name != source and envelope.type in bound[name]:
                        handle(service, envelope)

    def settle(self) -> None:
        """Deliver until nothing new is published (matches published by the matcher reach the notifier)."""
        for _ in range(3):
            self.deliver()
        while self.notifier.dispatcher.dispatch_once():
            pass

    def app(self):
        """A fresh portal app over the running services."""
        return portal_app(self.portal_service)


@pytest.fixture
def stack(tmp_path):
    """intake, matcher, notifier and fairday over HTTP, and a portal configured to call them."""
    intake = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}", anon_rate_limit="1000/minute")
    matcher = matcher_service(tmp_path)
    notifier = notifier_service(tmp_path)
    fairday = fairday_service(f"sqlite:///{tmp_path / 'fairday.sqlite3'}")
    servers = {"intake": Served(intake_app(intake)), "matcher": Served(matcher_app(matcher)),
               "notifier": Served(notifier_app(notifier)), "fairday": Served(fairday_app(fairday))}
    config = PortalConfig(http=HttpSettings("127.0.0.1", 0, allowed_hosts=("*",)),
                          upstreams={name: s.url for name, s in servers.items()},
                          public_url="http://127.0.0.1:8003", secret_key=b"k" * 32)
    yield Stack(intake, matcher, notifier, fairday, servers, build_portal(config), set())
    for server in servers.values():
        server.close()
    for service in (intake, matcher, notifier, fairday):
        service.engine.dispose()


@pytest.fixture
def portal(stack):
    """A test client of the portal (cookies kept between requests, like a browser)."""
    return stack.app().test_client()


__all__ = ["ADMIN_TOKEN", "OPERATOR"]
