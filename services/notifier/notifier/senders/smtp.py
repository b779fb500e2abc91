"""Email delivery through an SMTP server given as an smtp:// or smtps:// URL."""

import re
import smtplib
import ssl
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from notifier.senders.email_message import build_email, checked_address
from notifier.senders.interface import DeliveryFailed

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to reach the SMTP server, parsed from its URL."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None = None
    password: str = field(default="", repr=False)


def parse_smtp_url(url: str) -> SmtpSettings:
    """Parse smtp://[user:pass@]host[:port][?starttls=true] or smtps://...; ValueError if malformed.

    A user name needs TLS (smtps:// or starttls=true): credentials never cross the network in
    clear text. Error messages never contain the password.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"SMTP URL scheme must be smtp or smtps, not {parts.scheme!r}")
    if not parts.hostname:
        raise ValueError("SMTP URL has no host")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise ValueError(f"SMTP URL port is not a valid port number: {exc}") from exc
    if parts.path not in ("", "/") or parts.fragment:
        raise ValueError("SMTP URL must not have a path or fragment")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - {"starttls"}
    if unknown:
        raise ValueError(f"SMTP URL has unknown query parameters: {sorted(unknown)}")
    starttls = _flag(query.get("starttls", ["false"]))
    if starttls and scheme == "smtps":
        raise ValueError("starttls=true makes no sense with smtps://, which is TLS from the start")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else ""
    if password and not username:
        raise ValueError("SMTP URL has a password but no user name")
    if not ((username or "") + password).isascii():
        raise ValueError("SMTP URL user name and password must be ASCII (smtplib sends only ASCII)")
    if username and scheme != "smtps" and not starttls:
        raise ValueError(
            "SMTP URL has a user name and password but neither smtps:// nor ?starttls=true: "
            "they would cross the network in clear text"
        )
    return SmtpSettings(parts.hostname, port, scheme == "smtps", starttls, username, password)


def _flag(values: list[str]) -> bool:
    """Read a single true/false query value."""
    if len(values) != 1 or values[0].lower() not in _TRUE | _FALSE:
        raise ValueError(f"SMTP URL starttls must be true or false, not {values}")
    return values[0].lower() in _TRUE


class SmtpEmailSender:
    """Sends each email over a fresh SMTP connection; DeliveryFailed on any SMTP or network error."""

    def __init__(
        self,
        url: str,
        sender_address: str,
        timeout: float = 10,
        *,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Parse the URL; ValueError for a malformed URL or sender address (nothing is contacted yet)."""
        self.settings = parse_smtp_url(url)
        self.sender_address = checked_address(sender_address, "From")
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()

    def __repr__(self) -> str:
        return f"SmtpEmailSender({self.settings.host}:{self.settings.port}, {self.sender_address!r})"

    def send_email(self, *, to: str, subject: str, body: str, message_id: str, html: str | None = None,
                   headers: dict | None = None) -> None:
        """Send one email; ValueError for bad input, DeliveryFailed if the server did not accept it.

        Never logs in or sends over clear text when STARTTLS was asked for and the server does
        not offer it. Error messages name the server, never the recipient's address.
        """
        message = build_email(
            sender_address=self.sender_address, to=to, subject=subject, body=body, message_id=message_id,
            html=html, headers=headers,
        )
        where = f"{self.settings.host}:{self.settings.port}"
        try:
            client = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"could not connect to SMTP server {where}: {exc}") from exc
        try:
            if self.settings.starttls:
                self._start_tls(client, where)
            if self.settings.username:
                client.login(self.settings.username, self.settings.password)
            refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _refused(to, exc.recipients, where) from None
        except smtplib.SMTPResponseException as exc:
            raise DeliveryFailed(
                f"SMTP server {where} answered {exc.smtp_code} {_without_address(_text(exc.smtp_error), to)}",
                permanent=500 <= exc.smtp_code < 600,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"SMTP delivery through {where} failed: {_without_address(str(exc), to)}") from exc
        finally:
            _close(client)
        if refused:
            raise _refused(to, refused, where)

    def _start_tls(self, client: smtplib.SMTP, where: str) -> None:
        """Switch to TLS; DeliveryFailed (permanent) when the server does not offer STARTTLS."""
        try:
            client.starttls(context=self.ssl_context)
        except smtplib.SMTPNotSupportedError:
            raise DeliveryFailed(
                f"SMTP server {where} does not offer STARTTLS; nothing is sent over clear text", permanent=True
            ) from None

    def _connect(self) -> smtplib.SMTP:
        """Open the connection, with TLS from the start for smtps://."""
        if self.settings.implicit_tls:
            return smtplib.SMTP_SSL(
                self.settings.host, self.settings.port, timeout=self.timeout, context=self.ssl_context
            )
        return smtplib.SMTP(self.settings.host, self.settings.port, timeout=self.timeout)


def _refused(to: str, recipients: dict, where: str) -> DeliveryFailed:
    """Describe a refused recipient without its address; permanent when every refusal was a 5xx reply."""
    reasons = "; ".join(f"{code} {_without_address(_text(reply), to)}" for code, reply in recipients.values())
    permanent = all(500 <= code < 600 for code, _ in recipients.values())
    return DeliveryFailed(f"SMTP server {where} refused the recipient ({reasons})", permanent=permanent)


def _without_address(reply: str, to: str) -> str:
    """An SMTP reply with the recipient's address (servers often quote it) replaced by "recipient"."""
    address = _addr_spec(to)
    for quoted in {to, address}:
        if quoted:
            reply = re.sub(re.escape(quoted), "recipient", reply, flags=re.IGNORECASE)
    return reply


def _addr_spec(to: str) -> str:
    """The bare address of a checked "Name <address>" or "address" value."""
    return to.rsplit("<", 1)[-1].rstrip(">").strip()


def _text(reply: bytes | str) -> str:
    """Decode an SMTP reply text for an error message."""
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _close(client: smtplib.SMTP) -> None:
    """Say QUIT if the server still listens; the message's fate is already decided."""
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
