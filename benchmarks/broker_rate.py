"""End to end through the three services against the raw rate of the same RabbitMQ, in one run.

``raw_rates``: messages/s of confirmed, persistent publishes (kombu, ``confirm_publish``, one at a
time as the services' outbox relays publish) of CV-event-sized bodies to a throwaway durable
queue, then messages/s consuming them back with acks (prefetch 10, as the services' consumers).

``end_to_end``: intake, the matcher and the notifier as processes (``deploy.local_stack``) on that
broker under a unique ``JOBMATCH_BUS_PREFIX``, each on its own fresh PostgreSQL database (SQLite
files when PostgreSQL is not reachable), timed once the matcher's ``/readyz`` says its ranking loops
have compiled; 20 postings, then N CVs POSTed to ``/api/v1/cvs`` by 4
client threads; CVs/s from the first POST until the matcher has stored (indexed, ranked and
recorded the matches of) every one of them, read from the matcher's own database, with the CPU
milliseconds per CV each process spent meanwhile (the services, this client, PostgreSQL, RabbitMQ,
the rest: ``benchmarks.process_cpu``, Linux only) and how busy the cores were. Then, on the
same stack, ``latency_cvs`` more CVs POSTed at half that saturation rate (paced, open loop): the
p50/p95/max seconds from each CV's POST to the moment its first match is seen committed in the
matcher's database (polled every 20 ms).
"""

from __future__ import annotations

import functools
import json
import statistics
import os
import socket
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

from benchmarks import process_cpu
from benchmarks.corpus import Corpus

