"""What has ended (a posting closed, a CV withdrawn, a candidate erased): no new message goes out about it."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from notifier import tables
from shared.db.upsert import insert_if_absent

POSTING_CLOSED, CV_WITHDRAWN, CANDIDATE_ERASED = "posting_closed", "cv_withdrawn", "candidate_erased"


def has_ended(conn, kind: str, subject_id: str) -> bool:
    """True when ``subject_id`` ended as ``kind`` (one of the three above)."""
    e = tables.ended
    return conn.execute(select(e.c.id).where(e.c.kind == kind, e.c.id == subject_id)).first() is not None


def any_ended(conn, subjects: list[tuple[str, str]]) -> bool:
    """True when any of ``subjects`` (kind, id) ended, in one query."""
    e = tables.ended
    wanted = or_(*(and_(e.c.kind == kind, e.c.id == subject_id) for kind, subject_id in subjects))
    return conn.execute(select(e.c.id).where(wanted).limit(1)).first() is not None


def record_end(conn, kind: str, subject_id: str) -> None:
    """Remember that ``subject_id`` ended as ``kind``, once."""
    insert_if_absent(conn, tables.ended, {"kind": kind, "id": subject_id})
