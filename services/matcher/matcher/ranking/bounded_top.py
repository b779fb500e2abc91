"""A ranking's best candidates when its cosines are only bounded (see ``tfidf.Cosines``).

The score is monotone in both cosines (``score``: non-negative weights, correctly rounded
float operations, monotone rounding), so scoring their lower and their upper bounds bounds
every candidate's score. The candidates whose upper bound reaches a cut (the n-th best lower
bound) are scored exactly and ranked. If that ranking fills its limit at or above the cut, or
the cut is below the minimum score, no other candidate could have entered it (their scores
are below the cut): it is the ranking of all candidates, to the bit. Otherwise a lower cut is
tried, then every candidate is scored exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from matcher.ranking.score import PairScores
from matcher.ranking.tfidf import Cosines
from matcher.ranking.top_k import Pick

FIRST_CUT_SHARE = 4  # the first cut is the (4 × limit + 64)-th best lower bound
FIRST_CUT_AT_LEAST = 64
_CUT_GROWTH = 16  # each later cut takes 16 times as many
_NEAR_SHARE = 4  # once more than 1/4 of the candidates are near a cut, all are scored exactly


class Scored(NamedTuple):
    """A ranking's picks, and the cosines and scores they were picked by (exact for every pick)."""

    picks: list[Pick]
    tfidf: np.ndarray
    concepts: np.ndarray
    pairs: PairScores


def _unit(values: np.ndarray) -> np.ndarray:
    """``values`` clipped to 0..1, in a new array."""
    return np.clip(values, 0.0, 1.0)


def best_scored(
    text: Cosines,
    concepts: Cosines,
    scored: Callable[[np.ndarray, np.ndarray], PairScores],
    candidates: np.ndarray,
    pick: Callable[[np.ndarray, np.ndarray], list[Pick]],
    limit: int | None,
    min_score: float,
) -> Scored:
    """The picks of ``pick(base, candidates)`` over every candidate's exact score.

    ``scored``: the scores of every row from its text and concept cosines (each in 0..1);
    ``pick``: a ranking of ``candidates`` (ascending slots) by their scores ``base`` that keeps
    at most ``limit`` and none below ``min_score``; ``limit`` None: it must see every candidate.
    """
    if limit is not None and not (text.exact and concepts.exact):
        low = scored(_unit(text.lo), _unit(concepts.lo)).base[candidates]
        high = scored(_unit(text.hi), _unit(concepts.hi)).base[candidates]
        wanted = FIRST_CUT_SHARE * limit + FIRST_CUT_AT_LEAST
        while wanted < len(candidates):
            cut = np.partition(low, len(low) - wanted)[len(low) - wanted]
            near = candidates[high >= cut]
            if len(near) * _NEAR_SHARE > len(candidates):
                break
            tfidf, concept = _unit(text.lo), _unit(concepts.lo)
            tfidf[near] = _unit(text.at(near))
            concept[near] = _unit(concepts.at(near))
            pairs = scored(tfidf, concept)
            picks = pick(pairs.base, near)
            if cut <= min_score or (len(picks) == limit and picks[-1].score >= cut):
                return Scored(picks, tfidf, concept, pairs)
            wanted *= _CUT_GROWTH
    tfidf, concept = _unit(text.all()), _unit(concepts.all())
    pairs = scored(tfidf, concept)
    return Scored(pick(pairs.base, candidates), tfidf, concept, pairs)
