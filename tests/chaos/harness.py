"""The chaos harness: an isolated three-process stack, a CV poster, and outside measurements.

``ChaosEnv`` gives one scenario its own RabbitMQ name prefix, three fresh PostgreSQL databases,
free ports and a temporary var directory (logs, outbox files), optionally routes the services'
broker traffic through a ``TcpProxy``, and binds an observer queue to the events exchange so
that every event published in the scenario can be counted afterwards. Everything is measured
from the outside: HTTP answers, the services' public APIs, the outbox directory, queue depths.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kombu import Queue
from sqlalchemy import create_engine, text

from deploy.local_stack import SERVICES, request_json, shared_compiled_loops, stack_from_env
from shared.bus.publisher import EventPublisher
from shared.bus.settings import BusSettings
from shared.bus.topology import Topology
from shared.events.envelope import Envelope
from tests.chaos import data
from tests.chaos.proxy import TcpProxy
from tests.conftest import delete_topology
from tests.servers import AMQP_URL, POSTGRES_URL, unique_name, unreachable
from tests.waiting import wait_for

DELIVERY_LIMIT = 5
#: The operator's token of every chaos stack; every request the harness sends carries it.
ADMIN_TOKEN = "chaos-operator-token-0123456789"
CONSUMING = ("matcher", "notifier")
#: Keep every scenario's var dir (logs, outbox files), not only those of failed scenarios.
KEEP_ALL = os.environ.get("JOBMATCH_CHAOS_KEEP") == "1"


class ScenarioError(RuntimeError):
    """The scenario could not run to its end (a precondition or a fault step failed)."""


def unreachable_servers() -> list[str]:
    """Why RabbitMQ or PostgreSQL cannot be reached (empty when both answer)."""
    reasons = (unreachable(url, what) for url, what in ((AMQP_URL, "RabbitMQ"), (POSTGRES_URL, "PostgreSQL")))
    return [reason for reason in reasons if reason is not None]


# -- results -------------------------------------------------------------------------------------


@dataclass
class Result:
    """One scenario's row of the table, with the notes that explain it."""

    scenario: str
    offered: int = 0
    accepted: int = 0
    indexed: int = 0
    notified: int = 0
    uncertain: int = 0
    lost: int = 0
    duplicated: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    log_dir: str | None = None

    @property
    def ok(self) -> bool:
        """No error, no failed check, nothing lost, nothing duplicated."""
        return self.error is None and not self.failures and self.lost == 0 and self.duplicated == 0

    @property
    def status(self) -> str:
        """``ok``, ``FAIL`` or ``ERROR``."""
        if self.error is not None:
            return "ERROR"
        return "ok" if self.ok else "FAIL"

    def check(self, condition, message: str) -> bool:
        """Record ``message`` as a failure unless ``condition`` holds."""
        if not condition:
            self.failures.append(message)
        return bool(condition)

    def note(self, message: str) -> None:
        """Record an observation."""
        self.notes.append(message)

    def report(self) -> str:
        """The row's explanation: error, failed checks, notes, where the logs are."""
        lines = [f"[{self.status}] {self.scenario}"]
        if self.error:
            lines.append(f"  error: {self.error}")
        lines += [f"  failed: {f}" for f in self.failures]
        lines += [f"  - {n}" for n in self.notes]
        if self.log_dir:
            lines.append(f"  logs: {self.log_dir}")
        return "\n".join(lines)


# -- the environment -------------------------------------------------------------------------


