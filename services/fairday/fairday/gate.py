"""The gate: volunteers' tokens, employers marked present, candidates checked in by their code."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from fairday import tables
from fairday.clock import as_utc
from fairday.errors import NotFound
from fairday.published import publish
from fairday.stalls import stall_of, suggested_stalls
from shared.auth.tokens import VOLUNTEER_TOKEN, new_token, token_hash
from shared.db.upsert import insert_if_absent
from shared.events import types
from shared.registration_codes import grouped, parse_code


def new_volunteer(conn, fair_id: str, now) -> str:
    """A fresh volunteer token for ``fair_id``; only its hash is kept."""
    token = new_token(VOLUNTEER_TOKEN)
    conn.execute(tables.volunteers.insert().values(token_hash=token_hash(token), fair_id=fair_id, created_at=now))
    return token


def mark_present(conn, fair_id: str, employer_id: str, stall: str | None, now) -> tuple[dict, bool]:
    """Mark the employer present at the fair (once); returns (presence, created)."""
    employer = conn.execute(select(tables.employers).where(tables.employers.c.id == employer_id)).mappings().first()
    if employer is None:
        raise NotFound(f"No employer {employer_id} here.")
    row = {"id": str(uuid.uuid4()), "fair_id": fair_id, "employer_id": employer_id,
           "stall": stall or stall_of(conn, fair_id, employer_id), "at": now}
    created = insert_if_absent(conn, tables.presence, row)
    if not created:
        p = tables.presence
        row = dict(conn.execute(select(p).where(p.c.fair_id == fair_id, p.c.employer_id == employer_id)).mappings().one())
        return row, False
    publish(conn, types.EMPLOYER_CHECKED_IN, {"fair_id": fair_id, "employer_id": employer_id, "employer": employer["name"],
                                             "stall": row["stall"], "at": now.isoformat()})
    return row, True


def cv_with_code(conn, typed: str) -> dict:
    """The active CV whose registration code this is (typed loosely); NotFound otherwise."""
    code = parse_code(typed)
    c = tables.cvs
    row = conn.execute(select(c).where(c.c.registration_code == code, c.c.status == "active")).mappings().first() if code else None
    if row is None:
        raise NotFound("No CV has this code. Check it with the candidate; a CV handed in a moment ago may take a few seconds to arrive.")
    return dict(row)


def check_in(conn, fair_id: str, typed_code: str, now, *, walk_in_seconds: int, suggestions: int) -> tuple[dict, bool]:
    """Check the candidate with this code in at the fair (once); returns (check-in, created).

    A first check-in suggests the best stalls of employers present and publishes
    ``candidate.checked_in``; a repeated one returns the first and publishes nothing. A walk-in
    whose CV has no match yet gets its suggestions (and the event) once the matches arrive.
    """
    cv = cv_with_code(conn, typed_code)
    k = tables.checkins
    existing = conn.execute(select(k).where(k.c.fair_id == fair_id, k.c.cv_id == cv["id"])).mappings().first()
    if existing is not None:
        return _answer(dict(existing), cv), False
    received = as_utc(cv["received_at"])
    # No cv.received yet (only candidate.registered arrived): handed in a moment ago, so a walk-in too.
    walk_in = received is None or timedelta(0) <= now - received <= timedelta(seconds=walk_in_seconds)
    # A walk-in's CV may still be with the matcher: without any match yet, the suggestions wait for it.
    # Whether it has matches is read before the stalls: matches committed between the two reads then
    # show in the stalls, never as "has matches" beside stalls read without them (suggested to no one).
    had_matches = _has_matches(conn, cv["id"])
    stalls = suggested_stalls(conn, fair_id, cv["id"], suggestions)
    pending = walk_in and not stalls and not had_matches
    row = {"id": str(uuid.uuid4()), "fair_id": fair_id, "cv_id": cv["id"], "at": now, "walk_in": walk_in,
           "stalls_pending": pending, "stalls": stalls}
    if not insert_if_absent(conn, k, row):  # a second volunteer checked the same candidate in a moment ago
        return check_in(conn, fair_id, typed_code, now, walk_in_seconds=walk_in_seconds, suggestions=suggestions)
    if not pending:
        announce_check_in(conn, row)
    return _answer(row, cv), True


def announce_check_in(conn, checkin: dict) -> None:
    """Publish ``candidate.checked_in`` with the check-in's suggested stalls."""
    publish(conn, types.CANDIDATE_CHECKED_IN, {**{key: checkin[key] for key in ("fair_id", "cv_id", "walk_in", "stalls")},
                                              "checkin_id": checkin["id"], "at": as_utc(checkin["at"]).isoformat()})


def _has_matches(conn, cv_id: str) -> bool:
    m = tables.matches
    return conn.execute(select(m.c.posting_id).where(m.c.cv_id == cv_id).limit(1)).first() is not None


def _answer(checkin: dict, cv: dict) -> dict:
    return {"checkin_id": checkin["id"], "cv_id": cv["id"], "code": grouped(cv["registration_code"]),
            "at": as_utc(checkin["at"]), "walk_in": checkin["walk_in"], "stalls": checkin["stalls"],
            "stalls_pending": checkin["stalls_pending"]}


def look_up_code(conn, fair_id: str, typed_code: str) -> dict:
    """What a volunteer may see of a code's candidate: the initial, district and whether checked in here."""
    cv = cv_with_code(conn, typed_code)
    k = tables.checkins
    checked_in = conn.execute(select(k.c.id).where(k.c.fair_id == fair_id, k.c.cv_id == cv["id"])).first() is not None
    name = (cv["name"] or "").strip()
    return {"code": grouped(cv["registration_code"]), "initial": name[:1] or None, "district": cv["district"],
            "checked_in": checked_in}
