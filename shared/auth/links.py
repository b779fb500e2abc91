"""Candidate link credentials: what a short link in an SMS or email turns into when opened.

The notifier puts a short code in each digest (``/l/<code>`` on the portal). Opening it asks
the notifier, which knows the code's candidate, for a link credential:
``jm_link_<cv id>.<expiry, unix seconds>.<HMAC-SHA256>``. Every service accepts it as that
candidate's own credential until it expires, by checking the HMAC, so no service reads another's
database. The key is derived from ``JOBMATCH_ADMIN_TOKEN``, which every service already shares;
without it no link credential is made or accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import time

PREFIX = "jm_link_"
LINK_SECONDS = 12 * 3600
_CONTEXT = b"jobmatch candidate link\x00"


def _mac(admin_token: str, cv_id: str, expires: int) -> str:
    key = hashlib.sha256(_CONTEXT + admin_token.encode("utf-8")).digest()
    return hmac.new(key, f"{cv_id}\x00{expires}".encode("utf-8"), hashlib.sha256).hexdigest()


def link_credential(admin_token: str | None, cv_id: str, *, now: float | None = None,
                    seconds: int = LINK_SECONDS) -> str | None:
    """A credential for candidate ``cv_id`` valid ``seconds``; None without an admin token."""
    if not admin_token:
        return None
    expires = int(now if now is not None else time.time()) + seconds
    return f"{PREFIX}{cv_id}.{expires}.{_mac(admin_token, cv_id, expires)}"


def link_subject(admin_token: str | None, credential: str, *, now: float | None = None) -> str | None:
    """The CV id a valid, unexpired link credential stands for, else None."""
    if not admin_token or not credential.startswith(PREFIX) or len(credential) > 200:
        return None
    parts = credential[len(PREFIX):].rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 12:
        return None
    cv_id, expires, mac = parts[0], int(parts[1]), parts[2]
    if not cv_id or expires < (now if now is not None else time.time()):
        return None
    return cv_id if hmac.compare_digest(mac, _mac(admin_token, cv_id, expires)) else None
