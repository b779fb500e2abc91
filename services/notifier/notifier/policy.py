"""When candidates hear from us: the digest window, quiet hours and the daily cap, in local time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.config import ConfigError, env_float, env_int

DEFAULT_QUIET_HOURS = "21:00-09:00"
DEFAULT_TIMEZONE = "Asia/Dhaka"


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """Read ``HH:MM-HH:MM`` (may cross midnight); None for an empty text; ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    start_text, dash, end_text = text.partition("-")
    if not dash:
        raise ValueError(f"{text!r} is not HH:MM-HH:MM")
    try:
        start, end = (time.fromisoformat(part.strip()) for part in (start_text, end_text))
    except ValueError:
        raise ValueError(f"{text!r} is not HH:MM-HH:MM") from None
    if start == end:
        raise ValueError(f"{text!r} starts and ends at the same time; leave it empty for no quiet hours")
    return start, end


@dataclass(frozen=True)
class SendingPolicy:
    """How candidates' matches are gathered and paced; times are in ``timezone``."""

    window_seconds: float = 600.0
    digest_size: int = 3
    quiet_hours: tuple[time, time] | None = (time(21), time(9))
    timezone: str = DEFAULT_TIMEZONE
    daily_cap: int = 3
    employer_digest_seconds: float = 3600.0

    @classmethod
    def from_env(cls, environ=os.environ) -> "SendingPolicy":
        """Read NOTIFIER_DIGEST_WINDOW_SECONDS, _DIGEST_SIZE, _QUIET_HOURS, _TIMEZONE, _DAILY_CAP, _EMPLOYER_DIGEST_SECONDS."""
        try:
            quiet = parse_quiet_hours(environ.get("NOTIFIER_QUIET_HOURS", DEFAULT_QUIET_HOURS))
        except ValueError as exc:
            raise ConfigError(f"NOTIFIER_QUIET_HOURS: {exc}") from None
        zone = environ.get("NOTIFIER_TIMEZONE") or DEFAULT_TIMEZONE
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"NOTIFIER_TIMEZONE: {zone!r} is not a known time zone (e.g. Asia/Dhaka)") from None
        policy = cls(
            window_seconds=env_float("NOTIFIER_DIGEST_WINDOW_SECONDS", 600.0, environ),
            digest_size=env_int("NOTIFIER_DIGEST_SIZE", 3, environ),
            quiet_hours=quiet,
            timezone=zone,
            daily_cap=env_int("NOTIFIER_DAILY_CAP", 3, environ),
            employer_digest_seconds=env_float("NOTIFIER_EMPLOYER_DIGEST_SECONDS", 3600.0, environ),
        )
        for name, value in (("NOTIFIER_DIGEST_WINDOW_SECONDS", policy.window_seconds),
                            ("NOTIFIER_EMPLOYER_DIGEST_SECONDS", policy.employer_digest_seconds)):
            if value < 0:
                raise ConfigError(f"{name} must be 0 or more, not {value}")
        for name, value in (("NOTIFIER_DIGEST_SIZE", policy.digest_size), ("NOTIFIER_DAILY_CAP", policy.daily_cap)):
            if value < 1:
                raise ConfigError(f"{name} must be 1 or more, not {value}")
        return policy

    @property
    def zone(self) -> ZoneInfo:
        """The local time zone."""
        return ZoneInfo(self.timezone)

    def digest_due(self, now: datetime) -> datetime:
        """When a digest opened at ``now`` goes out (the window gathers the matches that follow)."""
        return now + timedelta(seconds=self.window_seconds)

    def quiet_until(self, at: datetime) -> datetime | None:
        """The end of the quiet hours ``at`` falls in (UTC), or None when ``at`` is not in them."""
        if self.quiet_hours is None:
            return None
        start, end = self.quiet_hours
        local = at.astimezone(self.zone)
        now = local.time()
        inside = (start <= now < end) if start < end else (now >= start or now < end)
        if not inside:
            return None
        day = local.date() if now < end else local.date() + timedelta(days=1)
        return datetime.combine(day, end, tzinfo=self.zone).astimezone(timezone.utc)

    def day_start(self, at: datetime) -> datetime:
        """Midnight (UTC) of the local day ``at`` falls in: the daily cap counts from there."""
        local = at.astimezone(self.zone)
        return datetime.combine(local.date(), time(0), tzinfo=self.zone).astimezone(timezone.utc)

    def next_day_start(self, at: datetime) -> datetime:
        """Midnight (UTC) of the local day after the one ``at`` falls in."""
        local = at.astimezone(self.zone)
        return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=self.zone).astimezone(timezone.utc)
