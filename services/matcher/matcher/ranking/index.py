"""The in-memory index of postings and CVs that ranks one kind against the other.

Everything per document (blinding, terms, lexicon concepts, education, place) is worked
out once at upsert and appended as rows (see ``index_rows``); a write costs that document,
not a refit: document frequencies are counted up and down, and a ranking takes the
cosines under the idf of that moment (see ``tfidf``). Ranking one document against all of
the other kind is sparse products: text TF-IDF, concept TF-IDF, skill credit (see
``skill_credit``); those combine into one score per candidate (see ``score``). Only
constraints are checked per pair, and only for candidates that can still reach the top
``limit`` (see ``top_k``). Every match carries an explanation (see ``explanation``).
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Mapping, Sequence
from typing import BinaryIO

import numpy as np

from matcher.ranking.bounded_top import best_scored
from matcher.ranking.constraints import ConstraintFactors, Outcome, evaluate
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
from matcher.ranking.explanation import Explainer, PairValues
from matcher.ranking.foreground import ranking
from matcher.ranking.index_rows import Entry, IndexRows, IndexView, make_entries, make_entry
from matcher.ranking.lexicon import Lexicon, default_lexicon
from matcher.ranking.profile import Profile, build_profile
from matcher.ranking.profile_batch import ProfileWorkers, collector_paused, profiles_of
from matcher.ranking.score import PairScores, language_gap, posting_score_bounds, score_pairs, score_posting_pairs
from matcher.ranking.skill_credit import SkillCredit
from matcher.ranking.skills import SkillRules
from matcher.ranking.terms import Vocabulary
from matcher.ranking.tfidf import Cosines
from matcher.ranking.top_k import Pick, top_k
from matcher.ranking.weights import ScoringWeights


_PUT_TOGETHER = 256  # profiled documents entered under one lock by ``upsert_many``


class MatchIndex:
    """Postings and CVs ranked against each other; thread-safe, updated in place on every write.

    ``blind`` (default True): personal fields and identity words are removed from every
    document before indexing (see ``matcher.ranking.blind``). ``lexicon``: the skill
    lexicon (default: the project's). ``constraint_factors``: how much failed "prefer"
    constraints and uncertain outcomes lower a score. ``skill_rules``: when a listed skill
    the lexicon does not know counts as found (fuzzy threshold, shortest fuzzy term).
    """

    def __init__(
        self,
        weights: ScoringWeights | None = None,
        skill_rules: SkillRules | None = None,
        *,
        lexicon: Lexicon | None = None,
        blind: bool = True,
        constraint_factors: ConstraintFactors | None = None,
    ) -> None:
        self.weights = weights or ScoringWeights()
        self.skill_rules = skill_rules or SkillRules()
        self.lexicon = lexicon or default_lexicon()
        self.blind = blind
        self.constraint_factors = constraint_factors or ConstraintFactors()
        self._columns = {cid: self.lexicon.concept(cid).column for cid in self.lexicon.ids}
        self._skill_credit = SkillCredit(self.skill_rules, self._columns, self.lexicon)
        self._explainer = Explainer(self.lexicon, self._skill_credit)
        self._lock = threading.RLock()
        self._vocabulary = Vocabulary()
        self._rows = IndexRows(self._vocabulary, self.lexicon)
        self._view: IndexView | None = None  # None: written since; the next ranking takes a new view
        self.writes = 0  # documents upserted, removed or forgotten so far
        self.forgotten = 0  # documents forgotten (erased) so far

    def upsert(self, doc: Document) -> None:
        """Add ``doc``, or replace the document of the same kind and id.

        Raises ValueError when a posting's constraints cannot be resolved (for example a
        location policy without a known location).
        """
        profile = build_profile(doc, self.lexicon, blind=self.blind)
        with self._lock:
            self._view = None  # dropped first: its counts need no copy when no ranking holds it (see tfidf)
            self._rows.put(make_entry(doc, profile, self._vocabulary, self._columns, self.weights))
            self.writes += 1

    def upsert_many(
        self, docs: Sequence[Document], *, workers: int | None = None, profilers: ProfileWorkers | None = None
    ) -> list[tuple[Document, Exception]]:
        """Add or replace many documents, their profiles built on every core for a large batch
        (see ``profile_batch.profiles_of``), entered as they come; the same index as upserting them one by one.

        ``profilers`` (from ``profile_workers``): worker processes kept for batch after batch (then
        ``workers`` is theirs). Returns the documents that could not be indexed, each with its error;
        the others are indexed.
        """
        failed: list[tuple[Document, Exception]] = []
        waiting: list[tuple[Document, Profile]] = []
        built = (profiles_of(docs, self.lexicon, blind=self.blind, workers=workers) if profilers is None
                 else profilers.profiles(docs))
        with collector_paused():
            for doc, profile in zip(docs, built):
                if isinstance(profile, Exception):
                    failed.append((doc, profile))
                    continue
                waiting.append((doc, profile))
                if len(waiting) >= _PUT_TOGETHER:  # profiles are dropped once entered: few are held at once
                    self._put_all(waiting)
                    waiting = []
            self._put_all(waiting)
        return failed

    def profile_workers(self, workers: int | None = None) -> ProfileWorkers:
        """Worker processes for ``upsert_many(..., profilers=...)`` over many batches (a context manager)."""
        return ProfileWorkers(self.lexicon, blind=self.blind, workers=workers)

    def _put_all(self, profiled: list[tuple[Document, Profile]]) -> None:
        """Add documents with their profiles, under one lock."""
        if not profiled:
            return
        with self._lock:
            self._view = None  # dropped first, as in ``upsert``
            for new in make_entries(profiled, self._vocabulary, self._columns, self.weights):
                self._rows.put(new)
            self.writes += len(profiled)

    def remove(self, kind: str, doc_id: str) -> None:
        """Remove a document; removing one that is not there does nothing."""
        check_kind(kind)
        with self._lock:
            if self._rows.remove(kind, doc_id):
                self._view = None
                self.writes += 1

    def forget(self, kind: str, doc_id: str) -> None:
        """Remove a document and drop its rows from memory at once (erasure), not at the next compaction."""
        check_kind(kind)
        with self._lock:
            if self._rows.forget(kind, doc_id):
                self._view = None
                self.writes += 1
                self.forgotten += 1

    def save(self, file: BinaryIO) -> int:
        """Write the index to ``file`` for ``restore``: a pickle of its rows, vocabulary and kept
        profiles, with each document as a digest (no text); return how many documents it holds.

        Writes wait only while the state is taken (references and small copies); it is written after.
        """
        with self._lock:
            rows = self._rows.state()
            count = sum(self._rows.count(kind) for kind in KINDS)
        state = {"settings": self._settings_digest(), "rows": IndexRows.portable(rows)}
        pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
        return count

    @classmethod
    def restore(
        cls, file: BinaryIO, documents: Mapping[tuple[str, str], Document], *args, **kwargs
    ) -> tuple[MatchIndex, set[tuple[str, str]], int]:
        """An index made with ``MatchIndex(*args, **kwargs)`` holding what ``save`` wrote to ``file``,
        but only the documents ``documents`` (by (kind, id)) still holds unchanged; their keys; and
        how many saved documents were dropped (gone or changed).

        Upserting the other documents of ``documents`` then gives the index that upserting them all
        would. Raises ValueError when the index was saved with other weights, lexicon or blinding.
        ``file`` must be trusted: it is unpickled.
        """
        index = cls(*args, **kwargs)
        state = pickle.load(file)
        if state.get("settings") != index._settings_digest():
            raise ValueError("the saved index was made with other weights, lexicon or blinding")
        index._rows, kept, dropped = IndexRows.restored(state["rows"], index.lexicon, documents)
        index._vocabulary = index._rows.vocabulary
        return index, kept, dropped

    def _settings_digest(self) -> bytes:
        """What the rows depend on besides the documents: weights, blinding and the lexicon."""
        settings = repr((self.weights, self.blind, self.lexicon.entries, self.lexicon.rules))
        return hashlib.blake2b(settings.encode("utf-8"), digest_size=16).digest()

    def __contains__(self, key: tuple[str, str]) -> bool:
        """Whether a (kind, id) pair is indexed."""
        kind, doc_id = key
        with self._lock:
            return kind in KINDS and self._rows.slot(kind, doc_id) is not None

    def count(self, kind: str) -> int:
        """Number of indexed documents of ``kind``."""
        check_kind(kind)
        with self._lock:
            return self._rows.count(kind)

    def rank_cvs_for_posting(
        self,
        posting_id: str,
        limit: int | None = None,
        min_score: float = 0.0,
        *,
        include_excluded: bool = False,
    ) -> list[Match]:
        """CVs best first (ties by id) for a posting; raises UnknownDocument if it is absent.

        CVs a "require" constraint excludes are left out, unless ``include_excluded``:
        then they come after the others with score 0 and the failed constraint in the
        explanation (and only when ``min_score`` is 0).
        """
        with ranking():
            return self._rank(POSTING, posting_id, limit, min_score, include_excluded)

    def rank_postings_for_cv(
        self,
        cv_id: str,
        limit: int | None = None,
        min_score: float = 0.0,
        *,
        include_excluded: bool = False,
    ) -> list[Match]:
        """Postings best first (ties by id) for a CV; raises UnknownDocument if it is absent.

        Postings whose "require" constraints exclude this CV are left out, unless
        ``include_excluded`` (then they come after the others with score 0).
        """
        with ranking():
            return self._rank(CV, cv_id, limit, min_score, include_excluded)

    def _view_and_slot(self, kind: str, doc_id: str) -> tuple[IndexView, int | None]:
        """The current view (taken after the last write) and a document's slot in it."""
        with self._lock:
            return self._current_view(), self._rows.slot(kind, doc_id)

    def _current_view(self) -> IndexView:
        """The view taken after the last write (taken now if there is none); called under the lock."""
        if self._view is None:
            self._view = self._new_view()
        return self._view

    def prepare(self) -> None:
        """Work out now what the first ranking after many writes would (the current view, its column
        copies and every row's norm): after a load, so the first request does not wait for it."""
        with self._lock:
            view = self._current_view()
        view.prepare()

    def _new_view(self) -> IndexView:
        """A view of the rows as they are now; called under the lock."""
        return self._rows.view()

    # --- ranking ------------------------------------------------------------------------

    def _rank(
        self, kind: str, doc_id: str, limit: int | None, min_score: float, include_excluded: bool
    ) -> list[Match]:
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be >= 0 or None, got {limit!r}")
        view, row = self._view_and_slot(kind, doc_id)
        if row is None:
            raise UnknownDocument(kind, doc_id)
        if limit == 0:
            return []
        against = other_kind(kind)
        query = view.entries[kind][row]
        others = view.entries[against]
        candidates = np.flatnonzero(view.live[against])  # slots of current documents
        if not len(candidates):
            return []
        n = len(others)
        text_cosines = view.space.cosines(kind, row, against)
        concept_cosines = view.concept_space.cosines(kind, row, against)
        mine, theirs = view.bengali_share[kind][row], view.bengali_share[against]
        known: dict = {}  # what this ranking's explanations share: the query's evidence, hits and weighted rows
        if kind == POSTING:
            credits = self._skill_credit.for_cvs(view, query, self._vocabulary, known)
            pair_credits = credits.of
            divisor = max(1, query.n_requirements)

            def coverage_of(rows):  # the CVs' mean skill credit
                return np.clip((credits.totals if rows is None else credits.totals[rows]) / divisor, 0.0, 1.0)

            def gap_of(rows):  # 0: one language, 1: two
                return language_gap(mine, theirs if rows is None else theirs[rows])

            has_cov = query.n_requirements > 0  # one value for every CV
            strength = float(view.concept_strength[row])

            def bounds(text: Cosines, concepts: Cosines) -> tuple[np.ndarray, np.ndarray] | None:
                """Every CV's score bounds in one compiled pass, where both cosines come as parts."""
                if text.parts is None or concepts.parts is None:
                    return None
                return posting_score_bounds(self.weights, text=text.parts, concepts=concepts.parts,
                                            credit_totals=credits.totals, n_requirements=query.n_requirements,
                                            strength=strength, mine=mine, theirs=theirs)
        else:
            per_posting = self._skill_credit.for_postings(view, row, query, self._vocabulary)
            pair_credits = per_posting.of
            coverage = np.clip(per_posting.coverage, 0.0, 1.0)

            gap = language_gap(mine, theirs)

            def coverage_of(rows):
                return coverage if rows is None else coverage[rows]

            def gap_of(rows):
                return gap if rows is None else gap[rows]

            has_cov = view.n_requirements > 0
            strength = view.concept_strength
            bounds = None

        def scored(tfidf: np.ndarray, concepts: np.ndarray, rows: np.ndarray | None = None) -> PairScores:
            """The scores of ``rows`` (every row when None) from their cosines."""
            if rows is None and kind == POSTING:
                return score_posting_pairs(self.weights, tfidf=tfidf, concepts=concepts, credit_totals=credits.totals,
                                           n_requirements=query.n_requirements, strength=strength, mine=mine,
                                           theirs=theirs)

            def of_rows(values):  # a value per row, or one for all
                return values if rows is None or np.ndim(values) == 0 else values[rows]

            return score_pairs(
                self.weights, tfidf=tfidf, concepts=concepts, coverage=coverage_of(rows),
                has_coverage=of_rows(has_cov), strength=of_rows(strength), gap=gap_of(rows),
            )

        def pair_of(other_row: int) -> tuple[Entry, Entry]:
            """(posting, CV) of the query and one candidate."""
            return (query, others[other_row]) if kind == POSTING else (others[other_row], query)

        outcomes: dict[int, tuple[object, Outcome]] = {}  # a posting's outcome per CV facts (shared by many CVs)

        def outcome_of(other_row: int) -> Outcome:
            posting, cv = pair_of(other_row)
            facts = cv.profile.facts
            if kind == POSTING:
                known = outcomes.get(id(facts))
                if known is not None and known[0] is facts:
                    return known[1]
            outcome = evaluate(posting.profile.constraints, facts, self.constraint_factors, self.lexicon)
            if kind == POSTING:
                outcomes[id(facts)] = (facts, outcome)
            return outcome

        no_constraints = (kind == POSTING and query.profile.constraints is None) or (
            kind == CV and all(others[r].profile.constraints is None for r in candidates.tolist())
        )

        def pick(base: np.ndarray, among: np.ndarray) -> list[Pick]:
            return top_k(
                base,
                among,
                lambda other_row: others[other_row].id,
                None if no_constraints else outcome_of,
                limit,
                min_score,
                include_excluded,
            )

        best = best_scored(
            text_cosines, concept_cosines, scored, candidates, pick, None if include_excluded else limit, min_score,
            bounds,
        )
        tfidf, concepts, pairs = best.tfidf, best.concepts, best.pairs
        strength_of, has_cov_of = np.broadcast_to(strength, n), np.broadcast_to(has_cov, n)  # per candidate
        matches = []
        for final, other_id, other_row, outcome in best.picks:
            ids, rows = ((doc_id, other_id), (row, other_row)) if kind == POSTING else ((other_id, doc_id), (other_row, row))
            at = best.pair_at(other_row)
            pair = PairValues(
                score=final,
                tfidf=float(tfidf[at]),
                concepts=float(concepts[at]) if strength_of[other_row] > 0 else None,
                coverage=float(coverage_of(np.array([other_row]))[0]) if has_cov_of[other_row] else None,
                text=float(pairs.text[at]),
                weights=(
                    float(pairs.text_weight[at]),
                    float(pairs.skills_weight[at]),
                    float(pairs.concepts_weight[at]),
                ),
                gap=float(gap_of(np.array([other_row]))[0]),
                credits=pair_credits(other_row),
                outcome=outcome,
            )
            explanation = self._explainer.explain(view, self._vocabulary, rows, *pair_of(other_row), pair, known)
            matches.append(Match(*ids, score=final, explanation=explanation))
        return matches

