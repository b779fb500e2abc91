"""Matcher replicas side by side on RabbitMQ and one PostgreSQL database, each a separate process.

Two replicas find the same single set of matches as one replica and rank alike; a replica killed
mid-stream loses nothing (the work queue redelivers what it held, the other replica's index still
gets every update); a replica started later catches up from the database and its own queue.
The reference is one matcher in-process on SQLite, fed the same events in the same phases.
"""

from __future__ import annotations

import functools
import re
import signal

import pytest
from kombu import Queue
from sqlalchemy import create_engine, func, select

from deploy import local_stack
from deploy.local_stack import stack_from_env
from matcher import tables
from matcher.handlers import handle_event
from shared.bus.publisher import EventPublisher
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from shared import config as shared_config
from shared.db.engine import make_engine
from shared.events import types
from shared.events.envelope import new_event, parse_event
from shared.events.match_found import matches_in
from tests.conftest import delete_topology
from tests.e2e.conftest import ADMIN_TOKEN, free_port
from tests.integration.service_builders import matcher_service
from tests.servers import AMQP_URL, POSTGRES_URL, require_server, unique_name
from tests.waiting import wait_for

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]
request_json = functools.partial(local_stack.request_json, token=ADMIN_TOKEN)
THRESHOLD = "0.2"

_TOPICS = {
    "call": ("Call centre agent", "Inbound customer service in Bangla and English, CRM tickets and complaint handling.",
             ["customer service", "CRM"], "Two years as an inbound call centre agent: customer service, CRM tickets, {}."),
    "design": ("Graphic designer", "Photoshop and Illustrator for product photos: clipping path and retouching.",
               ["Photoshop", "Illustrator"], "Graphic designer: clipping path and photo retouching in Photoshop, {}."),
    "driver": ("Delivery driver", "Drive a covered van for parcel delivery around Khulna; light vehicle licence.",
               ["driving", "light vehicle licence"], "Van driver with a light vehicle licence, parcel delivery in Khulna, {}."),
}
_EXTRAS = ["night shifts", "Excel reports", "team lead for six months", "English speaking", "Illustrator icons",
           "customer complaints", "route planning", "Bangla typing", "social media banners"]


def postings() -> list[dict]:
    return [{"posting_id": f"p-{topic}", "fair_id": None, "employer": "Rupsha Digital", "title": title,
             "description": description, "skills": skills, "location": "Khulna"}
            for topic, (title, description, skills, _) in _TOPICS.items()]


def cvs(first: int, count: int) -> list[dict]:
    topics = list(_TOPICS)
    made = []
    for n in range(first, first + count):
        topic = topics[n % len(topics)]
        _, _, skills, text = _TOPICS[topic]
        made.append({"cv_id": f"c-{n:02d}", "fair_id": None, "language_pref": "en", "skills": skills[:1],
                     "location": "Khulna", "text": text.format(_EXTRAS[n % len(_EXTRAS)])})
    return made


def phases() -> list[list[tuple[str, dict]]]:
    """Postings, then CVs, then a second wave of CVs with an update, a withdrawal and a closed posting."""
    return [
        [(types.POSTING_PUBLISHED, p) for p in postings()],
        [(types.CV_RECEIVED, c) for c in cvs(0, 12)],
        [(types.CV_RECEIVED, c) for c in cvs(12, 9)]
        + [(types.CV_UPDATED, dict(cvs(1, 1)[0], text="Now a graphic designer: Photoshop retouching and clipping path.",
                                   skills=["Photoshop"])),
           (types.CV_WITHDRAWN, {"cv_id": "c-03"}),
           (types.POSTING_CLOSED, {"posting_id": "p-driver"})],
    ]


def reference(tmp_path) -> tuple[set, dict]:
    """One matcher in-process (SQLite): its matches and each open posting's ranking."""
    tmp_path.mkdir(exist_ok=True)
    service = matcher_service(tmp_path, threshold=float(THRESHOLD))
    for phase in phases():
        for kind, data in phase:
            handle_event(service, new_event(kind, data, producer="test"))
    with service.engine.connect() as conn:
        pairs = set(conn.execute(select(tables.matches.c.posting_id, tables.matches.c.cv_id)))
    rankings = {p: [(m.cv_id, round(m.score, 4)) for m in service.index.rank_cvs_for_posting(p, limit=50)]
                for p in ("p-call", "p-design")}
    service.engine.dispose()
    return pairs, rankings