class ChaosEnv:
    """One scenario's isolated stack; use as a context manager."""

    def __init__(self, name: str, result: Result, *, via_proxy: bool = False, extra_env: dict | None = None,
                 keep: bool = False, smtp_sink=None):
        self.name = name
        self.result = result
        self.via_proxy = via_proxy
        self.sink = smtp_sink  # an SmtpSink: email goes there instead of the outbox directory
        self.extra_env = extra_env or {}
        self.keep = keep
        self.prefix = unique_name(f"chaos-{name}-") + "."
        self.settings = BusSettings(
            url=AMQP_URL, transport_options={"confirm_publish": True}, prefix=self.prefix, delivery_limit=DELIVERY_LIMIT
        )
        self.topology = Topology(self.settings)
        self.observer = Queue(
            f"{self.prefix}chaos.observer", exchange=self.topology.events, routing_key="#", durable=False, auto_delete=False
        )
        self.observed: list[dict] = []
        self.proxy: TcpProxy | None = None
        self.stack = None
        self.tmp: Path | None = None
        self._databases: list[str] = []
        self._admin_engine = None
        self._conn = None
        self._publisher: EventPublisher | None = None
        self._lock = threading.Lock()
        self.replicas: dict[str, object] = {}  # more matcher replicas: name -> their own LocalStack

    # -- set-up and tear-down ----------------------------------------------------------------------
    def __enter__(self) -> "ChaosEnv":
        started = time.monotonic()
        try:
            self._setup()
        except BaseException:
            self._teardown(failed=True)
            raise
        self.result.note(f"stack ready in {time.monotonic() - started:.1f}s")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._teardown(failed=exc_type is not None or not self.result.ok)

    def _setup(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix=f"jobmatch-chaos-{self.name}-"))
        self.result.log_dir = str(self.tmp / "var" / "logs")
        self._admin_engine = create_engine(
            POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
        )
        env = {
            "JOBMATCH_VAR_DIR": str(self.tmp / "var"),
            "JOBMATCH_BUS_PREFIX": self.prefix,
            "JOBMATCH_DELIVERY_LIMIT": str(DELIVERY_LIMIT),
            "JOBMATCH_LOG_LEVEL": "INFO",
            "MATCHER_MATCH_THRESHOLD": str(data.MATCH_THRESHOLD),
            "MATCHER_NOTIFY_TOP": "10",
            "NOTIFIER_SMTP_URL": self.sink.url if self.sink else "",
            "NOTIFIER_OUTBOX_DIR": "",
            "JOBMATCH_ADMIN_TOKEN": ADMIN_TOKEN,
            # Digests gather a candidate's matches for a second; no quiet hours, whatever the hour of the run.
            "NOTIFIER_DIGEST_WINDOW_SECONDS": "1",
            "NOTIFIER_QUIET_HOURS": "",
            **shared_compiled_loops(),
        }
        for service in SERVICES:
            env[f"{service.upper()}_DATABASE_URL"] = self._make_database()
            env[f"{service.upper()}_PORT"] = str(_free_port())
            env[f"{service.upper()}_HOST"] = "127.0.0.1"
        if self.via_proxy:
            upstream = urlsplit(AMQP_URL)
            self.proxy = TcpProxy((upstream.hostname or "127.0.0.1", upstream.port or 5672))
            env["JOBMATCH_BROKER_URL"] = self.proxy.url
        else:
            env["JOBMATCH_BROKER_URL"] = AMQP_URL
        env.update(self.extra_env)
        self._conn = self.settings.connect()
        with self._lock:
            self.observer(self._conn.default_channel).declare()
        self.stack = stack_from_env(env)
        for service in SERVICES:
            self.stack.start(service)
        self.stack.wait_ready(timeout=90)

    def _make_database(self) -> str:
        name = unique_name("jobmatch_chaos_")
        with self._admin_engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self._databases.append(name)
        return f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"

    def _teardown(self, failed: bool) -> None:
        for replica in self.replicas.values():
            replica.stop("matcher", grace=5, sig=signal.SIGKILL)
        if self.stack is not None:
            # Clean shutdown is scenario 6's subject; here the quickest end will do.
            for service in list(self.stack.processes):
                self.stack.stop(service, grace=5, sig=signal.SIGKILL)
        if self.proxy is not None:
            self.proxy.close()
        if self._publisher is not None:
            try:
                self._publisher.close()
            except Exception:  # tearing down; nothing to do about a broken connection
                pass
        try:
            delete_topology(self.settings)
            with self.settings.connect() as conn:
                self.observer(conn.default_channel).delete()
        except Exception as exc:  # report, keep tearing down
            self.result.note(f"could not delete the bus topology of {self.prefix}: {exc!r}")
        if self._conn is not None:
            self._conn.release()
        if self._admin_engine is not None:
            with self._admin_engine.connect() as conn:
                for name in self._databases:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self._admin_engine.dispose()
        if self.tmp is not None and not failed and not (self.keep or KEEP_ALL):
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.result.log_dir = None

    # -- HTTP ---------------------------------------------------------------------------------------------
    def url(self, service: str) -> str:
        return self.stack.url(service)

    def get(self, service: str, path: str, timeout: float = 5.0) -> tuple[int, dict]:
        return request_json("GET", self.url(service) + path, timeout=timeout, token=ADMIN_TOKEN)

    def post(self, path: str, body: dict, timeout: float = 10.0) -> tuple[int, dict]:
        return request_json("POST", self.url("intake") + path, body, timeout=timeout, token=ADMIN_TOKEN)

    def stats(self, service: str) -> dict | None:
        """A service's ``/api/v1/stats``, or None while it does not answer."""
        try:
            status, body = self.get(service, "/api/v1/stats", timeout=3)
        except OSError:
            return None
        return body if status == 200 else None

    def post_postings(self) -> list[str]:
        """Post the three postings through intake and wait until the matcher indexed them."""
        ids = []
        for posting in data.POSTINGS:
            status, employer = self.post("/api/v1/employers", {"name": posting["employer"]})
            if status != 201:
                raise ScenarioError(f"employer was not accepted: {status} {employer}")
            body = {k: v for k, v in posting.items() if k != "employer"} | {"employer_id": employer["id"]}
            status, body = self.post("/api/v1/postings", body)
            if status != 201:
                raise ScenarioError(f"posting was not accepted: {status} {body}")
            ids.append(body["id"])
        wait_for(lambda: (self.stats("matcher") or {}).get("postings") == len(ids), timeout=20,
                 message="the matcher did not index the postings")
        return ids

    # -- processes ---------------------------------------------------------------------------------
    def signal_service(self, service: str, sig: int, grace: float = 10.0) -> tuple[int, float]:
        """Send ``sig`` and wait for the exit (SIGKILL after ``grace``); return (code, seconds)."""
        started = time.monotonic()
        code = self.stack.stop(service, grace=grace, sig=sig)
        return code, time.monotonic() - started

    def kill(self, service: str) -> None:
        """SIGKILL a service and record it."""
        code, _ = self.signal_service(service, signal.SIGKILL)
        self.result.note(f"{service} killed with SIGKILL (exit {code})")

    def terminate(self, service: str) -> None:
        """SIGTERM a service; check it exits with 0 within 10 s."""
        code, seconds = self.signal_service(service, signal.SIGTERM, grace=15.0)
        self.result.note(f"{service} SIGTERM: exit {code} after {seconds:.1f}s")
        self.result.check(code == 0 and seconds < 10, f"{service} did not exit cleanly on SIGTERM "
                          f"(code {code} after {seconds:.1f}s; want 0 within 10s)")

    def restart(self, service: str) -> None:
        """Start a service again and wait until it is ready."""
        self.stack.start(service)
        self.stack.wait_ready([service], timeout=60)

    def start_replica(self, name: str) -> None:
        """Start another matcher process on this stack's database and bus (its own port and log
        directory) and wait until it is ready: its index loaded, its update queue bound."""
        env = dict(self.stack.env, MATCHER_PORT=str(_free_port()), JOBMATCH_VAR_DIR=str(self.tmp / name))
        replica = self.replicas[name] = stack_from_env(env)
        replica.start("matcher")
        replica.wait_ready(["matcher"], timeout=90)
        self.result.note(f"matcher replica {name} started")

    def replica_stats(self, name: str) -> dict | None:
        """A replica's ``/api/v1/stats``, or None while it does not answer."""
        try:
            status, body = request_json("GET", self.replicas[name].url("matcher") + "/api/v1/stats", timeout=3,
                                        token=ADMIN_TOKEN)
        except OSError:
            return None
        return body if status == 200 else None

    def replica_get(self, name: str, path: str) -> tuple[int, dict]:
        return request_json("GET", self.replicas[name].url("matcher") + path, timeout=10, token=ADMIN_TOKEN)

    def kill_replica(self, name: str) -> None:
        """SIGKILL a replica and record it."""
        code = self.replicas[name].stop("matcher", grace=10, sig=signal.SIGKILL)
        self.result.note(f"matcher replica {name} killed with SIGKILL (exit {code})")

    def check_alive(self) -> None:
        """Raise ScenarioError if a service process ended without being told to."""
        for service in self.stack.exited():
            code = self.stack.processes[service].returncode
            raise ScenarioError(f"{service} exited on its own with code {code}; log tail:\n{self.log_tail(service)}")

    def log_tail(self, service: str, lines: int = 15) -> str:
        path = Path(self.stack.log_dir) / f"{service}.log"
        try:
            return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def grep_log(self, service: str, needle: str) -> list[str]:
        """Lines of a service's log containing ``needle``."""
        path = Path(self.stack.log_dir) / f"{service}.log"
        try:
            return [line for line in path.read_text(errors="replace").splitlines() if needle in line]
        except OSError:
            return []

    # -- the bus, from the outside ------------------------------------------------------------------
    def _channel_call(self, fn):
        with self._lock:
            try:
                channel = self._conn.channel()
            except Exception:
                self._conn.release()
                self._conn = self.settings.connect()
                channel = self._conn.channel()
            try:
                return fn(channel)
            finally:
                try:
                    channel.close()
                except Exception:  # a channel closed by a broker error is already gone
                    pass

    def queue_depth(self, name: str) -> tuple[int, int]:
        """(ready messages, consumers) of a queue."""
        ok = self._channel_call(lambda ch: ch.queue_declare(queue=name, passive=True))
        return ok.message_count, ok.consumer_count

    def consumer_queue(self, service: str) -> str:
        return self.topology.queue_name(service)

    def dead_letter_queue(self, service: str) -> str:
        return self.topology.dead_letter_queue(service).name

    def take_all(self, queue: Queue) -> list[dict]:
        """Remove every message from ``queue``; return each as a dict."""

        def take(channel):
            bound = queue(channel)
            taken = []
            while (message := bound.get(no_ack=True)) is not None:
                body = message.body if isinstance(message.body, bytes) else str(message.body).encode()
                taken.append({
                    "routing_key": message.delivery_info.get("routing_key"),
                    "content_type": message.content_type,
                    "headers": dict(message.headers or {}),
                    "body": body,
                })
            return taken

        return self._channel_call(take)

    def drain_observer(self) -> list[dict]:
        """Move every event the observer queue caught into ``self.observed``; return the new ones."""
        new = []
        for message in self.take_all(self.observer):
            try:
                event = json.loads(message["body"])
            except ValueError:
                event = None
            new.append({"routing_key": message["routing_key"], "event": event if isinstance(event, dict) else None})
        self.observed += new
        return new

    def publisher(self) -> EventPublisher:
        if self._publisher is None:
            self._publisher = EventPublisher(self.settings.connect(), self.topology)
        return self._publisher

    def publish(self, envelope: Envelope, times: int = 1) -> None:
        """Publish an envelope to the events exchange ``times`` times (identical each time)."""
        for _ in range(times):
            self.publisher().publish(envelope)

    def publish_raw(self, body: bytes, routing_key: str, content_type: str, content_encoding: str = "binary") -> None:
        """Publish bytes as they are to the events exchange, with a confirmation."""
        self.publisher().publish_raw(
            body=body, exchange=self.topology.events, routing_key=routing_key,
            content_type=content_type, content_encoding=content_encoding,
        )

    # -- files -----------------------------------------------------------------------------------------
    def outbox_files(self) -> tuple[dict[str, list[str]], list[str]]:
        """(notification id -> its files in ``<var>/outbox``, leftover hidden temp files)."""
        outbox = self.tmp / "var" / "outbox"
        by_id, temps = defaultdict(list), []
        if outbox.is_dir():
            for path in outbox.iterdir():
                if path.name.startswith("."):
                    temps.append(path.name)
                else:
                    by_id[path.name.split(".", 1)[0]].append(path.name)
        return dict(by_id), temps

    def delivered(self) -> Counter:
        """Notification id -> how many times it reached the candidate (outbox files, SMTP sink)."""
        files, _ = self.outbox_files()
        counts = Counter({i: len(names) for i, names in files.items()})
        if self.sink is not None:
            counts.update(self.sink.snapshot())
        return counts

    def attempted(self, notification: dict, temps: list[str]) -> bool:
        """True if a send of ``notification`` began: the SMTP server saw its recipient, or its
        file (or a half-written temp file of it) is in the outbox directory."""
        if notification["channel"] == "email" and self.sink is not None:
            return self.sink.attempted(notification["recipient"] or "")
        return any(t.startswith(f".{notification['id']}.") for t in temps)

    # -- waiting for the end state ----------------------------------------------------------------------
    def _snapshot(self):
        stats = {s: self.stats(s) for s in SERVICES}
        if any(v is None for v in stats.values()):
            return None
        depths = {s: self.queue_depth(self.consumer_queue(s)) for s in CONSUMING}
        files = self.delivered()
        by_status = stats["notifier"]["notifications"]
        busy = (
            stats["intake"]["outbox_backlog"] or stats["matcher"]["outbox_backlog"]
            or stats["notifier"]["outbox_backlog"] or any(d[0] for d in depths.values())
            or by_status.get("queued", 0) or by_status.get("deferred", 0)
        )
        key = json.dumps([stats, sorted(depths.items()), sum(files.values())], sort_keys=True)
        return busy, key, by_status.get("sent", 0)

    def settle(self, expected_sent: int, timeout: float) -> bool:
        """Wait until nothing moves: outboxes drained, queues empty, no pending notification, and
        every number unchanged for 1.5 s (5 s while fewer than ``expected_sent`` were sent).
        """
        seen = {"key": None, "since": 0.0}

        def settled():
            self.check_alive()
            snap = self._snapshot()
            now = time.monotonic()
            if snap is None or snap[0]:
                seen["key"] = None
                return False
            _, key, sent = snap
            if key != seen["key"]:
                seen.update(key=key, since=now)
                return False
            return now - seen["since"] >= (1.5 if sent >= expected_sent else 5.0)

        started = time.monotonic()
        try:
            wait_for(settled, timeout=timeout, interval=0.25, message="the stack did not settle")
        except AssertionError as exc:
            self.result.note(f"did not settle within {timeout:.0f}s: {self.describe_state()} ({exc})")
            return False
        self.result.note(f"settled {time.monotonic() - started:.1f}s after the last fault/post")
        return True

    def describe_state(self) -> str:
        stats = {s: self.stats(s) for s in SERVICES}
        try:
            depths = {s: self.queue_depth(self.consumer_queue(s)) for s in CONSUMING}
        except Exception as exc:  # describing only
            depths = repr(exc)
        return f"stats {stats}, queues (ready, consumers) {depths}"

    # -- measuring -------------------------------------------------------------------------------------
    def notifications(self) -> list[dict]:
        """Every notification the notifier has (all pages)."""
        rows, offset = [], 0
        while True:
            status, body = self.get("notifier", f"/api/v1/notifications?limit=1000&offset={offset}", timeout=10)
            if status != 200:
                raise ScenarioError(f"notifier listing answered {status}: {body}")
            rows += body["notifications"]
            if len(body["notifications"]) < 1000:
                return rows
            offset += 1000

    def measure(self, accepted: list[str], posting_id: str, offered: int) -> None:
        """Fill the result's counts from the outside; see the README for the definitions."""
        r = self.result
        r.offered, r.accepted = offered, len(accepted)
        self.drain_observer()
        with ThreadPoolExecutor(8) as pool:
            matches = dict(zip(accepted, pool.map(
                lambda cv: self.get("matcher", f"/api/v1/cvs/{cv}/matches?limit=5", timeout=10), accepted)))
            per_cv = dict(zip(accepted, pool.map(
                lambda cv: self.get("notifier", f"/api/v1/notifications?cv_id={cv}", timeout=10), accepted)))
        indexed = {cv for cv, (status, _) in matches.items() if status == 200}
        r.indexed = len(indexed)
        matcher = self.stats("matcher") or {}
        r.note(f"matcher stats: {matcher}")
        r.check(matcher.get("cvs", 0) >= len(accepted), f"matcher indexes {matcher.get('cvs')} CVs, fewer than the "
                f"{len(accepted)} accepted")
        wrong_match = [cv for cv in indexed if [m["posting_id"] for m in matches[cv][1]["matches"]
                                                if m["score"] >= data.MATCH_THRESHOLD] != [posting_id]]
        r.check(not wrong_match, f"{len(wrong_match)} CVs do not match exactly the call-centre posting, e.g. "
                f"{wrong_match[:3]}")

        files, temps = self.outbox_files()
        delivered = self.delivered()
        notified, missing, sent_undelivered = set(), [], []
        uncertain = {"delivered": [], "in flight": [], "never attempted": []}
        for cv in accepted:
            status, body = per_cv[cv]
            rows = body.get("notifications", []) if status == 200 else []
            target = [n for n in rows if posting_id in _carried(n)]
            if any(n["status"] == "sent" for n in target):
                notified.add(cv)
            in_flight = False
            for n in rows:
                if n["status"] == "sent" and n["id"] not in delivered:
                    sent_undelivered.append(n["id"])
                if _uncertain(n):
                    kind = ("delivered" if n["id"] in delivered
                            else "in flight" if self.attempted(n, temps) else "never attempted")
                    uncertain[kind].append(n["status"])
                    in_flight = in_flight or kind == "in flight"
            # The known hard case (killed in the middle of a send that did not arrive) is
            # uncertain, not lost; a notice never even attempted is lost.
            if not in_flight and not any(n["id"] in delivered for n in target):
                missing.append((cv, sorted(n["status"] for n in rows)))
        r.notified = len(notified)
        r.uncertain = sum(len(v) for v in uncertain.values())
        r.lost = len(missing)
        r.check(not sent_undelivered, f"{len(sent_undelivered)} notifications are recorded 'sent' but never reached "
                f"the candidate: {sent_undelivered[:3]}")
        if r.uncertain:
            r.note("uncertain (claimed, outcome not recorded by the process that claimed it): " + "; ".join(
                f"{len(v)} {kind} (now {dict(Counter(v))})" for kind, v in uncertain.items() if v)
                + (" -- 'never attempted' ones are counted as lost" if uncertain["never attempted"] else ""))
        if missing:
            statuses = Counter(tuple(s) for _, s in missing)
            r.note(f"lost: {len(missing)} accepted CVs whose notice never reached the candidate "
                   f"({len(accepted) - len(indexed)} of all accepted not indexed); their notification statuses: "
                   f"{dict(statuses)}; e.g. {missing[:2]}")

        # Duplicates, five ways.
        everything = self.notifications()
        by_status = Counter(n["status"] for n in everything)
        r.note(f"notifications by status: {dict(by_status)}; outbox files: {sum(len(v) for v in files.values())}"
               + (f"; emails at the SMTP server: {self.sink.total()}" if self.sink else ""))
        per_pair = Counter((n["cv_id"], p) for n in everything for p in _carried(n))
        dup_rows = sum(c - 1 for c in per_pair.values() if c > 1)
        dup_files = sum(len(v) - 1 for v in files.values() if len(v) > 1)
        dup_smtp = sum(c - 1 for c in (self.sink.snapshot() if self.sink else Counter()).values() if c > 1)
        match_ids, sent_ids, repeats = defaultdict(set), defaultdict(set), Counter()
        for seen in self.observed:
            event = seen["event"] or {}
            repeats[event.get("id")] += 1
            if event.get("type") == "match.found":
                d = event.get("data", {})
                for m in d.get("matches", []) if event.get("version", 1) >= 2 else [d]:
                    match_ids[(m.get("cv_id"), m.get("posting_id"))].add(event.get("id"))
            elif event.get("type") == "notification.sent":
                sent_ids[event.get("data", {}).get("notification_id")].add(event.get("id"))
        dup_matches = sum(len(ids) - 1 for ids in match_ids.values() if len(ids) > 1)
        dup_sent_events = sum(len(ids) - 1 for ids in sent_ids.values() if len(ids) > 1)
        r.duplicated = dup_rows + dup_files + dup_smtp + dup_matches + dup_sent_events
        if r.duplicated:
            r.note(f"duplicates: {dup_rows} extra digests announcing a (cv, posting), {dup_files} extra outbox files "
                   f"per notification id, {dup_smtp} extra emails per Message-ID at the SMTP server, {dup_matches} extra "
                   f"match.found events per (cv, posting), {dup_sent_events} extra notification.sent events per "
                   f"notification")
        republished = sum(c - 1 for k, c in repeats.items() if k and c > 1)
        if republished:
            r.note(f"the observer saw {republished} deliveries of an event id it had seen before (re-published "
                   f"by a relay or, in scenario 4, on purpose; not a duplicate effect)")
        r.check(matcher.get("matches_published") == len(match_ids),
                f"matcher matches_published={matcher.get('matches_published')} but {len(match_ids)} distinct "
                f"(cv, posting) pairs were published as match.found")

        accepted_set = set(accepted)
        strays = [n for n in everything if n["cv_id"] not in accepted_set or set(_carried(n)) - {posting_id}]
        r.check(not strays, f"{len(strays)} notifications for CVs not accepted or other postings, e.g. {strays[:2]}")
        claimed = {n["id"] for n in everything if n["status"] in ("sent", "sending", "unconfirmed")}
        stray = [i for i in delivered if i not in claimed]
        r.check(not stray, f"{len(stray)} messages delivered for notifications not sent/sending/unconfirmed: {stray[:3]}")
        if temps:
            r.note(f"{len(temps)} half-written temp files left in the outbox: {temps[:3]}")


