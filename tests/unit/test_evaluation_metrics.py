import numpy as np
import pytest

from evaluation.intervals import estimate, paired_estimates, resample_indices
from evaluation.metrics import dcg, ndcg_at, precision_at, recall_at, reciprocal_rank
from evaluation.problem import Query, keep
from evaluation.split import DEV, TEST, split_of
from matcher.ranking import Document

RANKED = ["a", "b", "c", "d"]


# --- precision, recall, reciprocal rank -----------------------------------------------


@pytest.mark.parametrize(
    "relevant, k, expected",
    [
        ({"a", "c"}, 1, 1.0),
        ({"a", "c"}, 2, 0.5),
        ({"a", "c"}, 4, 0.5),
        ({"a", "c"}, 10, 0.2),  # a ranking shorter than k: the empty ranks are misses
        ({"x"}, 4, 0.0),
    ],
)
def test_precision_at(relevant, k, expected):
    assert precision_at(RANKED, relevant, k) == pytest.approx(expected)


def test_recall_at():
    assert recall_at(RANKED, {"a", "c", "e"}, 2) == pytest.approx(1 / 3)
    assert recall_at(RANKED, {"a", "c", "e"}, 4) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        recall_at(RANKED, set(), 4)


@pytest.mark.parametrize(
    "relevant, k, expected",
    [({"a"}, None, 1.0), ({"c", "d"}, None, 1 / 3), ({"c"}, 2, 0.0), ({"x"}, None, 0.0)],
)
def test_reciprocal_rank(relevant, k, expected):
    assert reciprocal_rank(RANKED, relevant, k) == pytest.approx(expected)


@pytest.mark.parametrize("k", [0, -1, 2.0])
def test_bad_cutoff(k):
    with pytest.raises(ValueError):
        precision_at(RANKED, {"a"}, k)


# --- nDCG -------------------------------------------------------------------------------


def test_dcg_uses_the_log2_discount():
    # 3/log2(2) + 2/log2(3) + 1/log2(4)
    assert dcg([3, 2, 1]) == pytest.approx(3 + 2 / 1.5849625 + 0.5)


def test_graded_ndcg_by_hand():
    gains = {"a": 3, "b": 2, "d": 1}
    # ranked d, a, x: DCG = 1/1 + 3/log2(3) + 0 = 2.892789
    # ideal a, b, d:  IDCG = 3/1 + 2/log2(3) + 1/2 = 4.761860
    assert ndcg_at(["d", "a", "x"], gains, 3) == pytest.approx(2.892789 / 4.761860, abs=1e-6)
    assert ndcg_at(["d", "a", "x"], gains, 3) == pytest.approx(0.607492, abs=1e-6)


def test_binary_ndcg_by_hand():
    # the only relevant document at rank 2: (1/log2 3) / 1
    assert ndcg_at(["x", "a"], {"a": 1}, 10) == pytest.approx(0.630930, abs=1e-6)


def test_ideal_ranking_scores_one_and_the_ideal_is_cut_at_k():
    assert ndcg_at(["a", "b", "d"], {"a": 3, "b": 2, "d": 1}, 3) == pytest.approx(1.0)
    # 12 relevant, 10 of them in the top 10: still perfect at k = 10
    gains = {f"r{i}": 1.0 for i in range(12)}
    assert ndcg_at([f"r{i}" for i in range(10)], gains, 10) == pytest.approx(1.0)


def test_ndcg_is_undefined_without_a_positive_gain():
    with pytest.raises(ValueError):
        ndcg_at(["a"], {"a": 0.0}, 5)


# --- bootstrap ----------------------------------------------------------------------------


def test_interval_contains_the_point_estimate():
    rng = np.random.default_rng(7)
    values = rng.random(200)
    result = estimate(values, resample_indices(len(values), 1000, seed=1))
    assert result.mean == pytest.approx(values.mean())
    assert result.low <= result.mean <= result.high
    assert result.high - result.low < 0.2


def test_paired_estimates_are_reproducible_and_paired():
    rng = np.random.default_rng(3)
    ours = rng.random(50)
    systems = {"jobmatch": ours, "tfidf": ours - 0.1, "bm25": rng.random(50)}
    first = paired_estimates(systems, "jobmatch", resamples=500, seed=11)
    again = paired_estimates(systems, "jobmatch", resamples=500, seed=11)
    assert first == again
    by_system, differences = first
    for e in (*by_system.values(), *differences.values()):
        assert e.low <= e.mean <= e.high
    # the same queries are resampled for both systems, so a constant gap has no spread at all
    gap = differences["tfidf"]
    assert (gap.mean, gap.low, gap.high) == pytest.approx((0.1, 0.1, 0.1))
    assert set(differences) == {"tfidf", "bm25"}


def test_paired_estimates_need_aligned_values():
    with pytest.raises(ValueError):
        paired_estimates({"jobmatch": np.ones(3), "tfidf": np.ones(4)}, "jobmatch")


# --- split --------------------------------------------------------------------------------


def test_split_is_deterministic():
    # fixed answers: a change of the split function would silently move queries between dev and test
    assert [split_of(i) for i in ["10554236", "13-2011.00", "a", "b", "c", "d"]] == [
        TEST, TEST, TEST, DEV, DEV, DEV,
    ]
    ids = [str(i) for i in range(10_000)]
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    share = sum(split_of(i) == DEV for i in ids) / len(ids)
    assert 0.28 < share < 0.32


# --- what a query may see ---------------------------------------------------------------------


def test_keep_drops_the_query_itself_and_non_candidates_then_cuts():
    posting = Document(kind="posting", id="q", text="")
    loo = Query("q", "", posting, DEV, exclude="b")
    assert keep(["a", "b", "c", "d"], loo, 2) == ["a", "c"]
    judged = Query("q", "", posting, DEV, candidates=frozenset({"d", "b"}))
    assert keep(["a", "b", "c", "d"], judged, None) == ["b", "d"]
    assert keep(["a"], loo, 10) == ["a"]
