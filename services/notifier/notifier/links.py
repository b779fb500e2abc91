"""Short private links in digests, and signed one-click unsubscribe links in emails."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select

from notifier import tables
from notifier.digests import now
from shared.db.upsert import insert_if_absent

# No 0/o, 1/l/i: a code can be read aloud and typed from a phone's screen. 12 of 31 symbols: 59 bits,
# so guessing one among millions of live codes takes longer than the codes live (30 days).
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 12
LINK_DAYS = 30


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def mint_link(conn, cv_id: str) -> str:
    """A new short code for the candidate's private page, valid LINK_DAYS; only its hash is kept."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    conn.execute(tables.links.insert().values(code_hash=_hash(code), cv_id=cv_id, expires_at=now() + timedelta(days=LINK_DAYS)))
    return code


def resolve_link(conn, code: str) -> str | None:
    """The CV id of an unexpired code, else None."""
    code = (code or "").strip().lower()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    l = tables.links.c
    row = conn.execute(select(l.cv_id, l.expires_at).where(l.code_hash == _hash(code))).first()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=now().tzinfo)
    return row.cv_id if expires > now() else None


def signing_key(engine) -> bytes:
    """This notifier's secret for unsubscribe links, made once and kept in its database."""
    s = tables.settings.c
    with engine.begin() as conn:
        insert_if_absent(conn, tables.settings, {"name": "link_key", "value": secrets.token_hex(32)})
        return bytes.fromhex(conn.execute(select(s.value).where(s.name == "link_key")).scalar_one())


def unsubscribe_token(key: bytes, audience: str, subject_id: str) -> str:
    """A token that opts ``audience`` ("cv" or "employer") ``subject_id`` out; it never expires."""
    body = base64.urlsafe_b64encode(f"{audience}:{subject_id}".encode()).decode().rstrip("=")
    mac = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{body}.{mac}"


def unsubscribe_subject(key: bytes, token: str) -> tuple[str, str] | None:
    """(audience, id) of a valid unsubscribe token, else None."""
    body, _, mac = (token or "").partition(".")
    if not body or len(token) > 200 or not hmac.compare_digest(mac, hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:32]):
        return None
    try:
        audience, _, subject_id = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (audience, subject_id) if audience in ("cv", "employer") and subject_id else None
