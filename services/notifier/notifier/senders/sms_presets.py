"""Settings of the HTTP SMS gateway: two presets for Bangladeshi gateways, overrides for any other."""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field, replace
from typing import Any, Mapping
from urllib.parse import urlsplit

from shared.config import ConfigError, env_float, env_secret

PLACEHOLDERS = ("token", "sender_id", "to", "text", "message_id")
METHODS = ("POST", "GET")
BODIES = ("json", "form", "query")
MAX_TIMEOUT_SECONDS = 120
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_HEADER_NAME = re.compile(r"[A-Za-z0-9-]+")
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class AnswerRule:
    """A value in the gateway's JSON answer: at a dotted path, equal to a text (``=``) or containing it (``~``, any case)."""

    path: str
    text: str
    contains: bool = False

    @classmethod
    def parse(cls, raw: str, variable: str) -> AnswerRule:
        """Read ``path=value`` or ``path~text``; ConfigError naming ``variable`` when malformed."""
        # Stripped first, so no lazy group meets a trailing \s*: linear on any value (a lazy .*? before
        # \s* took seconds on a value with a long run of spaces inside).
        match = re.fullmatch(r"([^=~\s]+)\s*([=~])\s*(.*)", raw.strip())
        if match is None or not match.group(3):
            raise ConfigError(f"{variable} must be path=value or path~text (e.g. status=SUCCESS), got {raw!r}")
        return cls(check_path(match.group(1), variable), match.group(3), match.group(2) == "~")

    def matches(self, answer: Any) -> bool:
        """True when the answer has this path and its value is (or contains) the text."""
        value = value_at(answer, self.path)
        if value is None:
            return False
        shown = scalar_text(value)
        return self.text.casefold() in shown.casefold() if self.contains else shown == self.text

    def __str__(self) -> str:
        return f"{self.path}{'~' if self.contains else '='}{self.text}"


@dataclass(frozen=True)
class SmsGatewaySettings:
    """Where the gateway is, what one SMS request holds and how its answer is read; the token never shows."""

    url: str
    preset: str
    method: str
    body: str
    fields: tuple[tuple[str, str], ...]
    success: AnswerRule
    message_id_path: str | None
    duplicate: AnswerRule | None
    error_code_path: str | None
    error_message_path: str | None
    permanent_codes: frozenset[str]
    sender_id: str
    masking: bool
    timeout: float
    resend_is_safe: bool
    auth_header: tuple[str, str] | None = None
    token: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SmsGatewaySettings | None:
        """Read the NOTIFIER_SMS_* variables; None without NOTIFIER_SMS_GATEWAY_URL, ConfigError for a bad value."""
        return settings_from_env(environ)


# Each preset: the fields sent (templates over PLACEHOLDERS) and how the answer is read.
# Masking changes no field: these gateways tell masking from non-masking by the sender id
# (an approved brand name, or the account's number), so the flag only checks the sender id.
PRESETS: dict[str, SmsGatewaySettings] = {
    # SSL-Wireless-style JSON API; csms_id (our message id) makes the gateway refuse a repeat.
    "json_token": SmsGatewaySettings(
        url="",
        preset="json_token",
        method="POST",
        body="json",
        fields=(
            ("api_token", "{token}"),
            ("sid", "{sender_id}"),
            ("msisdn", "{to}"),
            ("sms", "{text}"),
            ("csms_id", "{message_id}"),
        ),
        success=AnswerRule("status", "SUCCESS"),
        message_id_path="smsinfo.0.reference_id",
        duplicate=AnswerRule("error_message", "duplicate", contains=True),
        error_code_path="status_code",
        error_message_path="error_message",
        permanent_codes=frozenset(),
        sender_id="",
        masking=False,
        timeout=10,
        resend_is_safe=True,
    ),
    # BulkSMSBD-style form/query API: 202 means submitted, 1001 invalid number, 1002 bad sender id.
    "form_key": SmsGatewaySettings(
        url="",
        preset="form_key",
        method="POST",
        body="form",
        fields=(
            ("api_key", "{token}"),
            ("type", "text"),
            ("senderid", "{sender_id}"),
            ("number", "{to}"),
            ("message", "{text}"),
        ),
        success=AnswerRule("response_code", "202"),
        message_id_path="message_id",
        duplicate=None,
        error_code_path="response_code",
        error_message_path="error_message",
        permanent_codes=frozenset({"1001", "1002"}),
        sender_id="",
        masking=False,
        timeout=10,
        resend_is_safe=False,
    ),
}
PRESET_NAMES = (*PRESETS, "custom")


