"""Receiving a CV: a new candidate with a token, or the same candidate's CV again (a duplicate or an update)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from intake import tables
from intake.change_confirmation import hold_change
from intake.cv_source import TYPED, CvSource, keep_file
from intake.clock import utc_now
from intake.consents import stated_consents
from intake.cv_changes import ACTIVE, CONTENT, apply_cv_changes, locked_cv, matchable
from intake.cv_events import add_cv_event, batched_events, candidate_contact, cv_content
from intake.handlers import fair_name
from intake.registration import free_registration_code
from intake.verification import new_code
from shared.auth.tokens import CANDIDATE_TOKEN, new_token, token_hash
from shared.events import types
from shared.phone import normalise_bd_phone


NEW = "new"
UNCHANGED = "none"
UPDATED = "updated"


@dataclass(frozen=True)
class ReceivedCv:
    """The CV as stored; ``candidate_token`` only for a new candidate (it is not kept).

    ``change``: NEW, UNCHANGED (handed in again as it was), UPDATED, or for a caller who does not
    hold the CV's token, HELD / ALREADY_HELD (see ``change_confirmation``). ``owned``: the caller
    may see the CV in full (its candidate, a new CV's submitter, or the operator).
    """

    row: dict
    candidate_token: str | None
    change: str
    owned: bool

    @property
    def is_new(self) -> bool:
        """True when this request created the CV."""
        return self.change == NEW


def _same_candidate(conn, fair_id: str | None, email: str | None, phone: str | None) -> str | None:
    """The id of an active CV in the same fair with the same email or phone, or None."""
    same_contact = [c == v for c, v in ((tables.cvs.c.email, email), (tables.cvs.c.phone, phone)) if v]
    if not same_contact:
        return None
    same_fair = tables.cvs.c.fair_id.is_(None) if fair_id is None else tables.cvs.c.fair_id == fair_id
    query = (
        select(tables.cvs.c.id)
        .where(same_fair, tables.cvs.c.status == ACTIVE, or_(*same_contact))
        .order_by(tables.cvs.c.created_at)
        .limit(1)
    )
    return conn.execute(query).scalar_one_or_none()


def contacts_at_fair(conn, fair_id: str, emails: set[str], phones: set[str]) -> set[str]:
    """Which of ``emails`` and ``phones`` (normalised) an active CV at fair ``fair_id`` already has."""
    c = tables.cvs.c
    found: set[str] = set()
    for column, values in ((c.email, emails), (c.phone, phones)):
        if values:
            query = select(column).where(c.fair_id == fair_id, c.status == ACTIVE, column.in_(sorted(values)))
            found.update(conn.execute(query).scalars())
    return found


def _again(
    conn, existing_id: str, cv: dict, source: CvSource, *, verified: bool, owner: bool, correlation_id: str | None
) -> ReceivedCv:
    """The same candidate's CV handed in again: unchanged, updated (owner, operator) or held for a code."""
    existing = locked_cv(conn, existing_id)
    changes = {k: cv[k] for k in CONTENT if k in cv and cv[k] != existing[k]}
    trusted = verified or owner
    if not changes:
        return ReceivedCv(existing, None, UNCHANGED, trusted)
    if trusted:
        if source.file is not None:
            keep_file(conn, existing_id, source.file, utc_now())
        row = apply_cv_changes(conn, existing, changes, by_operator=verified, correlation_id=correlation_id, source=source)
        return ReceivedCv(row, None, UPDATED, True)
    return ReceivedCv(existing, None, hold_change(conn, existing, changes, correlation_id), False)


def receive_cv(
    engine: Engine, cv: dict, *, verified: bool, caller_cv_id: str | None = None, correlation_id: str | None = None,
    source: CvSource = TYPED,
) -> ReceivedCv:
    """Store a CV with candidate.registered and cv.received (redacted text); UnknownFair for a bad fair_id.

    The same email or phone handing in the same text at the same fair gets its stored CV back
    (nothing new is stored or sent). A changed text updates that CV (cv.updated) when the
    operator hands it in or the caller holds that CV's token (``caller_cv_id``); from anyone
    else the change waits for the code sent to the stored contact (``change_confirmation``).
    ``verified``: the contact was checked by the operator, so no verification code is sent.
    ``source``: where the text came from (a file is kept); a CV with no text yet (a scan nobody could
    read) is stored but not matched: cv.received waits until its text is supplied (cv.updated).
    """
    with engine.begin() as conn, batched_events(conn):
        return receive_cv_in(conn, cv, verified=verified, caller_cv_id=caller_cv_id, correlation_id=correlation_id, source=source)


_LOOK_UP = object()


def receive_cv_in(
    conn, cv: dict, *, verified: bool, caller_cv_id: str | None = None, correlation_id: str | None = None,
    source: CvSource = TYPED, fair=_LOOK_UP, known_new: bool = False, channel: str | None = None,
) -> ReceivedCv:
    """``receive_cv`` in the caller's transaction.

    Bulk imports run many in one, passing the ``fair``'s name, and ``known_new`` for a CV whose
    phone and email they checked against the fair already (``same_candidates``).
    """
    now = utc_now()
    phone = normalise_bd_phone(cv["phone"]) if cv.get("phone") else None
    fair = fair_name(conn, cv.get("fair_id")) if fair is _LOOK_UP else fair
    existing_id = None if known_new else _same_candidate(conn, cv.get("fair_id"), cv.get("email"), phone)
    if existing_id is not None:
        owner = caller_cv_id == existing_id
        return _again(conn, existing_id, cv, source, verified=verified, owner=owner, correlation_id=correlation_id)
    token = new_token(CANDIDATE_TOKEN)
    row = {k: cv.get(k) for k in ("fair_id", "name", "email", "language_pref", "text", "skills", "location", "institution")}
    row.update(id=str(uuid.uuid4()), phone=phone, status=ACTIVE, withdrawn_at=None, candidate_token_hash=token_hash(token),
               created_at=now, updated_at=now, **stated_consents(cv, now), **source.columns(),
               channel=channel or ("desk" if verified else "kiosk"), registration_code=free_registration_code(conn))
    code = None
    if verified:
        row.update(contact_verified=True, verification_code_hash=None, verification_attempts=0, verified_at=now)
    elif row["email"] or row["phone"]:
        code, awaiting = new_code(row["id"])
        row.update(awaiting)
    else:
        row.update(contact_verified=False, verification_code_hash=None, verification_attempts=0, verified_at=None)
    conn.execute(tables.cvs.insert(), row)
    if source.file is not None:
        keep_file(conn, row["id"], source.file, now)
    add_cv_event(conn, types.CANDIDATE_REGISTERED, candidate_contact(row, fair, code), correlation_id)
    if matchable(row):
        add_cv_event(conn, types.CV_RECEIVED, cv_content(row), correlation_id)
    return ReceivedCv(row, token, NEW, True)
