"""``python -m <service>`` as an operator runs it: commands, version, and what production mode refuses."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.servers import free_port, log_lines_until

OWN_PREFIXES = ("JOBMATCH_", "INTAKE_", "MATCHER_", "NOTIFIER_", "PORTAL_")
COMMANDS = {
    "intake": ("serve", "migrate", "purge", "import"),
    "matcher": ("serve", "migrate", "rank", "dead-letters"),
    "notifier": ("serve", "migrate", "dead-letters"),
    "portal": ("serve",),
}
TOKEN = "operator-token-for-command-lines"


@pytest.fixture
def environ(tmp_path):
    """The test process's environment without any jobmatch setting, state in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    return {**env, "JOBMATCH_VAR_DIR": str(tmp_path / "var")}


def run(service: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", service, *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("service", COMMANDS)
def test_help_lists_the_commands_with_serve_the_default(service, environ):
    answer = run(service, "--help", env=environ)
    assert answer.returncode == 0, answer.stderr
    listed = re.findall(r"^    (\S+)", answer.stdout, re.MULTILINE)
    assert listed == list(COMMANDS[service])
    assert "(the default)" in answer.stdout and "--version" in answer.stdout


@pytest.mark.parametrize("service", COMMANDS)
def test_version_is_the_installed_package_version(service, environ):
    answer = run(service, "--version", env=environ)
    assert (answer.returncode, answer.stdout.strip()) == (0, f"jobmatch {version('jobmatch')}")


@pytest.mark.parametrize("service, missing", [
    ("intake", ["JOBMATCH_BROKER_URL", "INTAKE_DATABASE_URL", "JOBMATCH_ADMIN_TOKEN"]),
    ("matcher", ["JOBMATCH_BROKER_URL", "MATCHER_DATABASE_URL", "JOBMATCH_ADMIN_TOKEN"]),
    ("notifier", ["JOBMATCH_BROKER_URL", "NOTIFIER_DATABASE_URL", "JOBMATCH_ADMIN_TOKEN",
                  "NOTIFIER_SMTP_URL", "NOTIFIER_SMS_GATEWAY_URL"]),
    ("portal", ["PORTAL_SECRET_KEY"]),
])
def test_production_refuses_to_start_on_embedded_defaults_naming_each_missing_setting(service, missing, environ):
    answer = run(service, env={**environ, "JOBMATCH_ENV": "production"})
    assert answer.returncode == 2, answer.stderr
    refusal = [line for line in answer.stderr.splitlines() if "configuration error" in line]
    assert len(refusal) == 1 and "JOBMATCH_ENV=production" in refusal[0], answer.stderr
    assert re.findall(r"(?:^|; )([A-Z_]+) \(", refusal[0].split("; set ", 1)[1]) == missing


def test_production_names_only_what_is_still_missing(environ, tmp_path):
    env = {**environ, "JOBMATCH_ENV": "production", "JOBMATCH_BROKER_URL": "memory://",
           "JOBMATCH_ADMIN_TOKEN_FILE": str(tmp_path / "token")}
    (tmp_path / "token").write_text(TOKEN + "\n")
    answer = run("matcher", env=env)
    assert answer.returncode == 2
    assert "JOBMATCH_BROKER_URL (an amqp:// or amqps:// RabbitMQ URL; now the embedded memory bus)" in answer.stderr
    assert "MATCHER_DATABASE_URL" in answer.stderr and "JOBMATCH_ADMIN_TOKEN" not in answer.stderr


def test_an_unknown_environment_name_is_refused(environ):
    answer = run("intake", env={**environ, "JOBMATCH_ENV": "staging"})
    assert answer.returncode == 2 and "JOBMATCH_ENV must be development or production, got 'staging'" in answer.stderr


@pytest.mark.postgres
def test_production_refuses_a_database_that_was_not_migrated(environ, postgres_url):
    env = {**environ, "JOBMATCH_ENV": "production", "JOBMATCH_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",
           "JOBMATCH_ADMIN_TOKEN": TOKEN, "INTAKE_DATABASE_URL": postgres_url, "INTAKE_PORT": str(free_port())}
    answer = run("intake", env=env)
    assert answer.returncode == 2
    assert re.search(r"intake's database is without migration history, not at \d{4}: run `python -m intake migrate`",
                     answer.stderr), answer.stderr
    assert run("intake", "migrate", env=env).returncode == 0


def test_development_mode_says_in_one_warning_which_embedded_defaults_it_runs_on(environ):
    env = {**environ, "INTAKE_PORT": str(free_port())}
    process = subprocess.Popen([sys.executable, "-m", "intake"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = log_lines_until(process, "listening on", timeout=60)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    warnings = [line for line in lines if '"level": "WARNING"' in line and "embedded defaults" in line]
    assert not [line for line in lines if "alembic.runtime.plugins" in line]  # no line per plugin at every start
    assert len(warnings) == 1, "".join(lines)
    for name in ("JOBMATCH_BROKER_URL unset: the embedded filesystem bus", "INTAKE_DATABASE_URL unset: SQLite",
                 "JOBMATCH_ADMIN_TOKEN unset"):
        assert name in warnings[0]
    assert any("listening on" in line for line in lines), "".join(lines)
