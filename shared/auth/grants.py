"""Short-lived grants that let an employer fetch a shortlisted candidate's CV file from intake.

Intake keeps CV files; the matcher knows which employer's posting a CV matched. When the
matcher shows a shortlist to a posting's employer, it adds for each candidate who consented to
share with employers a grant: ``<employer id>.<expiry, unix seconds>.<HMAC-SHA256>`` over the CV
id, the employer id and the expiry. Intake checks the grant (and the consent, again, at that
moment) before it serves the file to that employer, so neither service reads the other's
database. The HMAC key is derived from ``JOBMATCH_ADMIN_TOKEN``, a secret every service already
shares; without it no grant is made or accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import time

GRANT_SECONDS = 24 * 3600
_CONTEXT = b"jobmatch cv file grant\x00"


def _key(admin_token: str) -> bytes:
    return hashlib.sha256(_CONTEXT + admin_token.encode("utf-8")).digest()


def _mac(admin_token: str, cv_id: str, employer_id: str, expires: int) -> str:
    message = f"{cv_id}\x00{employer_id}\x00{expires}".encode("utf-8")
    return hmac.new(_key(admin_token), message, hashlib.sha256).hexdigest()


def file_grant(admin_token: str | None, cv_id: str, employer_id: str, *, now: float | None = None,
               seconds: int = GRANT_SECONDS) -> str | None:
    """A grant for ``employer_id`` to fetch CV ``cv_id``'s file for ``seconds``; None without a token."""
    if not admin_token:
        return None
    expires = int(now if now is not None else time.time()) + seconds
    return f"{employer_id}.{expires}.{_mac(admin_token, cv_id, employer_id, expires)}"


def grant_allows(admin_token: str | None, grant: str | None, cv_id: str, employer_id: str | None,
                 *, now: float | None = None) -> bool:
    """True when ``grant`` was made for this CV and this employer and has not expired."""
    if not (admin_token and grant and employer_id):
        return False
    parts = grant.rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 12:
        return False
    granted_to, expires, mac = parts[0], int(parts[1]), parts[2]
    if granted_to != employer_id or expires < (now if now is not None else time.time()):
        return False
    return hmac.compare_digest(mac, _mac(admin_token, cv_id, employer_id, expires))
