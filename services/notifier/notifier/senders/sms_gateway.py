"""SMS delivery through an HTTP SMS gateway described by SmsGatewaySettings."""

from __future__ import annotations

import json
import logging
import re
import threading
from typing import Any
from urllib.parse import urlsplit

import requests

from notifier.senders.interface import DeliveryFailed
from notifier.senders.message_ids import check_message_id
from notifier.senders.sms_presets import SmsGatewaySettings, scalar_text, value_at
from shared.phone import InvalidPhoneNumber, normalise_bd_phone

log = logging.getLogger(__name__)

TRANSIENT_HTTP_STATUSES = frozenset({408, 429})
MAX_REASON_LENGTH = 160
# Where a gateway without a configured message path usually says why it refused.
_REASON_KEYS = ("error_message", "message", "error", "status_message", "description", "detail")
# A refusal that retrying cannot help: the number or the sender id is wrong. Balance is topped up.
_PERMANENT_REASON = re.compile(r"invalid\s*(mobile|msisdn|number|phone)|sender\s*id|\bsid\b", re.IGNORECASE)
_BALANCE_REASON = re.compile(r"balance|credit", re.IGNORECASE)
_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")\]]*")


class _HideQueryStrings(logging.Filter):
    """Masks query strings in urllib3's request lines, which would show a GET gateway's key and the number."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = re.sub(r"\?[^\s\"']*", "?***", message), None
        return True


_QUERY_MASK = _HideQueryStrings()


def hide_query_strings_in_urllib3_logs() -> None:
    """Install the query-string mask on urllib3's connection-pool logger, once per process."""
    logger = logging.getLogger("urllib3.connectionpool")
    if _QUERY_MASK not in logger.filters:
        logger.addFilter(_QUERY_MASK)


