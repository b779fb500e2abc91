"""The match score before constraints: one formula, over every candidate of a ranking at once.

For a posting and a candidate with TF-IDF cosine ``tfidf``, concept cosine ``concepts``,
skill coverage ``skills`` and language gap ``gap`` (see ``language_gap``), where ``s`` is
the posting's concept strength (``ScoringWeights.concept_strength``):

    text  = (1 - gap·s)·tfidf + gap·s·min(1, concepts / concept_scale)
    score = (w_tfidf·text + w_skills·skills + w_concepts·s·concepts) / (w_tfidf + w_skills + w_concepts·s)

so words decide within a language and the lexicon's concepts stand in for them across
languages (Bengali ↔ English; mixed text and Banglish in between). ``w_skills`` is 0 for a
posting that lists no skills; with no weight left the score is the TF-IDF cosine. A
posting's constraints then lower or exclude (see ``constraints``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.ranking.compiled import COMPILED_FROM, HALVES_FROM, in_two_halves, kernels
from matcher.ranking.norm_memo import NormBounds
from matcher.ranking.weights import ScoringWeights

SCORE_DIGITS = 6  # scores are rounded so float noise cannot reorder ties
_BOUND_SLACK = 1e-6  # how far ``posting_score_bounds`` widens its bounds: rounding to 10⁻⁶ moves a score by at most half


@dataclass(frozen=True)
class PairScores:
    """Per candidate: the text similarity, the weight of each component, and the score before constraints."""

    text: np.ndarray
    text_weight: np.ndarray
    skills_weight: np.ndarray
    concepts_weight: np.ndarray
    base: np.ndarray  # in 0..1, rounded to SCORE_DIGITS


def language_gap(mine: float, theirs: np.ndarray) -> np.ndarray:
    """0 when both documents are written in one language, 1 when in two, from their Bengali shares."""
    return np.clip(1.0 - (mine * theirs + (1.0 - mine) * (1.0 - theirs)), 0.0, 1.0)


def score_posting_pairs(
    weights: ScoringWeights,
    *,
    tfidf: np.ndarray,
    concepts: np.ndarray,
    credit_totals: np.ndarray,
    n_requirements: int,
    strength: float,
    mine: float,
    theirs: np.ndarray,
) -> PairScores:
    """``score_pairs`` of one posting against every candidate CV, from each CV's skill credit added up
    over the posting's ``n_requirements`` listed skills (coverage: the mean, clipped to 0..1) and its
    Bengali share (``theirs``; the posting's: ``mine``); in one compiled pass for many CVs, the same to the bit."""
    n = len(tfidf)
    loaded = kernels() if n >= COMPILED_FROM else None
    if loaded is None:
        coverage = np.clip(credit_totals / max(1, n_requirements), 0.0, 1.0)
        return score_pairs(weights, tfidf=tfidf, concepts=concepts, coverage=coverage,
                           has_coverage=n_requirements > 0, strength=strength, gap=language_gap(mine, theirs))
    (wt, ws, wc), constants = _one_posting(weights, n_requirements, strength, mine)
    text, base = np.empty(n), np.empty(n)
    per_pair = [_contiguous(a) for a in (tfidf, concepts, credit_totals, theirs)] + [text, base]
    in_two_halves(lambda first, end: loaded.one_posting_scores(*(a[first:end] for a in per_pair), *constants), n,
                  HALVES_FROM)
    return PairScores(text, np.broadcast_to(np.float64(wt), n), np.broadcast_to(np.float64(ws), n),
                      np.broadcast_to(np.float64(wc), n), base)


def posting_score_bounds(
    weights: ScoringWeights,
    *,
    text: tuple[np.ndarray, NormBounds],
    concepts: tuple[np.ndarray, NormBounds],
    credit_totals: np.ndarray,
    n_requirements: int,
    strength: float,
    mine: float,
    theirs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per CV, a lower and an upper bound of its ``score_posting_pairs`` base score when its cosines are only
    bounded: ``text`` and ``concepts`` are each (products, norm bounds), the cosine being the products ÷ a
    norm within the bounds. One compiled pass, one division per cosine; None where it does not run compiled
    (few rows, no compiler, no weight at all): then score the cosines' bounds.

    Sound, not to the bit: the exact score is a correctly rounded, monotone function of the cosines
    (``score_pairs``), rounded to 10⁻⁶; the bounds take its value at the lowest cosines (products ÷ high
    norms, as the exact pass divides) and at the highest (those × the spread, at least the quotients by
    the low norms), worked out with products by inverses (a few units of 2⁻⁵³ away), then widened by
    ``_BOUND_SLACK``, more than the rounding to 10⁻⁶ moves a score."""
    n = len(credit_totals)
    loaded = kernels() if n >= COMPILED_FROM else None
    (wt, ws, wc), _constants = _one_posting(weights, n_requirements, strength, mine)
    if loaded is None or not wt + ws + wc > 0:
        return None
    low, high = np.empty(n), np.empty(n)
    (text_products, text_norms), (concept_products, concept_norms) = text, concepts
    per_pair = [_contiguous(a) for a in (text_products, text_norms.hi, concept_products, concept_norms.hi,
                                         credit_totals, theirs)] + [low, high]
    constants = (1.0 / max(1, n_requirements), float(mine), float(strength), 1.0 / float(weights.concept_scale), wt, ws,
                 wc, 1.0 / (wt + ws + wc), _BOUND_SLACK)

    def run(first: int, end: int) -> None:
        tp, tn, cp, cn, totals, shares, lows, highs = (a[first:end] for a in per_pair)
        loaded.one_posting_score_bounds(tp, tn, float(text_norms.spread), cp, cn, float(concept_norms.spread), totals,
                                        shares, lows, highs, *constants)

    in_two_halves(run, n, HALVES_FROM)
    return low, high


def _contiguous(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=np.float64)


def _one_posting(weights: ScoringWeights, n_requirements: int, strength: float, mine: float) -> tuple[tuple, tuple]:
    """The weights (text, skills, concepts) of one posting's pairs, and the constants its compiled passes take."""
    wt = float(weights.tfidf)
    ws = float(weights.skills) if n_requirements > 0 else 0.0
    wc = float(weights.concepts * strength)
    constants = (float(max(1, n_requirements)), float(mine), float(strength), float(weights.concept_scale), wt, ws, wc,
                 wt + ws + wc, float(10**SCORE_DIGITS))
    return (wt, ws, wc), constants


def score_pairs(
    weights: ScoringWeights,
    *,
    tfidf: np.ndarray,
    concepts: np.ndarray,
    coverage: np.ndarray,
    has_coverage: np.ndarray | bool,
    strength: np.ndarray | float,
    gap: np.ndarray,
) -> PairScores:
    """The score of each pair (see the module docstring); every argument is one value per candidate,
    or one value for all (``has_coverage`` and ``strength`` of one posting against every CV).

    Element by element the same float operations whichever way a value comes, in as few passes as
    they allow: one posting against a million CVs spends its time here in memory, not arithmetic.
    """
    w = weights
    n = len(tfidf)
    stand_in = gap * strength
    text = 1.0 - stand_in
    text *= tfidf
    scaled = concepts / w.concept_scale
    np.minimum(scaled, 1.0, out=scaled)
    scaled *= stand_in
    text += scaled
    wt = w.tfidf
    ws = np.where(has_coverage, w.skills, 0.0)
    wc = w.concepts * strength
    total = wt + ws + wc
    score = text * wt
    score += coverage * ws
    score += concepts * wc
    if np.ndim(total) == 0:
        base = score / total if total > 0 else tfidf.copy()
    else:
        base = np.where(total > 0, score / np.where(total > 0, total, 1.0), tfidf)
    np.clip(base, 0.0, 1.0, out=base)
    return PairScores(text, np.broadcast_to(np.float64(wt), n), np.broadcast_to(ws, n), np.broadcast_to(wc, n),
                      np.round(base, SCORE_DIGITS, out=base))
