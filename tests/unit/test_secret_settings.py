"""Secrets from ``<NAME>_FILE``, the broker over TLS, PostgreSQL TLS parameters passed on."""

import ssl

import pytest

from notifier.senders.sms_presets import settings_from_env
from portal.config import session_key
from shared.auth.settings import AuthSettings
from shared.bus.settings import BusSettings
from shared.config import ConfigError, database_url, env_secret

TOKEN = "operator-token-from-a-file-0123"


@pytest.fixture
def secret_file(tmp_path):
    def write(content: str):
        path = tmp_path / "secret"
        path.write_text(content)
        return str(path)

    return write


def test_a_secret_comes_from_the_variable_or_from_its_file_without_the_trailing_newline(secret_file):
    assert env_secret("JOBMATCH_ADMIN_TOKEN", {"JOBMATCH_ADMIN_TOKEN": TOKEN}) == TOKEN
    assert env_secret("JOBMATCH_ADMIN_TOKEN", {"JOBMATCH_ADMIN_TOKEN_FILE": secret_file(TOKEN + "\n")}) == TOKEN
    assert env_secret("JOBMATCH_ADMIN_TOKEN", {"JOBMATCH_ADMIN_TOKEN_FILE": secret_file(TOKEN + "\r\n")}) == TOKEN
    assert env_secret("JOBMATCH_ADMIN_TOKEN", {}) is None


def test_both_set_or_an_unreadable_file_is_a_config_error_that_never_shows_the_value(secret_file, tmp_path):
    with pytest.raises(ConfigError, match="JOBMATCH_ADMIN_TOKEN or JOBMATCH_ADMIN_TOKEN_FILE, not both") as both:
        env_secret("JOBMATCH_ADMIN_TOKEN", {"JOBMATCH_ADMIN_TOKEN": TOKEN, "JOBMATCH_ADMIN_TOKEN_FILE": secret_file(TOKEN)})
    assert TOKEN not in str(both.value)
    with pytest.raises(ConfigError, match="JOBMATCH_ADMIN_TOKEN_FILE names .*missing.*cannot be read"):
        env_secret("JOBMATCH_ADMIN_TOKEN", {"JOBMATCH_ADMIN_TOKEN_FILE": str(tmp_path / "missing")})


@pytest.mark.parametrize("name, read", [
    ("JOBMATCH_ADMIN_TOKEN", lambda env: AuthSettings.from_env(env).admin_token),
    ("JOBMATCH_BROKER_URL", lambda env: BusSettings.from_env(env).url),
    ("MATCHER_DATABASE_URL", lambda env: database_url("matcher", env)),
    ("PORTAL_SECRET_KEY", lambda env: session_key(env).decode()),
    ("NOTIFIER_SMS_API_TOKEN",
     lambda env: settings_from_env({**env, "NOTIFIER_SMS_GATEWAY_URL": "https://sms.example.com/send", "NOTIFIER_SMS_SENDER_ID": "8801712345678"}).token),
])
def test_every_secret_setting_reads_its_file_variant(name, read, secret_file):
    value = {"JOBMATCH_BROKER_URL": "amqp://jm:pw@rabbit:5672/jm",
             "MATCHER_DATABASE_URL": "sqlite:////tmp/from-file.sqlite3"}.get(name, TOKEN + "-long-enough-for-a-key")
    assert read({f"{name}_FILE": secret_file(value + "\n")}) == value


def test_amqps_verifies_the_broker_certificate_and_host_name_against_the_given_ca(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    settings = BusSettings.from_env({"JOBMATCH_BROKER_URL": "amqps://jm:pw@rabbit.example.org:5671/jm",
                                     "JOBMATCH_BROKER_CA_FILE": str(ca)})
    assert settings.tls == {"cert_reqs": ssl.CERT_REQUIRED, "server_hostname": None, "ca_certs": str(ca)}
    connection = settings.connect()
    assert connection.ssl == settings.tls and connection.transport_cls == "amqps"
    assert BusSettings.from_env({"JOBMATCH_BROKER_URL": "amqps://rabbit.example.org"}).tls == {
        "cert_reqs": ssl.CERT_REQUIRED, "server_hostname": None}
    assert BusSettings.from_env({"JOBMATCH_BROKER_URL": "amqp://rabbit.example.org"}).tls is None
    with pytest.raises(ConfigError, match="JOBMATCH_BROKER_CA_FILE"):
        BusSettings.from_env({"JOBMATCH_BROKER_URL": "amqps://r", "JOBMATCH_BROKER_CA_FILE": str(tmp_path / "none")})


def test_postgresql_tls_parameters_reach_the_driver_unchanged():
    raw = "postgresql://jm@db.example.org/jobmatch?sslmode=verify-full&sslrootcert=/run/secrets/db-ca.pem"
    assert database_url("intake", {"INTAKE_DATABASE_URL": raw}) == "postgresql+psycopg://" + raw.split("://", 1)[1]
