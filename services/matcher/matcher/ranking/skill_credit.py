"""How much credit a CV earns for each skill a posting lists.

A listed skill the lexicon knows earns the CV's credit for its concepts (1 when shown or
implied, 0.5 when only a related one). One it does not know (a free phrase) earns 1 when
the CV shows every part of it, as written or as a near spelling (see ``phrases``). Either
way, a skill the CV does not show as such earns ``SkillRules.partial_words`` × the share
of its words the CV shows, if that is more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.ranking.credit_totals import credit_totals
from matcher.ranking.documents import CV, POSTING
from matcher.ranking.index_rows import Entry, IndexView
from matcher.ranking.lexicon import Lexicon
from matcher.ranking.phrases import NearTerms
from matcher.ranking.profile import Requirement
from matcher.ranking.requirement_table import RequirementTable, rows_matrix
from matcher.ranking.skills import SkillRules
from matcher.ranking.terms import Vocabulary


@dataclass(frozen=True)
class CvEvidence:
    """What one CV shows: its text and skills-list terms (vocabulary columns) and its credit per concept."""

    columns: set[int]
    credit: dict[str, float]


@dataclass(frozen=True)
class PostingCredits:
    """One CV's skill credit against every posting slot."""

    coverage: np.ndarray  # per posting slot: mean credit over its listed skills (0: none, or removed)
    credit: np.ndarray  # per listed skill of every live posting
    starts: np.ndarray  # slot s's listed skills are credit[starts[s]:starts[s + 1]]

    def of(self, slot: int) -> list[float]:
        """The credit for each listed skill of the posting in ``slot``."""
        return self.credit[self.starts[slot] : self.starts[slot + 1]].tolist()


@dataclass(frozen=True)
class CvCredits:
    """A posting's listed skills' credit for every CV slot, added up, and each one for a slot on request."""

    totals: np.ndarray  # per slot: the credits added up, one listed skill after another
    of: Callable[[int], list[float]]  # the credit of the CV in a slot for each listed skill


def _added_up(credits: list[np.ndarray], n: int) -> np.ndarray:
    """Per slot of ``n``: the credits added up, one listed skill after another."""
    total = np.zeros(n)
    for credit in credits:
        total += credit
    return total


def _shown_count(showing: list[np.ndarray], n: int) -> np.ndarray:
    """Per slot of ``n``: in how many of ``showing`` it is (a slot twice in one counts once)."""
    count = np.zeros(n, dtype=np.int32)
    for slots in showing:
        count[slots] += 1  # buffered: a repeated index is incremented once
    return count