def settings_from_env(environ: Mapping[str, str]) -> SmsGatewaySettings | None:
    """The gateway settings from NOTIFIER_SMS_*; None when NOTIFIER_SMS_GATEWAY_URL is unset or empty."""
    url = (environ.get("NOTIFIER_SMS_GATEWAY_URL") or "").strip()
    if not url:
        return None
    preset = (environ.get("NOTIFIER_SMS_PRESET") or "json_token").strip()
    if preset not in PRESET_NAMES:
        raise ConfigError(f"NOTIFIER_SMS_PRESET must be one of {', '.join(PRESET_NAMES)}, got {preset!r}")
    if preset == "custom":
        for required in ("NOTIFIER_SMS_FIELDS", "NOTIFIER_SMS_SUCCESS"):
            if not environ.get(required):
                raise ConfigError(f"{required} is needed with NOTIFIER_SMS_PRESET=custom")
    base = PRESETS.get(preset) or _custom_base()
    settings = replace(
        base,
        url=check_url(url),
        method=_choice(environ, "NOTIFIER_SMS_METHOD", METHODS, base.method, upper=True),
        body=_choice(environ, "NOTIFIER_SMS_BODY", BODIES, base.body),
        fields=_fields(environ.get("NOTIFIER_SMS_FIELDS"), base.fields),
        success=_rule(environ, "NOTIFIER_SMS_SUCCESS", base.success),
        duplicate=_rule(environ, "NOTIFIER_SMS_DUPLICATE", base.duplicate, empty_turns_off=True),
        message_id_path=_optional_path(environ, "NOTIFIER_SMS_MESSAGE_ID_PATH", base.message_id_path),
        auth_header=_auth_header(environ.get("NOTIFIER_SMS_AUTH_HEADER")),
        sender_id=(environ.get("NOTIFIER_SMS_SENDER_ID") or "").strip(),
        masking=_flag(environ, "NOTIFIER_SMS_MASKING", False),
        timeout=_timeout(environ),
        token=(env_secret("NOTIFIER_SMS_API_TOKEN", environ) or "").strip(),
    )
    if preset == "custom":
        settings = replace(settings, error_code_path=settings.success.path)
    return _checked(settings, _flag(environ, "NOTIFIER_SMS_RESEND_IS_SAFE", None))


def _custom_base() -> SmsGatewaySettings:
    """Defaults for a gateway described entirely by the override variables."""
    return replace(
        PRESETS["form_key"],
        preset="custom",
        body="json",
        message_id_path=None,
        error_code_path=None,
        error_message_path=None,
        permanent_codes=frozenset(),
    )


def _checked(settings: SmsGatewaySettings, resend_is_safe: bool | None) -> SmsGatewaySettings:
    """Check the combination of settings; ConfigError naming the variable at fault."""
    if settings.method == "GET" and settings.body != "query":
        raise ConfigError("NOTIFIER_SMS_METHOD=GET needs NOTIFIER_SMS_BODY=query (a GET request has no body)")
    used = used_placeholders(settings)
    if "to" not in used or "text" not in used:
        raise ConfigError("NOTIFIER_SMS_FIELDS must send the number {to} and the text {text}")
    if "token" in used and not settings.token:
        raise ConfigError("NOTIFIER_SMS_API_TOKEN is needed: the gateway's fields or header use {token}")
    if "sender_id" in used:
        _check_sender_id(settings)
    # Unless NOTIFIER_SMS_RESEND_IS_SAFE says otherwise: safe when the preset's gateway refuses a
    # repeated message id and the fields still send it.
    if resend_is_safe is None:
        resend_is_safe = settings.resend_is_safe and "message_id" in used
    elif resend_is_safe and "message_id" not in used:
        raise ConfigError(
            "NOTIFIER_SMS_RESEND_IS_SAFE=true needs {message_id} in NOTIFIER_SMS_FIELDS: "
            "only a gateway that is sent our message id can refuse a repeat"
        )
    return replace(settings, resend_is_safe=resend_is_safe)


def _check_sender_id(settings: SmsGatewaySettings) -> None:
    """A masking sender id is a brand name (has a letter); the form preset's non-masking one is a number."""
    sender_id = settings.sender_id
    if not sender_id:
        raise ConfigError("NOTIFIER_SMS_SENDER_ID is needed: the gateway's fields use {sender_id}")
    if not sender_id.isascii() or not sender_id.isprintable() or len(sender_id) > 20:
        raise ConfigError("NOTIFIER_SMS_SENDER_ID must be at most 20 printable ASCII characters")
    if settings.masking and not any(c.isalpha() for c in sender_id):
        raise ConfigError("NOTIFIER_SMS_SENDER_ID must be the approved brand name when NOTIFIER_SMS_MASKING=true")
    if settings.preset == "form_key" and not settings.masking and not sender_id.isdigit():
        raise ConfigError(
            "NOTIFIER_SMS_SENDER_ID must be the account's sender number (digits) when NOTIFIER_SMS_MASKING=false"
        )


def used_placeholders(settings: SmsGatewaySettings) -> set[str]:
    """The placeholder names the fields and the auth header use."""
    templates = [template for _, template in settings.fields]
    if settings.auth_header:
        templates.append(settings.auth_header[1])
    return {name for template in templates for _, name, _, _ in string.Formatter().parse(template) if name}


