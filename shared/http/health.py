"""``/healthz`` (the process answers) and ``/readyz`` (its broker and database answer)."""

from __future__ import annotations

import threading
import time
from typing import Callable

from flask import Blueprint, jsonify


class ReadinessChecks:
    """Named checks that raise when a dependency is unreachable; results cached briefly."""

    def __init__(self, checks: dict[str, Callable[[], None]], cache_seconds: float = 1.0):
        self.checks = checks
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
            for name, check in self.checks.items():
                try:
                    check()
                    results[name] = "ok"
                except Exception as exc:  # any failure means not ready; report why
                    results[name] = f"unavailable: {exc}"[:300]
            self._cached = (now, results)
            return results


def health_blueprint(readiness: ReadinessChecks) -> Blueprint:
    """Blueprint with ``/healthz`` and ``/readyz`` (503 while any check fails)."""
    bp = Blueprint("health", __name__)

    @bp.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @bp.get("/readyz")
    def readyz():
        results = readiness.run()
        ready = all(v == "ok" for v in results.values())
        return jsonify(status="ready" if ready else "not ready", checks=results), 200 if ready else 503

    return bp
