"""The fault scenarios. Each builds its own stack, injects its fault, waits for the end state and
returns a ``Result`` (one row of the table). A scenario never raises: errors land in the result.

Faults are triggered by events (so many CVs accepted, so many indexed, so many files sent),
never by sleeping; the end state is awaited with deadlines.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import signal
import time
import traceback
import uuid
from dataclasses import dataclass
from typing import Callable

from kombu import Queue

from shared.events import types
from shared.events.envelope import new_event
from tests.chaos import data
from tests.chaos.harness import Background, ChaosEnv, Poster, Result, ScenarioError
from tests.chaos.smtp_sink import SmtpSink
from tests.waiting import wait_for

PRODUCER = "chaos"


def _run(name: str, body: Callable[[Result], None]) -> Result:
    result = Result(name)
    started = time.monotonic()
    try:
        body(result)
    except ScenarioError as exc:
        result.error = str(exc)
    except Exception as exc:  # any other failure is an error of the scenario, with its traceback
        result.error = f"{exc!r}\n{traceback.format_exc(limit=6)}"
    result.seconds = time.monotonic() - started
    return result


def _settle_timeout(n: int) -> float:
    return 30 + n * 0.15


# -- baseline ---------------------------------------------------------------------------------------


def baseline(cvs: int = 100) -> Result:
    """No fault: checks the data assumption (each CV matches exactly the call-centre posting, one
    notification each) that every other scenario's expectations rest on."""

    def body(result: Result) -> None:
        with ChaosEnv("baseline", result) as env:
            posting_ids = env.post_postings()
            poster = Poster(env, data.call_centre_cvs(cvs, seed=1))
            poster.start()
            poster.finish()
            poster.summarise(result, require_all=True)
            env.settle(len(poster.accepted), _settle_timeout(cvs))
            env.measure(poster.accepted, posting_ids[0], poster.offered)
            _check_scores(env, result, poster.accepted, posting_ids)

    return _run(f"baseline ({cvs} CVs, no fault)", body)


def _check_scores(env: ChaosEnv, result: Result, cv_ids: list[str], posting_ids: list[str]) -> None:
    """Each CV scores at least MARGIN above the threshold for the call-centre posting and at least
    MARGIN below it for the others; report the ranges."""
    target, others = [], []
    for cv in cv_ids:
        status, body = env.get("matcher", f"/api/v1/cvs/{cv}/matches?limit=10")
        if status != 200:
            continue
        for m in body["matches"]:
            (target if m["posting_id"] == posting_ids[0] else others).append(m["score"])
    result.note(f"scores: call-centre posting {min(target, default=0):.3f}..{max(target, default=0):.3f}, other postings "
                f"{min(others, default=0):.3f}..{max(others, default=0):.3f} (threshold {data.MATCH_THRESHOLD})")
    result.check(len(target) == len(cv_ids) and min(target, default=0) >= data.MATCH_THRESHOLD + data.MARGIN,
                 "some CV scores too close to (or under) the threshold for the call-centre posting")
    result.check(max(others, default=0) <= data.MATCH_THRESHOLD - data.MARGIN,
                 "some CV scores too close to (or over) the threshold for another posting")


# -- 1. broker outage -----------------------------------------------------------------------------------


