"""Every HTTP request gets a correlation id, one access log line and its count and latency.

The correlation id is the caller's ``X-Correlation-ID`` when it is short and of safe
characters (see ``shared.log_context``), else a fresh UUID4; it is set in the log context for
the request (so events made while handling it carry it) and echoed in the answer's
``X-Correlation-ID``.

The access line and the metrics name the route's template (``/api/v1/cvs/<cv_id>``), never the
path itself, the query string or a body: paths and queries can hold ids and private link codes.
A request no route matched is named ``unmatched``. Probes (``/healthz``, ``/readyz``) are logged
at DEBUG, everything else at INFO. ``/metrics`` is served beside the app and is neither logged
nor counted.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, request
from prometheus_client import CollectorRegistry

from shared.http.guards import PROBES
from shared.http.metrics import HttpMetrics, http_metrics
from shared.log_context import log_context, new_correlation_id, safe_correlation_id

log = logging.getLogger("jobmatch.access")

CORRELATION_HEADER = "X-Correlation-ID"
#: Where the request's correlation id is kept in the WSGI environ.
CORRELATION_ENVIRON = "jobmatch.correlation_id"
#: Where the template of the route that answered is kept in the WSGI environ.
ROUTE_ENVIRON = "jobmatch.route"
UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def install_request_observation(app: Flask, registry: CollectorRegistry) -> None:
    """Give every request of ``app`` a correlation id, an access log line and its HTTP metrics in ``registry``."""
    app.wsgi_app = _ObservedRequests(app.wsgi_app, http_metrics(registry))

    @app.teardown_request
    def _note_route(_exc):  # teardown runs for every request, whatever answered it
        rule = request.url_rule
        request.environ[ROUTE_ENVIRON] = rule.rule if rule is not None else UNMATCHED


class _ObservedRequests:
    """WSGI middleware around a Flask app's ``wsgi_app``."""

    def __init__(self, wsgi_app, metrics: HttpMetrics):
        self.wsgi_app = wsgi_app
        self.metrics = metrics

    def __call__(self, environ, start_response):
        correlation_id = safe_correlation_id(environ.get("HTTP_X_CORRELATION_ID")) or new_correlation_id()
        environ[CORRELATION_ENVIRON] = correlation_id
        statuses = []

        def start_with_correlation(status, headers, exc_info=None):
            statuses.append(status)
            headers = [(k, v) for k, v in headers if k.lower() != CORRELATION_HEADER.lower()]
            headers.append((CORRELATION_HEADER, correlation_id))
            return start_response(status, headers, exc_info)

        started = time.perf_counter()
        with log_context(correlation_id=correlation_id):
            try:
                return self.wsgi_app(environ, start_with_correlation)
            finally:
                self._observe(environ, statuses[-1] if statuses else "500", time.perf_counter() - started)

    def _observe(self, environ, status_line: str, seconds: float) -> None:
        method = environ.get("REQUEST_METHOD", "")
        method = method if method in _METHODS else "other"
        route = environ.get(ROUTE_ENVIRON, UNMATCHED)
        status = status_line.split(" ", 1)[0]
        self.metrics.requests.labels(method, route, status).inc()
        self.metrics.duration.labels(method, route).observe(seconds)
        duration_ms = round(seconds * 1000, 1)
        level = logging.DEBUG if environ.get("PATH_INFO") in PROBES else logging.INFO
        log.log(level, "%s %s %s %.1fms", method, route, status, duration_ms,
                extra={"http_method": method, "route": route, "status": int(status), "duration_ms": duration_ms})

