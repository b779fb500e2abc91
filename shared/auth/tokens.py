"""Credentials: random bearer tokens, and the hashes services keep instead of them.

A token is ``jm_<kind>_<43 characters>``: 256 random bits, URL-safe. Only its SHA-256 hash is
stored or sent over the bus. A slow password hash (scrypt, argon2) protects guessable
passwords; a token with 256 random bits cannot be guessed, so a fast hash keeps it just as safe
in a leaked table while letting each service check one per request in microseconds. Hashes are
compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

EMPLOYER_KEY = "emp"
CANDIDATE_TOKEN = "cand"
VOLUNTEER_TOKEN = "vol"
_PREFIX = "jm_"
MAX_TOKEN_LENGTH = 100


def new_token(kind: str) -> str:
    """Return a fresh token of ``kind`` (``EMPLOYER_KEY``, ``CANDIDATE_TOKEN`` or ``VOLUNTEER_TOKEN``)."""
    return f"{_PREFIX}{kind}_{secrets.token_urlsafe(32)}"


def token_kind(token: str) -> str | None:
    """The kind a token says it is, or None when it has no token's shape."""
    if not token.startswith(_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    kind, _, secret = token[len(_PREFIX):].partition("_")
    return kind if kind in (EMPLOYER_KEY, CANDIDATE_TOKEN, VOLUNTEER_TOKEN) and len(secret) >= 32 else None


def token_hash(token: str) -> str:
    """The SHA-256 of ``token`` in hex: what is stored and published instead of the token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Compare two secrets or hashes in constant time."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))
