"""The in-memory index of postings and CVs that ranks one kind against the other.

A match's score combines the components of ``ScoringWeights``, then the posting's
constraints (see ``constraints``):

    text  = (1 - g)·tfidf + g·concepts / concept_scale    (g: the pair's language gap)
    score = (w_tfidf·text + w_skills·skills + w_concepts·concepts) / (weights that apply)
            × constraint factor

so words decide within a language and the lexicon's concepts stand in for them across
languages (Bengali ↔ English; mixed text and Banglish in between).

Everything per document (blinding, terms, lexicon concepts, education, place) is worked
out once at upsert and appended as rows (see ``index_rows``); a write costs that document,
not a refit: document frequencies are counted up and down, and a ranking takes the
cosines under the idf of that moment (see ``tfidf``). Ranking one document against all of
the other kind is sparse products: text TF-IDF, concept TF-IDF, skill credit; listed
skills the lexicon does not know are found by column lookups of their terms and near
spellings (see ``phrases``); a listed skill a CV does not show earns part credit for the
share of its words the CV shows (``SkillRules.partial_words``). Only constraints are
checked per pair, and only for candidates that can still reach the top ``limit``.
"""

from __future__ import annotations

import heapq
import threading

import numpy as np
from scipy import sparse

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
from matcher.ranking.index_rows import Entry, IndexRows, IndexView, make_entry
from matcher.ranking.lexicon import IMPLIED, Lexicon, default_lexicon
from matcher.ranking.phrases import NearTerms
from matcher.ranking.profile import Profile, Requirement, build_profile
from matcher.ranking.skills import SkillRules
from matcher.ranking.terms import Vocabulary
from matcher.ranking.weights import ScoringWeights

