"""Whose credential a hash is, from intake's own tables (the CredentialLookup of shared.http.access)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from intake import tables


class IntakeCredentials:
    """Employer API keys and candidate tokens, found by their SHA-256 hash."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def employer_with_key(self, key_hash: str) -> str | None:
        """The id of the employer whose API key has this hash, or None."""
        return self._first(select(tables.employers.c.id).where(tables.employers.c.key_hash == key_hash))

    def cv_with_token(self, token_hash: str) -> str | None:
        """The id of the (not erased) CV whose candidate token has this hash, or None."""
        return self._first(select(tables.cvs.c.id).where(tables.cvs.c.candidate_token_hash == token_hash))

    def _first(self, query) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one_or_none()
