"""The ranking's visit order: best bound first, ties in slot order, sorting only what is visited."""

import itertools

import numpy as np
import pytest

from matcher.ranking.top_k import best_first


@pytest.mark.parametrize("limit", [None, 0, 1, 3, 10, 100])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_visit_order_is_a_full_stable_sort_with_every_tie_in_slot_order(seed, limit):
    rng = np.random.default_rng(seed)
    base = np.round(rng.random(600), 1)  # few distinct values: long runs of ties, also across the first run's cut
    candidates = np.flatnonzero(rng.random(600) < 0.8)
    expected = candidates[np.argsort(-base[candidates], kind="stable")].tolist()
    assert list(best_first(base, candidates, limit)) == expected
    # A visit that stops early reads the same prefix.
    assert list(itertools.islice(best_first(base, candidates, limit), 5)) == expected[:5]


def test_no_candidates_give_an_empty_visit():
    assert list(best_first(np.zeros(3), np.array([], dtype=np.int64), 10)) == []
