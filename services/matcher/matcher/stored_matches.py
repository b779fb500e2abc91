"""Reading what the matcher stored: a document's status and owner, published matches, shared contacts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from matcher import tables


@dataclass(frozen=True)
class StoredMatch:
    """A match as it was published: the pair, its score and explanation."""

    posting_id: str
    cv_id: str
    score: float
    explanation: dict


def stored_row(engine: Engine, table, doc_id: str) -> dict | None:
    """One stored posting or CV row by id, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == doc_id)).mappings().first()
    return dict(row) if row else None


def stored_matches_of_posting(engine: Engine, posting_id: str, limit: int) -> list[StoredMatch]:
    """A posting's published matches with CVs still active, best first."""
    return _stored_matches(engine, "posting_id", posting_id, "cv_id", tables.cvs, "active", limit)


def stored_matches_of_cv(engine: Engine, cv_id: str, limit: int) -> list[StoredMatch]:
    """A CV's published matches with postings still open, best first."""
    return _stored_matches(engine, "cv_id", cv_id, "posting_id", tables.postings, "open", limit)


def _stored_matches(engine: Engine, own: str, doc_id: str, other: str, other_table, live: str, limit: int) -> list[StoredMatch]:
    m = tables.matches
    query = (
        select(m.c.posting_id, m.c.cv_id, m.c.score, m.c.explanation)
        .join(other_table, other_table.c.id == m.c[other])
        .where(m.c[own] == doc_id, other_table.c.status == live)
        .order_by(m.c.score.desc(), m.c[other])
        .limit(limit)
    )
    with engine.connect() as conn:
        return [StoredMatch(*row) for row in conn.execute(query)]


def shared_contacts(engine: Engine, cv_ids: list[str]) -> dict[str, tuple[dict, bool]]:
    """``{cv_id: (contact, has_file)}`` for each of ``cv_ids`` that consented to share with employers."""
    if not cv_ids:
        return {}
    cvs = tables.cvs
    query = select(cvs.c.id, cvs.c.shared_contact, cvs.c.has_file).where(cvs.c.id.in_(cv_ids), cvs.c.shared_contact.is_not(None))
    with engine.connect() as conn:
        return {cv_id: (contact, bool(has_file)) for cv_id, contact, has_file in conn.execute(query) if contact}


def posting_names(engine: Engine, posting_ids: list[str]) -> dict[str, dict]:
    """``{posting_id: {"title", "employer"}}`` for the stored ones of ``posting_ids``."""
    if not posting_ids:
        return {}
    p = tables.postings
    query = select(p.c.id, p.c.title, p.c.employer).where(p.c.id.in_(posting_ids))
    with engine.connect() as conn:
        return {row.id: {"title": row.title, "employer": row.employer} for row in conn.execute(query)}
