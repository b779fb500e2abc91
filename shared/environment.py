"""Development or production (``JOBMATCH_ENV``), and the embedded defaults each allows.

Development (the default) runs on embedded stand-ins for what a deployment provides: the
filesystem bus, SQLite files, no operator token, files instead of email and SMS. A service
names the stand-ins it starts on in one WARNING line. Production refuses to start on any of
them: ``check_start`` raises ConfigError naming every variable that is missing, so an operator
fixes them all at once. Each service lists its stand-ins (``Standin``); the common ones come
from ``common_standins``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from shared.config import ConfigError

ENV_VARIABLE = "JOBMATCH_ENV"
DEVELOPMENT, PRODUCTION = "development", "production"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Standin:
    """An embedded default in use: the ``variable`` left unset, what runs ``instead``, what production ``needs``."""

    variable: str
    instead: str
    needs: str


def is_production(environ=os.environ) -> bool:
    """True when ``JOBMATCH_ENV`` is ``production``; ConfigError for a value other than development or production."""
    value = (environ.get(ENV_VARIABLE) or DEVELOPMENT).strip().lower()
    if value not in (DEVELOPMENT, PRODUCTION):
        raise ConfigError(f"{ENV_VARIABLE} must be {DEVELOPMENT} or {PRODUCTION}, got {value!r}")
    return value == PRODUCTION


def common_standins(service: str, *, database_url: str | None, bus_url: str | None, admin_token: str | None) -> list[Standin]:
    """The stand-ins every service with a database, a bus and operator calls may run on.

    ``database_url`` or ``bus_url`` None: the service has none (nothing to check).
    """
    found = []
    if bus_url is not None and not bus_url.startswith(("amqp://", "amqps://", "pyamqp://")):
        found.append(Standin("JOBMATCH_BROKER_URL", f"the embedded {bus_url.split(':', 1)[0]} bus",
                             "an amqp:// or amqps:// RabbitMQ URL"))
    if database_url is not None and database_url.startswith("sqlite"):
        found.append(Standin(f"{service.upper()}_DATABASE_URL", "SQLite", "a postgresql:// URL"))
    if admin_token is None:
        found.append(Standin("JOBMATCH_ADMIN_TOKEN", "no operator token (operator calls get 401)",
                             "the operator's token, 16+ characters"))
    return found


def check_start(service: str, standins: list[Standin], production: bool) -> None:
    """Refuse (ConfigError) to start a production service on ``standins``; in development, warn once listing them."""
    if not standins:
        return
    if production:
        missing = "; ".join(f"{s.variable} ({s.needs}; now {s.instead})" for s in standins)
        raise ConfigError(f"{ENV_VARIABLE}=production and {service} would run on embedded defaults; set {missing}")
    log.warning(
        "development mode (%s is not production): %s runs on embedded defaults: %s. %s=production refuses to start on them",
        ENV_VARIABLE, service, "; ".join(f"{s.variable} unset: {s.instead}" for s in standins), ENV_VARIABLE,
    )
