"""Prometheus ``/metrics`` for a Flask app, from its own registry, and the metrics every HTTP service has.

Each service keeps its metrics in its own ``CollectorRegistry``. ``mount_metrics`` serves it and
adds the process' own (CPU, memory, open files, start time: ``process_*``; the Python version:
``python_info``; garbage collection: ``python_gc_*``). ``http_metrics`` gives the request
counter and latency histogram of a registry, made once per registry (an app built twice on one
service shares them).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from flask import Flask
from prometheus_client import CollectorRegistry, Counter, Histogram, make_wsgi_app
from prometheus_client import GCCollector, PlatformCollector, ProcessCollector
from werkzeug.middleware.dispatcher import DispatcherMiddleware

#: Upper bounds of the request latency buckets, in seconds (a page or an upload may take seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass(frozen=True)
class HttpMetrics:
    """Requests by method, route template and status; their latency by method and route."""

    requests: Counter
    duration: Histogram


_lock = threading.Lock()
_http: "weakref.WeakKeyDictionary[CollectorRegistry, HttpMetrics]" = weakref.WeakKeyDictionary()
_with_process: "weakref.WeakSet[CollectorRegistry]" = weakref.WeakSet()


def http_metrics(registry: CollectorRegistry) -> HttpMetrics:
    """The HTTP metrics in ``registry``, registered on first call."""
    with _lock:
        if registry not in _http:
            _http[registry] = HttpMetrics(
                requests=Counter("jobmatch_http_requests", "HTTP requests answered, by route template and status",
                                 ["method", "route", "status"], registry=registry),
                duration=Histogram("jobmatch_http_request_duration_seconds", "Time to answer an HTTP request",
                                   ["method", "route"], buckets=LATENCY_BUCKETS, registry=registry),
            )
        return _http[registry]


def register_process_metrics(registry: CollectorRegistry) -> None:
    """Add the process, platform and garbage-collector collectors to ``registry`` (once per registry)."""
    with _lock:
        if registry in _with_process:
            return
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        _with_process.add(registry)


def mount_metrics(app: Flask, registry: CollectorRegistry) -> None:
    """Serve ``registry`` (with the process metrics added) at ``/metrics`` beside the app's own routes."""
    register_process_metrics(registry)
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/metrics": make_wsgi_app(registry)})
