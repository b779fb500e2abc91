"""Notifier settings from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from notifier.policy import SendingPolicy
from notifier.senders.sms_presets import SmsGatewaySettings
from notifier.senders.smtp import parse_smtp_url
from notifier.webhook_settings import WebhookSettings
from shared.auth.settings import AuthSettings
from shared.bus.settings import BusSettings
from shared.config import ConfigError, HttpSettings, database_url, env_float, env_int, env_secret, var_dir
from shared.environment import Standin, common_standins, is_production
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
    policy: SendingPolicy = field(default_factory=SendingPolicy)
    # Where candidates open their private page (the portal) and where the one-click unsubscribe
    # links of emails point (this service, as the public reaches it).
    portal_url: str = "http://127.0.0.1:8003"
    public_url: str = "http://127.0.0.1:8002"
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    # The HTTP SMS gateway; None: SMS are written to the outbox directory.
    sms_gateway: SmsGatewaySettings | None = None
    production: bool = False

    def standins(self) -> list[Standin]:
        """The embedded defaults this configuration runs on (production refuses them: a notice written to a file reaches no one)."""
        found = common_standins(SERVICE, database_url=self.database_url, bus_url=self.bus.url, admin_token=self.auth.admin_token)
        if self.smtp_url is None:
            found.append(Standin("NOTIFIER_SMTP_URL", f"email written to files in {self.outbox_dir}", "an smtp:// or smtps:// URL"))
        if self.sms_gateway is None:
            found.append(Standin("NOTIFIER_SMS_GATEWAY_URL", f"SMS written to files in {self.outbox_dir}",
                                 "the SMS gateway's send URL (see SMS gateways)"))
        return found

    @classmethod
    def from_env(cls, environ=os.environ) -> "NotifierConfig":
        """Read NOTIFIER_* settings and the JOBMATCH_* bus settings; ConfigError for an unusable SMTP URL."""
        smtp_url = env_secret("NOTIFIER_SMTP_URL", environ)
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
            policy=SendingPolicy.from_env(environ),
            portal_url=_base_url("NOTIFIER_PORTAL_URL", "http://127.0.0.1:8003", environ),
            public_url=_base_url("NOTIFIER_PUBLIC_URL", f"http://127.0.0.1:{DEFAULT_PORT}", environ),
            webhooks=WebhookSettings.from_env(environ),
            sms_gateway=SmsGatewaySettings.from_env(environ),
            production=is_production(environ),
        )


def _base_url(name: str, default: str, environ) -> str:
    """An http(s) base URL from ``name``, without a trailing slash; ConfigError otherwise."""
    value = (environ.get(name) or default).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{name} must be an http(s) URL like https://jobs.example.org, not {value!r}")
    return value
