"""Intake settings from the environment."""

from __future__ import annotations

import ipaddress

import os
from dataclasses import dataclass, field

from shared.auth.settings import AuthSettings
from shared.bus.settings import BusSettings
from shared.config import ConfigError, HttpSettings, database_url, env_secret
from shared.environment import Standin, common_standins, is_production

SERVICE = "intake"
DEFAULT_PORT = 8000
DEFAULT_ANON_RATE_LIMIT = "20/minute"
DEFAULT_RATE_LIMIT_STORAGE = "memory://"
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_IMPORT_BYTES = 200 * 1024 * 1024
# The portal on the same machine forwards each kiosk user's address (X-Forwarded-For).
DEFAULT_TRUSTED_PROXIES = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class IntakeConfig:
    """Everything intake needs to start; ``anon_rate_limit`` None turns the anonymous CV limit off."""

    database_url: str
    http: HttpSettings
    bus: BusSettings
    auth: AuthSettings = field(default_factory=AuthSettings)
    anon_rate_limit: str | None = DEFAULT_ANON_RATE_LIMIT
    rate_limit_storage: str = DEFAULT_RATE_LIMIT_STORAGE
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_import_bytes: int = DEFAULT_MAX_IMPORT_BYTES
    trusted_proxies: frozenset = field(default_factory=lambda: _addresses(",".join(DEFAULT_TRUSTED_PROXIES)))
    production: bool = False

    def standins(self) -> list[Standin]:
        """The embedded defaults this configuration runs on (production refuses them)."""
        return common_standins(SERVICE, database_url=self.database_url, bus_url=self.bus.url, admin_token=self.auth.admin_token)

    @classmethod
    def from_env(cls, environ=os.environ) -> "IntakeConfig":
        """Read INTAKE_DATABASE_URL, INTAKE_HOST/PORT, INTAKE_ANON_RATE_LIMIT(_STORAGE), INTAKE_MAX_FILE_BYTES,
        INTAKE_MAX_IMPORT_BYTES, JOBMATCH_ADMIN_TOKEN, JOBMATCH_ENV and the bus."""
        return cls(
            database_url=database_url(SERVICE, environ),
            http=HttpSettings.from_env(SERVICE, DEFAULT_PORT, environ),
            bus=BusSettings.from_env(environ),
            auth=AuthSettings.from_env(environ),
            anon_rate_limit=anon_rate_limit(environ),
            rate_limit_storage=rate_limit_storage(environ),
            max_file_bytes=_size(environ, "INTAKE_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
            max_import_bytes=_size(environ, "INTAKE_MAX_IMPORT_BYTES", DEFAULT_MAX_IMPORT_BYTES),
            trusted_proxies=_addresses(environ.get("INTAKE_TRUSTED_PROXIES", ",".join(DEFAULT_TRUSTED_PROXIES))),
            production=is_production(environ),
        )


def anon_rate_limit(environ=os.environ) -> str | None:
    """INTAKE_ANON_RATE_LIMIT (default 20/minute; empty: off); ConfigError when it is not a rate."""
    from limits import parse_many

    value = environ.get("INTAKE_ANON_RATE_LIMIT", DEFAULT_ANON_RATE_LIMIT).strip()
    if not value:
        return None
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError("INTAKE_ANON_RATE_LIMIT must be a rate such as 20/minute, or empty") from None
    return value


def rate_limit_storage(environ=os.environ) -> str:
    """INTAKE_RATE_LIMIT_STORAGE (or _FILE: a redis URL may hold a password): memory:// per process, or redis://host:port/db shared."""
    value = (env_secret("INTAKE_RATE_LIMIT_STORAGE", environ) or "").strip() or DEFAULT_RATE_LIMIT_STORAGE
    if not value.startswith(("memory://", "redis://", "rediss://")):
        raise ConfigError("INTAKE_RATE_LIMIT_STORAGE must be memory:// or a redis:// URL")
    return value


def _size(environ, name: str, default: int) -> int:
    """A positive byte count from ``name`` (default when unset); ConfigError otherwise."""
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) <= 0:
        raise ConfigError(f"{name} must be a positive number of bytes")
    return int(value)


def _addresses(value: str) -> frozenset:
    """INTAKE_TRUSTED_PROXIES: comma-separated addresses or networks (``10.0.0.0/8``; empty: trust none)."""
    networks = set()
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            networks.add(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ConfigError(f"INTAKE_TRUSTED_PROXIES: {part!r} is not an IP address or network") from None
    return frozenset(networks)
