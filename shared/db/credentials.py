"""Finding whose credential a hash is in a service's own tables (a ``CredentialLookup``).

Each service keeps the SHA-256 hashes of the credentials it must check: intake the ones it
issued, the matcher and notifier the ones intake published to them, fairday also the volunteer
tokens it issued. Lookups are by the hash, an indexed column; a credential whose row is gone (an
erased candidate) is unknown. Without volunteer columns, ``volunteer_fair`` knows no volunteer.
"""

from __future__ import annotations

from sqlalchemy import Column, select
from sqlalchemy.engine import Engine


class CredentialsInTables:
    """Employer API keys, candidate tokens (and volunteer tokens, when given) found by hash: ``id`` where ``hash`` matches."""

    def __init__(self, engine: Engine, *, employer_id: Column, employer_key_hash: Column, cv_id: Column, cv_token_hash: Column,
                 volunteer_fair_id: Column | None = None, volunteer_token_hash: Column | None = None):
        self.engine = engine
        self._employer = (employer_id, employer_key_hash)
        self._cv = (cv_id, cv_token_hash)
        self._volunteer = (volunteer_fair_id, volunteer_token_hash) if volunteer_fair_id is not None else None

    def employer_with_key(self, key_hash: str) -> str | None:
        """The id of the employer whose API key has this hash, or None."""
        return self._first(*self._employer, key_hash)

    def cv_with_token(self, token_hash: str) -> str | None:
        """The id of the CV whose candidate token has this hash, or None."""
        return self._first(*self._cv, token_hash)

    def volunteer_fair(self, token_hash: str) -> str | None:
        """The fair whose volunteer token has this hash, or None (always None without volunteer columns)."""
        return self._first(*self._volunteer, token_hash) if self._volunteer else None

    def _first(self, id_column: Column, hash_column: Column, value: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(id_column).where(hash_column == value).limit(1)).scalar_one_or_none()
