"""Logging set-up shared by the services: one line per record, service name first."""

from __future__ import annotations

import logging
import os


def configure_logging(service: str) -> None:
    """Send log records to stderr at ``JOBMATCH_LOG_LEVEL`` (default INFO), tagged with ``service``."""
    level = os.environ.get("JOBMATCH_LOG_LEVEL", "INFO").upper()
    logging.basicConfig(
        level=level,
        format=f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    # kombu and amqp are noisy at INFO about reconnects we already log ourselves.
    logging.getLogger("amqp").setLevel(max(logging.WARNING, logging.getLevelName(level)))
