"""Matcher settings from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from shared.auth.settings import AuthSettings
from shared.bus.settings import BusSettings
from shared.config import ConfigError, HttpSettings, database_url, env_float, env_int, var_dir
from shared.environment import Standin, common_standins, is_production

SERVICE = "matcher"
DEFAULT_PORT = 8001


@dataclass(frozen=True)
class MatcherConfig:
    """Everything the matcher needs to start; its repr leaves out the database URL (it may hold a password)."""

    database_url: str = field(repr=False)
    http: HttpSettings
    bus: BusSettings
    match_threshold: float
    notify_top: int
    auth: AuthSettings = field(default_factory=AuthSettings)
    production: bool = False
    index_snapshot: Path | None = None  # the index saved to this file, read back at start (None: not kept)
    index_snapshot_seconds: float = 300.0  # at most this often, when the index changed (and at shutdown)

    def standins(self) -> list[Standin]:
        """The embedded defaults this configuration runs on (production refuses them)."""
        return common_standins(SERVICE, database_url=self.database_url, bus_url=self.bus.url, admin_token=self.auth.admin_token)

    @classmethod
    def from_env(cls, environ=os.environ) -> "MatcherConfig":
        """Read MATCHER_DATABASE_URL, MATCHER_HOST/PORT, MATCHER_MATCH_THRESHOLD, MATCHER_NOTIFY_TOP,
        MATCHER_INDEX_SNAPSHOT(_SECONDS), JOBMATCH_ADMIN_TOKEN, JOBMATCH_ENV."""
        threshold = env_float("MATCHER_MATCH_THRESHOLD", 0.3, environ)
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"MATCHER_MATCH_THRESHOLD must be between 0 and 1, got {threshold}")
        top = env_int("MATCHER_NOTIFY_TOP", 10, environ)
        if top < 1:
            raise ConfigError(f"MATCHER_NOTIFY_TOP must be at least 1, got {top}")
        snapshot_seconds = env_float("MATCHER_INDEX_SNAPSHOT_SECONDS", 300.0, environ)
        if not snapshot_seconds > 0:
            raise ConfigError(f"MATCHER_INDEX_SNAPSHOT_SECONDS must be more than 0, got {snapshot_seconds}")
        return cls(
            database_url=database_url(SERVICE, environ),
            http=HttpSettings.from_env(SERVICE, DEFAULT_PORT, environ),
            bus=BusSettings.from_env(environ),
            match_threshold=threshold,
            notify_top=top,
            auth=AuthSettings.from_env(environ),
            production=is_production(environ),
            index_snapshot=_snapshot_path(environ),
            index_snapshot_seconds=snapshot_seconds,
        )


def _snapshot_path(environ) -> Path | None:
    """MATCHER_INDEX_SNAPSHOT: the snapshot file; "off" keeps none; unset: ``matcher-index.snapshot`` in the var directory."""
    value = environ.get("MATCHER_INDEX_SNAPSHOT", "").strip()
    if value.lower() == "off":
        return None
    return Path(value) if value else var_dir(environ) / "matcher-index.snapshot"
