"""The first ranking after a write bounds row norms from the last full pass instead of working them
all out again, and still ranks exactly as a full pass and as a full refit."""

import random

import numpy as np
import pytest

from matcher.ranking import CV, POSTING, MatchIndex, bounded_top, column_index, norm_memo, row_storage, tfidf
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


def kept_storage(seed, n_rows, width):
    """Random rows whose norms had a full pass under random factors: (storage, factors)."""
    rng = np.random.default_rng(seed)
    storage = coded_rows(rng, n_rows, width)
    factors = 1.0 + rng.random(width) * 4
    storage.by_column(width).weighted_norms(factors)
    return rng, storage, factors


@pytest.mark.parametrize("halves", [False, True])
def test_norms_of_chosen_rows_equal_the_full_pass_to_the_bit_compiled_or_not(halves, monkeypatch):
    monkeypatch.setattr(column_index, "_DECODE_ENTRIES", 11)  # scipy's full pass in runs of a few rows
    if halves:  # the compiled passes in two halves at once
        monkeypatch.setattr(column_index, "HALVES_FROM", 2)
    rng = np.random.default_rng(3)
    index = coded_rows(rng, 300, 40).by_column(40)
    factors = rng.random(40) * 3
    chosen = np.array(sorted(rng.choice(300, 37, replace=False)))
    assert index.sums_compiled  # the rows hold codes and the loops load: compiled first
    compiled = index.weighted_norms(factors), index.norms_at(chosen, factors), index.squares_of_rows(5, 120, factors)
    monkeypatch.setattr(column_index, "kernels", lambda: None)
    by_scipy = index.weighted_norms(factors), index.norms_at(chosen, factors), index.squares_of_rows(5, 120, factors)
    full = by_scipy[0]
    assert compiled[0].tolist() == full.tolist() and len(set(full.tolist())) > 250
    assert compiled[1].tolist() == by_scipy[1].tolist() == full[chosen].tolist()
    assert [a.tolist() for a in compiled[2]] == [a.tolist() for a in by_scipy[2]]
    assert np.sqrt(by_scipy[2][0]).tolist() == full[5:120].tolist()  # the rows' squares of the full pass


@pytest.mark.parametrize("moved", [1e-9, 1 / 512, 0.05])
def test_norm_bounds_hold_the_norms_with_no_full_pass_as_factors_move_and_rows_come(moved, monkeypatch):
    monkeypatch.setattr(norm_memo, "MOVED", moved)
    monkeypatch.setattr(norm_memo, "APPLY_SHARE", 1)  # far-moved columns are always brought up to date
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 16)  # rows read by column and by row
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 16)
    rng = np.random.default_rng(5)
    width = 60
    storage = coded_rows(rng, 120, width)
    assert storage.by_column(width).norm_bounds(np.ones(width)) is None  # no full pass yet: nothing to bound from
    factors = 1.0 + rng.random(width) * 4
    storage.by_column(width).weighted_norms(factors)
    passes = 0
    for _ in range(40):
        more = coded_rows(rng, int(rng.integers(0, 5)), width + 8)  # new rows, some with new columns
        for r in range(more.n_rows):
            storage.append(*more.row(r))
        # A few factors move a lot (a rare term's df), all of them a little (the number of documents).
        factors = np.concatenate([factors, 1.0 + rng.random(8) * 4])[: width + 8]
        factors = factors * (1.0 + rng.normal(0, moved / 4, len(factors)))
        factors[rng.choice(len(factors), 3, replace=False)] *= 1.0 + rng.random(3)
        index = storage.by_column(len(factors))
        bounds = index.norm_bounds(factors)
        assert bounds is not None  # never a full pass: the moved columns were brought up to date
        truth = index.norms_at(np.arange(storage.n_rows), factors)
        low, high, spread = bounds
        assert (low <= truth).all() and (truth <= high).all()
        held = truth > 0
        products = rng.random(len(low)) * high  # a quotient by the low bound is at most the one by the high × spread
        assert (products[held] / low[held] <= products[held] / high[held] * spread).all()
        # Only factors that moved by at most ``moved`` are bounded: the bounds are that tight.
        assert (high[held] / low[held] <= ((1 + moved) / (1 - moved)) * (1 + 1e-7)).all()
        assert (low[~held] == 0).all()
        if rng.random() < 0.2:  # sometimes a full pass: the same factors are then bounded to the rounding
            storage.by_column(len(factors)).weighted_norms(factors)
            low, high, spread = index.norm_bounds(factors)
            assert (low <= truth).all() and (truth <= high).all() and ((high - low) <= 1e-8 * truth).all()
            assert (high[held] <= low[held] * spread).all() and spread <= 1 + 1e-6
            passes += 1
    assert passes


