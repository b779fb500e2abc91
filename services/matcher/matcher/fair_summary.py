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
    """The counts for fair ``fair_id``; zeros for a fair the matcher has not heard of (SQL aggregates only)."""
    c, p, m, s = tables.cvs.c, tables.postings.c, tables.matches.c, tables.missing_skills.c
    with engine.connect() as conn:
        indexed = conn.execute(select(func.count()).where(c.fair_id == fair_id, c.status == "active")).scalar_one()
        postings = dict(conn.execute(select(p.status, func.count()).where(p.fair_id == fair_id).group_by(p.status)).all())
        has_match = select(m.cv_id).where(m.cv_id == c.id).exists()
        matched = conn.execute(select(func.count()).where(c.fair_id == fair_id, has_match)).scalar_one()
        fair_postings = conn.execute(select(p.id, p.title, p.employer).where(p.fair_id == fair_id)).all()
        counts = dict(conn.execute(
            select(m.posting_id, func.count()).where(m.posting_id.in_(select(p.id).where(p.fair_id == fair_id)))
            .group_by(m.posting_id)
        ).all())
        per_posting = [(pid, title, employer, counts.get(pid, 0)) for pid, title, employer in fair_postings]
        candidates, postings_missing = func.count(distinct(s.cv_id)), func.count(distinct(s.posting_id))
        top = conn.execute(
            select(s.skill, candidates, postings_missing).where(s.fair_id == fair_id)
            .group_by(s.skill).order_by(candidates.desc(), postings_missing.desc(), s.skill).limit(TOP_MISSING)
        ).all()
    return {
        "fair_id": fair_id,
        "cvs": {"indexed": indexed, "matched": matched},
        "postings": {"open": postings.get("open", 0), "closed": postings.get("closed", 0)},
        "matches": {
            "total": sum(row[3] for row in per_posting),
            "by_posting": [{"posting_id": pid, "title": title, "employer": employer, "matches": n}
                           for pid, title, employer, n in sorted(per_posting, key=lambda r: (-r[3], r[1]))],
        },
        "top_missing_skills": [{"skill": skill, "postings": n_postings, "candidates": n_cvs} for skill, n_cvs, n_postings in top],
    }