_SCORE_DIGITS = 6  # scores are rounded so float noise cannot reorder ties
_EXPLAIN_DIGITS = 4
_TOP_TERMS = 5
_TOP_CONCEPTS = 5
RELATED = "related"
PHRASE = "phrase"
SOME_WORDS = "some words"  # a skill the CV does not show, only some of its words


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
        self._near_terms = NearTerms(self.skill_rules)
        self._columns = {cid: self.lexicon.concept(cid).column for cid in self.lexicon.ids}
        self._lock = threading.RLock()
        self._vocabulary = Vocabulary()
        self._rows = IndexRows(self._vocabulary, self.lexicon)
        self._view: IndexView | None = None  # None: written since; the next ranking takes a new view

    def upsert(self, doc: Document) -> None:
        """Add ``doc``, or replace the document of the same kind and id.

        Raises ValueError when a posting's constraints cannot be resolved (for example a
        location policy without a known location).
        """
        profile = build_profile(doc, self.lexicon, blind=self.blind)
        with self._lock:
            self._rows.put(make_entry(doc, profile, self._vocabulary, self._columns, self.weights))
            self._view = None

    def remove(self, kind: str, doc_id: str) -> None:
        """Remove a document; removing one that is not there does nothing."""
        check_kind(kind)
        with self._lock:
            if self._rows.remove(kind, doc_id):
                self._view = None

    def forget(self, kind: str, doc_id: str) -> None:
        """Remove a document and drop its rows from memory at once (erasure), not at the next compaction."""
        check_kind(kind)
        with self._lock:
            if self._rows.remove(kind, doc_id, compact=True):
                self._view = None

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
        return self._rank(CV, cv_id, limit, min_score, include_excluded)

    def _view_and_slot(self, kind: str, doc_id: str) -> tuple[IndexView, int | None]:
        """The current view (taken after the last write) and a document's slot in it."""
        with self._lock:
            if self._view is None:
                self._view = self._new_view()
            return self._view, self._rows.slot(kind, doc_id)

    def _new_view(self) -> IndexView:
        """A view of the rows as they are now; called under the lock."""
        return self._rows.view()

    # --- ranking ------------------------------------------------------------------------

    def _near_columns(self, terms: tuple[str, ...], width: int) -> list[list[int]]:
        """For each term, the vocabulary columns (< width) that count as it: itself and near spellings."""
        return [sorted(c for c in self._near_terms.columns(t, self._vocabulary) if c < width) for t in terms]

    def _credits_for_cvs(self, view: IndexView, posting: Entry) -> np.ndarray:
        """CV slots × the posting's listed skills: each skill's credit (see ``_requirement_credit``)."""
        requirements = posting.profile.requirements
        partial = self.skill_rules.partial_words
        # Every term any skill needs looked up at once: one lookup column per term, 1 in the
        # rows of the vocabulary terms that count as it; CVs × terms is then a sparse product.
        wanted: list[tuple[str, ...]] = [
            (req.free.parts if req.free is not None else ()) + (req.words if partial else ()) for req in requirements
        ]
        flat = [columns for terms in wanted for columns in self._near_columns(terms, view.width)]
        lookup = sparse.csc_matrix(
            (
                np.ones(sum(len(c) for c in flat)),
                np.array([c for columns in flat for c in columns], dtype=np.int64),
                np.cumsum([0] + [len(c) for c in flat]),
            ),
            shape=(view.width, len(flat)),
        )
        found = view.evidence[0] @ lookup
        for matrix in view.evidence[1:]:
            found = found + matrix @ lookup
        shown = found.toarray() > 0  # CVs × terms
        credits = np.zeros((shown.shape[0], len(requirements)), dtype=np.float64)
        first = 0
        for j, req in enumerate(requirements):
            if req.free is not None:
                n_parts = len(req.free.parts)
                whole = shown[:, first : first + n_parts].all(axis=1).astype(np.float64)
                first += n_parts
            else:
                weights = np.zeros(view.credit.shape[1])
                weights[[self._columns[cid] for cid in req.concepts]] = 1.0 / len(req.concepts)
                whole = view.credit @ weights
            if partial and req.words:
                n_words = len(req.words)
                whole = np.maximum(whole, partial * shown[:, first : first + n_words].mean(axis=1))
                first += n_words
            credits[:, j] = whole
        return credits

    def _requirement_credit(
        self, req: Requirement, cv: Entry, width: int, have: set[int] | None = None
    ) -> tuple[float, float]:
        """(credit, credit as the skill itself) of one CV for one listed skill: 1 when the CV
        shows it, 0.5 when only a related one, else ``partial_words`` × the share of its words
        shown. ``have``: the CV's evidence columns, when the caller already has them as a set."""
        have = set(cv.evidence.columns.tolist()) if have is None else have

        def share(terms: tuple[str, ...]) -> float:
            columns = self._near_columns(terms, width)
            return sum(any(c in have for c in cs) for cs in columns) / len(columns) if columns else 0.0

        if req.free is not None:
            whole = 1.0 if share(req.free.parts) == 1.0 else 0.0
        else:
            whole = sum(cv.profile.credit.get(cid, 0.0) for cid in req.concepts) / len(req.concepts)
        partial = self.skill_rules.partial_words
        if partial and req.words and whole < partial:
            return max(whole, partial * share(req.words)), whole
        return whole, whole

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
        tfidf = np.clip(view.space.similarities(kind, row, against), 0.0, 1.0)
        concepts = np.clip(view.concept_space.similarities(kind, row, against), 0.0, 1.0)
        if kind == POSTING:
            credits = self._credits_for_cvs(view, query)
            pair_credits = lambda other_row: credits[other_row].tolist()  # noqa: E731
            coverage = credits.sum(axis=1) / max(1, query.n_requirements)
            has_cov = np.full(n, query.n_requirements > 0)
            strength = np.full(n, view.concept_strength[row])
        else:
            have = set(query.evidence.columns.tolist())
            per_posting = [
                [self._requirement_credit(req, query, view.width, have)[0] for req in posting.profile.requirements]
                if live else []
                for posting, live in zip(others, view.live[POSTING].tolist())
            ]
            pair_credits = per_posting.__getitem__
            coverage = np.array([sum(c) / len(c) if c else 0.0 for c in per_posting], dtype=np.float64)
            has_cov = view.n_requirements > 0
            strength = view.concept_strength
        coverage = np.clip(coverage, 0.0, 1.0)
        # Language gap: 0 when both are written in one language, 1 when in two.
        mine, theirs = view.bengali_share[kind][row], view.bengali_share[against]
        gap = np.clip(1.0 - (mine * theirs + (1.0 - mine) * (1.0 - theirs)), 0.0, 1.0)
        w = self.weights
        # Text similarity: TF-IDF, with the scaled concept cosine standing in across languages.
        stand_in = gap * strength
        text = (1.0 - stand_in) * tfidf + stand_in * np.minimum(1.0, concepts / w.concept_scale)
        wt = np.full(n, w.tfidf)
        ws = np.where(has_cov, w.skills, 0.0)
        wc = w.concepts * strength
        total = wt + ws + wc
        score = wt * text + ws * coverage + wc * concepts
        base = np.clip(np.where(total > 0, score / np.where(total > 0, total, 1.0), tfidf), 0.0, 1.0)
        base = np.round(base, _SCORE_DIGITS)
        # Constraints only lower a score, so ``base`` bounds it: visiting candidates best
        # base first lets the loop stop once nobody left can enter the top ``limit``.
        order = candidates[np.argsort(-base[candidates], kind="stable")]
        no_constraints = (kind == POSTING and query.profile.constraints is None) or (
            kind == CV and all(others[r].profile.constraints is None for r in candidates.tolist())
        )

        scored, excluded, best = [], [], []  # best: min-heap of the top ``limit`` scores so far
        for other_row in order.tolist():
            bound = base[other_row]
            if bound < min_score or (limit is not None and len(best) == limit and bound < best[0]):
                break
            if no_constraints:
                outcome, final = None, float(bound)
            else:
                posting, cv = (query, others[other_row]) if kind == POSTING else (others[other_row], query)
                outcome = evaluate(posting.profile.constraints, cv.profile.facts, self.constraint_factors)
                if outcome.excluded:
                    if include_excluded:
                        excluded.append((0.0, others[other_row].doc.id, other_row, outcome))
                    continue
                final = round(float(bound) * outcome.factor, _SCORE_DIGITS)
                if final < min_score:
                    continue
            scored.append((final, others[other_row].doc.id, other_row, outcome))
            if limit is not None:
                (heapq.heappush if len(best) < limit else heapq.heappushpop)(best, final)
        if include_excluded and not no_constraints and min_score <= 0.0 and limit is not None:
            # The loop stopped early; excluded candidates further down still belong in the list.
            seen = {s[2] for s in scored} | {s[2] for s in excluded}
            for other_row in candidates.tolist():
                if other_row not in seen:
                    posting, cv = (query, others[other_row]) if kind == POSTING else (others[other_row], query)
                    outcome = evaluate(posting.profile.constraints, cv.profile.facts, self.constraint_factors)
                    if outcome.excluded:
                        excluded.append((0.0, others[other_row].doc.id, other_row, outcome))

        scored.sort(key=lambda s: (-s[0], s[1]))
        if include_excluded:
            excluded.sort(key=lambda s: s[1])
            scored += excluded
        matches = []
        for final, other_id, other_row, outcome in scored[:limit]:
            if kind == POSTING:
                ids, rows = (doc_id, other_id), (row, other_row)
                posting, cv = query, others[other_row]
            else:
                ids, rows = (other_id, doc_id), (other_row, row)
                posting, cv = others[other_row], query
            explanation = self._explain(
                view,
                rows,
                posting,
                cv,
                score=final,
                tfidf=float(tfidf[other_row]),
                concepts=float(concepts[other_row]) if strength[other_row] > 0 else None,
                coverage=float(coverage[other_row]) if has_cov[other_row] else None,
                text=float(text[other_row]),
                weights=(float(wt[other_row]), float(ws[other_row]), float(wc[other_row])),
                gap=float(gap[other_row]),
                credits=pair_credits(other_row),
                outcome=outcome,
            )
            matches.append(Match(*ids, score=final, explanation=explanation))
        return matches

    # --- explanations -------------------------------------------------------------------

    def _explain(
        self,
        view: IndexView,
        rows: tuple[int, int],
        posting: Entry,
        cv: Entry,
        *,
        score: float,
        tfidf: float,
        concepts: float | None,
        coverage: float | None,
        text: float,
        weights: tuple[float, float, float],
        gap: float,
        credits: list[float],
        outcome: Outcome | None,
    ) -> dict:
        """The JSON-serialisable explanation of one match."""
        lexicon = self.lexicon
        details, matched, partial, missing = [], [], [], []
        labels_bn: dict[str, str] = {}  # each listed skill in Bengali, where the lexicon knows it
        for req, credit in zip(posting.profile.requirements, credits):
            if credit > self._requirement_credit(req, cv, view.width)[1]:
                found = [self._words_evidence(req, cv, view.width, credit)]
            elif req.free is not None:
                found = [self._phrase_evidence(req, cv, view.width)] if credit else []
            else:
                found = [m for m in (_concept_evidence(lexicon, cv.profile, cid) for cid in req.concepts) if m]
            (matched if credit >= 1.0 else partial if credit > 0 else missing).append(req.label)
            bengali = next((lexicon.concept(cid).label_bn for cid in req.concepts if lexicon.concept(cid).label_bn), None)
            if bengali:
                labels_bn[req.label] = bengali
            if credit > 0:
                details.append({"skill": req.label, "credit": round(credit, _EXPLAIN_DIGITS), "matches": found})
        shared = []
        for cid, value in view.concept_space.contributions(*rows, n=_TOP_CONCEPTS):
            concept = lexicon.concept(cid)
            shared.append(
                {
                    "id": cid,
                    "label": concept.label,
                    "label_bn": concept.label_bn,
                    "posting": posting.profile.hits[cid].surface,
                    "cv": cv.profile.hits[cid].surface,
                    "weight": round(value, _EXPLAIN_DIGITS),
                }
            )

        def r(value: float | None) -> float | None:
            return None if value is None else round(value, _EXPLAIN_DIGITS)

        failed = [dict(f) for f in outcome.failed] if outcome else []
        excluded = bool(outcome and outcome.excluded)
        return {
            "score": score,
            "tfidf": r(tfidf),
            "skill_coverage": r(coverage),
            "matched_skills": matched,
            "partial_skills": partial,
            "missing_skills": missing,
            "skill_labels_bn": labels_bn,
            "skill_matches": details,
            "top_terms": [term for term, _ in view.space.contributions(*rows, n=_TOP_TERMS)],
            "shared_concepts": shared,
            "failed_constraints": failed,
            "excluded": excluded,
            "components": {
                "tfidf": r(tfidf),
                "text": r(text),  # TF-IDF, or across languages the concept cosine standing in
                "skills": r(coverage),
                "concepts": r(concepts),
                "constraints": 0.0 if excluded else (outcome.factor if outcome else 1.0),
            },
            # The weights of this pair's score: text, skills (when listed), concepts on their own.
            "weights": {
                "text": r(weights[0]),
                "skills": r(weights[1]) if coverage is not None else 0.0,
                "concepts": r(weights[2]) if concepts is not None else 0.0,
            },
            "language_gap": r(gap),
        }

    def _phrase_evidence(self, req: Requirement, cv: Entry, width: int) -> dict:
        """The CV's terms that matched a free phrase, joined: "custmer servise"."""
        found = self._found_terms(req.free.parts, cv, width)
        return {
            "id": None,
            "label": req.label,
            "label_bn": None,
            "found": " / ".join(f for f in found if f),
            "match": PHRASE if found == list(req.free.parts) else "fuzzy",
            "credit": 1.0,
        }

    def _words_evidence(self, req: Requirement, cv: Entry, width: int, credit: float) -> dict:
        """The words of a listed skill a CV shows when it does not show the skill itself."""
        return {
            "id": None,
            "label": req.label,
            "label_bn": None,
            "found": " / ".join(f for f in self._found_terms(req.words, cv, width) if f),
            "match": SOME_WORDS,
            "credit": round(credit, _EXPLAIN_DIGITS),
        }

    def _found_terms(self, terms: tuple[str, ...], cv: Entry, width: int) -> list[str | None]:
        """For each term, the CV's own spelling of it (its first near match), or None."""
        have = set(cv.evidence.columns.tolist())
        vocabulary = self._vocabulary.terms
        found = []
        for columns in self._near_columns(terms, width):
            hit = [c for c in columns if c in have]
            found.append(vocabulary[hit[0]] if hit else None)
        return found


def _concept_evidence(lexicon: Lexicon, cv: Profile, cid: str) -> dict | None:
    """How a CV shows a concept a posting asks for: directly, implied, or only related."""
    concept = lexicon.concept(cid)
    item = {"id": cid, "label": concept.label, "label_bn": concept.label_bn}
    hit = cv.hits.get(cid)
    if hit is not None:
        item.update(found=hit.surface, match=hit.how, credit=1.0)
        if hit.how == IMPLIED and hit.via:
            item["via"] = lexicon.concept(hit.via).label
        return item
    if cv.credit.get(cid, 0.0) > 0:
        for other, other_hit in cv.hits.items():
            if cid in lexicon.half_from[other]:
                item.update(found=other_hit.surface, match=RELATED, credit=cv.credit[cid], via=lexicon.concept(other).label)
                return item
    return None