def test_columns_that_moved_far_are_brought_up_to_date_exactly():
    width = 40
    rng, storage, factors = kept_storage(9, 300, width)
    for step in range(20):  # a few columns move far each time, the others not at all
        factors = factors.copy()
        factors[rng.choice(width, 2, replace=False)] *= rng.choice([0.25, 0.5, 2.0, 3.0])
        index = storage.by_column(width)
        low, high, _spread = index.norm_bounds(factors)
        truth = index.norms_at(np.arange(storage.n_rows), factors)
        assert (low <= truth).all() and (truth <= high).all()
        assert ((high - low) <= 1e-8 * truth).all(), f"step {step}"


def test_norm_bounds_ask_for_a_full_pass_when_it_is_cheaper_or_the_rounding_has_grown(monkeypatch):
    width = 30
    _rng, storage, factors = kept_storage(6, 200, width)
    everything = factors * 2  # every column moved far: bringing them all up to date costs a full pass
    assert storage.by_column(width).norm_bounds(everything) is None
    a_few = factors.copy()
    a_few[[3, 17]] *= 2
    assert storage.by_column(width).norm_bounds(a_few) is not None
    monkeypatch.setattr(norm_memo, "TIGHT", 1e-30)  # any kept rounding is too much
    assert storage.by_column(width).norm_bounds(a_few) is None
    monkeypatch.undo()
    storage.by_column(width).weighted_norms(a_few)  # a full pass starts afresh
    assert storage.by_column(width).norm_bounds(a_few) is not None


def test_an_older_view_works_its_own_norms_out_and_leaves_the_memo_to_newer_ones():
    rng = np.random.default_rng(7)
    width = 20
    storage = coded_rows(rng, 50, width)
    older = storage.by_column(width)
    more = coded_rows(rng, 10, width)
    for r in range(more.n_rows):
        storage.append(*more.row(r))
    factors = 1.0 + rng.random(width)
    storage.by_column(width).weighted_norms(factors)
    assert older.norm_bounds(factors) is None  # the memo covers rows this view has not got
    newer = storage.by_column(width)
    low, high, _spread = newer.norm_bounds(factors * 1.001)
    truth = newer.norms_at(np.arange(60), factors * 1.001)
    assert (low <= truth).all() and (truth <= high).all()


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
@pytest.mark.parametrize("one_pass", [False, True])
def test_first_rankings_after_random_writes_equal_a_full_pass_and_a_full_refit(seed, moved, one_pass, monkeypatch):
    from matcher.ranking import index as index_module
    from matcher.ranking import score

    if one_pass:  # a posting's score bounds in the one compiled pass, however few the CVs
        monkeypatch.setattr(score, "COMPILED_FROM", 1)
    one_passes = []
    counted_bounds = index_module.posting_score_bounds

    def counting(*args, **kwargs):
        bounds = counted_bounds(*args, **kwargs)
        one_passes.append(bounds is not None)
        return bounds

    monkeypatch.setattr(index_module, "posting_score_bounds", counting)
    # Small sizes: every candidate near enough the top is worth a cut, and bounds are never given up.
    monkeypatch.setattr(bounded_top, "FIRST_CUT_SHARE", 1)
    monkeypatch.setattr(bounded_top, "FIRST_CUT_AT_LEAST", 1)
    monkeypatch.setattr(norm_memo, "MOVED", moved)
    monkeypatch.setattr(norm_memo, "APPLY_SHARE", 1)
    monkeypatch.setattr(tfidf, "BOUNDED_RANKINGS", 1)  # a view's second ranking works every norm out
    calls = {"at": 0, "all": 0, "bounded": 0}
    at, everything, between = Cosines.at, Cosines.all, Cosines.between.__func__

    def counted(name, method):
        def spy(self, *args):
            calls[name] += not self.exact
            return method(self, *args)
        return spy

    monkeypatch.setattr(Cosines, "at", counted("at", at))
    monkeypatch.setattr(Cosines, "all", counted("all", everything))

    def bounded(cls, *args):
        calls["bounded"] += 1
        return between(cls, *args)

    monkeypatch.setattr(Cosines, "between", classmethod(bounded))
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
    assert (sum(one_passes) >= 5) == one_pass and len(one_passes) >= 5  # in the one pass, or (too few CVs) as cosines


