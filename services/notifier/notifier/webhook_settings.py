"""Employers' webhooks: what may be registered and how deliveries are retried, from NOTIFIER_WEBHOOK_*."""

from __future__ import annotations

import os
from dataclasses import dataclass

from shared.config import ConfigError, env_float, env_int

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class WebhookSettings:
    """Webhook rules; the defaults are for production (https only, public addresses only)."""

    allow_http: bool = False
    allow_private: bool = False
    max_attempts: int = 8
    timeout_seconds: float = 10.0
    base_delay_seconds: float = 2.0
    max_delay_seconds: float = 3600.0
    disable_after_failures: int = 15
    lease_seconds: float = 120.0
    max_per_employer: int = 5

    @classmethod
    def from_env(cls, environ=os.environ) -> "WebhookSettings":
        """Read NOTIFIER_WEBHOOK_ALLOW_HTTP, _ALLOW_PRIVATE, _MAX_ATTEMPTS and _TIMEOUT; ConfigError if malformed."""
        settings = cls(
            allow_http=_env_bool("NOTIFIER_WEBHOOK_ALLOW_HTTP", environ),
            allow_private=_env_bool("NOTIFIER_WEBHOOK_ALLOW_PRIVATE", environ),
            max_attempts=env_int("NOTIFIER_WEBHOOK_MAX_ATTEMPTS", cls.max_attempts, environ),
            timeout_seconds=env_float("NOTIFIER_WEBHOOK_TIMEOUT", cls.timeout_seconds, environ),
        )
        if settings.max_attempts < 1:
            raise ConfigError(f"NOTIFIER_WEBHOOK_MAX_ATTEMPTS must be at least 1, got {settings.max_attempts}")
        if not 0 < settings.timeout_seconds <= 300:
            raise ConfigError(f"NOTIFIER_WEBHOOK_TIMEOUT must be between 0 and 300 seconds, got {settings.timeout_seconds}")
        return settings


def _env_bool(name: str, environ) -> bool:
    raw = (environ.get(name) or "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")