def check_url(url: str) -> str:
    """Return an http(s) URL with a host and no credentials, query or fragment; else ConfigError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("NOTIFIER_SMS_GATEWAY_URL must be an http:// or https:// URL with a host")
    if parts.username or parts.password:
        raise ConfigError("NOTIFIER_SMS_GATEWAY_URL must not hold credentials: set NOTIFIER_SMS_API_TOKEN")
    if parts.query or parts.fragment:
        raise ConfigError(
            "NOTIFIER_SMS_GATEWAY_URL must not have a query or fragment: put fixed parameters in NOTIFIER_SMS_FIELDS"
        )
    try:
        parts.port
    except ValueError:
        raise ConfigError("NOTIFIER_SMS_GATEWAY_URL has an invalid port") from None
    return url


def check_path(path: str, variable: str) -> str:
    """Return a dotted JSON path of names and list indexes (``smsinfo.0.reference_id``); else ConfigError."""
    if not all(_PATH_SEGMENT.fullmatch(segment) for segment in path.split(".")):
        raise ConfigError(f"{variable} must be a dotted path of names and list indexes, got {path!r}")
    return path


def check_template(template: str, variable: str) -> str:
    """Return a template using only {token}, {sender_id}, {to}, {text}, {message_id}; else ConfigError."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        raise ConfigError(f"{variable} has a malformed template (write a literal brace as {{{{ or }}}})") from None
    for _, name, spec, conversion in parsed:
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            allowed = ", ".join("{" + placeholder + "}" for placeholder in PLACEHOLDERS)
            raise ConfigError(f"{variable} may use only the placeholders {allowed}, got {{{name}}}")
    return template


def value_at(answer: Any, path: str) -> Any:
    """The value at a dotted path (names and list indexes) of a parsed JSON answer, or None."""
    value = answer
    for segment in path.split("."):
        if isinstance(value, dict):
            value = value.get(segment)
        elif isinstance(value, list) and segment.isdigit() and int(segment) < len(value):
            value = value[int(segment)]
        else:
            return None
    return value


def scalar_text(value: Any) -> str:
    """A JSON value as text: strings as they are, numbers and booleans as JSON writes them."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _fields(raw: str | None, default: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Read NOTIFIER_SMS_FIELDS, a JSON object of field name -> template string."""
    if not raw:
        return default
    try:
        mapping = json.loads(raw)
    except ValueError:
        raise ConfigError("NOTIFIER_SMS_FIELDS must be a JSON object of field name -> template string") from None
    if not isinstance(mapping, dict) or not mapping or not all(isinstance(v, str) for v in mapping.values()):
        raise ConfigError("NOTIFIER_SMS_FIELDS must be a non-empty JSON object whose values are strings")
    return tuple((name, check_template(template, "NOTIFIER_SMS_FIELDS")) for name, template in mapping.items())


def _auth_header(raw: str | None) -> tuple[str, str] | None:
    """Read NOTIFIER_SMS_AUTH_HEADER, ``Name: template`` (``Authorization: Bearer {token}``)."""
    if not raw:
        return None
    name, colon, template = raw.partition(":")
    if not colon or not _HEADER_NAME.fullmatch(name.strip()) or not template.strip():
        raise ConfigError("NOTIFIER_SMS_AUTH_HEADER must be 'Header-Name: template', e.g. 'Authorization: Bearer {token}'")
    if "{token}" not in template:
        raise ConfigError("NOTIFIER_SMS_AUTH_HEADER must use {token} rather than hold the secret itself")
    return name.strip(), check_template(template.strip(), "NOTIFIER_SMS_AUTH_HEADER")


def _rule(environ: Mapping[str, str], name: str, default: AnswerRule | None, *, empty_turns_off: bool = False):
    """Read an AnswerRule variable; unset keeps the preset's, empty turns an optional rule off."""
    raw = environ.get(name)
    if raw is None or (raw == "" and not empty_turns_off):
        return default
    return AnswerRule.parse(raw, name) if raw.strip() else None


def _optional_path(environ: Mapping[str, str], name: str, default: str | None) -> str | None:
    """Read a dotted-path variable; unset keeps the default, empty means none."""
    raw = environ.get(name)
    if raw is None:
        return default
    return check_path(raw.strip(), name) if raw.strip() else None


def _choice(environ: Mapping[str, str], name: str, choices: tuple[str, ...], default: str, upper=False) -> str:
    """Read a variable that must be one of ``choices``."""
    raw = (environ.get(name) or "").strip()
    value = raw.upper() if upper else raw.lower()
    if not value:
        return default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return value


def _flag(environ: Mapping[str, str], name: str, default: bool | None) -> bool | None:
    """Read a true/false variable."""
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    if raw.strip().lower() not in _TRUE | _FALSE:
        raise ConfigError(f"{name} must be true or false, got {raw!r}")
    return raw.strip().lower() in _TRUE


def _timeout(environ: Mapping[str, str]) -> float:
    """Read NOTIFIER_SMS_TIMEOUT, seconds in (0, 120]."""
    seconds = env_float("NOTIFIER_SMS_TIMEOUT", 10.0, environ)
    if not 0 < seconds <= MAX_TIMEOUT_SECONDS:
        raise ConfigError(f"NOTIFIER_SMS_TIMEOUT must be more than 0 and at most {MAX_TIMEOUT_SECONDS} seconds")
    return seconds
