"""Contact verification: a 6-digit code sent to the candidate, checked here with a bounded number of tries."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from intake import tables
from intake.clock import utc_now
from intake.cv_events import add_cv_event
from intake.errors import VerificationLocked, WrongVerificationCode
from shared.auth.tokens import same_secret
from shared.events import types

MAX_ATTEMPTS = 5


def code_hash(cv_id: str, code: str) -> str:
    """The stored form of a CV's code: SHA-256 of the CV id and the code."""
    return hashlib.sha256(f"{cv_id}:{code}".encode()).hexdigest()


def new_code(cv_id: str) -> tuple[str, dict]:
    """A fresh code for ``cv_id`` and the column values that await it."""
    code = f"{secrets.randbelow(10**6):06d}"
    return code, {"contact_verified": False, "verification_code_hash": code_hash(cv_id, code), "verification_attempts": 0, "verified_at": None}


def verify_contact(engine: Engine, cv_id: str, code: str, *, by_operator: bool = False, correlation_id: str | None = None) -> dict:
    """Mark the CV's contact verified with candidate.verified; WrongVerificationCode, or VerificationLocked after 5 misses.

    The lock binds the candidate's token; the operator at the fair's desk may still enter the code.
    """
    with engine.begin() as conn:
        row = dict(conn.execute(select(tables.cvs).where(tables.cvs.c.id == cv_id).with_for_update()).mappings().one())
        if row["contact_verified"]:
            return row
        if row["verification_code_hash"] is None:
            raise WrongVerificationCode(cv_id)  # no code was sent: the CV has no contact to verify
        if row["verification_attempts"] >= MAX_ATTEMPTS and not by_operator:
            raise VerificationLocked(cv_id)
        if not same_secret(code_hash(cv_id, code), row["verification_code_hash"]):
            conn.execute(update(tables.cvs).where(tables.cvs.c.id == cv_id).values(verification_attempts=tables.cvs.c.verification_attempts + 1))
            wrong = WrongVerificationCode(cv_id)
        else:
            values = {"contact_verified": True, "verification_code_hash": None, "verified_at": utc_now()}
            conn.execute(update(tables.cvs).where(tables.cvs.c.id == cv_id).values(**values))
            row.update(values)
            add_cv_event(conn, types.CANDIDATE_VERIFIED, {"cv_id": cv_id}, correlation_id)
            return row
    raise wrong  # raised after commit, so the miss is counted
