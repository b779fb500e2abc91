"""The first ranking after a write bounds row norms from the last full pass instead of working them
all out again, and still ranks exactly as a full pass and as a full refit."""

import random

import numpy as np
import pytest

from matcher.ranking import CV, POSTING, MatchIndex, bounded_top, column_index, row_storage, tfidf
from matcher.ranking.row_storage import SparseRows
from matcher.ranking.tfidf import Cosines, sublinear_tf
from reference.full_refit import FullRefitIndex
from tests.unit.test_incremental_index import random_doc, scores


def coded_rows(rng, n_rows, width):
    rows = SparseRows()
    for _ in range(n_rows):
        columns = np.array(sorted(rng.choice(width, int(rng.integers(0, 8)), replace=False)), dtype=np.int64)
        rows.append(columns, sublinear_tf(rng.integers(1, 6, len(columns)).astype(np.float64)))
    return rows


def test_norms_of_chosen_rows_equal_the_full_pass_to_the_bit(monkeypatch):
    monkeypatch.setattr(column_index, "_DECODE_ENTRIES", 11)  # the full pass in runs of a few rows
    rng = np.random.default_rng(3)
    index = coded_rows(rng, 300, 40).by_column(40)
    factors = rng.random(40) * 3
    full = index.weighted_norms(factors)
    chosen = np.array(sorted(rng.choice(300, 37, replace=False)))
    assert index.norms_at(chosen, factors).tolist() == full[chosen].tolist()


@pytest.mark.parametrize("moved", [1e-9, 1 / 512, 0.05])
def test_norm_bounds_hold_the_norms_and_are_exact_where_they_say(moved, monkeypatch):
    monkeypatch.setattr(column_index, "MOVED", moved)
    monkeypatch.setattr(column_index, "EXACT_SHARE", 1)
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 16)  # rows read by column and by row
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 16)
    rng = np.random.default_rng(5)
    width = 60
    storage = coded_rows(rng, 120, width)
    assert storage.by_column(width).norm_bounds(np.ones(width)) is None  # no full pass yet: nothing to bound from
    factors = 1.0 + rng.random(width) * 4
    storage.by_column(width).weighted_norms(factors)
    exact_seen = loose_seen = 0
    for _ in range(30):
        more = coded_rows(rng, int(rng.integers(0, 5)), width)
        for r in range(more.n_rows):
            storage.append(*more.row(r))
        # A few factors move a lot (a rare term's df), all of them a little (the number of documents).
        factors = factors * (1.0 + rng.normal(0, moved / 4, width))
        factors[rng.choice(width, 3, replace=False)] *= 1.0 + rng.random(3)
        index = storage.by_column(width)
        bounds = index.norm_bounds(factors)
        full = storage.by_column(width).weighted_norms(factors) if rng.random() < 0.2 else None  # sometimes a new pass
        truth = index.norms_at(np.arange(storage.n_rows), factors)
        low, high = bounds
        assert (low <= truth).all() and (truth <= high).all()
        exact = low == high
        assert low[exact].tolist() == truth[exact].tolist()
        exact_seen += int(exact.sum())
        loose_seen += int((~exact).sum())
        if full is not None:
            assert full.tolist() == truth.tolist()
    assert exact_seen and loose_seen


def test_a_memo_is_not_pickled_and_a_restored_storage_starts_without_one():
    import pickle

    rng = np.random.default_rng(8)
    storage = coded_rows(rng, 20, 10)
    storage.by_column(10).weighted_norms(np.ones(10))
    restored = pickle.loads(pickle.dumps(storage))
    assert restored.by_column(10).norm_bounds(np.ones(10)) is None
    assert storage.by_column(10).norm_bounds(np.ones(10)) is not None


@pytest.mark.parametrize("moved", [1e-6, 1 / 512, 0.2])
@pytest.mark.parametrize("seed", [1, 2])
def test_first_rankings_after_random_writes_equal_a_full_pass_and_a_full_refit(seed, moved, monkeypatch):
    # Small sizes: every candidate near enough the top is worth a cut, and bounds are never given up.
    monkeypatch.setattr(bounded_top, "FIRST_CUT_SHARE", 1)
    monkeypatch.setattr(bounded_top, "FIRST_CUT_AT_LEAST", 1)
    monkeypatch.setattr(column_index, "MOVED", moved)
    monkeypatch.setattr(column_index, "EXACT_SHARE", 1)
    monkeypatch.setattr(tfidf, "BOUNDED_RANKINGS", 1)  # a view's second ranking works every norm out
    calls = {"at": 0, "all": 0, "bounded": 0}
    at, everything, made = Cosines.at, Cosines.all, Cosines.__init__

    def counted(name, method):
        def spy(self, *args):
            calls[name] += not self.exact
            return method(self, *args)
        return spy

    monkeypatch.setattr(Cosines, "at", counted("at", at))
    monkeypatch.setattr(Cosines, "all", counted("all", everything))

    def making(self, lo, hi=None, *args):
        calls["bounded"] += hi is not None
        made(self, lo, hi, *args)

    monkeypatch.setattr(Cosines, "__init__", making)
    rng = random.Random(seed)
    incremental, reference = MatchIndex(), FullRefitIndex()
    live = {POSTING: {}, CV: {}}
    for i in range(12):
        for kind in (POSTING, CV, CV, CV):
            doc = random_doc(rng, kind, f"{kind[0]}{i}")
            for index in (incremental, reference):
                index.upsert(doc)
            live[kind][doc.id] = doc
    incremental.rank_cvs_for_posting("p0", limit=1)  # full passes: what later writes are bounded from
    incremental.rank_postings_for_cv("c0", limit=1)
    accepted = 0
    for step in range(60):
        kind = POSTING if rng.random() < 0.3 else CV
        doc = random_doc(rng, kind, f"{kind[0]}{rng.randrange(16 if kind == POSTING else 48)}")
        for index in (incremental, reference):
            index.upsert(doc)
        live[kind][doc.id] = doc
        query_kind = rng.choice([POSTING, CV])
        query = rng.choice(sorted(live[query_kind]))
        limit, min_score = rng.randint(1, 4), rng.choice([0.0, 0.0, 0.05, 0.2])
        rank = "rank_cvs_for_posting" if query_kind == POSTING else "rank_postings_for_cv"
        before = dict(calls)
        first = getattr(incremental, rank)(query, limit=limit, min_score=min_score)  # bounded
        accepted += calls["at"] > before["at"] and calls["all"] == before["all"]
        bounded = calls["bounded"]
        again = getattr(incremental, rank)(query, limit=limit, min_score=min_score)
        assert calls["bounded"] == bounded  # the view's second ranking was given no bounds: a full pass
        assert first == again, f"step {step}"
        assert scores({0: first}) == scores({0: getattr(reference, rank)(query, limit=limit, min_score=min_score)})
    assert accepted >= 10  # most first rankings were decided from bounds and the few rows near the cut
