"""Erasing a candidate: the CV row and every stored trace of it go, and candidate.erased goes out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from intake import tables
from intake.cv_events import add_erasure_event


def erase_candidate_in(conn, cv_id: str, correlation_id: str | None = None) -> bool:
    """In the caller's transaction, forget CV ``cv_id``; return False when there was no such CV.

    Deleted: the CV row (so its candidate token stops working) and its file, every outbox event about it,
    sent or not (an unsent cv.received need not go out once the candidate is erased), and the
    answers kept for Idempotency-Key replays. candidate.erased is outboxed so that the matcher
    and notifier forget the candidate too.
    """
    conn.execute(delete(tables.cv_files).where(tables.cv_files.c.cv_id == cv_id))
    found = conn.execute(delete(tables.cvs).where(tables.cvs.c.id == cv_id)).rowcount
    if not found:
        return False
    about_cv = select(tables.outbox_subjects.c.event_id).where(tables.outbox_subjects.c.cv_id == cv_id)
    conn.execute(delete(tables.outbox).where(tables.outbox.c.event_id.in_(about_cv)))
    conn.execute(delete(tables.outbox_subjects).where(tables.outbox_subjects.c.cv_id == cv_id))
    conn.execute(delete(tables.idempotency_keys).where(tables.idempotency_keys.c.resource_id == cv_id))
    add_erasure_event(conn, cv_id, correlation_id)
    return True


def erase_candidate(engine: Engine, cv_id: str, correlation_id: str | None = None) -> bool:
    """Forget CV ``cv_id`` in one transaction (see ``erase_candidate_in``)."""
    with engine.begin() as conn:
        return erase_candidate_in(conn, cv_id, correlation_id)


def erase_cvs_older_than(engine: Engine, cutoff: datetime) -> int:
    """Erase every candidate whose CV was received before ``cutoff``, one transaction each; return how many."""
    with engine.connect() as conn:
        old = conn.execute(select(tables.cvs.c.id).where(tables.cvs.c.created_at < cutoff)).scalars().all()
    return sum(erase_candidate(engine, cv_id) for cv_id in old)
