"""The in-memory index of postings and CVs that ranks one kind against the other."""

import heapq
import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np

from matcher.ranking.documents import (
    CV,
    KINDS,
    POSTING,
    Document,
    Match,
    UnknownDocument,
    check_kind,
    other_kind,
)
from matcher.ranking.skills import (
    Skill,
    SkillCoverage,
    SkillEvidence,
    SkillRules,
    cover,
    evidence_segments,
    parse_skills,
)
from matcher.ranking.terms import TermCounts, Vocabulary, document_terms
from matcher.ranking.tfidf import TfidfSpace
from matcher.ranking.weights import ScoringWeights

_SCORE_DIGITS = 6  # scores are rounded so float noise cannot reorder ties
_EXPLAIN_DIGITS = 4
_TOP_TERMS = 5


@dataclass(frozen=True)
class _Entry:
    """A document with everything derived from it at upsert time."""

    doc: Document
    counts: TermCounts
    skills: tuple[Skill, ...]  # postings: skills to look for
    evidence: tuple[str, ...]  # CVs: space-joined token runs to look in


@dataclass(frozen=True)
class _Snapshot:
    """An immutable fitted view of the index; rankings read it outside the lock."""

    entries: dict[str, tuple[_Entry, ...]]
    rows: dict[str, dict[str, int]]
    has_skills: dict[str, np.ndarray]
    space: TfidfSpace

    @classmethod
    def build(cls, entries: dict[str, dict[str, _Entry]], vocabulary: Vocabulary) -> "_Snapshot":
        ordered = {kind: tuple(entries[kind][i] for i in sorted(entries[kind])) for kind in KINDS}
        return cls(
            entries=ordered,
            rows={kind: {e.doc.id: r for r, e in enumerate(ordered[kind])} for kind in KINDS},
            has_skills={
                kind: np.array([bool(e.skills) for e in ordered[kind]], dtype=bool)
                for kind in KINDS
            },
            space=TfidfSpace(
                [e.counts for e in ordered[POSTING]],
                [e.counts for e in ordered[CV]],
                vocabulary.terms,
            ),
        )


