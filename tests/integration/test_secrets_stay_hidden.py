"""Passwords in broker, database and SMTP URLs never show in reprs, errors, readiness or command output."""

from __future__ import annotations

import argparse
import logging

import pytest

from notifier.cli import main as notifier_main
from notifier.config import NotifierConfig
from matcher.config import MatcherConfig
from shared.bus.dead_letters_command import run_for
from shared.bus.settings import BusSettings
from shared.config import ConfigError
from tests.servers import AMQP_URL, require_server

SECRET = "s3cr3t-Pa55"


def _refused_port_url() -> str:
    from tests.integration.test_email_senders_contract import free_port

    return f"amqp://jobmatch:{SECRET}@127.0.0.1:{free_port()}//"


def test_bus_settings_repr_masks_the_password():
    settings = BusSettings.from_env({"JOBMATCH_BROKER_URL": f"amqp://jobmatch:{SECRET}@rabbit:5672//"})
    assert SECRET not in repr(settings)
    assert "amqp://jobmatch:***@rabbit:5672//" in repr(settings)


def test_an_unusable_broker_url_is_named_without_its_password():
    with pytest.raises(ConfigError, match="JOBMATCH_BROKER_URL") as caught:
        BusSettings.from_env({"JOBMATCH_BROKER_URL": f"redis://jobmatch:{SECRET}@cache:6379/0"})
    assert SECRET not in str(caught.value)


@pytest.mark.rabbitmq
def test_readiness_says_why_the_broker_refused_without_the_password():
    require_server(AMQP_URL, "RabbitMQ")
    host = AMQP_URL.split("@", 1)[1]
    settings = BusSettings(url=f"amqp://guest:{SECRET}@{host}", transport_options={"confirm_publish": True})
    with pytest.raises(ConnectionError, match="ACCESS_REFUSED") as caught:
        settings.check_reachable()
    assert SECRET not in str(caught.value) and caught.value.__cause__ is None


def test_readiness_of_an_unreachable_broker_hides_the_password():
    settings = BusSettings(url=_refused_port_url(), transport_options={"confirm_publish": True})
    with pytest.raises(ConnectionError, match="not reachable") as caught:
        settings.check_reachable(timeout=1)
    assert SECRET not in str(caught.value)
    assert "jobmatch:***@127.0.0.1" in str(caught.value)


def test_dead_letters_command_output_hides_the_broker_password(capsys):
    url = _refused_port_url()
    args = argparse.Namespace(action="count", limit=100, ids=None)
    assert run_for("matcher", args, {"JOBMATCH_BROKER_URL": url}) == 1
    out, err = capsys.readouterr()
    assert "cannot reach the broker" in err
    assert SECRET not in out + err


def test_consumer_logs_a_lost_connection_without_the_password(caplog):
    from shared.bus.consumer import EventConsumer

    consumer = EventConsumer(BusSettings(url=_refused_port_url()), "matcher", lambda envelope: None)
    with caplog.at_level(logging.WARNING):
        consumer.on_connection_error(ConnectionError(f"cannot log in to {consumer.settings.url}"), 1.0)
    consumer.connection.release()
    assert caplog.records and all(SECRET not in r.getMessage() for r in caplog.records)


def _notifier_env(tmp_path, **extra) -> dict:
    return {"JOBMATCH_VAR_DIR": str(tmp_path), **extra}


@pytest.mark.parametrize(
    "smtp_url",
    [
        f"smtp://jobmatch:{SECRET}@mail.example:587",  # credentials over clear text
        f"smtp://jobmatch:{SECRET}@mail.example:notaport?starttls=true",
        f"http://jobmatch:{SECRET}@mail.example",
    ],
)
def test_an_unusable_smtp_url_is_refused_at_start_without_its_password(tmp_path, smtp_url):
    with pytest.raises(ConfigError, match="NOTIFIER_SMTP_URL") as caught:
        NotifierConfig.from_env(_notifier_env(tmp_path, NOTIFIER_SMTP_URL=smtp_url))
    assert SECRET not in str(caught.value)


def test_smtp_credentials_without_tls_are_refused_naming_the_problem(tmp_path):
    with pytest.raises(ConfigError, match="clear text"):
        NotifierConfig.from_env(_notifier_env(tmp_path, NOTIFIER_SMTP_URL=f"smtp://jobmatch:{SECRET}@mail.example:587"))
    config = NotifierConfig.from_env(
        _notifier_env(tmp_path, NOTIFIER_SMTP_URL=f"smtp://jobmatch:{SECRET}@mail.example:587?starttls=true")
    )
    assert config.smtp_url.endswith("?starttls=true")


def test_configuration_reprs_hide_every_password(tmp_path):
    env = _notifier_env(
        tmp_path,
        JOBMATCH_BROKER_URL=f"amqp://jobmatch:{SECRET}@rabbit//",
        NOTIFIER_DATABASE_URL=f"postgresql://jobmatch:{SECRET}@db/notifier",
        MATCHER_DATABASE_URL=f"postgresql://jobmatch:{SECRET}@db/matcher",
        NOTIFIER_SMTP_URL=f"smtps://jobmatch:{SECRET}@mail.example",
    )
    assert SECRET not in repr(NotifierConfig.from_env(env))
    assert SECRET not in repr(MatcherConfig.from_env(env))


def test_the_notifier_command_reports_a_bad_setting_in_one_line_without_the_password(tmp_path, monkeypatch, capsys):
    import notifier.bootstrap

    monkeypatch.setattr(notifier.bootstrap, "configure_logging", lambda service: None)  # keep pytest's handlers
    monkeypatch.setenv("JOBMATCH_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("NOTIFIER_SMTP_URL", f"smtp://jobmatch:{SECRET}@mail.example:587")
    assert notifier_main(["serve"]) == 2
    out, err = capsys.readouterr()
    assert "configuration error: NOTIFIER_SMTP_URL" in err
    assert SECRET not in out + err
