"""Interview outcomes recorded at a stall, and what each party may read of them."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update

from fairday import tables
from fairday.clock import as_utc
from fairday.errors import Conflict, NotFound
from fairday.published import publish
from fairday.queues import release
from shared.events import types

WITH_LETTER = ("offer", "hired_on_the_spot")


def record_interview(conn, employer_id: str, data: dict, now) -> dict:
    """Record a stall's interview of a checked-in candidate for one of its postings; publishes ``interview.recorded``.

    One interview per candidate and posting at a fair (Conflict for a second). An offer or a hire
    on the spot comes with an appointment letter.
    """
    q = tables.postings
    posting = conn.execute(select(q).where(q.c.id == data["posting_id"])).mappings().first()
    if posting is None or posting["employer_id"] != employer_id or posting["fair_id"] is None:
        raise NotFound(f"No posting {data['posting_id']} of this employer at a fair.")
    fair_id = posting["fair_id"]
    k = tables.checkins
    if conn.execute(select(k.c.id).where(k.c.fair_id == fair_id, k.c.cv_id == data["cv_id"])).first() is None:
        raise NotFound(f"Candidate {data['cv_id']} has not checked in at this posting's fair.")
    i = tables.interviews
    earlier = conn.execute(select(i.c.id).where(i.c.fair_id == fair_id, i.c.cv_id == data["cv_id"],
                                                i.c.posting_id == posting["id"])).scalar()
    if earlier is not None:
        raise Conflict(f"This interview is already recorded ({earlier}).")
    employer = conn.execute(select(tables.employers.c.name).where(tables.employers.c.id == employer_id)).scalar() or posting["employer"]
    row = {"id": str(uuid.uuid4()), "fair_id": fair_id, "cv_id": data["cv_id"], "employer_id": employer_id, "employer": employer,
           "posting_id": posting["id"], "title": posting["title"], "rating": data["rating"], "note": data.get("note") or "",
           "outcome": data["outcome"], "at": now}
    conn.execute(i.insert().values(**row))
    c = tables.calls
    conn.execute(update(c).where(c.c.fair_id == fair_id, c.c.cv_id == data["cv_id"], c.c.employer_id == employer_id,
                                 c.c.status == "called").values(status="seen"))
    release(conn, fair_id, data["cv_id"], employer_id)
    publish(conn, types.INTERVIEW_RECORDED, {
        "interview_id": row["id"], **{key: row[key] for key in ("fair_id", "cv_id", "employer_id", "employer", "posting_id", "title",
                                                                "rating", "outcome")},
        "at": now.isoformat(), "letter": row["outcome"] in WITH_LETTER,
    })
    return shown(row, for_employer=True)


def shown(row, *, for_employer: bool) -> dict:
    """An interview as its employer (with rating and note) or its candidate (outcome only) sees it."""
    answer = {key: row[key] for key in ("id", "fair_id", "cv_id", "employer_id", "employer", "posting_id", "title", "outcome")}
    answer["at"] = as_utc(row["at"])
    answer["letter"] = row["outcome"] in WITH_LETTER
    if for_employer:
        answer.update(rating=row["rating"], note=row["note"])
    return answer


def interview(conn, interview_id: str) -> dict:
    """One interview; NotFound when there is none."""
    i = tables.interviews
    row = conn.execute(select(i).where(i.c.id == interview_id)).mappings().first()
    if row is None:
        raise NotFound(f"No interview {interview_id} here.")
    return dict(row)


def interviews_of_employer(conn, fair_id: str, employer_id: str) -> list[dict]:
    """The employer's interviews at a fair, newest first."""
    i = tables.interviews
    rows = conn.execute(select(i).where(i.c.fair_id == fair_id, i.c.employer_id == employer_id).order_by(i.c.at.desc())).mappings()
    return [shown(row, for_employer=True) for row in rows]