def test_bounds_hold_when_a_few_factors_move_a_little_one_way_only():
    width = 40
    _rng, storage, factors = kept_storage(10, 200, width)
    for way in (1.001, 0.999):  # rows without those columns keep their norms exactly
        moved = factors.copy()
        moved[[1, 2, 3]] *= way
        index = storage.by_column(width)
        low, high, _spread = index.norm_bounds(moved)
        truth = index.norms_at(np.arange(storage.n_rows), moved)
        assert (low <= truth).all() and (truth <= high).all()


def _both_ways(monkeypatch, run):
    """``run()`` with the compiled passes and with numpy's, in that order."""
    assert norm_memo.kernels() is not None  # numba is a dependency: the compiled passes are the ones tested
    monkeypatch.setattr(norm_memo, "COMPILED_FROM", 0)
    compiled = run()
    monkeypatch.setattr(norm_memo, "COMPILED_FROM", 10**9)
    return compiled, run()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_moved_columns_and_the_others_range_in_one_compiled_pass_equal_numpys(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    kept = 1.0 + rng.random(5000) * 4
    now = kept * (1.0 + (rng.random(5000) - 0.5) * rng.choice([0.001, 0.02], 5000))  # most near, some far
    kept[:4], now[:4] = [0.0, 0.0, 2.0, 2.0], [0.0, 3.0, 0.0, 2.0 * (1 + norm_memo.MOVED)]  # nan, inf, 0, the edge
    if seed == 3:
        now = kept.copy()  # nothing moved: the range is (1, 1) or within it
    compiled, plain = _both_ways(monkeypatch, lambda: norm_memo._moved(now, kept))
    assert compiled[0].tolist() == plain[0].tolist() and compiled[1:] == plain[1:]
    assert (1 in plain[0].tolist() and 2 in plain[0].tolist() and 0 not in plain[0].tolist()) == (seed != 3)
    everything_nan = np.zeros(10), np.zeros(10)
    assert norm_memo._moved(*everything_nan)[1:] == (1.0, 1.0)


@pytest.mark.parametrize("halves", [False, True])
def test_norm_bounds_in_one_compiled_pass_equal_numpys_to_the_bit(halves, monkeypatch):
    if halves:  # two ranges of rows at once; the too-loose rows below are in the first
        monkeypatch.setattr(norm_memo, "HALVES_FROM", 2)
    rng = np.random.default_rng(4)
    squares = rng.random(5000) * 10
    error = squares * rng.random(5000) * 1e-8
    error[:3], squares[:3] = [1.0, 0.0, 2.0], [0.5, 0.0, 2.0]  # S - error below 0, both 0, exactly 0
    low, high = 0.99 * (1.0 - 1e-9), 1.01 * (1.0 + 1e-9)
    monkeypatch.setattr(norm_memo, "TIGHT", 10.0)
    compiled, plain = _both_ways(monkeypatch, lambda: norm_memo._bounds(squares, error, low, high))
    assert compiled[0].tolist() == plain[0].tolist() and compiled[1].tolist() == plain[1].tolist()
    assert compiled.spread == plain.spread
    assert plain[0][0] == 0.0 and plain[0][1] == 0.0
    monkeypatch.setattr(norm_memo, "TIGHT", 1e-9)  # the first rows' error is too much: a full pass is due
    assert _both_ways(monkeypatch, lambda: norm_memo._bounds(squares, error, low, high)) == (None, None)
    error[:3], error[-1] = 0.0, squares[-1]  # now only the last row's (in the second half)
    assert _both_ways(monkeypatch, lambda: norm_memo._bounds(squares, error, low, high)) == (None, None)


def test_rows_taken_in_are_written_after_the_kept_ones_in_room_kept_for_them():
    kept = np.arange(5.0)
    grown = norm_memo._extended(kept, np.array([5.0, 6.0]))
    assert grown.tolist() == list(range(7)) and len(grown.base) > 7  # a new buffer with room
    again = norm_memo._extended(grown, np.array([7.0]))
    assert again.tolist() == list(range(8)) and again.base is grown.base  # written into that room
    grown[0] = -1.0  # the same values: changing one is seen through both
    assert again[0] == -1.0
    full = norm_memo._extended(again, np.arange(8.0, 100.0))  # more than the room: a new, larger buffer
    assert full.tolist() == [-1.0] + list(range(1, 100)) and full.base is not grown.base
    assert norm_memo._extended(full[2:], np.array([1.0])).tolist() == list(range(2, 100)) + [1.0]  # not a buffer's start


@pytest.mark.parametrize("sealed", [0, 25, 60], ids=["all-by-row", "copy-and-newest-rows", "all-by-column"])
def test_sums_over_moved_columns_in_one_compiled_pass_equal_bincounts_over_their_entries(sealed, monkeypatch):
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 10**9)  # the copy is made by hand below
    rng = np.random.default_rng(sealed)
    storage = coded_rows(rng, 60, 40)
    if sealed:
        storage._by_column = storage._coded(40)[:sealed].tocsc()
    index = storage.by_column(45)  # five columns no row holds yet
    assert index._sealed()[0] == sealed and index.sums_compiled
    now, then = 1.0 + rng.random(45) * 4, 1.0 + rng.random(40) * 4
    moved = np.array(sorted(rng.choice(40, 12, replace=False)))
    for below in (60, 50):
        rows, columns, values = index.entries_of(moved, below, 10**9)
        squared = values * values
        new, old = now[columns] * now[columns], then[columns] * then[columns]
        expected = (np.bincount(rows, squared * (new - old), minlength=below),
                    np.bincount(rows, squared * (new + old), minlength=below), np.bincount(rows, minlength=below))
        got = index.moved_squares(moved, below, 10**9, now, then)
        assert [part.tolist() for part in got] == [part.tolist() for part in expected]
        assert got[2].dtype == expected[2].dtype
        assert (index.moved_squares(moved, below, len(rows) - 1, now, then) is None
                and index.entries_of(moved, below, len(rows) - 1) is None)  # too many entries: both give up


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_newest_rows_by_used_column_in_one_compiled_pass_equal_numpys(seed, monkeypatch):
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 64)  # the first rows by column, the newest by row
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 64)
    rng = np.random.default_rng(seed)
    width = 70_000  # columns 65,536 apart share the low bits the compiled pass first rules columns out by
    storage = coded_rows(rng, 300, width)
    storage.by_column(width).prepare()
    more = coded_rows(rng, 40, width)
    for r in range(more.n_rows):
        storage.append(*more.row(r))
    index = storage.by_column(width)
    sealed = index._sealed()[0]
    assert 0 < sealed < index.shape[0]
    held = np.unique(index.rows.indices[index.rows.indptr[sealed]:index.rows.indptr[-1]])
    used = np.unique(np.concatenate([rng.choice(held, len(held) // 2, replace=False), held[held < 4_000] + 65_536,
                                     rng.integers(0, width, 20)]))
    used = used[used < width]
    assert index.sums_compiled
    compiled = index.parts_by_column(used)
    assert index.parts_by_column(used[:0])[1][0].tolist() == [0]  # no columns: nothing kept
    monkeypatch.setattr(column_index, "kernels", lambda: None)
    by_numpy = index.parts_by_column(used)
    assert len(compiled) == len(by_numpy) == 2
    for mine, theirs in zip(compiled[1], by_numpy[1]):
        if isinstance(mine, np.ndarray):
            assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist()
        else:
            assert mine == theirs
    assert len(compiled[1][1]) > 20  # some of the newest rows' entries were kept
    assert index.parts_by_column(used[:0])[1][0].tolist() == [0]