AMQP_URL = os.environ.get("JOBMATCH_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
POSTGRES_URL = os.environ.get("JOBMATCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
ADMIN_TOKEN = "bench-operator-token-0123456789abcdef"
PREFETCH = 10
CLIENTS = 4
POLL_S = 0.02  # how often the latency phase looks for new matches


def unreachable(url: str) -> str | None:
    """Why ``url``'s host:port takes no TCP connection, or None when it does."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5672
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as error:
        return f"{host}:{port} not reachable ({error})"


def event_body(corpus: Corpus) -> bytes:
    """A body the size of a cv.submitted event of this corpus's first CV."""
    cv = corpus.cv(0)
    return json.dumps({"id": str(uuid.uuid4()), "type": "cv.submitted", "data": {
        "cv_id": str(uuid.uuid4()), "fair_id": str(uuid.uuid4()), "text": cv.text, "skills": list(cv.skills),
        "location": None, "language_pref": "en", "candidate_token_hash": "0" * 64}}).encode("utf-8")


def raw_rates(url: str, messages: int, body: bytes, progress: bool = True) -> dict:
    """Confirmed persistent publishes/s and acknowledged consumes/s of ``messages`` bodies, on a throwaway queue."""
    from kombu import Connection, Consumer, Producer, Queue

    name = f"jobmatch-bench-{uuid.uuid4().hex[:10]}"
    queue = Queue(name, routing_key=name, durable=True, auto_delete=False)
    with Connection(url, transport_options={"confirm_publish": True}) as conn:
        channel = conn.channel()
        bound = queue(channel)
        bound.declare()
        try:
            producer = Producer(channel)
            t0 = time.perf_counter()
            for _ in tqdm(range(messages), desc="broker: confirmed publishes", leave=False, disable=not progress,
                          mininterval=1.0):
                producer.publish(body, exchange="", routing_key=name, delivery_mode=2, mandatory=True,
                                 content_type="application/json", content_encoding="binary")
            published = time.perf_counter() - t0
            received = []

            def on_message(message):
                message.ack()
                received.append(1)

            channel.basic_qos(0, PREFETCH, False)
            with Consumer(channel, queues=[bound], on_message=on_message):
                t0 = time.perf_counter()
                while len(received) < messages:
                    conn.drain_events(timeout=10)
                consumed = time.perf_counter() - t0
        finally:
            bound.delete()
    return {"messages": messages, "body_bytes": len(body), "publish_seconds": published,
            "confirmed_publishes_per_s": messages / published, "consume_seconds": consumed,
            "acked_consumes_per_s": messages / consumed}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _delete_topology(url: str, prefix: str) -> None:
    """Delete the queues and exchanges of the run's prefix."""
    from shared.bus.settings import BusSettings
    from shared.bus.topology import Topology

    settings = BusSettings(url=url, prefix=prefix)
    topology = Topology(settings)
    with settings.connect() as conn:
        channel = conn.channel()
        for queue in topology.all_queues():
            queue(channel).delete()
        for exchange in (topology.events, topology.retry, topology.dead_letter):
            exchange(channel).delete()


def _stored_cvs(engine) -> tuple[int, int]:
    """(CVs the matcher stored, CVs with at least one recorded match), from its database."""
    from sqlalchemy import func, select

    from matcher import tables

    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(tables.cvs)).scalar_one()
        matched = conn.execute(select(func.count(func.distinct(tables.matches.c.cv_id)))).scalar_one()
    return stored, matched


def end_to_end(url: str, corpus: Corpus, cvs: int, postings: int = 20, progress: bool = True,
               timeout: float = 600.0, latency_cvs: int | None = None) -> dict:
    """CVs/s from POST /api/v1/cvs to a stored, ranked CV in the matcher, through the three services on ``url``,
    then the POST-to-match latency at half that rate (``latency_cvs`` CVs, default half of ``cvs``, at least 20)."""
    from sqlalchemy import create_engine

    from benchmarks.import_speed import _fresh_postgres
    from deploy.local_stack import SERVICES, request_json, shared_compiled_loops, stack_from_env
    from shared.config import database_url

    call = functools.partial(request_json, token=ADMIN_TOKEN, timeout=30)
    prefix = f"bench-{uuid.uuid4().hex[:10]}."
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as cleanup:
        env = {"JOBMATCH_VAR_DIR": str(Path(scratch) / "var"), "JOBMATCH_BROKER_URL": url,
               "JOBMATCH_BUS_PREFIX": prefix, "JOBMATCH_ADMIN_TOKEN": ADMIN_TOKEN, "JOBMATCH_LOG_LEVEL": "WARNING",
               "MATCHER_MATCH_THRESHOLD": "0", "NOTIFIER_QUIET_HOURS": "", "NOTIFIER_DIGEST_WINDOW_SECONDS": "1",
               **shared_compiled_loops()}
        database = "sqlite"
        if unreachable(POSTGRES_URL) is None:
            targets = [cleanup.enter_context(_fresh_postgres(POSTGRES_URL)) for _ in SERVICES]
            if None not in targets:
                database = "postgresql"
                for service, target in zip(SERVICES, targets):
                    env[f"{service.upper()}_DATABASE_URL"] = target
        for service in SERVICES:
            env[f"{service.upper()}_PORT"] = str(_free_port())
        stack = stack_from_env(env)
        matcher_db = create_engine(database_url("matcher", stack.env))
        cleanup.callback(matcher_db.dispose)
        cleanup.callback(_delete_topology, url, prefix)
        cleanup.callback(stack.stop_all)
        for service in SERVICES:
            stack.start(service)
        stack.wait_ready(timeout=120)
        _wait(lambda: call("GET", stack.url("matcher") + "/readyz")[1].get("checks", {}).get("ranking") == "ok", 120,
              "the matcher's ranking loops did not compile")  # timed settled, not beside the compiler
        intake = stack.url("intake")
        status, fair = call("POST", intake + "/api/v1/fairs", {"name": "Bench fair", "division": "Khulna"})
        if status != 201:
            raise RuntimeError(f"creating the fair answered {status}: {fair}")
        status, employer = call("POST", intake + "/api/v1/employers", {"name": "Bench employer"})
        for i in range(postings):
            text = corpus.postings[i % len(corpus.postings)]
            status, body = request_json("POST", intake + "/api/v1/postings", {
                "title": text.title, "description": text.text[:4000], "skills": list(text.skills),
                "fair_id": fair["id"]}, token=employer["api_key"], timeout=30)
            if status != 201:
                raise RuntimeError(f"posting {i} answered {status}: {body}")
        _wait(lambda: call("GET", stack.url("matcher") + "/api/v1/stats")[1].get("postings") == postings, 120,
              "the matcher did not index the postings")

        texts = corpus.cvs(cvs, first=10_000_000)  # not the CVs of the index section

        def post(k: int, text: str) -> tuple[int, dict]:
            return call("POST", intake + "/api/v1/cvs", {"name": f"Bench Candidate {k}", "language_pref": "en",
                                                          "text": text, "fair_id": fair["id"]})

        bar = tqdm(total=cvs, desc=f"end to end: {cvs} CVs through 3 services", unit="CV", leave=False,
                   disable=not progress, mininterval=1.0)
        groups = {stack.processes[service].pid: service for service in SERVICES}
        groups[os.getpid()] = "client"
        cpu_before = process_cpu.snapshot(groups)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = [status for status, _body in pool.map(lambda k: post(k, texts[k].text), range(cvs))]
        posted = time.perf_counter() - t0
        accepted = statuses.count(201)
        deadline = time.monotonic() + timeout
        stored = matched = 0
        while time.monotonic() < deadline:
            stored, matched = _stored_cvs(matcher_db)
            bar.update(stored - bar.n)
            if stored >= accepted:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        cpu = process_cpu.spent(cpu_before, process_cpu.snapshot(groups), accepted)
        bar.close()
        if stored < accepted:
            raise RuntimeError(f"the matcher stored {stored} of {accepted} CVs within {timeout:.0f} s")
        rate = accepted / seconds / 2
        latency = _latency_at(rate, latency_cvs if latency_cvs is not None else max(20, cvs // 2), corpus, post,
                              matcher_db, timeout)
    return {"database": database, "postings": postings, "cvs_posted": cvs, "cvs_accepted": accepted,
            "cvs_stored_by_matcher": stored, "cvs_with_a_recorded_match": matched, "client_threads": CLIENTS,
            "post_seconds": posted, "intake_accept_cvs_per_s": accepted / posted, "seconds": seconds,
            "end_to_end_cvs_per_s": accepted / seconds, "cpu_per_cv": cpu, "half_saturation": latency}


def _latency_at(rate: float, count: int, corpus: Corpus, post, matcher_db, timeout: float) -> dict:
    """POST ``count`` CVs paced at ``rate``/s; seconds from each POST until its first match is committed."""
    from sqlalchemy import func, select

    from matcher import tables

    texts = corpus.cvs(count, first=20_000_000)
    sent_at: dict[str, float] = {}
    t0 = time.perf_counter()

    def post_at(k: int) -> None:
        delay = t0 + k / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)  # pacing the load, not waiting for an effect
        started = time.perf_counter()
        status, body = post(k, texts[k].text)
        if status == 201:
            sent_at[body["id"]] = started

    seen: dict[str, float] = {}
    with ThreadPoolExecutor(CLIENTS * 2) as pool:
        posting = [pool.submit(post_at, k) for k in range(count)]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not (all(f.done() for f in posting) and len(seen) >= len(sent_at)):
            waiting = [cv_id for cv_id in sent_at if cv_id not in seen]
            if waiting:
                with matcher_db.connect() as conn:
                    found = conn.execute(select(func.distinct(tables.matches.c.cv_id))
                                         .where(tables.matches.c.cv_id.in_(waiting))).scalars().all()
                now = time.perf_counter()
                seen.update((cv_id, now) for cv_id in found)
            time.sleep(POLL_S)
        for f in posting:
            f.result()
    latencies = sorted(seen[cv_id] - sent_at[cv_id] for cv_id in seen)
    if len(latencies) < len(sent_at):
        raise RuntimeError(f"{len(sent_at) - len(latencies)} of {len(sent_at)} paced CVs got no match within {timeout:.0f} s")
    return {"cvs": len(latencies), "rate_cvs_per_s": rate, "poll_seconds": POLL_S,
            "p50_seconds": statistics.median(latencies), "p95_seconds": latencies[max(0, round(0.95 * len(latencies)) - 1)],
            "max_seconds": latencies[-1]}


def _wait(condition, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(message)


def measure(corpus: Corpus, cvs: int, messages: int, postings: int = 20, url: str = AMQP_URL,
            progress: bool = True) -> dict:
    """Both, and their ratio; ``{"skipped": reason}`` when RabbitMQ is not reachable."""
    reason = unreachable(url)
    if reason is not None:
        return {"skipped": f"RabbitMQ {reason}"}
    started = time.perf_counter()
    raw = raw_rates(url, messages, event_body(corpus), progress)
    e2e = end_to_end(url, corpus, cvs, postings, progress)
    return {"raw": raw, "end_to_end": e2e,
            "ratio_end_to_end_to_raw_publish": e2e["end_to_end_cvs_per_s"] / raw["confirmed_publishes_per_s"],
            "ratio_end_to_end_to_raw_consume": e2e["end_to_end_cvs_per_s"] / raw["acked_consumes_per_s"],
            "duration_s": time.perf_counter() - started}
