"""Changes to a stored CV: corrections, consents, withdrawal; each outboxes what consumers must know."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from intake import tables
from intake.clock import utc_now
from intake.consents import CONSENTS, changed_consents
from intake.cv_source import NEEDS_REVIEW, OK, CvSource, readable_text
from intake.cv_events import add_cv_event, candidate_contact, cv_content
from intake.handlers import fair_name
from intake.verification import new_code
from shared.events import types
from shared.phone import normalise_bd_phone

HAND_NOTE = "text supplied by hand"
ACTIVE = "active"
WITHDRAWN = "withdrawn"
CONTENT = ("text", "skills", "location")
CONTACT = ("name", "email", "phone")
TOKEN = ("candidate_token_hash",)
# What the matcher sees: the content, the language, (redaction, shared_contact) the contact, and whose token.
MATCHED = CONTENT + CONTACT + ("language_pref", "share_with_employers") + TOKEN
# What the notifier sees.
REACHED = CONTACT + ("language_pref",) + CONSENTS + TOKEN


def locked_cv(conn, cv_id: str) -> dict:
    """The CV row ``cv_id``, locked for update in the caller's transaction."""
    return dict(conn.execute(select(tables.cvs).where(tables.cvs.c.id == cv_id).with_for_update()).mappings().one())


def matchable(row: dict) -> bool:
    """True when the CV has text to match (a scan nobody could read yet has none)."""
    return bool((row["text"] or "").strip())


def _text_source(row: dict, changes: dict, source: CvSource | None) -> dict:
    """The source columns after ``changes``: a file's, or for text typed over a file's, the hand's."""
    if source is not None:
        return source.columns()
    if "text" not in changes or changes["text"] == row["text"]:
        return {}
    changes["text"], typed = readable_text(changes["text"])
    if row["extraction"] == NEEDS_REVIEW:
        note = HAND_NOTE if typed.reason is None else f"{HAND_NOTE}; {typed.reason}"
        return {"extraction": OK, "extraction_reason": note}
    return {"extraction_reason": typed.reason} if typed.reason else {}


def apply_cv_changes(
    conn, row: dict, changes: dict, *, by_operator: bool, correlation_id: str | None, source: CvSource | None = None
) -> dict:
    """Store ``changes`` to ``row`` in the caller's transaction; outbox cv.updated and candidate.updated as needed.

    A candidate who changes their email or phone must verify it again (a new code goes out in
    candidate.updated); a change made by the operator counts as verified. A new
    ``candidate_token_hash`` (a new private link) is told to both consumers. ``source``: the
    file the new text was read from; text typed over a file that needed review makes it ok.
    A CV without text is not matched: cv.updated waits until it has some.
    """
    now = utc_now()
    changes = dict(changes)
    if changes.get("phone"):
        changes["phone"] = normalise_bd_phone(changes["phone"])
    described = _text_source(row, changes, source)
    values = {k: changes[k] for k in CONTENT + CONTACT + ("language_pref", "institution") + TOKEN
              if k in changes and changes[k] != row[k]}
    if values:
        values.update({k: v for k, v in described.items() if row[k] != v})
    values.update(changed_consents(row, changes, now))
    if not values:
        return row
    code = None
    if any(k in values for k in ("email", "phone")):
        if by_operator:
            values["contact_verified"] = True
        elif values.get("email", row["email"]) or values.get("phone", row["phone"]):
            code, awaiting = new_code(row["id"])
            values.update(awaiting)
    values["updated_at"] = now
    conn.execute(update(tables.cvs).where(tables.cvs.c.id == row["id"]).values(**values))
    row = {**row, **values}
    if any(k in values for k in MATCHED) and matchable(row):
        add_cv_event(conn, types.CV_UPDATED, cv_content(row), correlation_id)
    if any(k in values for k in REACHED):
        add_cv_event(conn, types.CANDIDATE_UPDATED, candidate_contact(row, fair_name(conn, row["fair_id"]), code), correlation_id)
    return row


def update_cv(engine: Engine, cv_id: str, changes: dict, *, by_operator: bool, correlation_id: str | None = None) -> dict:
    """Apply a PATCH to CV ``cv_id``; return the CV as it is now."""
    with engine.begin() as conn:
        return apply_cv_changes(conn, locked_cv(conn, cv_id), changes, by_operator=by_operator, correlation_id=correlation_id)


def withdraw_cv(engine: Engine, cv_id: str, correlation_id: str | None = None) -> dict:
    """Withdraw CV ``cv_id`` from matching with cv.withdrawn; withdrawing twice changes nothing."""
    with engine.begin() as conn:
        row = locked_cv(conn, cv_id)
        if row["status"] == WITHDRAWN:
            return row
        now = utc_now()
        values = {"status": WITHDRAWN, "withdrawn_at": now, "updated_at": now}
        conn.execute(update(tables.cvs).where(tables.cvs.c.id == cv_id).values(**values))
        add_cv_event(conn, types.CV_WITHDRAWN, {"cv_id": cv_id}, correlation_id)
        return {**row, **values}
