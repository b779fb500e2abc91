"""Stall queues in match order, calls that one stall at a time may make, and no-shows."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from fairday import tables
from fairday.clock import as_utc
from fairday.errors import Conflict, NotFound
from fairday.published import publish
from fairday.stalls import stall_of
from shared.db.upsert import upsert
from shared.events import types
from shared.registration_codes import grouped

WAITING, CALLED, INTERVIEWED, NO_SHOW, BUSY = "waiting", "called", "interviewed", "no_show", "busy_elsewhere"


def stall_queue(conn, fair_id: str, employer_id: str, now) -> list[dict]:
    """Checked-in candidates matching the employer's open postings at the fair, best match first.

    One entry per candidate (its best-matching posting); ties go to who checked in first.
    status: waiting, called (by this stall, latest call), interviewed (by this employer),
    no_show (this stall's latest call), busy_elsewhere (another stall's call holds them now).
    """
    m, q, k = tables.matches, tables.postings, tables.checkins
    rows = conn.execute(
        select(m.c.cv_id, m.c.score, q.c.id.label("posting_id"), q.c.title, k.c.at.label("checked_in_at"),
               tables.cvs.c.registration_code)
        .join(q, q.c.id == m.c.posting_id)
        .join(k, (k.c.cv_id == m.c.cv_id) & (k.c.fair_id == q.c.fair_id))
        .join(tables.cvs, tables.cvs.c.id == m.c.cv_id)
        .where(q.c.fair_id == fair_id, q.c.employer_id == employer_id, q.c.status == "open", tables.cvs.c.status == "active")
        .order_by(m.c.score.desc(), k.c.at, m.c.cv_id)
    ).all()
    calls = _latest_calls(conn, fair_id, employer_id)
    interviewed = set(conn.execute(select(tables.interviews.c.cv_id).where(
        tables.interviews.c.fair_id == fair_id, tables.interviews.c.employer_id == employer_id)).scalars())
    held = _held_elsewhere(conn, fair_id, employer_id, now)
    queue, seen = [], set()
    for row in rows:
        if row.cv_id in seen:
            continue
        seen.add(row.cv_id)
        call = calls.get(row.cv_id)
        status = (INTERVIEWED if row.cv_id in interviewed else BUSY if row.cv_id in held
                  else CALLED if call and call["status"] == "called" else NO_SHOW if call and call["status"] == "no_show" else WAITING)
        queue.append({
            "position": len(queue) + 1, "cv_id": row.cv_id, "reference": grouped(row.registration_code) if row.registration_code else None,
            "posting_id": row.posting_id, "title": row.title, "score": round(float(row.score), 4),
            "checked_in_at": as_utc(row.checked_in_at), "status": status, "call_id": call["id"] if call else None,
        })
    return queue


def _latest_calls(conn, fair_id: str, employer_id: str) -> dict[str, dict]:
    c = tables.calls
    latest: dict[str, dict] = {}
    for row in conn.execute(select(c).where(c.c.fair_id == fair_id, c.c.employer_id == employer_id).order_by(c.c.at, c.c.id)).mappings():
        latest[row["cv_id"]] = dict(row)
    return latest


def _held_elsewhere(conn, fair_id: str, employer_id: str, now) -> set[str]:
    h = tables.holds
    return set(conn.execute(select(h.c.cv_id).where(h.c.fair_id == fair_id, h.c.employer_id != employer_id,
                                                     h.c.held_until > now)).scalars())


def call_next(conn, fair_id: str, employer_id: str, now, *, hold_seconds: int, cv_id: str | None = None,
              posting_id: str | None = None) -> dict:
    """Call the given candidate, or the first waiting one, to the employer's stall; publishes ``queue.called``.

    A candidate another stall called within ``hold_seconds`` (and has not interviewed or marked
    no-show) cannot be called: Conflict. The hold is taken in one conditional upsert, so two
    stalls calling the same candidate at the same moment cannot both win.
    """
    queue = stall_queue(conn, fair_id, employer_id, now)
    if cv_id is None:
        entry = next((e for e in queue if e["status"] == WAITING), None)
        if entry is None:
            raise NotFound("Nobody is waiting for this stall.")
    else:
        entry = next((e for e in queue if e["cv_id"] == cv_id), None)
        if entry is None:
            raise NotFound(f"Candidate {cv_id} is not in this stall's queue.")
    if posting_id is not None and posting_id != entry["posting_id"]:
        entry = _for_posting(conn, fair_id, employer_id, entry, posting_id)
    call_id = str(uuid.uuid4())
    h = tables.holds
    won = upsert(conn, h, {"fair_id": fair_id, "cv_id": entry["cv_id"], "employer_id": employer_id, "call_id": call_id,
                           "held_until": now + timedelta(seconds=hold_seconds)},
                 where=(h.c.held_until <= now) | (h.c.employer_id == employer_id))
    if not won:
        raise Conflict("Another stall called this candidate a moment ago; call someone else or try again in a minute.")
    stall = stall_of(conn, fair_id, employer_id)
    employer = conn.execute(select(tables.employers.c.name).where(tables.employers.c.id == employer_id)).scalar() or ""
    row = {"id": call_id, "fair_id": fair_id, "cv_id": entry["cv_id"], "employer_id": employer_id,
           "posting_id": entry["posting_id"], "stall": stall, "status": "called", "at": now}
    conn.execute(tables.calls.insert().values(**row))
    publish(conn, types.QUEUE_CALLED, {"call_id": call_id, "fair_id": fair_id, "cv_id": entry["cv_id"], "employer_id": employer_id,
                                       "employer": employer, "posting_id": entry["posting_id"], "title": entry["title"],
                                       "stall": stall, "at": now.isoformat()})
    return {**row, "reference": entry["reference"], "title": entry["title"]}


def _for_posting(conn, fair_id: str, employer_id: str, entry: dict, posting_id: str) -> dict:
    q = tables.postings
    title = conn.execute(select(q.c.title).where(q.c.id == posting_id, q.c.fair_id == fair_id, q.c.employer_id == employer_id)).scalar()
    if title is None:
        raise NotFound(f"No posting {posting_id} of this stall at this fair.")
    return {**entry, "posting_id": posting_id, "title": title}


def release(conn, fair_id: str, cv_id: str, employer_id: str) -> None:
    """Free the candidate for other stalls (the stall holding them saw them or marked them absent)."""
    h = tables.holds
    conn.execute(h.delete().where(h.c.fair_id == fair_id, h.c.cv_id == cv_id, h.c.employer_id == employer_id))


def mark_no_show(conn, call_id: str, employer_id: str | None, now) -> dict:
    """Mark a call's candidate absent (once; publishes ``queue.no_show``) and free them for other stalls."""
    c = tables.calls
    call = conn.execute(select(c).where(c.c.id == call_id)).mappings().first()
    if call is None or (employer_id is not None and call["employer_id"] != employer_id):
        raise NotFound(f"No call {call_id} here.")
    if call["status"] != "called":
        return dict(call)
    conn.execute(update(c).where(c.c.id == call_id).values(status="no_show"))
    release(conn, call["fair_id"], call["cv_id"], call["employer_id"])
    publish(conn, types.QUEUE_NO_SHOW, {"call_id": call_id, "fair_id": call["fair_id"], "cv_id": call["cv_id"],
                                        "employer_id": call["employer_id"], "stall": call["stall"], "at": now.isoformat()})
    return {**dict(call), "status": "no_show"}
