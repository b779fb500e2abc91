"""Whose credential a hash is, from intake's own tables."""

from sqlalchemy.engine import Engine

from intake import tables
from shared.db.credentials import CredentialsInTables


def intake_credentials(engine: Engine) -> CredentialsInTables:
    """Employer API keys and (not erased) candidates' tokens, found by their SHA-256 hash."""
    return CredentialsInTables(
        engine,
        employer_id=tables.employers.c.id,
        employer_key_hash=tables.employers.c.key_hash,
        cv_id=tables.cvs.c.id,
        cv_token_hash=tables.cvs.c.candidate_token_hash,
    )