class Cluster:
    """Matcher replicas as processes on one database and one bus prefix, and the bus as intake sees it."""

    def __init__(self, tmp_path, database_url: str):
        self.tmp_path = tmp_path
        self.database_url = database_url
        self.bus = BusSettings(url=AMQP_URL, transport_options={"confirm_publish": True}, prefix=unique_name("replicas-") + ".")
        self.topology = Topology(self.bus)
        self.stacks: dict[str, local_stack.LocalStack] = {}
        self.connection = self.bus.connect()
        self.topology.declare(self.connection)
        # A queue of our own that sees every match.found, as the notifier would.
        self.matches = Queue(f"{self.bus.prefix}test.matches", exchange=self.topology.events, routing_key=types.MATCH_FOUND)
        self.matches(self.connection.default_channel).declare()
        self.publisher = EventPublisher(self.bus.connect(), self.topology)
        self.engine = make_engine(shared_config.database_url("matcher", {"MATCHER_DATABASE_URL": database_url}))
        self.published = 0
        self.found: dict[tuple[str, int], tuple[str, str]] = {}

    def start(self, name: str) -> None:
        env = {"JOBMATCH_VAR_DIR": str(self.tmp_path / name), "JOBMATCH_BROKER_URL": AMQP_URL,
               "JOBMATCH_BUS_PREFIX": self.bus.prefix, "MATCHER_DATABASE_URL": self.database_url,
               "MATCHER_PORT": str(free_port()), "MATCHER_MATCH_THRESHOLD": THRESHOLD,
               "JOBMATCH_ADMIN_TOKEN": ADMIN_TOKEN, "JOBMATCH_LOG_LEVEL": "INFO"}
        stack = stack_from_env(env)
        stack.start("matcher")
        self.stacks[name] = stack

    def wait_ready(self, *names: str) -> None:
        for name in names:
            self.stacks[name].wait_ready(["matcher"], timeout=90)

    def url(self, name: str) -> str:
        return self.stacks[name].url("matcher")

    def publish(self, phase) -> None:
        for kind, data in phase:
            self.publisher.publish(new_event(kind, data, producer="test"))
            self.published += 1

    def processed(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(tables.processed_events)).scalar_one()

    def settle(self, *names: str) -> None:
        """Wait until every published event is handled, every outbox row sent and every replica's index agrees."""
        wait_for(lambda: self.processed() == self.published, timeout=60, message="events were not all handled")
        with self.engine.connect() as conn:
            live = (conn.execute(select(func.count()).select_from(tables.postings).where(tables.postings.c.status == "open")).scalar_one(),
                    conn.execute(select(func.count()).select_from(tables.cvs).where(tables.cvs.c.status == "active")).scalar_one())
        for name in names:
            def agrees(name=name):
                stats = request_json("GET", self.url(name) + "/api/v1/stats")[1]
                return stats["outbox_backlog"] == 0 and (stats["postings"], stats["cvs"]) == live
            wait_for(agrees, timeout=30, interval=0.2, message=f"{name}'s index did not catch up")

    def collect_matches(self) -> dict[tuple[str, int], tuple[str, str]]:
        """Matches in the match.found events seen so far: (event id, place in the event) -> (posting, cv)."""
        channel = self.connection.default_channel
        while (message := self.matches(channel).get(no_ack=True)) is not None:
            event = parse_event(message.body)
            for place, match in enumerate(matches_in(event)):
                self.found[event.id, place] = (match["posting_id"], match["cv_id"])
        return self.found

    def ranking(self, name: str, posting_id: str) -> list[tuple[str, float]]:
        status, body = request_json("GET", f"{self.url(name)}/api/v1/postings/{posting_id}/matches?limit=50")
        assert status == 200, body
        return [(m["cv_id"], m["score"]) for m in body["matches"]]

    def close(self) -> None:
        for stack in self.stacks.values():
            stack.stop_all()
        self.publisher.close()
        self.matches(self.connection.default_channel).delete()
        self.connection.release()
        self.engine.dispose()
        # Replicas delete their own update queues on stop; a killed one's would expire in an hour.
        bound = {name for log in self.tmp_path.glob("*/logs/matcher.log")
                 for name in re.findall(r"bound index-update queue ([^\s\"]+)", log.read_text(errors="replace"))}
        with self.bus.connect() as conn:
            for name in bound:
                Queue(name)(conn.channel()).delete()
        delete_topology(self.bus)


@pytest.fixture
def cluster(tmp_path, postgres_databases):
    require_server(AMQP_URL, "RabbitMQ")
    require_server(POSTGRES_URL, "PostgreSQL")
    made = Cluster(tmp_path, postgres_databases())
    yield made
    made.close()


def assert_each_pair_matched_once(found: dict, expected: set) -> None:
    pairs = list(found.values())
    assert len(pairs) == len(set(pairs)), "a pair was matched (published with a new event id) twice"
    assert set(pairs) == expected


def test_two_replicas_find_the_same_single_set_of_matches_and_rank_alike(cluster, tmp_path):
    pairs, rankings = reference(tmp_path / "reference")
    assert pairs and all(rankings.values())
    cluster.start("a")
    cluster.start("b")
    cluster.wait_ready("a", "b")
    for phase in phases():
        cluster.publish(phase)
        cluster.settle("a", "b")
    assert_each_pair_matched_once(wait_for(lambda: (f := cluster.collect_matches()) and len(set(f.values())) >= len(pairs) and f,
                                           timeout=20, message="match.found events missing"), pairs)
    for name in ("a", "b"):
        for posting_id, expected in rankings.items():
            assert cluster.ranking(name, posting_id) == expected, (name, posting_id)
    # Both replicas took part of the work (competing consumers on matcher.documents), and did it once.
    handled = [request_json("GET", cluster.url(n) + "/api/v1/stats")[1]["consumer"]["handled"] for n in ("a", "b")]
    assert all(handled) and sum(handled) == cluster.published


def test_a_replica_killed_mid_stream_loses_nothing_and_a_late_one_catches_up(cluster, tmp_path):
    pairs, rankings = reference(tmp_path / "reference")
    first, second, third = phases()
    cluster.start("a")
    cluster.start("b")
    cluster.wait_ready("a", "b")
    cluster.publish(first)
    cluster.settle("a", "b")
    cluster.publish(second)
    cluster.stacks["a"].stop("matcher", sig=signal.SIGKILL)  # mid-stream: what it held unacked goes back
    cluster.settle("b")
    cluster.start("c")  # a replica started later: the database, then its own queue
    cluster.wait_ready("c")
    cluster.publish(third)
    cluster.settle("b", "c")
    assert_each_pair_matched_once(wait_for(lambda: (f := cluster.collect_matches()) and len(set(f.values())) >= len(pairs) and f,
                                           timeout=20, message="match.found events missing"), pairs)
    for name in ("b", "c"):
        for posting_id, expected in rankings.items():
            assert cluster.ranking(name, posting_id) == expected, (name, posting_id)
