"""Keeping passwords in connection URLs out of logs, error messages, reprs and command output.

Broker, database and SMTP URLs may carry a password (``amqp://user:secret@host//``). Anything
that shows such a URL to a person shows ``redact_url(url)`` instead, and any text that might
quote one (an exception from a driver) goes through ``redact_secrets(text, url)``.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

MASK = "***"


def redact_url(url: str) -> str:
    """Return ``url`` with the password in its user part replaced by ``***``.

    ``scheme://user:secret@host/path`` becomes ``scheme://user:***@host/path``; a URL without
    a password comes back unchanged. Never raises, and needs no valid port or host: the user
    part is everything between ``://`` and the last ``@``, so a malformed URL (a password with
    an unencoded ``/``) is masked too, if anything more than needed.
    """
    parts = _userinfo_split(url)
    if parts is None:
        return url
    head, user, _password, tail = parts
    return f"{head}{user}:{MASK}@{tail}"


def redact_secrets(text: str, *urls: str | None) -> str:
    """Return ``text`` with each URL's password (as written, and decoded) replaced by ``***``.

    Use it on messages from drivers and libraries, which may quote the URL they were given or
    its password. ``None`` URLs are ignored. Never raises.
    """
    for url in urls:
        if not url:
            continue
        text = text.replace(url, redact_url(url))
        parts = _userinfo_split(url)
        if parts is None or not parts[2]:
            continue
        password = parts[2]
        for spelling in sorted({password, unquote(password), quote(unquote(password), safe="")}, key=len, reverse=True):
            text = text.replace(spelling, MASK)
    return text


def _userinfo_split(url: str) -> tuple[str, str, str, str] | None:
    """``(scheme://, user, password, host and rest)`` of a URL with a password, else None."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return None
    # The last "@" anywhere: a password with an unencoded "/" or "?" is still masked whole.
    userinfo, at, host_and_rest = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not at or not colon:
        return None
    return f"{scheme}://", user, password, host_and_rest
