"""A fair's funnel, from registered to hired, overall and by employer, posting, district or institution."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from sqlalchemy import select

from fairday import tables
from shared.csv_cells import text_cell

STAGES = ("registered", "checked_in", "queued", "interviewed", "shortlisted", "offered", "hired")
GROUPINGS = ("employer", "posting", "district", "institution")
# Outcomes that count as reaching a stage (each stage includes the ones after it).
_REACHED = {
    "shortlisted": {"shortlisted", "offer", "hired_on_the_spot"},
    "offered": {"offer", "hired_on_the_spot"},
    "hired": {"hired_on_the_spot"},
}
UNKNOWN = "(not given)"


def funnel(conn, fair_id: str, by: str | None = None) -> dict:
    """Counts of candidates at each stage; with ``by``, the same per group (a candidate may be in several employers' groups).

    registered: CVs handed in for the fair; checked_in: checked in at its gate; queued: checked in
    and matching an open posting of an employer present at the fair (in a stall's queue); interviewed, shortlisted, offered, hired: from the
    recorded outcomes (shortlisted counts offers and hires too, offered counts hires).
    ``jobs_created``: candidates offered a job or hired on the spot, from recorded outcomes only.
    """
    people = _people(conn, fair_id)
    totals = _count(people.values())
    answer = {"fair_id": fair_id, "stages": list(STAGES), "totals": totals, "jobs_created": totals["offered"], "by": by, "groups": []}
    if by is None:
        return answer
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for person in people.values():
        for key, label, stages in _groups_of(person, by):
            grouped[(key, label)].append({"stages": stages})
    answer["groups"] = sorted(
        ({"key": key, "label": label, **_count(members)} for (key, label), members in grouped.items()),
        key=lambda g: (-g["registered"], -g["checked_in"], -g["queued"], g["label"]),
    )
    return answer


def _people(conn, fair_id: str) -> dict[str, dict]:
    """Per candidate of the fair: district, institution, stages reached overall and per posting."""
    c, k, m, q, i = tables.cvs, tables.checkins, tables.matches, tables.postings, tables.interviews
    people: dict[str, dict] = {}

    def person(cv_id, district=None, institution=None):
        return people.setdefault(cv_id, {"district": district, "institution": institution, "stages": set(), "postings": {}})

    for row in conn.execute(select(c.c.id, c.c.district, c.c.institution).where(c.c.fair_id == fair_id)):
        person(row.id, row.district, row.institution)["stages"].add("registered")
    for row in conn.execute(select(k.c.cv_id, c.c.district, c.c.institution).outerjoin(c, c.c.id == k.c.cv_id).where(k.c.fair_id == fair_id)):
        person(row.cv_id, row.district, row.institution)["stages"].add("checked_in")
    p = tables.presence
    queued = (
        select(m.c.cv_id, q.c.id, q.c.employer_id, q.c.employer, q.c.title)
        .join(q, q.c.id == m.c.posting_id)
        .join(k, (k.c.cv_id == m.c.cv_id) & (k.c.fair_id == q.c.fair_id))
        .join(p, (p.c.fair_id == q.c.fair_id) & (p.c.employer_id == q.c.employer_id))
        .where(q.c.fair_id == fair_id, q.c.status == "open")
    )
    for row in conn.execute(queued):
        p = person(row.cv_id)
        p["stages"].add("queued")
        p["postings"].setdefault(row.id, {"employer_id": row.employer_id, "employer": row.employer, "title": row.title, "stages": {"queued"}})
    for row in conn.execute(select(i).where(i.c.fair_id == fair_id)).mappings():
        p = person(row["cv_id"])
        reached = {"interviewed"} | {stage for stage, outcomes in _REACHED.items() if row["outcome"] in outcomes}
        p["stages"] |= reached
        entry = p["postings"].setdefault(row["posting_id"], {"employer_id": row["employer_id"], "employer": row["employer"],
                                                             "title": row["title"], "stages": set()})
        entry["stages"] |= reached | {"queued"}
    return people


def _groups_of(person: dict, by: str):
    """The (key, label, stages) groups a candidate counts in for ``by``."""
    if by in ("district", "institution"):
        value = person[by] or UNKNOWN
        return [(value, value, person["stages"])]
    if by == "posting":
        return [(pid, f"{p['title']} ({p['employer']})", p["stages"]) for pid, p in person["postings"].items()]
    employers: dict[str, tuple[str, set]] = {}
    for p in person["postings"].values():
        name, stages = employers.get(p["employer_id"], (p["employer"], set()))
        employers[p["employer_id"]] = (name, stages | p["stages"])
    return [(eid, name, stages) for eid, (name, stages) in employers.items()]


def _count(members) -> dict:
    counts = dict.fromkeys(STAGES, 0)
    for member in members:
        for stage in member["stages"]:
            counts[stage] += 1
    return counts


def funnel_csv(answer: dict) -> str:
    """The funnel as CSV: one row per group (or one "all" row), a column per stage and jobs created."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([answer["by"] or "fair", *STAGES])
    rows = answer["groups"] if answer["by"] else [{"label": answer["fair_id"], **answer["totals"]}]
    for group in rows:
        writer.writerow([text_cell(group["label"]), *(group[stage] for stage in STAGES)])
    writer.writerow(["jobs_created", answer["jobs_created"]])
    return out.getvalue()
