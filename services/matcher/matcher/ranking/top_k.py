"""The best ``limit`` candidates of one ranking, with a posting's constraints checked per pair.

Constraints only lower a score, so the score before them bounds it: candidates are visited
best bound first, and the visit stops once nobody left can enter the top ``limit``; only the
best few are sorted unless the visit goes further (``best_first``). Only
the candidates visited are checked against the constraints.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np

from matcher.ranking.constraints import Outcome
from matcher.ranking.score import SCORE_DIGITS


class Pick(NamedTuple):
    """One candidate kept: its final score, id, slot, and its constraints' outcome (None: none apply)."""

    score: float
    doc_id: str
    row: int
    outcome: Outcome | None


_FIRST_SHARE = 4  # the first sorted run holds this many times ``limit`` candidates (and every tie of its last)
_FIRST_AT_LEAST = 64
_GROWTH = 4  # each later run holds this many times the one before
_SAMPLED = 32  # a run's cut is read from a sample of about this many times its size, where that is enough
_SAMPLE_DEEPER = 4  # a sampled cut with too few values above it is read again this many times lower in the sample


def best_first(base: np.ndarray, candidates: np.ndarray, limit: int | None) -> Iterator[int]:
    """Candidate slots by ``base`` descending, ties in slot order, as a full stable sort gives them,
    but in runs: the best few first, then runs growing ``_GROWTH``-fold, each found and sorted only
    if the visit gets to it (a posting whose constraints lower many candidates visits further)."""
    values = base if len(candidates) == len(base) else base[candidates]  # all slots live: the same
    size = _FIRST_SHARE * limit + _FIRST_AT_LEAST if limit is not None else len(candidates)
    left: np.ndarray | None = None  # positions not yielded yet (None: all of them)
    while True:
        left_values = values if left is None else values[left]
        if size >= len(left_values):
            run = np.arange(len(values)) if left is None else left
            yield from candidates[run[np.argsort(-left_values, kind="stable")]].tolist()
            return
        head = left_values >= at_least(left_values, size)  # at least ``size``, every tie of the last included
        run = np.flatnonzero(head) if left is None else left[head]  # ascending: ties stay in slot order
        yield from candidates[run[np.argsort(-values[run], kind="stable")]].tolist()
        left = np.flatnonzero(~head) if left is None else left[~head]
        size *= _GROWTH


def at_least(values: np.ndarray, size: int) -> float:
    """A value with at least ``size`` of ``values`` at or above it and not many more than about twice
    as many: read off a strided sample where that holds, else the ``size``-th largest exactly.

    A sample whose largest values are too high (the best values come in runs the stride lands on, such
    as copies of one document) is read lower down, ``_SAMPLE_DEEPER``-fold each time; once a sampled cut
    has too many values above it, the ``size``-th largest is found among those, not among all values."""
    n = len(values)
    step = n // (_SAMPLED * size)
    if step >= 4:
        sample = values[::step]
        rank = min(len(sample), 2 * size // step + 2)  # about 2·size of all values are above it
        while True:
            cut = np.partition(sample, len(sample) - rank)[len(sample) - rank]
            above = np.count_nonzero(values >= cut)
            if size <= above <= 8 * size:
                return cut
            if above > size or rank == len(sample):
                break
            rank = min(len(sample), rank * _SAMPLE_DEEPER)
        if size <= above <= n // _SAMPLE_DEEPER:
            pool = values[values >= cut]
            return np.partition(pool, len(pool) - size)[len(pool) - size]
    return np.partition(values, n - size)[n - size]


def top_k(
    base: np.ndarray,
    candidates: np.ndarray,
    id_of: Callable[[int], str],
    outcome_of: Callable[[int], Outcome] | None,
    limit: int | None,
    min_score: float,
    include_excluded: bool,
) -> list[Pick]:
    """Candidate slots best first (ties by id), at most ``limit``, none below ``min_score``.

    ``outcome_of``: a candidate's constraints outcome, or None when no candidate has any.
    Excluded candidates are left out, unless ``include_excluded``: then they come after
    the others, by id, with score 0 (and only when ``min_score`` is 0).
    """
    scored, excluded, best = [], [], []  # best: min-heap of the top ``limit`` scores so far
    for row in best_first(base, candidates, limit):
        bound = base[row]
        if bound < min_score or (limit is not None and len(best) == limit and bound < best[0]):
            break
        if outcome_of is None:
            outcome, final = None, float(bound)
        else:
            outcome = outcome_of(row)
            if outcome.excluded:
                if include_excluded:
                    excluded.append(Pick(0.0, id_of(row), row, outcome))
                continue
            final = round(float(bound) * outcome.factor, SCORE_DIGITS)
            if final < min_score:
                continue
        scored.append(Pick(final, id_of(row), row, outcome))
        if limit is not None:
            (heapq.heappush if len(best) < limit else heapq.heappushpop)(best, final)
    if include_excluded and outcome_of is not None and min_score <= 0.0 and limit is not None:
        # The visit stopped early; excluded candidates further down still belong in the list.
        seen = {s.row for s in scored} | {s.row for s in excluded}
        for row in candidates.tolist():
            if row not in seen:
                outcome = outcome_of(row)
                if outcome.excluded:
                    excluded.append(Pick(0.0, id_of(row), row, outcome))
    scored.sort(key=lambda s: (-s.score, s.doc_id))
    if include_excluded:
        excluded.sort(key=lambda s: s.doc_id)
        scored += excluded
    return scored[:limit]
