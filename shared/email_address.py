"""The one rule for an email address jobmatch can send to, shared by intake and the notifier."""

from __future__ import annotations

from email.message import EmailMessage

MAX_ADDRESS_LENGTH = 254  # RFC 5321's limit on a forward path, and the width of the columns


def check_email_address(value: str) -> str:
    """Return ``value`` unchanged when it is one email address jobmatch can send to.

    Accepted: one mailbox with a non-empty local part and domain, in ASCII, optionally with a
    display name in any script (``রহিম <rahim@example.com>``), at most 254 characters, without
    control characters. Raises ValueError otherwise; the message says what is wrong and never
    repeats the address (it is personal data and error messages end up in logs).
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError("is empty")
    if len(value) > MAX_ADDRESS_LENGTH:
        raise ValueError(f"is longer than {MAX_ADDRESS_LENGTH} characters")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError("contains control characters")
    probe = EmailMessage()
    try:
        probe["To"] = value
        parsed = probe["To"]
        mailboxes = parsed.addresses
    except (ValueError, IndexError, TypeError, AttributeError):
        raise ValueError("is not a valid email address") from None
    if len(mailboxes) == 1 and not mailboxes[0].addr_spec.isascii():
        raise ValueError("has a non-ASCII mailbox name, which cannot be sent to")
    if len(mailboxes) != 1 or parsed.defects or not mailboxes[0].username or not mailboxes[0].domain:
        raise ValueError("must be exactly one valid email address")
    return value