class HttpSmsGateway:
    """Sends each SMS as one HTTP request to the gateway; DeliveryFailed says whether a retry can help."""

    def __init__(self, settings: SmsGatewaySettings) -> None:
        """Keep the settings; nothing is contacted yet."""
        self.settings = settings
        self.host = urlsplit(settings.url).netloc
        self._local = threading.local()
        hide_query_strings_in_urllib3_logs()

    def __repr__(self) -> str:
        return f"HttpSmsGateway({self.settings.preset}, {self.host!r})"

    @property
    def resend_is_safe(self) -> bool:
        """True when the gateway refuses a repeat of our message id, so an unrecorded send may be sent again."""
        return self.settings.resend_is_safe

    @property
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def send_sms(self, *, to: str, body: str, message_id: str) -> str | None:
        """Send one SMS; return the gateway's message id or None; ValueError for a bad message_id."""
        check_message_id(message_id)
        msisdn = gateway_msisdn(to)
        values = {
            "token": self.settings.token,
            "sender_id": self.settings.sender_id,
            "to": msisdn,
            "text": body,
            "message_id": message_id,
        }
        try:
            response = self._session.request(
                self.settings.method, self.settings.url, timeout=self.settings.timeout, allow_redirects=False,
                **self._request_parts(values),
            )
        except requests.Timeout:
            raise DeliveryFailed(
                f"SMS gateway {self.host} did not answer within {self.settings.timeout:g} s "
                f"(the SMS to {mask_msisdn(msisdn)} may still have been accepted)"
            ) from None
        except requests.RequestException as exc:
            raise DeliveryFailed(f"could not reach SMS gateway {self.host}: {_network_reason(exc)}") from None
        gateway_id = self._read_answer(response, msisdn)
        log.debug("SMS %s accepted by gateway %s as %s", message_id, self.host, gateway_id)
        return gateway_id

    def close(self) -> None:
        """Close this thread's pooled connections."""
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()
            self._local.session = None

    def _request_parts(self, values: dict[str, str]) -> dict[str, Any]:
        """The headers and the body or query of one request."""
        fields = {name: template.format_map(values) for name, template in self.settings.fields}
        headers = {"Accept": "application/json"}
        if self.settings.auth_header:
            name, template = self.settings.auth_header
            headers[name] = template.format_map(values)
        if self.settings.body == "json":
            headers["Content-Type"] = "application/json; charset=utf-8"
            return {"headers": headers, "data": json.dumps(fields, ensure_ascii=False).encode("utf-8")}
        if self.settings.body == "form":
            return {"headers": headers, "data": fields}
        return {"headers": headers, "params": fields}

    def _read_answer(self, response: requests.Response, msisdn: str) -> str | None:
        """The gateway id of an accepted SMS; DeliveryFailed, permanent or not, for any other answer."""
        status = response.status_code
        where = f"SMS gateway {self.host}"
        if not 200 <= status < 300:
            reason = self._shown(_reason_text(response), msisdn)
            if 300 <= status < 400:
                raise DeliveryFailed(f"{where} redirected (HTTP {status}); set the final URL", permanent=True)
            transient = status >= 500 or status in TRANSIENT_HTTP_STATUSES
            raise DeliveryFailed(f"{where} answered HTTP {status}: {reason}", permanent=not transient)
        try:
            answer = response.json()
        except ValueError:
            raise DeliveryFailed(
                f"{where} answered HTTP {status} with no JSON: {self._shown(response.text, msisdn)}"
            ) from None
        if self.settings.success.matches(answer) or (
            self.settings.duplicate is not None and self.settings.duplicate.matches(answer)
        ):
            return self._gateway_id(answer)
        code, reason = self._refusal(answer)
        permanent = code in self.settings.permanent_codes or (
            bool(_PERMANENT_REASON.search(reason)) and not _BALANCE_REASON.search(reason)
        )
        raise DeliveryFailed(
            f"{where} did not accept the SMS to {mask_msisdn(msisdn)}: code {code}: {self._shown(reason, msisdn)}",
            permanent=permanent,
        )

    def _gateway_id(self, answer: Any) -> str | None:
        """The gateway's own message id at the configured path, or None."""
        if not self.settings.message_id_path:
            return None
        value = value_at(answer, self.settings.message_id_path)
        if value is None or value == "" or isinstance(value, (dict, list)):
            return None
        return scalar_text(value)

    def _refusal(self, answer: Any) -> tuple[str, str]:
        """The gateway's code and message for a refused SMS."""
        code_path, message_path = self.settings.error_code_path, self.settings.error_message_path
        code = value_at(answer, code_path) if code_path else None
        message = value_at(answer, message_path) if message_path else None
        if message in (None, "") and isinstance(answer, dict):
            message = next((answer[key] for key in _REASON_KEYS if answer.get(key) not in (None, "")), None)
        return (
            "?" if code is None else scalar_text(code),
            "" if message is None else scalar_text(message),
        )

    def _shown(self, text: str, msisdn: str) -> str:
        """Gateway text fit for a log line: one line, shortened, without the token or the full number."""
        text = " ".join(text.split())
        if self.settings.token:
            text = text.replace(self.settings.token, "***")
        for spelling in (msisdn, msisdn[2:], msisdn[3:]):  # 8801712345678, 01712345678, 1712345678
            text = text.replace(spelling, mask_msisdn(msisdn))
        if len(text) > MAX_REASON_LENGTH:
            text = text[: MAX_REASON_LENGTH - 1] + "…"
        return text or "(no text)"


def gateway_msisdn(to: str) -> str:
    """The number as gateways want it, 8801XXXXXXXXX; DeliveryFailed (permanent) for a non-Bangladeshi mobile."""
    try:
        return normalise_bd_phone(to)[1:]
    except (InvalidPhoneNumber, TypeError) as exc:
        raise DeliveryFailed(f"not sent: {exc}", permanent=True) from None


def mask_msisdn(msisdn: str) -> str:
    """A number fit for logs: 8801712345678 becomes 8801*****678."""
    return f"{msisdn[:4]}*****{msisdn[-3:]}"


def _reason_text(response: requests.Response) -> str:
    """The error text of a non-2xx answer: its JSON message if any, else its body."""
    try:
        answer = response.json()
    except ValueError:
        return response.text
    if isinstance(answer, dict):
        for key in _REASON_KEYS:
            if answer.get(key) not in (None, ""):
                return scalar_text(answer[key])
    return response.text


def _network_reason(exc: requests.RequestException) -> str:
    """The kind of network failure and its errno text, without the URL (a GET URL holds the key)."""
    errno = _ERRNO.search(str(exc))
    return f"{type(exc).__name__}" + (f" ({errno.group(0).strip()})" if errno else "")
