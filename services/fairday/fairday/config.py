"""Fairday settings from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.auth.settings import AuthSettings
from shared.bus.settings import BusSettings
from shared.config import ConfigError, HttpSettings, database_url, env_int
from shared.environment import Standin, common_standins, is_production

SERVICE = "fairday"
DEFAULT_PORT = 8004


@dataclass(frozen=True)
class FairdayConfig:
    """Everything fairday needs to start; its repr leaves out the database URL (it may hold a password)."""

    database_url: str = field(repr=False)
    http: HttpSettings
    bus: BusSettings
    auth: AuthSettings = field(default_factory=AuthSettings)
    # A stall's call holds its candidate this long against calls from other stalls.
    call_hold_seconds: int = 60
    # A CV received this shortly before its check-in is a walk-in (registered at the kiosk).
    walk_in_seconds: int = 3600
    # How many stalls a check-in suggests.
    suggested_stalls: int = 3
    # A walk-in checked in before any match of its new CV waits at most this long for its suggestions.
    suggestion_wait_seconds: int = 60
    production: bool = False

    def standins(self) -> list[Standin]:
        """The embedded defaults this configuration runs on (production refuses them)."""
        return common_standins(SERVICE, database_url=self.database_url, bus_url=self.bus.url, admin_token=self.auth.admin_token)

    @classmethod
    def from_env(cls, environ=os.environ) -> "FairdayConfig":
        """Read FAIRDAY_DATABASE_URL, FAIRDAY_HOST/PORT and the fair day's FAIRDAY_* timings (see README, Configuration)."""
        hold = env_int("FAIRDAY_CALL_HOLD_SECONDS", 60, environ)
        walk_in = env_int("FAIRDAY_WALK_IN_SECONDS", 3600, environ)
        stalls = env_int("FAIRDAY_SUGGESTED_STALLS", 3, environ)
        wait = env_int("FAIRDAY_SUGGESTION_WAIT_SECONDS", 60, environ)
        if hold < 1 or walk_in < 0 or not 1 <= stalls <= 10 or wait < 0:
            raise ConfigError("FAIRDAY_CALL_HOLD_SECONDS must be ≥ 1, FAIRDAY_WALK_IN_SECONDS ≥ 0, FAIRDAY_SUGGESTED_STALLS 1–10, "
                              "FAIRDAY_SUGGESTION_WAIT_SECONDS ≥ 0")
        return cls(
            database_url=database_url(SERVICE, environ),
            http=HttpSettings.from_env(SERVICE, DEFAULT_PORT, environ),
            bus=BusSettings.from_env(environ),
            auth=AuthSettings.from_env(environ),
            call_hold_seconds=hold,
            walk_in_seconds=walk_in,
            suggested_stalls=stalls,
            suggestion_wait_seconds=wait,
            production=is_production(environ),
        )
