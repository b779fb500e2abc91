"""Stalls present at a fair, and the few a checked-in candidate should visit first."""

from __future__ import annotations

from sqlalchemy import func, select

from fairday import tables


def stall_of(conn, fair_id: str, employer_id: str) -> str | None:
    """The employer's stall at the fair: where it checked in, else the stall on one of its postings there."""
    p = tables.presence
    found = conn.execute(select(p.c.stall).where(p.c.fair_id == fair_id, p.c.employer_id == employer_id)).scalar()
    if found:
        return found
    q = tables.postings
    return conn.execute(
        select(func.min(q.c.stall)).where(q.c.fair_id == fair_id, q.c.employer_id == employer_id, q.c.stall.is_not(None))
    ).scalar()


def suggested_stalls(conn, fair_id: str, cv_id: str, limit: int) -> list[dict]:
    """The candidate's best stalls among employers present at the fair, best first, one per employer.

    Only open postings of this fair whose employer checked in as present count; an employer's
    best-matching posting stands for it.
    """
    m, q, p = tables.matches, tables.postings, tables.presence
    rows = conn.execute(
        select(m.c.score, q.c.id, q.c.title, q.c.employer, q.c.employer_id, q.c.stall, p.c.stall.label("present_stall"))
        .join(q, q.c.id == m.c.posting_id)
        .join(p, (p.c.fair_id == q.c.fair_id) & (p.c.employer_id == q.c.employer_id))
        .where(m.c.cv_id == cv_id, q.c.fair_id == fair_id, q.c.status == "open")
        .order_by(m.c.score.desc(), q.c.id)
    ).all()
    chosen: dict[str, dict] = {}
    for row in rows:
        if row.employer_id in chosen:
            continue
        chosen[row.employer_id] = {
            "stall": row.present_stall or row.stall, "employer": row.employer, "employer_id": row.employer_id,
            "posting_id": row.id, "title": row.title, "score": round(float(row.score), 4),
        }
        if len(chosen) == limit:
            break
    return list(chosen.values())


def stalls_at_fair(conn, fair_id: str) -> list[dict]:
    """The fair's employers (a posting there, or checked in), each with its stall and whether it is present, by name."""
    q, p, e = tables.postings, tables.presence, tables.employers
    stalls = {
        row.employer_id: {"employer_id": row.employer_id, "employer": row.employer, "stall": row.stall, "present": False}
        for row in conn.execute(
            select(q.c.employer_id, func.min(q.c.employer).label("employer"), func.min(q.c.stall).label("stall"))
            .where(q.c.fair_id == fair_id, q.c.employer_id.is_not(None)).group_by(q.c.employer_id))
    }
    for row in conn.execute(select(p.c.employer_id, p.c.stall).where(p.c.fair_id == fair_id)):
        entry = stalls.setdefault(row.employer_id, {"employer_id": row.employer_id, "employer": "", "stall": None})
        entry.update(stall=row.stall or entry["stall"], present=True)
    for employer_id, name in conn.execute(select(e.c.id, e.c.name).where(e.c.id.in_(list(stalls)))):
        stalls[employer_id]["employer"] = name
    return sorted(stalls.values(), key=lambda s: (s["employer"].casefold(), s["employer_id"]))
