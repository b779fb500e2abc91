"""Prometheus ``/metrics`` for a Flask app, from its own registry."""

from __future__ import annotations

from flask import Flask
from prometheus_client import CollectorRegistry, make_wsgi_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware


def mount_metrics(app: Flask, registry: CollectorRegistry) -> None:
    """Serve ``registry`` at ``/metrics`` beside the app's own routes."""
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/metrics": make_wsgi_app(registry)})