def broker_outage(cvs: int = 500, outage: float = 10.0) -> Result:
    """The broker is unreachable (a cut proxy) for at least ``outage`` seconds in the middle of
    posting ``cvs`` CVs: every POST is a 201 within 2 s; afterwards all are indexed and each
    notification is sent exactly once."""

    def body(result: Result) -> None:
        with ChaosEnv("outage", result, via_proxy=True) as env:
            posting_ids = env.post_postings()
            # Paced so that the cut comes after a quarter of the CVs and ends before the last quarter.
            poster = Poster(env, data.call_centre_cvs(cvs, seed=2), rate=cvs / (1.6 * outage))
            poster.start()
            poster.wait_offered(cvs // 4, timeout=60)
            closed = env.proxy.cut()
            cut_at, cut_offered = time.monotonic(), poster.offered
            # Evidence that the outage is real: intake keeps accepting and its outbox grows.
            peak = {"backlog": 0, "ready": None}

            def outage_over():
                stats = env.stats("intake") or {}
                peak["backlog"] = max(peak["backlog"], stats.get("outbox_backlog", 0))
                elapsed = time.monotonic() - cut_at
                if peak["ready"] is None and elapsed >= min(1.5, outage / 2):  # past readiness' 1 s cache
                    peak["ready"] = env.get("intake", "/readyz")[0]
                return elapsed >= outage and (poster.offered >= 3 * cvs // 4 or not poster.is_alive())

            wait_for(outage_over, timeout=outage + 120, interval=0.1, message="the outage did not end")
            ready = peak["ready"]
            env.proxy.restore()
            lasted = time.monotonic() - cut_at
            result.note(f"broker cut after {cut_offered} CVs ({closed} connections closed) for {lasted:.1f}s, "
                        f"{poster.offered - cut_offered} CVs posted meanwhile; intake /readyz during the cut: "
                        f"{ready}; intake outbox backlog peaked at {peak['backlog']}")
            result.check(lasted >= outage, f"the outage lasted only {lasted:.1f}s")
            poster.finish()
            poster.summarise(result, require_all=True)
            try:
                drained = wait_for(lambda: (env.stats("matcher") or {}).get("cvs", 0) >= len(poster.accepted)
                                   and time.monotonic(), timeout=_settle_timeout(cvs) + 30, interval=0.1)
                result.note(f"the matcher had indexed all {len(poster.accepted)} CVs "
                            f"{drained - cut_at - lasted:.1f}s after the broker came back")
            except AssertionError:  # measured below as not indexed
                result.note(f"the matcher never indexed all CVs after the broker came back: {env.describe_state()}")
            env.settle(len(poster.accepted), _settle_timeout(cvs))
            result.note(f"proxy forwarded {env.proxy.accepted} connections in all")
            env.measure(poster.accepted, posting_ids[0], poster.offered)

    return _run(f"1 broker outage ({cvs} CVs, >={outage:g}s cut)", body)


# -- 2. matcher killed ------------------------------------------------------------------------------


def matcher_killed(cvs: int = 300, kills: int = 2) -> Result:
    """The matcher is SIGKILLed ``kills`` times mid-stream and restarted: nothing lost, no
    duplicate match or notification."""

    def body(result: Result) -> None:
        with ChaosEnv("matcher-kill", result) as env:
            posting_ids = env.post_postings()
            poster = Poster(env, data.call_centre_cvs(cvs, seed=3), rate=cvs / 12)
            poster.start()
            for k in range(1, kills + 1):
                # Kill while the matcher is busy: it has indexed k/(kills+1) of the stream.
                target = k * cvs // (kills + 1)
                wait_for(lambda: ((env.stats("matcher") or {}).get("cvs", 0) >= target), timeout=60, interval=0.02,
                         message=f"the matcher did not index {target} CVs")
                indexed = (env.stats("matcher") or {}).get("cvs", 0)
                posted, depth = len(poster.accepted), env.queue_depth(env.consumer_queue("matcher"))[0]
                env.kill("matcher")
                result.note(f"kill {k}: {indexed} of {posted} accepted CVs indexed, {depth} more ready in its queue")
                env.restart("matcher")
            poster.finish()
            poster.summarise(result, require_all=True)
            env.settle(len(poster.accepted), _settle_timeout(cvs))
            env.measure(poster.accepted, posting_ids[0], poster.offered)

    return _run(f"2 matcher SIGKILL x{kills} ({cvs} CVs)", body)


def matcher_replicas(cvs: int = 150) -> Result:
    """A second matcher replica shares the work and is SIGKILLed mid-stream, then a third joins
    late: nothing lost, no duplicate match or notification, and the late replica's index holds every
    document and ranks as the first."""

    def body(result: Result) -> None:
        with ChaosEnv("matcher-replicas", result) as env:
            posting_ids = env.post_postings()
            env.start_replica("second")
            poster = Poster(env, data.call_centre_cvs(cvs, seed=7), rate=cvs / 12)
            poster.start()
            # Kill the second replica while both are busy: half the stream is indexed.
            wait_for(lambda: ((env.stats("matcher") or {}).get("cvs", 0) >= cvs // 2), timeout=60, interval=0.02,
                     message=f"the matcher did not index {cvs // 2} CVs")
            took = ((env.replica_stats("second") or {}).get("consumer") or {}).get("handled", 0)
            result.check(took > 0, "the second replica handled no event: the replicas did not share the work")
            result.note(f"the second replica handled {took} events before it was killed")
            env.kill_replica("second")
            poster.finish()
            poster.summarise(result, require_all=True)
            env.settle(len(poster.accepted), _settle_timeout(cvs))
            env.measure(poster.accepted, posting_ids[0], poster.offered)
            # A replica started now catches up from the database and its queue, and ranks alike.
            env.start_replica("late")
            first = env.stats("matcher") or {}
            wait_for(lambda: {k: (env.replica_stats("late") or {}).get(k) for k in ("cvs", "postings")}
                     == {k: first.get(k) for k in ("cvs", "postings")}, timeout=60, interval=0.2,
                     message="the late replica's index did not catch up")
            path = f"/api/v1/postings/{posting_ids[0]}/matches?limit=50"
            status, mine = env.get("matcher", path, timeout=10)
            late_status, late = env.replica_get("late", path)
            result.check(status == late_status == 200 and mine["matches"] == late["matches"],
                         "the late replica ranks the call-centre posting's CVs unlike the first")

    return _run(f"2b matcher replicas, one SIGKILLed, one late ({cvs} CVs)", body)


# -- 3. notifier killed while sending ----------------------------------------------------------------


def notifier_killed(cvs: int = 300, smtp_delay: float | None = None, lease: float = 5.0) -> Result:
    """The notifier is SIGKILLed while it sends and restarted: each notification is recorded
    once. Notifications whose outcome the killed process did not record are counted as
    uncertain; whether each one reached the candidate is checked at the outbox directory or,
    with ``smtp_delay``, at an SMTP server that takes that long per message."""

    def body(result: Result) -> None:
        with contextlib.ExitStack() as stack:
            # The SMTP server stalls on the first email (as real ones now and then do), so the
            # notices pile up behind it and the dispatcher's later claims are full batches.
            sink = stack.enter_context(SmtpSink(smtp_delay, first_delay=3.0)) if smtp_delay is not None else None
            env = stack.enter_context(ChaosEnv("notifier-kill", result, smtp_sink=sink,
                                               extra_env={"NOTIFIER_SEND_LEASE_SECONDS": str(lease)}))
            posting_ids = env.post_postings()
            # A backlog makes "while sending" certain: the notifier starts late, with matches waiting.
            env.terminate("notifier")
            first = cvs // 2
            all_cvs = data.call_centre_cvs(cvs, seed=4)
            poster = Poster(env, all_cvs[:first])
            poster.start()
            poster.finish()
            wait_for(lambda: (lambda m: m.get("matches_published") == len(poster.accepted) and m["outbox_backlog"] == 0)(
                env.stats("matcher") or {"outbox_backlog": 1}), timeout=60, message="the matcher did not publish")
            target = cvs // 4
            if sink is not None:
                # The SMTP server itself kills the notifier while it waits for message N's reply.
                sink.arm(target, lambda: os.kill(env.stack.processes["notifier"].pid, signal.SIGKILL))
            env.restart("notifier")
            rest = Poster(env, all_cvs[first:])
            rest.start()
            if sink is not None:
                wait_for(sink.fired.is_set, timeout=60, message=f"the notifier did not send {target} emails")
                env.kill("notifier")
                result.note(f"killed by the SMTP server on receiving email {target}, before answering it")
            else:
                wait_for(lambda: sum(env.delivered().values()) >= target, timeout=60, interval=0.005,
                         message=f"the notifier did not send {target} notifications")
                # "While sending": its own stats show a claimed notification not yet recorded.
                claimed = wait_for(lambda: (env_notification_statuses(env) or {}).get("sending", 0), timeout=30,
                                   interval=0.001, message="the notifier was never seen sending")
                env.kill("notifier")
                result.note(f"killed after {sum(env.delivered().values())} outbox files, just after its stats showed "
                            f"{claimed} notification(s) 'sending'")
            env.restart("notifier")
            # The restarted notifier settles claims older than the lease.
            wait_for(lambda: (env_notification_statuses(env) or {"sending": 1}).get("sending", 0) == 0,
                     timeout=lease + 30, message="notifications stayed 'sending' past the lease")
            rest.finish()
            for p in (poster, rest):
                p.summarise(result, require_all=True)
            accepted = poster.accepted + rest.accepted
            env.settle(len(accepted), _settle_timeout(cvs))
            env.measure(accepted, posting_ids[0], poster.offered + rest.offered)

    how = "file outbox" if smtp_delay is None else f"SMTP {smtp_delay * 1000:.0f} ms/msg"
    return _run(f"3 notifier SIGKILL while sending ({cvs} CVs, {how})", body)


def env_notification_statuses(env: ChaosEnv) -> dict | None:
    """Notification counts by status from the notifier's stats (None while it does not answer)."""
    stats = env.stats("notifier")
    return stats["notifications"] if stats else None


# -- 4. duplicates and reordering ----------------------------------------------------------------------


@dataclass
class _DirectCv:
    cv_id: str
    cv: dict


def duplicates_and_reordering(early_via_intake: int = 3, direct: int = 4, late_via_intake: int = 3) -> Result:
    """The same events delivered twice, CVs before their posting, matches before contacts:
    one effect each and the right end state."""

    def body(result: Result) -> None:
        with ChaosEnv("dup-reorder", result) as env:
            all_cvs = data.call_centre_cvs(early_via_intake + direct + late_via_intake, seed=5)
            early = all_cvs[:early_via_intake]
            directs = [_DirectCv(str(uuid.uuid4()), cv) for cv in all_cvs[early_via_intake:early_via_intake + direct]]
            late = all_cvs[early_via_intake + direct:]
            result.check(early_via_intake + direct <= 10, "more early CVs than MATCHER_NOTIFY_TOP")

            # a) CVs arrive before any posting exists: through intake, and published directly twice.
            accepted = []
            for cv in early:
                status, body_ = env.post("/api/v1/cvs", cv)
                if status != 201:
                    raise ScenarioError(f"CV not accepted: {status} {body_}")
                accepted.append(body_["id"])
            half = len(directs) // 2
            cv_events = {}
            for i, d in enumerate(directs):
                cv_events[d.cv_id] = new_event(types.CV_RECEIVED, data.cv_received_data(d.cv_id, d.cv), producer=PRODUCER)
                env.publish(cv_events[d.cv_id], times=2)
                if i < half:  # the others' contacts come only after their matches
                    contact = new_event(types.CANDIDATE_REGISTERED, data.candidate_registered_data(d.cv_id, d.cv),
                                        producer=PRODUCER)
                    env.publish(contact, times=2)
                accepted.append(d.cv_id)
            n_early = len(early) + len(directs)
            wait_for(lambda: (env.stats("matcher") or {}).get("cvs") == n_early, timeout=20,
                     message=f"the matcher did not index the {n_early} early CVs")
            m = env.stats("matcher")
            result.check(m["matches_published"] == 0 and m["postings"] == 0, f"matches before any posting: {m}")
            result.check(m["events_processed"] == n_early,
                         f"matcher processed {m['events_processed']} events for {n_early} distinct cv.received")

            # b) The postings arrive afterwards, each published twice.
            posting_ids = [str(uuid.uuid4()) for _ in data.POSTINGS]
            for pid, posting in zip(posting_ids, data.POSTINGS):
                env.publish(new_event(types.POSTING_PUBLISHED, data.posting_published_data(pid, posting),
                                      producer=PRODUCER), times=2)
            wait_for(lambda: (env.stats("matcher") or {}).get("matches_published") == n_early, timeout=20,
                     message=f"the postings did not match the {n_early} early CVs")

            # c) Matches before contacts: those matches wait for the contact (no digest yet), then go out.
            waiting = {d.cv_id for d in directs[half:]}

            def contacts_awaited():
                rows = env.notifications()
                kept = (env.stats("notifier") or {}).get("matches", {})
                return (len(rows) == n_early - len(waiting) and not {r["cv_id"] for r in rows} & waiting
                        and sum(r["status"] == "sent" for r in rows) == n_early - len(waiting)
                        and kept.get("waiting") == len(waiting))

            wait_for(contacts_awaited, timeout=20, message="notifications did not wait for the missing contacts")
            for d in directs[half:]:
                env.publish(new_event(types.CANDIDATE_REGISTERED, data.candidate_registered_data(d.cv_id, d.cv),
                                      producer=PRODUCER), times=2)

            # d) Late duplicates: intake's own cv.received and a match.found, re-published
            # byte for byte; and the same CV again under a new event id.
            wait_for(lambda: sum(r["status"] == "sent" for r in env.notifications()) == n_early, timeout=20,
                     message="the awaited notifications were not sent")
            env.drain_observer()
            intake_cv = next(o for o in env.observed if o["routing_key"] == types.CV_RECEIVED
                             and (o["event"] or {}).get("producer") == "intake")
            a_match = next(o for o in env.observed if o["routing_key"] == types.MATCH_FOUND)
            for seen in (intake_cv, a_match):
                env.publish_raw(_json_bytes(seen["event"]), seen["routing_key"], "application/json")
            again = directs[0]
            before = env.stats("matcher")["events_processed"]
            env.publish(new_event(types.CV_RECEIVED, data.cv_received_data(again.cv_id, again.cv), producer=PRODUCER))
            wait_for(lambda: env.stats("matcher")["events_processed"] == before + 1, timeout=20,
                     message="the matcher did not process the re-sent CV")

            # e) Ordinary traffic afterwards.
            for cv in late:
                status, body_ = env.post("/api/v1/cvs", cv)
                if status != 201:
                    raise ScenarioError(f"CV not accepted: {status} {body_}")
                accepted.append(body_["id"])
            env.settle(len(accepted), 30)
            m = env.stats("matcher")
            distinct_to_matcher = len(accepted) + len(posting_ids) + 1  # + the CV under a new id
            result.check(m["events_processed"] == distinct_to_matcher,
                         f"matcher processed {m['events_processed']} events, expected {distinct_to_matcher} distinct")
            n = env.stats("notifier")
            env.drain_observer()
            match_events = {(o["event"] or {}).get("id") for o in env.observed if o["routing_key"] == types.MATCH_FOUND}
            # a contact per CV, the postings, and each ranking's match.found (one per posting for the early CVs)
            distinct_to_notifier = len(accepted) + len(posting_ids) + len(match_events)
            result.check(n["events_processed"] == distinct_to_notifier,
                         f"notifier processed {n['events_processed']} events, expected {distinct_to_notifier} distinct")
            skipped = len(env.grep_log("matcher", "already processed")) + len(env.grep_log("notifier", "already processed"))
            result.note(f"{skipped} duplicate deliveries skipped as already processed (matcher + notifier logs)")
            env.measure(accepted, posting_ids[0], len(accepted))

    return _run("4 duplicates + reordering", body)


def _json_bytes(event: dict) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode("utf-8")


# -- 5. poison --------------------------------------------------------------------------------------


def poison() -> Result:
    """Bad JSON, an unknown event type, a wrong schema and a pickle on cv.received end in the
    matcher's dead-letter queue (bad JSON on match.found in the notifier's); the next good
    messages are processed normally."""

    def body(result: Result) -> None:
        with ChaosEnv("poison", result) as env:
            posting_ids = env.post_postings()
            cv_id = str(uuid.uuid4())
            poison_messages = {
                "bad JSON": (b'{"id": "not closed', "application/json"),
                "unknown type": (_json_bytes(_envelope_dict("cv.exploded", {"cv_id": cv_id})), "application/json"),
                "wrong schema": (_json_bytes(_envelope_dict(types.CV_RECEIVED, {"cv_id": 12, "text": None,
                                                                                "language_pref": "fr"})), "application/json"),
                "pickle": (pickle.dumps(_envelope_dict(types.CV_RECEIVED, {"cv_id": cv_id})), "application/x-python-serialize"),
            }
            for body_, content_type in poison_messages.values():
                env.publish_raw(body_, types.CV_RECEIVED, content_type)
            env.publish_raw(b"\x00\xffnot json at all", types.MATCH_FOUND, "application/json")
            # The next good messages, right behind the poison in the same queues.
            good = data.call_centre_cvs(2, seed=6)
            env.publish(new_event(types.CANDIDATE_REGISTERED, data.candidate_registered_data(cv_id, good[0]), producer=PRODUCER))
            env.publish(new_event(types.CV_RECEIVED, data.cv_received_data(cv_id, good[0]), producer=PRODUCER))
            status, posted = env.post("/api/v1/cvs", good[1])
            if status != 201:
                raise ScenarioError(f"CV not accepted: {status} {posted}")
            accepted = [cv_id, posted["id"]]

            dlq = {s: env.dead_letter_queue(s) for s in ("matcher", "notifier")}
            wait_for(lambda: env.queue_depth(dlq["matcher"])[0] >= len(poison_messages) and env.queue_depth(dlq["notifier"])[0] >= 1,
                     timeout=20, message="the poison did not reach the dead-letter queues")
            env.settle(len(accepted), 30)
            letters = {s: env.take_all(Queue(name)) for s, name in dlq.items()}
            reasons = [m["headers"].get("x-jobmatch-dead-letter-reason", "?") for m in letters["matcher"]]
            result.note(f"matcher dead letters: {len(letters['matcher'])}: " + " | ".join(r[:70] for r in reasons))
            result.check(len(letters["matcher"]) == len(poison_messages),
                         f"{len(letters['matcher'])} matcher dead letters, expected {len(poison_messages)}")
            result.check(sorted(m["body"] for m in letters["matcher"]) == sorted(b for b, _ in poison_messages.values()),
                         "the dead letters are not the poison messages, byte for byte")
            result.check(len(letters["notifier"]) == 1, f"{len(letters['notifier'])} notifier dead letters, expected 1")
            pickled = [m for m in letters["matcher"] if m["content_type"] == "application/x-python-serialize"]
            result.check(len(pickled) == 1 and "content type" in pickled[0]["headers"].get("x-jobmatch-dead-letter-reason", ""),
                         "the pickle was not dead-lettered for its content type")
            for service in ("matcher", "notifier"):
                depth, consumers = env.queue_depth(env.consumer_queue(service))
                result.check(depth == 0 and consumers >= 1, f"{service} queue: {depth} ready, {consumers} consumers")
            env.measure(accepted, posting_ids[0], len(accepted))

    return _run("5 poison -> dead-letter", body)


def _envelope_dict(event_type: str, data_: dict) -> dict:
    return {"id": str(uuid.uuid4()), "type": event_type, "version": 1, "occurred_at": "2026-03-01T10:00:00+00:00",
            "producer": PRODUCER, "correlation_id": None, "data": data_}


# -- 6. SIGTERM ---------------------------------------------------------------------------------------


def sigterm(cvs: int = 150) -> Result:
    """Each service gets SIGTERM in the middle of a stream of CVs: it exits with 0 within 10 s, is
    restarted, and nothing is lost."""

    def body(result: Result) -> None:
        with ChaosEnv("sigterm", result) as env:
            posting_ids = env.post_postings()
            poster = Poster(env, data.call_centre_cvs(cvs, seed=8), rate=cvs / 8)

            def restart_intake():  # runs in the poster between two POSTs
                env.terminate("intake")
                env.restart("intake")

            def stop_and_restart(service: str, target: int):
                # Mid-stream: the service is busy with the stream when it gets SIGTERM.
                wait_for(lambda: poster.offered >= target, timeout=60, interval=0.02,
                         message=f"the poster did not reach {target} CVs")
                env.terminate(service)
                env.restart(service)

            poster.hooks[3 * cvs // 4] = restart_intake
            faults = [Background(f"SIGTERM {service}", lambda s=service, t=share * cvs // 4: stop_and_restart(s, t))
                      for service, share in (("notifier", 1), ("matcher", 2))]
            poster.start()
            for fault in faults:
                fault.start()
            for fault in faults:
                fault.finish()
            poster.finish()
            poster.summarise(result, require_all=True)
            env.settle(len(poster.accepted), _settle_timeout(cvs))
            env.measure(poster.accepted, posting_ids[0], poster.offered)

    return _run(f"6 SIGTERM each service ({cvs} CVs)", body)


#: The small versions `make test` runs (pytest tests/chaos).
FAST = {
    "outage": lambda: broker_outage(50, 3.0),
    "duplicates": duplicates_and_reordering,
    "poison": poison,
    "sigterm": lambda: sigterm(40),
    "matcher-replicas": lambda: matcher_replicas(40),
}

#: Everything at full size: `make chaos` (python -m tests.chaos), or pytest with JOBMATCH_CHAOS_FULL=1.
FULL = {
    "baseline": lambda: baseline(50),
    "outage": lambda: broker_outage(500, 10.0),
    "matcher-kill": lambda: matcher_killed(150, 2),
    "matcher-replicas": lambda: matcher_replicas(150),
    "notifier-kill": lambda: notifier_killed(120),
    "notifier-kill-smtp": lambda: notifier_killed(120, smtp_delay=0.04),
    "duplicates": duplicates_and_reordering,
    "poison": poison,
    "sigterm": lambda: sigterm(100),
}
