"""``/healthz`` (the process answers) and ``/readyz`` (the dependencies it needs answer).

A service may add informational checks (intake's broker: its outbox keeps accepting while the
broker is away): they are reported in the body beside the others but do not make it unready.

``/readyz`` names each failing check with the kind of error only ("unavailable
(OperationalError)"): an exception's text can carry host names, user names or worse, so it
goes to the log at debug level, never into the answer.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from flask import jsonify
from marshmallow import Schema, fields

from shared.auth.principal import ANYONE
from shared.http.access import allow
from shared.http.openapi import ApiBlueprint

log = logging.getLogger(__name__)


class ReadinessChecks:
    """Named checks that raise when a dependency is unreachable; results cached briefly.

    ``checks`` decide readiness; ``informational`` checks are run and reported the same way but
    never make the service unready.
    """

    def __init__(
        self,
        checks: dict[str, Callable[[], None]],
        cache_seconds: float = 1.0,
        informational: dict[str, Callable[[], None]] | None = None,
    ):
        self.checks = checks
        self.informational = dict(informational or {})
        self.cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._cached: tuple[float, dict[str, str]] | None = None

    def run(self) -> dict[str, str]:
        """Return ``{name: "ok" | reason}`` for every check."""
        with self._lock:
            now = time.monotonic()
            if self._cached and now - self._cached[0] < self.cache_seconds:
                return self._cached[1]
            results = {}
            for name, check in {**self.checks, **self.informational}.items():
                try:
                    check()
                    results[name] = "ok"
                except Exception as exc:  # any failure means not ready; report which kind
                    results[name] = f"unavailable ({type(exc).__name__})"
                    log.debug("readiness check %s failed", name, exc_info=True)
            self._cached = (now, results)
            return results

    def ready(self, results: dict[str, str]) -> bool:
        """True when every check that decides readiness is ``ok`` in ``results``."""
        return all(results.get(name) == "ok" for name in self.checks)


class Liveness(Schema):
    """The process answers."""

    status = fields.String(required=True)


class Readiness(Schema):
    """Whether the service can do its job, and each check's result."""

    status = fields.String(required=True)
    checks = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


def health_blueprint(readiness: ReadinessChecks) -> ApiBlueprint:
    """Blueprint with ``/healthz`` and ``/readyz`` (503 while any check fails)."""
    bp = ApiBlueprint("health", __name__, description="Liveness and readiness")

    @bp.get("/healthz")
    @allow(ANYONE)
    @bp.response(200, Liveness)
    def healthz():
        """The process answers."""
        return {"status": "ok"}

    @bp.get("/readyz")
    @allow(ANYONE)
    @bp.response(200, Readiness)
    @bp.alt_response(503, schema=Readiness, description="A dependency is unreachable")
    def readyz():
        """Ready when every needed dependency answers; 503 naming the ones that do not."""
        results = readiness.run()
        ready = readiness.ready(results)
        return jsonify(status="ready" if ready else "not ready", checks=results), 200 if ready else 503

    return bp
