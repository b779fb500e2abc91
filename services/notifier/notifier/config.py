"""Notifier settings from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from notifier.senders.smtp import parse_smtp_url
from shared.auth.settings import AuthSettings
from shared.bus.settings import BusSettings
from shared.config import ConfigError, HttpSettings, database_url, env_float, env_int, var_dir
from shared.secrets import redact_url

SERVICE = "notifier"
DEFAULT_PORT = 8002


@dataclass(frozen=True)
class NotifierConfig:
    """Everything the notifier needs to start; its repr leaves out the URLs that may hold passwords."""

    database_url: str = field(repr=False)
    http: HttpSettings
    bus: BusSettings
    outbox_dir: Path
    smtp_url: str | None = field(repr=False)
    email_from: str
    max_send_attempts: int
    send_lease_seconds: float
    auth: AuthSettings = field(default_factory=AuthSettings)

    @classmethod
    def from_env(cls, environ=os.environ) -> "NotifierConfig":
        """Read NOTIFIER_* settings and the JOBMATCH_* bus settings; ConfigError for an unusable SMTP URL."""
        smtp_url = environ.get("NOTIFIER_SMTP_URL") or None
        if smtp_url:
            try:
                parse_smtp_url(smtp_url)
            except ValueError as exc:
                raise ConfigError(f"NOTIFIER_SMTP_URL {redact_url(smtp_url)!r} cannot be used: {exc}") from None
        outbox = environ.get("NOTIFIER_OUTBOX_DIR")
        return cls(
            database_url=database_url(SERVICE, environ),
            http=HttpSettings.from_env(SERVICE, DEFAULT_PORT, environ),
            bus=BusSettings.from_env(environ),
            outbox_dir=Path(outbox) if outbox else var_dir(environ) / "outbox",
            smtp_url=smtp_url,
            email_from=environ.get("NOTIFIER_EMAIL_FROM") or "jobmatch <noreply@jobmatch.local>",
            max_send_attempts=env_int("NOTIFIER_MAX_SEND_ATTEMPTS", 5, environ),
            send_lease_seconds=env_float("NOTIFIER_SEND_LEASE_SECONDS", 60.0, environ),
            auth=AuthSettings.from_env(environ),
        )
