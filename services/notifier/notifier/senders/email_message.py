"""The one email message format every email adapter sends or stores."""

from datetime import datetime, timezone
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime

from notifier.senders.message_ids import message_id_header
from shared.email_address import check_email_address


class _WholeSubjectPolicy(EmailPolicy):
    """EmailPolicy that encodes a non-ASCII Subject as encoded words only, spaces included.

    The standard folder can leave a space as plain text between two encoded words when it
    folds a long mixed subject (CPython gh-144156), and readers drop such spaces, so
    "আপনার সিভি" would arrive as "আপনারসিভি".
    """

    def fold(self, name: str, value: str) -> str:
        if name.lower() == "subject" and not str(value).isascii():
            return self._fold_subject(name, str(value))
        return super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() == "subject" and not str(value).isascii():
            return self._fold_subject(name, str(value)).encode("ascii")
        return super().fold_binary(name, value)

    def _fold_subject(self, name: str, value: str) -> str:
        encoded = Header(value, "utf-8", maxlinelen=self.max_line_length, header_name=name)
        return f"{name}: {encoded.encode(linesep=self.linesep)}{self.linesep}"


# CRLF line ends (canonical text, also inside base64) and a 7-bit body (quoted-printable or
# base64), so any SMTP server accepts the message unchanged, 8BITMIME or not.
EMAIL_POLICY = _WholeSubjectPolicy(linesep="\r\n", cte_type="7bit")
ALLOWED_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post")


def build_email(
    *,
    sender_address: str,
    to: str,
    subject: str,
    body: str,
    message_id: str,
    date: datetime | None = None,
    html: str | None = None,
    headers: dict | None = None,
) -> EmailMessage:
    """Build a UTF-8 email, plain text or text + HTML; ValueError for a bad address, subject, header or message_id.

    ``headers``: extra headers from ALLOWED_HEADERS (List-Unsubscribe and List-Unsubscribe-Post,
    RFC 8058), each one line.
    """
    message = EmailMessage(policy=EMAIL_POLICY)
    message["From"] = checked_address(sender_address, "From")
    message["To"] = checked_address(to, "To")
    try:
        message["Subject"] = subject
    except ValueError as exc:
        raise ValueError(f"subject cannot be an email header: {exc}") from exc
    message["Date"] = format_datetime(date or datetime.now(timezone.utc))
    message["Message-ID"] = message_id_header(message_id)
    for name, value in (headers or {}).items():
        if name not in ALLOWED_HEADERS or not isinstance(value, str) or "\r" in value or "\n" in value:
            raise ValueError(f"header {name!r} cannot be added to an email")
        message[name] = value
    message.set_content(body, charset="utf-8")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def checked_address(address: str, header: str) -> str:
    """Return address if jobmatch can send to it (shared.email_address), else ValueError naming the header."""
    try:
        return check_email_address(address)
    except ValueError as exc:
        raise ValueError(f"{header} address {exc}") from None
