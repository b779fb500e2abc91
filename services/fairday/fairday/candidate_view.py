"""What a candidate sees of their own fair day: check-ins, places in stall queues, outcomes."""

from __future__ import annotations

from sqlalchemy import select

from fairday import tables
from fairday.clock import as_utc
from fairday.interviews import shown
from fairday.queues import stall_queue
from fairday.stalls import stall_of


def fair_day_of(conn, cv_id: str, now) -> dict:
    """The candidate's check-ins (with suggested stalls), places in the queues of stalls present, and interview outcomes."""
    k, q, m, p = tables.checkins, tables.postings, tables.matches, tables.presence
    checkins = [dict(r) for r in conn.execute(select(k).where(k.c.cv_id == cv_id).order_by(k.c.at)).mappings()]
    places = []
    for checkin in checkins:
        employers = conn.execute(
            select(q.c.employer_id).distinct().join(m, m.c.posting_id == q.c.id)
            .join(p, (p.c.fair_id == q.c.fair_id) & (p.c.employer_id == q.c.employer_id))
            .where(m.c.cv_id == cv_id, q.c.fair_id == checkin["fair_id"], q.c.status == "open", q.c.employer_id.is_not(None))
        ).scalars().all()
        for employer_id in employers:
            queue = stall_queue(conn, checkin["fair_id"], employer_id, now)
            entry = next((e for e in queue if e["cv_id"] == cv_id), None)
            if entry is None:
                continue
            ahead = sum(1 for e in queue[: entry["position"] - 1] if e["status"] in ("waiting", "called"))
            places.append({"fair_id": checkin["fair_id"], "employer_id": employer_id, "stall": stall_of(conn, checkin["fair_id"], employer_id),
                           "posting_id": entry["posting_id"], "title": entry["title"], "status": entry["status"], "ahead": ahead})
    i = tables.interviews
    outcomes = [shown(row, for_employer=False) for row in conn.execute(select(i).where(i.c.cv_id == cv_id).order_by(i.c.at)).mappings()]
    return {
        "cv_id": cv_id,
        "checkins": [{"fair_id": c["fair_id"], "checkin_id": c["id"], "at": as_utc(c["at"]), "stalls": c["stalls"]} for c in checkins],
        "queues": places,
        "outcomes": outcomes,
    }
