"""Why a CV matches a posting, as JSON: skills matched and missing, shared terms and concepts, components."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.ranking.constraints import Outcome
from matcher.ranking.index_rows import Entry, IndexView
from matcher.ranking.lexicon import IMPLIED, Lexicon
from matcher.ranking.profile import Hit, Requirement
from matcher.ranking.skill_credit import CvEvidence, SkillCredit
from matcher.ranking.terms import Vocabulary

EXPLAIN_DIGITS = 4
TOP_TERMS = 5
TOP_CONCEPTS = 5
RELATED = "related"
PHRASE = "phrase"
SOME_WORDS = "some words"  # a skill the CV does not show, only some of its words


@dataclass(frozen=True)
class PairValues:
    """One pair's numbers from the ranking (None: the component does not apply)."""

    score: float
    tfidf: float
    concepts: float | None
    coverage: float | None
    text: float
    weights: tuple[float, float, float]  # text, skills, concepts
    gap: float
    credits: list[float]  # per listed skill
    outcome: Outcome | None


class Explainer:
    """Builds match explanations from an index's lexicon and skill credit."""

    def __init__(self, lexicon: Lexicon, skill_credit: SkillCredit) -> None:
        self.lexicon = lexicon
        self.skill_credit = skill_credit

    def explain(
        self,
        view: IndexView,
        vocabulary: Vocabulary,
        rows: tuple[int, int],
        posting: Entry,
        cv: Entry,
        pair: PairValues,
        known: dict | None = None,
    ) -> dict:
        """The JSON-serialisable explanation of one match; ``rows``: (posting slot, CV slot).

        ``known`` (optional, one per ranking on one view): what was worked out for a document of an
        earlier pair, kept for the next pairs that share it (a ranking's query is in every pair).
        """
        lexicon = self.lexicon
        known = {} if known is None else known
        details, matched, partial, missing = [], [], [], []
        labels_bn: dict[str, str] = {}  # each listed skill in Bengali, where the lexicon knows it
        shown = self.skill_credit.evidence(view, rows[1], cv, known)
        cv_hits = _kept(known, ("cv hits", rows[1]), lambda: cv.profile.hits(lexicon))
        for req, credit in zip(posting.profile.requirements, pair.credits):
            if credit > self.skill_credit.of_pair(req, shown, vocabulary, view.width)[1]:
                found = [self._words_evidence(req, shown, vocabulary, view.width, credit)]
            elif req.free is not None:
                found = [self._phrase_evidence(req, shown, vocabulary, view.width)] if credit else []
            else:
                found = [m for m in (_concept_evidence(lexicon, cv_hits, shown.credit, cid) for cid in req.concepts) if m]
            (matched if credit >= 1.0 else partial if credit > 0 else missing).append(req.label)
            bengali = next((lexicon.concept(cid).label_bn for cid in req.concepts if lexicon.concept(cid).label_bn), None)
            if bengali:
                labels_bn[req.label] = bengali
            if credit > 0:
                details.append({"skill": req.label, "credit": round(credit, EXPLAIN_DIGITS), "matches": found})
        shared = []
        posting_hits = _kept(known, ("posting hits", rows[0]), lambda: posting.profile.hits(lexicon))
        weighted = known.setdefault("concept rows", {})
        for cid, value in view.concept_space.contributions(*rows, n=TOP_CONCEPTS, rows=weighted):
            concept = lexicon.concept(cid)
            shared.append(
                {
                    "id": cid,
                    "label": concept.label,
                    "label_bn": concept.label_bn,
                    "posting": posting_hits[cid].surface,
                    "cv": cv_hits[cid].surface,
                    "weight": round(value, EXPLAIN_DIGITS),
                }
            )

        def r(value: float | None) -> float | None:
            return None if value is None else round(value, EXPLAIN_DIGITS)

        outcome = pair.outcome
        failed = [dict(f) for f in outcome.failed] if outcome else []
        excluded = bool(outcome and outcome.excluded)
        return {
            "score": pair.score,
            "tfidf": r(pair.tfidf),
            "skill_coverage": r(pair.coverage),
            "matched_skills": matched,
            "partial_skills": partial,
            "missing_skills": missing,
            "skill_labels_bn": labels_bn,
            "skill_matches": details,
            "top_terms": [term for term, _ in view.space.contributions(*rows, n=TOP_TERMS, rows=known.setdefault("term rows", {}))],
            "shared_concepts": shared,
            "failed_constraints": failed,
            "excluded": excluded,
            "components": {
                "tfidf": r(pair.tfidf),
                "text": r(pair.text),  # TF-IDF, or across languages the concept cosine standing in
                "skills": r(pair.coverage),
                "concepts": r(pair.concepts),
                "constraints": 0.0 if excluded else (outcome.factor if outcome else 1.0),
            },
            # The weights of this pair's score: text, skills (when listed), concepts on their own.
            "weights": {
                "text": r(pair.weights[0]),
                "skills": r(pair.weights[1]) if pair.coverage is not None else 0.0,
                "concepts": r(pair.weights[2]) if pair.concepts is not None else 0.0,
            },
            "language_gap": r(pair.gap),
        }

    def _phrase_evidence(self, req: Requirement, shown: CvEvidence, vocabulary: Vocabulary, width: int) -> dict:
        """The CV's terms that matched a free phrase, joined: "custmer servise"."""
        found = self.skill_credit.found_terms(req.free.parts, shown, vocabulary, width)
        return {
            "id": None,
            "label": req.label,
            "label_bn": None,
            "found": " / ".join(f for f in found if f),
            "match": PHRASE if found == list(req.free.parts) else "fuzzy",
            "credit": 1.0,
        }

    def _words_evidence(self, req: Requirement, shown: CvEvidence, vocabulary: Vocabulary, width: int, credit: float) -> dict:
        """The words of a listed skill a CV shows when it does not show the skill itself."""
        found = self.skill_credit.found_terms(req.words, shown, vocabulary, width)
        return {
            "id": None,
            "label": req.label,
            "label_bn": None,
            "found": " / ".join(f for f in found if f),
            "match": SOME_WORDS,
            "credit": round(credit, EXPLAIN_DIGITS),
        }


def _concept_evidence(lexicon: Lexicon, hits: dict[str, Hit], credit: dict[str, float], cid: str) -> dict | None:
    """How a CV (its concepts shown or implied, its credit) shows a concept a posting asks for:
    directly, implied, or only related."""
    concept = lexicon.concept(cid)
    item = {"id": cid, "label": concept.label, "label_bn": concept.label_bn}
    hit = hits.get(cid)
    if hit is not None:
        item.update(found=hit.surface, match=hit.how, credit=1.0)
        if hit.how == IMPLIED and hit.via:
            item["via"] = lexicon.concept(hit.via).label
        return item
    if credit.get(cid, 0.0) > 0:
        for other, other_hit in hits.items():
            if cid in lexicon.half_from[other]:
                item.update(found=other_hit.surface, match=RELATED, credit=credit[cid], via=lexicon.concept(other).label)
                return item
    return None


def _kept(known: dict, key: tuple, make):
    """``known[key]``, made first when it is not there."""
    value = known.get(key)
    if value is None:
        value = known[key] = make()
    return value
