"""Intake settings from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from shared.bus.settings import BusSettings
from shared.config import HttpSettings, database_url

SERVICE = "intake"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class IntakeConfig:
    """Everything intake needs to start."""

    database_url: str
    http: HttpSettings
    bus: BusSettings

    @classmethod
    def from_env(cls, environ=os.environ) -> "IntakeConfig":
        """Read INTAKE_DATABASE_URL, INTAKE_HOST/PORT and the JOBMATCH_* bus settings."""
        return cls(
            database_url=database_url(SERVICE, environ),
            http=HttpSettings.from_env(SERVICE, DEFAULT_PORT, environ),
            bus=BusSettings.from_env(environ),
        )
