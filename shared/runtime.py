"""Running a service process: its HTTP server and worker threads, stopped cleanly on a signal.

A worker is any object with ``name``, ``run()`` (blocks until stopped) and ``stop()``. On
SIGTERM or SIGINT the workers are asked to stop, the HTTP server closes, and the process exits
once all have finished or ``grace_seconds`` passed (a consumer returns unacked messages to the
broker when its connection closes, so nothing in flight is lost).

HTTP is served by waitress with ``HttpSettings.threads`` threads in this one process. The
process is never forked into several HTTP workers: its consumer, outbox relay and other workers
would be forked with it and run once per worker. More capacity means more replicas.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from waitress.server import create_server

from shared.config import HttpSettings

log = logging.getLogger(__name__)


def run_service(
    name: str, app, http: HttpSettings, workers: list, grace_seconds: float = 8.0, largest_route_body: int = 0
) -> int:
    """Serve ``app`` and run ``workers`` until SIGTERM/SIGINT; return the exit code.

    ``largest_route_body``: the biggest body a route admits with its own ``body_limit`` (uploads).
    """
    stopping = threading.Event()

    def _on_signal(signum, _frame):
        log.info("received %s; stopping", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    # waitress reads a whole body before the app sees it: cap it there too (at twice the largest
    # limit, so a body just over it still gets the app's problem+json 413), and a huge body is
    # refused as it arrives instead of being spooled first.
    cap = 2 * max(http.max_body_bytes, largest_route_body)
    server = create_server(app, host=http.host, port=http.port, threads=http.threads, ident=name, max_request_body_size=cap)
    threads = [threading.Thread(target=server.run, name="http", daemon=True)]
    threads += [threading.Thread(target=_run_worker, args=(w, stopping), name=w.name, daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    log.info("%s listening on http://%s:%d", name, http.host, http.port)

    while not stopping.wait(0.5):
        pass
    # One signal is enough: a second one (Ctrl-C reaches a whole process group, then a
    # supervisor sends SIGTERM) must not kill the process halfway through its clean stop.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    deadline = time.monotonic() + grace_seconds
    for worker in workers:
        worker.stop()
    server.close()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        close = getattr(worker, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # shutting down; a failing close must not block the exit
                log.warning("closing %s failed", worker.name, exc_info=True)
    alive = [t.name for t in threads if t.is_alive()]
    if alive:
        log.warning("exiting with threads still running: %s", ", ".join(alive))
    log.info("%s stopped", name)
    return 0


def _run_worker(worker, stopping: threading.Event) -> None:
    try:
        worker.run()
    except Exception:
        log.exception("worker %s crashed; stopping the service", worker.name)
        stopping.set()
