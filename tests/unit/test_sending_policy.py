"""The sending policy in Dhaka time: quiet hours across midnight, the day the cap counts, and its settings."""

from datetime import datetime, time, timedelta, timezone

import pytest

from notifier.policy import SendingPolicy, parse_quiet_hours
from shared.config import ConfigError

DHAKA = timezone(timedelta(hours=6))  # Asia/Dhaka has no daylight saving


def at(hour, minute=0, day=10):
    return datetime(2026, 12, day, hour, minute, tzinfo=DHAKA)


@pytest.mark.parametrize("local, until", [
    (at(21, 0), at(9, 0, day=11)),
    (at(23, 59), at(9, 0, day=11)),
    (at(0, 30), at(9, 0)),
    (at(8, 59), at(9, 0)),
])
def test_sms_in_quiet_hours_waits_for_nine_in_the_morning_dhaka_time(local, until):
    assert SendingPolicy().quiet_until(local) == until.astimezone(timezone.utc)


@pytest.mark.parametrize("local", [at(9, 0), at(12, 0), at(20, 59)])
def test_outside_quiet_hours_nothing_waits(local):
    assert SendingPolicy().quiet_until(local) is None


def test_quiet_hours_within_one_day_and_none():
    policy = SendingPolicy(quiet_hours=parse_quiet_hours("13:00-14:30"))
    assert policy.quiet_until(at(13, 10)) == at(14, 30).astimezone(timezone.utc)
    assert policy.quiet_until(at(14, 30)) is None
    assert SendingPolicy(quiet_hours=None).quiet_until(at(23)) is None


def test_the_cap_counts_the_dhaka_day_not_the_utc_day():
    policy = SendingPolicy()
    moment = at(2, 0)  # 20:00 UTC the day before
    assert policy.day_start(moment) == at(0, 0).astimezone(timezone.utc)
    assert policy.next_day_start(moment) == at(0, 0, day=11).astimezone(timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("21:00-09:00", (time(21), time(9))), (" 22:30 - 07:15 ", (time(22, 30), time(7, 15))), ("", None),
])
def test_quiet_hours_are_read(text, expected):
    assert parse_quiet_hours(text) == expected


@pytest.mark.parametrize("environ, name", [
    ({"NOTIFIER_QUIET_HOURS": "9pm-9am"}, "NOTIFIER_QUIET_HOURS"),
    ({"NOTIFIER_QUIET_HOURS": "09:00-09:00"}, "NOTIFIER_QUIET_HOURS"),
    ({"NOTIFIER_TIMEZONE": "Mars/Olympus"}, "NOTIFIER_TIMEZONE"),
    ({"NOTIFIER_DAILY_CAP": "0"}, "NOTIFIER_DAILY_CAP"),
    ({"NOTIFIER_DIGEST_WINDOW_SECONDS": "-1"}, "NOTIFIER_DIGEST_WINDOW_SECONDS"),
    ({"NOTIFIER_DIGEST_SIZE": "0"}, "NOTIFIER_DIGEST_SIZE"),
])
def test_bad_settings_are_refused_naming_the_variable(environ, name):
    with pytest.raises(ConfigError, match=name):
        SendingPolicy.from_env(environ)


def test_defaults_are_the_documented_ones():
    policy = SendingPolicy.from_env({})
    assert (policy.window_seconds, policy.digest_size, policy.daily_cap, policy.employer_digest_seconds) == (600, 3, 3, 3600)
    assert policy.quiet_hours == (time(21), time(9)) and policy.timezone == "Asia/Dhaka"
    assert SendingPolicy.from_env({"NOTIFIER_QUIET_HOURS": ""}).quiet_hours is None