class SkillCredit:
    """Skill credit for CVs: of every CV at once for a posting, or of one CV for each posting. Thread-safe."""

    def __init__(self, rules: SkillRules, columns: dict[str, int], lexicon: Lexicon) -> None:
        self.rules = rules
        self._columns = columns  # concept id → lexicon column
        self._lexicon = lexicon
        self._near_terms = NearTerms(rules)
        self._cached_table: tuple[int, RequirementTable] | None = None  # (view.posting_changes, its table)

    def near_columns(self, terms: tuple[str, ...], vocabulary: Vocabulary, width: int) -> list[list[int]]:
        """For each term, the vocabulary columns (< width) that count as it: itself and near spellings."""
        return [sorted(c for c in self._near_terms.columns(t, vocabulary) if c < width) for t in terms]

    def for_cvs(self, view: IndexView, posting: Entry, vocabulary: Vocabulary, known: dict | None = None) -> CvCredits:
        """The posting's listed skills' credit for every CV slot; ``known``: as for ``evidence``."""
        requirements = posting.profile.requirements
        partial = self.rules.partial_words
        # Every term any skill needs: a free phrase's parts, then the skill's words for partial credit,
        # each as the vocabulary columns that count as it (itself and near spellings).
        wanted: list[tuple[str, ...]] = [
            (req.free.parts if req.free is not None else ()) + (req.words if partial else ()) for req in requirements
        ]
        terms = [columns for words in wanted for columns in self.near_columns(words, vocabulary, view.width)]
        totals = credit_totals(view, requirements, terms, self._columns, partial)
        if totals is None:
            totals = _added_up(self._credit_arrays(view, requirements, terms), view.evidence[0].shape[0])
        cvs = view.entries[CV]

        def of(slot: int) -> list[float]:
            shown = self.evidence(view, slot, cvs[slot], known)
            return [self.of_pair(req, shown, vocabulary, view.width)[0] for req in requirements]

        return CvCredits(totals, of)

    def _credit_arrays(self, view: IndexView, requirements: Sequence[Requirement], terms: list[list[int]]) -> list[np.ndarray]:
        """Per listed skill, its credit for every CV slot, in arrays (where ``credit_totals`` cannot run)."""
        n = view.evidence[0].shape[0]
        partial = self.rules.partial_words
        # Per term: the CV slots that show it, from each evidence matrix (a slot may come twice): one
        # lookup row per term, 1 at the vocabulary terms that count as it, reaches them.
        showing: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(terms)
        if any(terms):
            used = np.unique(np.array([c for columns in terms for c in columns], dtype=np.int64))
            lookup = rows_matrix([np.searchsorted(used, columns).tolist() for columns in terms], len(used))
            for matrix in view.evidence:
                showing = [np.concatenate([a, b]) for a, b in zip(showing, matrix.reached(lookup, used))]
        credits: list[np.ndarray] = []
        first = 0
        for req in requirements:
            if req.free is not None:
                n_parts = len(req.free.parts)
                whole = (_shown_count(showing[first : first + n_parts], n) == n_parts).astype(np.float64)
                first += n_parts
            else:
                concept_columns = np.array(sorted({self._columns[cid] for cid in req.concepts}), dtype=np.int64)
                whole = view.credit.times(concept_columns, np.full(len(concept_columns), 1.0 / len(req.concepts)))
            if partial and req.words:
                n_words = len(req.words)
                share = _shown_count(showing[first : first + n_words], n) / n_words
                whole = np.maximum(whole, partial * share)
                first += n_words
            credits.append(whole)
        return credits

    def evidence(self, view: IndexView, cv_row: int, cv: Entry, known: dict | None = None) -> CvEvidence:
        """What one CV shows, for its credit per listed skill; kept in ``known`` (when given, one per
        ranking on one view) for the next use in that ranking."""
        if known is None:
            return CvEvidence(view.evidence_columns(cv_row), cv.profile.credit(self._lexicon))
        shown = known.get(("evidence", cv_row))
        if shown is None:
            shown = known["evidence", cv_row] = self.evidence(view, cv_row, cv)
        return shown

    def for_postings(self, view: IndexView, cv_row: int, cv: Entry, vocabulary: Vocabulary) -> PostingCredits:
        """The CV's credit for every listed skill of every posting, and its coverage per posting slot."""
        table = self._table(view)
        shown = self.evidence(view, cv_row, cv)
        # Which of the table's terms the CV shows, as written or as a near spelling (its columns are all < width).
        seen = np.array([not self._near_terms.columns(t, vocabulary).isdisjoint(shown.columns) for t in table.terms],
                        dtype=np.float64)
        concept_credit = np.zeros(table.concepts.shape[1])
        for cid, value in shown.credit.items():
            concept_credit[self._columns[cid]] = value
        whole = np.where(table.is_free, (table.parts @ seen == table.n_parts).astype(np.float64),
                         table.concepts @ concept_credit)
        credit = whole
        partial = self.rules.partial_words
        if partial:
            has_words = table.n_words > 0
            share = np.divide(table.words @ seen, table.n_words, out=np.zeros(len(whole)), where=has_words)
            credit = np.where(has_words & (whole < partial), np.maximum(whole, partial * share), whole)
        n = view.n_requirements
        coverage = np.divide(table.by_posting @ credit, n, out=np.zeros(len(n)), where=n > 0)
        return PostingCredits(coverage, credit, table.starts)

    def _table(self, view: IndexView) -> RequirementTable:
        """The requirement table of the view's postings, made once per change to the posting slots."""
        cached = self._cached_table
        if cached is None or cached[0] != view.posting_changes:
            entries = view.entries[POSTING]
            table = RequirementTable.of([e.profile.requirements for e in entries], view.live[POSTING], self._columns,
                                        len(self._lexicon.ids))
            cached = self._cached_table = (view.posting_changes, table)
        return cached[1]

    def of_pair(self, req: Requirement, shown: CvEvidence, vocabulary: Vocabulary, width: int) -> tuple[float, float]:
        """(credit, credit as the skill itself) of one CV, by what it shows, for one listed skill."""
        have = shown.columns

        def share(terms: tuple[str, ...]) -> float:
            columns = self.near_columns(terms, vocabulary, width)
            return sum(any(c in have for c in cs) for cs in columns) / len(columns) if columns else 0.0

        if req.free is not None:
            whole = 1.0 if share(req.free.parts) == 1.0 else 0.0
        else:  # as the sparse products add it up: each credit × 1/n, by concept column
            weight, whole = 1.0 / len(req.concepts), 0.0
            for _, cid in sorted((self._columns[cid], cid) for cid in req.concepts):
                whole += shown.credit.get(cid, 0.0) * weight
        partial = self.rules.partial_words
        if partial and req.words and whole < partial:
            return max(whole, partial * share(req.words)), whole
        return whole, whole

    def found_terms(self, terms: tuple[str, ...], shown: CvEvidence, vocabulary: Vocabulary, width: int) -> list[str | None]:
        """For each term, the CV's own spelling of it (its first near match), or None."""
        found = []
        for columns in self.near_columns(terms, vocabulary, width):
            hit = [c for c in columns if c in shown.columns]
            found.append(vocabulary.terms[hit[0]] if hit else None)
        return found
