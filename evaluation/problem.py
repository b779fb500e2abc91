"""What every system ranks: queries (as text and as a posting) against a pool (as text and as CVs)."""

from dataclasses import dataclass

from matcher.ranking import Document


@dataclass(frozen=True)
class Candidate:
    """A pool document: plain text for the baselines, a CV document for our matcher."""

    id: str
    text: str
    cv: Document


@dataclass(frozen=True)
class Query:
    """A query: plain text for the baselines, a posting document for our matcher."""

    id: str
    text: str
    posting: Document
    split: str
    exclude: str | None = None  # a pool id never returned for this query (itself, leave-one-out)
    candidates: frozenset[str] | None = None  # rank only these pool ids (a judged pool); None: all


@dataclass(frozen=True)
class RankingProblem:
    """Queries and one pool; each system returns pool ids best first, at most ``depth`` of them."""

    queries: tuple[Query, ...]
    pool: tuple[Candidate, ...]
    depth: int | None  # None: the whole candidate list (judged-pool re-ranking)

    def __post_init__(self) -> None:
        if self.depth is not None and self.depth < 1:
            raise ValueError(f"depth must be >= 1 or None, got {self.depth!r}")
        ids = [c.id for c in self.pool]
        if len(set(ids)) != len(ids):
            raise ValueError("pool ids must be unique")
        if any(q.candidates is None for q in self.queries) and self.depth is None:
            raise ValueError("a query ranking the whole pool needs a depth")


def keep(ranked: list[str], query: Query, depth: int | None) -> list[str]:
    """The ranked ids a query may see: without its excluded id, within its candidates, cut at depth."""
    kept = [
        doc_id
        for doc_id in ranked
        if doc_id != query.exclude and (query.candidates is None or doc_id in query.candidates)
    ]
    return kept[:depth]
