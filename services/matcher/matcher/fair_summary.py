"""One fair as the matcher sees it: CVs indexed and matched, matches per posting, skills its candidates lack.

"matched" counts the fair's CVs with a match to any posting; the missing skills are those the
fair's postings ask of the fair's own matched candidates (what its students should train for).
"""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.engine import Engine

from matcher import tables

TOP_MISSING = 15


def fair_summary(engine: Engine, fair_id: str) -> dict:
    """The counts for fair ``fair_id``; zeros for a fair the matcher has not heard of."""
    c, p, m = tables.cvs.c, tables.postings.c, tables.matches.c
    with engine.connect() as conn:
        indexed = conn.execute(select(func.count()).where(c.fair_id == fair_id, c.status == "active")).scalar_one()
        postings = dict(conn.execute(select(p.status, func.count()).where(p.fair_id == fair_id).group_by(p.status)).all())
        fair_postings = select(p.id).where(p.fair_id == fair_id)
        fair_cvs = select(c.id).where(c.fair_id == fair_id)
        matched = conn.execute(select(func.count(distinct(m.cv_id))).where(m.cv_id.in_(fair_cvs))).scalar_one()
        per_posting = conn.execute(
            select(p.id, p.title, p.employer, func.count(m.cv_id))
            .select_from(tables.postings.outerjoin(tables.matches, m.posting_id == p.id))
            .where(p.fair_id == fair_id).group_by(p.id, p.title, p.employer)
        ).all()
        missing = conn.execute(select(m.posting_id, m.cv_id, m.missing_skills)
                               .where(m.posting_id.in_(fair_postings), m.cv_id.in_(fair_cvs))).all()
    missing_postings: dict[str, set] = {}
    missing_candidates: dict[str, set] = {}
    for posting_id, cv_id, skills in missing:
        for skill in skills or []:
            missing_postings.setdefault(skill, set()).add(posting_id)
            missing_candidates.setdefault(skill, set()).add(cv_id)
    top = sorted(missing_candidates, key=lambda s: (-len(missing_candidates[s]), -len(missing_postings[s]), s))[:TOP_MISSING]
    return {
        "fair_id": fair_id,
        "cvs": {"indexed": indexed, "matched": matched},
        "postings": {"open": postings.get("open", 0), "closed": postings.get("closed", 0)},
        "matches": {
            "total": sum(row[3] for row in per_posting),
            "by_posting": [{"posting_id": pid, "title": title, "employer": employer, "matches": n}
                           for pid, title, employer, n in sorted(per_posting, key=lambda r: (-r[3], r[1]))],
        },
        "top_missing_skills": [{"skill": s, "postings": len(missing_postings[s]), "candidates": len(missing_candidates[s])}
                               for s in top],
    }
