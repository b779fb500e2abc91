"""Starting before the database: a service waits for it, alive and saying it is not ready yet.

A service whose database is not reachable at start (PostgreSQL still starting, a network not up
yet) does not crash into a restart loop. Until the database answers it serves only its probes on
its own port: ``/healthz`` 200 (the process is alive) and ``/readyz`` 503 with the reason, so an
orchestrator neither kills it nor sends it traffic. Once the database answers, the probe server
closes and the service starts as usual (migrations, index, workers). SIGTERM while waiting ends
the process cleanly.
"""

from __future__ import annotations

import json
import logging
import signal
import threading

from sqlalchemy import text
from waitress.server import create_server

from shared.config import HttpSettings
from shared.db.engine import make_engine

log = logging.getLogger(__name__)
MAX_PAUSE_SECONDS = 10.0


def database_problem(url: str) -> str | None:
    """None when the database at ``url`` answers a query, else why not (no password in it)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # any driver error means: not reachable yet
        return f"unavailable ({type(exc).__name__})"
    finally:
        engine.dispose()


def _probes(reason: list[str]):
    """A WSGI app answering only the probes while the service waits."""

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            status, body = "200 OK", {"status": "ok"}
        else:
            status, body = "503 Service Unavailable", {"status": "starting", "checks": {"database": reason[0]}}
        payload = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]

    return app


def wait_for_database(service: str, url: str, http: HttpSettings) -> bool:
    """Return True once the database answers (at once when it does); False when SIGTERM/SIGINT came first."""
    problem = database_problem(url)
    if problem is None:
        return True
    reason = [problem]
    stopping = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stopping.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    server = create_server(_probes(reason), host=http.host, port=http.port, threads=2, ident=service)
    thread = threading.Thread(target=server.run, name="probes", daemon=True)
    thread.start()
    pause = 1.0
    try:
        while problem is not None:
            log.warning("%s waits for its database: %s; /readyz says 503 until it answers (next try in %.0fs)",
                        service, problem, pause)
            if stopping.wait(pause):
                return False
            pause = min(MAX_PAUSE_SECONDS, pause * 2)
            problem = database_problem(url)
            reason[0] = problem or "ok"
        log.info("%s: the database answers; starting", service)
        return True
    finally:
        server.close()
        thread.join(5)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
