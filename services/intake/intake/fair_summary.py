"""One fair counted: its CVs by channel, format, review state and district; postings per employer; imports."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from intake import tables
from shared.places import resolve_place

TOP_DISTRICTS = 20


def _grouped(conn, column, *where) -> dict[str, int]:
    query = select(column, func.count()).where(*where).group_by(column)
    return {key if key is not None else "unknown": count for key, count in conn.execute(query)}


def _by_district(by_location: dict[str, int]) -> dict[str, int]:
    """Locations as typed ("Sonadanga, Khulna", "খুলনা") counted by the district they name; others as typed."""
    counts: dict[str, int] = {}
    for location, count in by_location.items():
        place = resolve_place(location) if location != "unknown" else None
        key = place.label if place else location
        counts[key] = counts.get(key, 0) + count
    return counts


def fair_summary(engine: Engine, fair_id: str) -> dict:
    """The counts for fair ``fair_id`` (SQL aggregates only)."""
    c, p, j = tables.cvs.c, tables.postings.c, tables.imports.c
    at_fair = c.fair_id == fair_id
    with engine.connect() as conn:
        status = _grouped(conn, c.status, at_fair)
        districts = sorted(_by_district(_grouped(conn, c.location, at_fair)).items(), key=lambda kv: (-kv[1], kv[0]))
        institutions = sorted(_grouped(conn, c.institution, at_fair, c.institution.is_not(None)).items(),
                              key=lambda kv: (-kv[1], kv[0]))
        by_employer: dict[str, dict] = {}
        query = select(p.employer_id, p.employer, p.status, func.count()).where(p.fair_id == fair_id).group_by(
            p.employer_id, p.employer, p.status)
        for employer_id, employer, posting_status, count in conn.execute(query):
            row = by_employer.setdefault(employer_id, {"employer_id": employer_id, "employer": employer, "open": 0, "closed": 0})
            row[posting_status] += count
        imports = _grouped(conn, j.status, j.fair_id == fair_id)
        cvs = {
            "total": sum(status.values()),
            "active": status.get("active", 0),
            "withdrawn": status.get("withdrawn", 0),
            "by_channel": {k: 0 for k in ("kiosk", "desk", "import")} | _grouped(conn, c.channel, at_fair),
            "by_source": {k: 0 for k in ("typed", "pdf", "docx", "text")} | _grouped(conn, c.source, at_fair),
            "by_extraction": {k: 0 for k in ("ok", "needs_review")} | _grouped(conn, c.extraction, at_fair),
            "by_district": dict(districts[:TOP_DISTRICTS]),
            "by_institution": dict(institutions[:TOP_DISTRICTS]),
        }
    employers = sorted(by_employer.values(), key=lambda e: (-(e["open"] + e["closed"]), e["employer"]))
    postings = {"total": sum(e["open"] + e["closed"] for e in employers), "open": sum(e["open"] for e in employers),
                "closed": sum(e["closed"] for e in employers), "by_employer": employers}
    return {"fair_id": fair_id, "cvs": cvs, "postings": postings,
            "imports": {"total": sum(imports.values()), "running": imports.get("running", 0), "done": imports.get("done", 0)}}
