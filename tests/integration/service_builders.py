"""Building each service in-process on SQLite and the in-memory bus, for handler tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from fairday.bootstrap import build as build_fairday
from fairday.config import FairdayConfig
from intake.bootstrap import build as build_intake
from intake.config import IntakeConfig
from matcher.bootstrap import build as build_matcher
from matcher.config import MatcherConfig
from notifier.bootstrap import build as build_notifier
from notifier.config import NotifierConfig
from notifier.policy import SendingPolicy
from notifier.webhook_settings import WebhookSettings
from shared.auth.settings import AuthSettings
from shared.bus.settings import BusSettings
from shared.config import HttpSettings
from tests.servers import unique_name


DHAKA = ZoneInfo("Asia/Dhaka")


def next_dhaka_time(hour: int, minute: int = 0) -> datetime:
    """The next moment at hour:minute Dhaka time, in UTC: never before now, so messages queued now are due by then."""
    now = datetime.now(DHAKA)
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return (moment if moment > now else moment + timedelta(days=1)).astimezone(timezone.utc)


def memory_bus() -> BusSettings:
    """An in-memory bus with a prefix of its own."""
    return BusSettings(url="memory://", transport_options={"polling_interval": 0.05}, prefix=unique_name("t-") + ".")


def matcher_service(tmp_path: Path, threshold: float = 0.1, bus: BusSettings | None = None, snapshot: Path | None = None):
    """A wired matcher on a SQLite file in ``tmp_path`` (same file on every call: a restart), ADMIN_TOKEN its operator's;
    ``snapshot``: its index snapshot file (none by default).

    It is the only replica and its workers do not run: its index was loaded at build and only its own
    handlers change it, so it counts as fed (replicas and their feed: test_matcher_replicas).
    """
    service = build_matcher(
        MatcherConfig(
            database_url=f"sqlite:///{tmp_path / 'matcher.sqlite3'}",
            http=HttpSettings("127.0.0.1", 0),
            bus=bus or memory_bus(),
            match_threshold=threshold,
            notify_top=10,
            auth=AuthSettings(ADMIN_TOKEN),
            index_snapshot=snapshot,
        )
    )
    service.feed.in_sync.set()
    return service


#: Tests' sending policy: no digest window, no quiet hours (a test must not depend on the hour).
IMMEDIATE = SendingPolicy(window_seconds=0, quiet_hours=None)


def notifier_service(
    tmp_path: Path, send_lease_seconds: float = 60.0, policy: SendingPolicy = IMMEDIATE, bus: BusSettings | None = None,
    database_url: str | None = None,
):
    """A wired notifier on a SQLite file (or ``database_url``), writing email and SMS to ``tmp_path/outbox``; webhooks may reach local servers."""
    return build_notifier(
        NotifierConfig(
            database_url=database_url or f"sqlite:///{tmp_path / 'notifier.sqlite3'}",
            http=HttpSettings("127.0.0.1", 0),
            bus=bus or memory_bus(),
            outbox_dir=tmp_path / "outbox",
            smtp_url=None,
            email_from="jobmatch <noreply@jobmatch.local>",
            max_send_attempts=3,
            send_lease_seconds=send_lease_seconds,
            auth=AuthSettings(ADMIN_TOKEN),
            policy=policy,
            portal_url="https://jm.example",
            webhooks=WebhookSettings(allow_http=True, allow_private=True),
        )
    )


#: The operator's token in in-process tests, and the header that carries it.
ADMIN_TOKEN = "test-operator-token-0123456789"
OPERATOR = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def bearer(token: str) -> dict:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


def intake_service(
    database_url: str, *, bus: BusSettings | None = None, anon_rate_limit: str | None = None,
    rate_limit_storage: str = "memory://", **http,
):
    """A wired intake on ``database_url`` with ADMIN_TOKEN as the operator's token (no rate limit unless given)."""
    return build_intake(
        IntakeConfig(
            database_url=database_url,
            http=HttpSettings("127.0.0.1", 0, **http),
            bus=bus or memory_bus(),
            auth=AuthSettings(ADMIN_TOKEN),
            anon_rate_limit=anon_rate_limit,
            rate_limit_storage=rate_limit_storage,
        )
    )


def fairday_service(database_url: str, *, bus: BusSettings | None = None, **settings):
    """A wired fairday on ``database_url`` with ADMIN_TOKEN as the operator's token; its workers do not run."""
    return build_fairday(
        FairdayConfig(
            database_url=database_url,
            http=HttpSettings("127.0.0.1", 0),
            bus=bus or memory_bus(),
            auth=AuthSettings(ADMIN_TOKEN),
            **settings,
        )
    )


def operator_client(app):
    """A test client that sends the operator's token with every request (unless a request sets its own)."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = OPERATOR["Authorization"]
    return client
