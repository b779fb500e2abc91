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


@pytest.mark.parametrize("distinct", [3, 50, None])  # few scores (ties everywhere, most at 0) or all distinct
@pytest.mark.parametrize("all_live", [True, False])
def test_a_long_visit_in_growing_runs_with_sampled_cuts_is_the_full_stable_sort(distinct, all_live):
    rng = np.random.default_rng(7)
    n = 60_000
    base = rng.random(n) if distinct is None else np.round(rng.random(n) ** 4 * distinct) / distinct
    candidates = np.arange(n) if all_live else np.flatnonzero(rng.random(n) < 0.9)
    expected = candidates[np.argsort(-base[candidates], kind="stable")].tolist()
    assert list(best_first(base, candidates, 10)) == expected
    assert list(itertools.islice(best_first(base, candidates, 10), 3_000)) == expected[:3_000]
