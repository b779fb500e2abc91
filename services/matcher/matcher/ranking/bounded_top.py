"""A ranking's best candidates when its cosines are only bounded (see ``tfidf.Cosines``).

The score is monotone in both cosines (``score``: non-negative weights, correctly rounded
float operations, monotone rounding), so scoring their lower and their upper bounds bounds
every candidate's score (or a cheaper pass bounds it a little more loosely: see
``score.posting_score_bounds``). The candidates whose upper bound reaches a cut (a value at least n
lower bounds reach, read off a sample) are scored exactly, alone, and ranked. If that ranking
fills its limit at or above the cut, or the cut is below the minimum score, no other candidate
could have entered it (their scores are below the cut): it is the ranking of all candidates, to
the bit. Otherwise a lower cut is
tried, then every candidate is scored exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from matcher.ranking.score import PairScores
from matcher.ranking.tfidf import Cosines
from matcher.ranking.top_k import Pick, at_least

FIRST_CUT_SHARE = 4  # at least (4 × limit + 64) lower bounds reach the first cut (see top_k.at_least)
FIRST_CUT_AT_LEAST = 64
_CUT_GROWTH = 16  # each later cut takes 16 times as many
_NEAR_SHARE = 4  # once more than 1/4 of the candidates are near a cut, all are scored exactly


class Scored(NamedTuple):
    """A ranking's picks, and the cosines and scores they were picked by (exact for every pick)."""

    picks: list[Pick]
    tfidf: np.ndarray  # of ``rows``
    concepts: np.ndarray  # of ``rows``
    pairs: PairScores  # of ``rows``
    rows: np.ndarray | None  # the rows scored exactly, ascending (None: every row)

    def pair_at(self, row: int) -> int:
        """Where ``tfidf``, ``concepts`` and ``pairs`` hold a row's values."""
        return row if self.rows is None else int(np.searchsorted(self.rows, row))


def _unit(values: np.ndarray) -> np.ndarray:
    """``values`` clipped to 0..1, in a new array."""
    return np.clip(values, 0.0, 1.0)


def _units(cosines: Cosines) -> tuple[np.ndarray, np.ndarray]:
    """The bounds of ``cosines`` clipped to 0..1 (one array for both when they are the same)."""
    lo = _unit(cosines.lo)
    return lo, (lo if cosines.hi is cosines.lo else _unit(cosines.hi))


def _scored_bounds(text: Cosines, concepts: Cosines, scored: Callable[..., PairScores]) -> tuple[np.ndarray, np.ndarray]:
    """Every row's lowest and highest score: ``scored`` of the cosines' lower bounds, then of their upper ones."""
    (text_lo, text_hi), (concept_lo, concept_hi) = _units(text), _units(concepts)
    return scored(text_lo, concept_lo).base, scored(text_hi, concept_hi).base


def best_scored(
    text: Cosines,
    concepts: Cosines,
    scored: Callable[..., PairScores],
    candidates: np.ndarray,
    pick: Callable[[np.ndarray, np.ndarray], list[Pick]],
    limit: int | None,
    min_score: float,
    bounds: Callable[[Cosines, Cosines], tuple[np.ndarray, np.ndarray] | None] | None = None,
) -> Scored:
    """The picks of ``pick(base, candidates)`` over every candidate's exact score.

    ``scored(tfidf, concepts, rows=None)``: the scores of ``rows`` (every row when None) from their
    text and concept cosines (each in 0..1); ``pick``: a ranking of ``candidates`` (ascending slots)
    by their scores ``base`` (per slot; it reads the candidates' only) that keeps at most ``limit``
    and none below ``min_score``; ``limit`` None: it must see every candidate. ``bounds`` (optional):
    a lower and an upper bound of every row's score worked out some cheaper way than scoring the
    cosines' bounds (sound, perhaps a little looser), or None where it cannot.
    """
    if limit is not None and not (text.exact and concepts.exact):
        low_high = bounds(text, concepts) if bounds is not None else None
        # Each row's lowest and highest score; ``base`` then takes the exact ones worked out.
        base, high = low_high if low_high is not None else _scored_bounds(text, concepts, scored)
        every = len(candidates) == len(base)  # every slot is a candidate (they are ascending)
        wanted = FIRST_CUT_SHARE * limit + FIRST_CUT_AT_LEAST
        while wanted < len(candidates):
            cut = at_least(base if every else base[candidates], wanted)
            near = np.flatnonzero(high >= cut) if every else candidates[high[candidates] >= cut]
            if len(near) * _NEAR_SHARE > len(candidates):
                break
            tfidf, concept = _unit(text.at(near)), _unit(concepts.at(near))
            pairs = scored(tfidf, concept, near)
            base[near] = pairs.base
            picks = pick(base, near)
            if cut <= min_score or (len(picks) == limit and picks[-1].score >= cut):
                return Scored(picks, tfidf, concept, pairs, near)
            wanted *= _CUT_GROWTH
    tfidf, concept = _unit(text.all()), _unit(concepts.all())
    pairs = scored(tfidf, concept)
    return Scored(pick(pairs.base, candidates), tfidf, concept, pairs, None)