class MatchIndex:
    """Postings and CVs ranked against each other; thread-safe, refitted lazily after writes."""

    def __init__(
        self, weights: ScoringWeights | None = None, skill_rules: SkillRules | None = None
    ) -> None:
        self.weights = weights or ScoringWeights()
        self.skill_rules = skill_rules or SkillRules()
        self._lock = threading.RLock()
        self._vocabulary = Vocabulary()
        self._entries: dict[str, dict[str, _Entry]] = {kind: {} for kind in KINDS}
        self._snapshot: _Snapshot | None = None  # None: dirty, refit on the next ranking

    def upsert(self, doc: Document) -> None:
        """Add ``doc``, or replace the document of the same kind and id."""
        is_posting = doc.kind == POSTING
        term_counts = Counter(document_terms(doc.text))
        skills = parse_skills(doc.skills) if is_posting else ()
        evidence = () if is_posting else evidence_segments(doc.skills, doc.text)
        with self._lock:
            counts = self._vocabulary.counts(term_counts)
            self._entries[doc.kind][doc.id] = _Entry(doc, counts, skills, evidence)
            self._snapshot = None

    def remove(self, kind: str, doc_id: str) -> None:
        """Remove a document; removing one that is not there does nothing."""
        check_kind(kind)
        with self._lock:
            if self._entries[kind].pop(doc_id, None) is not None:
                self._snapshot = None

    def __contains__(self, key: tuple[str, str]) -> bool:
        """Whether a (kind, id) pair is indexed."""
        kind, doc_id = key
        with self._lock:
            return doc_id in self._entries.get(kind, {})

    def count(self, kind: str) -> int:
        """Number of indexed documents of ``kind``."""
        check_kind(kind)
        with self._lock:
            return len(self._entries[kind])

    def rank_cvs_for_posting(
        self, posting_id: str, limit: int | None = None, min_score: float = 0.0
    ) -> list[Match]:
        """CVs best first (ties by id) for a posting; raises UnknownDocument if it is absent."""
        return self._rank(POSTING, posting_id, limit, min_score)

    def rank_postings_for_cv(
        self, cv_id: str, limit: int | None = None, min_score: float = 0.0
    ) -> list[Match]:
        """Postings best first (ties by id) for a CV; raises UnknownDocument if it is absent."""
        return self._rank(CV, cv_id, limit, min_score)

    def _current(self) -> _Snapshot:
        with self._lock:
            if self._snapshot is None:
                self._snapshot = _Snapshot.build(self._entries, self._vocabulary)
            return self._snapshot

    def _rank(self, kind: str, doc_id: str, limit: int | None, min_score: float) -> list[Match]:
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be >= 0 or None, got {limit!r}")
        snap = self._current()
        row = snap.rows[kind].get(doc_id)
        if row is None:
            raise UnknownDocument(kind, doc_id)
        if limit == 0:
            return []
        against = other_kind(kind)
        query = snap.entries[kind][row]
        others = snap.entries[against]
        tfidf = np.clip(snap.space.similarities(kind, row, against), 0.0, 1.0)
        if kind == POSTING:
            with_skills = np.full(len(others), bool(query.skills))
        else:
            with_skills = snap.has_skills[POSTING]
        # Best score each candidate could reach (every skill matched); visiting candidates
        # in that order lets the loop stop once nobody left can enter the top ``limit``.
        w = self.weights
        bound = np.where(with_skills, (w.tfidf * tfidf + w.skills) / (w.tfidf + w.skills), tfidf)
        bound = np.round(bound, _SCORE_DIGITS)
        order = np.argsort(-bound, kind="stable")
        # A CV's phrases are built once per call and reused for every posting.
        query_evidence = SkillEvidence(query.evidence, self.skill_rules) if kind == CV else None

        scored, best = [], []  # best: min-heap of the top ``limit`` scores so far
        for other_row in order.tolist():
            if bound[other_row] < min_score or (
                limit is not None and len(best) == limit and bound[other_row] < best[0]
            ):
                break
            other = others[other_row]
            posting, cv = (query, other) if kind == POSTING else (other, query)
            coverage = None
            if posting.skills:
                evidence = query_evidence
                if evidence is None:
                    evidence = SkillEvidence(cv.evidence, self.skill_rules)
                coverage = cover(posting.skills, evidence)
            share = coverage.share if coverage else None
            score = round(w.combine(float(tfidf[other_row]), share), _SCORE_DIGITS)
            if score < min_score:
                continue
            scored.append((score, other.doc.id, other_row, coverage))
            if limit is not None:
                (heapq.heappush if len(best) < limit else heapq.heappushpop)(best, score)

        scored.sort(key=lambda s: (-s[0], s[1]))
        matches = []
        for score, other_id, other_row, coverage in scored[:limit]:
            if kind == POSTING:
                ids, rows = (doc_id, other_id), (row, other_row)
            else:
                ids, rows = (other_id, doc_id), (other_row, row)
            top_terms = snap.space.top_terms(*rows, n=_TOP_TERMS)
            explanation = _explain(float(tfidf[other_row]), coverage, top_terms)
            matches.append(Match(*ids, score=score, explanation=explanation))
        return matches


def _explain(tfidf: float, coverage: SkillCoverage | None, top_terms: list[str]) -> dict:
    """The JSON-serialisable explanation of one match; skill_coverage is None without skills."""
    share = coverage.share if coverage else None
    return {
        "tfidf": round(tfidf, _EXPLAIN_DIGITS),
        "skill_coverage": None if share is None else round(share, _EXPLAIN_DIGITS),
        "matched_skills": list(coverage.matched) if coverage else [],
        "missing_skills": list(coverage.missing) if coverage else [],
        "top_terms": top_terms,
    }
