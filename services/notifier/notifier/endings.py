"""What has ended (a posting closed, a CV withdrawn, a candidate erased): no new message goes out about it."""

from __future__ import annotations

from sqlalchemy import select

from notifier import tables
from shared.db.upsert import insert_if_absent

POSTING_CLOSED, CV_WITHDRAWN, CANDIDATE_ERASED = "posting_closed", "cv_withdrawn", "candidate_erased"


def has_ended(conn, kind: str, subject_id: str) -> bool:
    """True when ``subject_id`` ended as ``kind`` (one of the three above)."""
    e = tables.ended
    return conn.execute(select(e.c.id).where(e.c.kind == kind, e.c.id == subject_id)).first() is not None


def ended_among(conn, subjects: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of ``subjects`` (kind, id) ended, in one query."""
    if not subjects:
        return set()
    e = tables.ended
    found = conn.execute(select(e.c.kind, e.c.id).where(e.c.id.in_({subject_id for _, subject_id in subjects}))).all()
    return {tuple(row) for row in found} & subjects


def record_end(conn, kind: str, subject_id: str) -> None:
    """Remember that ``subject_id`` ended as ``kind``, once."""
    insert_if_absent(conn, tables.ended, {"kind": kind, "id": subject_id})
