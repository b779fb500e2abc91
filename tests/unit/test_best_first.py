"""The ranking's visit order: best bound first, ties in slot order, sorting only what is visited."""

import itertools

import numpy as np
import pytest

from matcher.ranking import top_k
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


class _Partitions:
    """numpy for ``top_k``, recording the length of every array it partitions."""

    def __init__(self):
        self.lengths = []

    def __getattr__(self, name):
        return getattr(np, name)

    def partition(self, values, at):
        self.lengths.append(len(values))
        return np.partition(values, at)


@pytest.mark.parametrize("period", [None, 2_484, 997])
@pytest.mark.parametrize("size", [1, 104, 2_000])
def test_a_cut_comes_from_a_sample_or_the_values_above_it_never_a_partition_of_all(period, size, monkeypatch):
    # A million values; with a period, near copies of one value recur at that stride (windows of the same
    # resume, as the benchmark's CVs), so a strided sample holds many copies of some values and none of others.
    rng = np.random.default_rng(size)
    n = 1_000_000
    values = rng.random(n) ** 8
    if period is not None:
        values = np.tile(rng.random(period) ** 8, n // period + 1)[:n] * (1.0 + rng.random(n) * 1e-3)
    values = np.round(values, 6)
    partitions = _Partitions()
    monkeypatch.setattr(top_k, "np", partitions)
    cut = top_k.at_least(values, size)
    above = int(np.count_nonzero(values >= cut))
    assert above >= size and (above <= 8 * size or cut == np.sort(values)[n - size])
    assert max(partitions.lengths) < n // 4  # never a partition of every value


def test_a_cut_of_few_values_is_the_exact_one():
    values = np.array([0.3, 0.9, 0.1, 0.9, 0.5])
    assert top_k.at_least(values, 2) == 0.9 and top_k.at_least(values, 3) == 0.5
