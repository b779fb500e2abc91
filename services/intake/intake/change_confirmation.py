"""A CV handed in again without its token: the change waits for the code sent to the stored contact.

Anyone may hand in a CV, and a phone number is no secret; so a changed CV from the same phone or
email, without the candidate's token, is not applied at once. It is held, and a code goes to the
contact stored with the CV. Whoever gives the code back holds that phone or mailbox: the change
is applied, the contact counts as verified, and a new candidate token (private link) is answered,
replacing the old one. One held change at a time: another anonymous change within the code's
lifetime is refused, so nobody can use re-submissions to flood a phone with codes.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from intake import tables
from intake.clock import utc_now
from intake.cv_changes import CONTENT, apply_cv_changes
from intake.cv_events import add_cv_event, candidate_contact
from intake.errors import NoChangeWaiting, WrongVerificationCode
from intake.handlers import fair_name
from intake.verification import MAX_ATTEMPTS, code_hash, new_code
from shared.auth.tokens import CANDIDATE_TOKEN, new_token, same_secret, token_hash
from shared.events import types

CODE_LIFETIME = timedelta(minutes=15)

HELD = "awaiting_confirmation"
ALREADY_HELD = "already_awaiting_confirmation"


def _change_hash(cv_id: str, code: str) -> str:
    return code_hash(f"change:{cv_id}", code)


def _waiting(row: dict, now) -> bool:
    return row["pending_code_hash"] is not None and row["pending_at"] is not None and now - _aware(row["pending_at"]) < CODE_LIFETIME


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def hold_change(conn, row: dict, changes: dict, correlation_id: str | None) -> str:
    """Hold ``changes`` (content only) to ``row`` and send a code to its contact; return HELD or ALREADY_HELD."""
    now = utc_now()
    if _waiting(row, now):
        return ALREADY_HELD
    code, _ = new_code(row["id"])
    held = {k: changes[k] for k in CONTENT if k in changes}
    conn.execute(
        update(tables.cvs)
        .where(tables.cvs.c.id == row["id"])
        .values(pending_changes=held, pending_code_hash=_change_hash(row["id"], code), pending_attempts=0, pending_at=now)
    )
    contact = candidate_contact(row, fair_name(conn, row["fair_id"]), code, code_purpose="change")
    add_cv_event(conn, types.CANDIDATE_UPDATED, contact, correlation_id)
    return HELD


def confirm_change(engine: Engine, cv_id: str, code: str, correlation_id: str | None = None) -> tuple[dict, str]:
    """Apply the change held for ``cv_id`` with its code; return the CV and the candidate's new token.

    NoChangeWaiting when there is no such CV, no change held or its code expired; WrongVerificationCode
    for a wrong code (the fifth wrong code discards the held change). Both answer alike, so the
    call tells nobody whether a CV exists.
    """
    now = utc_now()
    with engine.begin() as conn:
        found = conn.execute(select(tables.cvs).where(tables.cvs.c.id == cv_id).with_for_update()).mappings().first()
        if found is None or not _waiting(dict(found), now):
            raise NoChangeWaiting(cv_id)
        row = dict(found)
        if not same_secret(_change_hash(cv_id, code), row["pending_code_hash"]):
            missed = row["pending_attempts"] + 1
            values = {"pending_attempts": missed}
            if missed >= MAX_ATTEMPTS:
                values.update(pending_changes=None, pending_code_hash=None, pending_at=None)
            conn.execute(update(tables.cvs).where(tables.cvs.c.id == cv_id).values(**values))
            wrong = WrongVerificationCode(cv_id)
        else:
            token = new_token(CANDIDATE_TOKEN)
            cleared = {"pending_changes": None, "pending_code_hash": None, "pending_attempts": 0, "pending_at": None}
            if not row["contact_verified"]:
                cleared.update(contact_verified=True, verification_code_hash=None, verified_at=now)
                add_cv_event(conn, types.CANDIDATE_VERIFIED, {"cv_id": cv_id}, correlation_id)
            conn.execute(update(tables.cvs).where(tables.cvs.c.id == cv_id).values(**cleared))
            changes = {**(row["pending_changes"] or {}), "candidate_token_hash": token_hash(token)}
            row = apply_cv_changes(conn, {**row, **cleared}, changes, by_operator=False, correlation_id=correlation_id)
            return row, token
    raise wrong  # raised after commit, so the miss is counted