# -- posting CVs --------------------------------------------------------------------------------------


class Poster(threading.Thread):
    """Posts CVs to intake one after another (optionally at ``rate`` per second) and records answers.

    ``hooks[i]`` runs in this thread just before the i-th CV is posted (for faults that must not
    overlap a request, like restarting intake).
    """

    def __init__(self, env: ChaosEnv, cvs: list[dict], *, rate: float | None = None, latency_limit: float = 2.0):
        super().__init__(name="chaos-poster", daemon=True)
        self.env = env
        self.cvs = cvs
        self.rate = rate
        self.latency_limit = latency_limit
        self.hooks: dict = {}
        self.accepted: list[str] = []
        self.rejected: list[tuple[int, object]] = []
        self.slow: list[tuple[int, float]] = []
        self.max_latency = 0.0
        self.offered = 0
        self.crash: BaseException | None = None
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            started = time.monotonic()
            for i, cv in enumerate(self.cvs):
                if self._stop_event.is_set():
                    return
                if i in self.hooks:
                    self.hooks[i]()
                if self.rate:  # pacing the offered load, not waiting for an effect
                    self._stop_event.wait(max(0.0, started + i / self.rate - time.monotonic()))
                t0 = time.monotonic()
                try:
                    status, body = self.env.post("/api/v1/cvs", cv, timeout=10)
                except OSError as exc:
                    status, body = None, exc
                latency = time.monotonic() - t0
                self.max_latency = max(self.max_latency, latency)
                if latency > self.latency_limit:
                    self.slow.append((i, round(latency, 2)))
                if status == 201:
                    self.accepted.append(body["id"])
                else:
                    self.rejected.append((i, status if status is not None else repr(body)))
                self.offered += 1
        except BaseException as exc:  # reported by finish()
            self.crash = exc

    def stop(self) -> None:
        self._stop_event.set()

    def wait_offered(self, n: int, timeout: float) -> None:
        """Wait until ``n`` CVs were posted (or the poster ended)."""
        wait_for(lambda: self.offered >= n or not self.is_alive(), timeout=timeout, interval=0.02,
                 message=f"the poster did not reach {n} CVs")

    def finish(self, timeout: float = 120) -> None:
        """Wait for the poster to end; raise ScenarioError if it crashed."""
        self.join(timeout)
        if self.is_alive():
            self.stop()
            raise ScenarioError(f"the poster did not finish within {timeout}s ({self.offered} posted)")
        if self.crash is not None:
            raise ScenarioError(f"the poster crashed: {self.crash!r}") from self.crash

    def summarise(self, result: Result, require_all: bool = False) -> None:
        """Note the poster's numbers in ``result``; with ``require_all`` every POST must be a quick 201."""
        result.note(f"POST /cvs: {len(self.accepted)}/{self.offered} answered 201, slowest {self.max_latency:.2f}s")
        if self.rejected:
            result.note(f"POSTs not answered 201: {len(self.rejected)}, e.g. {self.rejected[:3]}")
        if require_all:
            result.check(not self.rejected, f"{len(self.rejected)} POSTs were not answered 201")
            result.check(not self.slow, f"{len(self.slow)} POSTs took longer than {self.latency_limit}s: {self.slow[:5]}")


class Background(threading.Thread):
    """Runs one fault sequence beside the poster; ``finish()`` re-raises what went wrong."""

    def __init__(self, name: str, fn):
        super().__init__(name=name, daemon=True)
        self.fn = fn
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.fn()
        except BaseException as exc:  # reported by finish()
            self.error = exc

    def finish(self, timeout: float = 120) -> None:
        self.join(timeout)
        if self.is_alive():
            raise ScenarioError(f"{self.name} did not finish within {timeout}s")
        if self.error is not None:
            raise ScenarioError(f"{self.name} failed: {self.error}") from self.error


def _carried(notification: dict) -> list[str]:
    """The postings a digest announced (none for a code)."""
    return [m["posting_id"] for m in notification.get("matches", [])]


def _uncertain(notification: dict) -> bool:
    """Claimed for sending, but its outcome was not recorded by the process that sent it."""
    return notification["status"] in ("sending", "unconfirmed") or (
        notification["status"] == "sent" and (notification.get("detail") or "").startswith("recorded after a restart")
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
