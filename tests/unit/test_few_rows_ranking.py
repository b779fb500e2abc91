"""A ranking against few rows (a CV against a fair's postings) reads only the idf of the columns in
play, never one value per vocabulary column, and ranks exactly as a full pass and a full refit."""

import random

import numpy as np
import pytest
from scipy import sparse

from matcher.ranking import CV, POSTING, Document, MatchIndex, tfidf
from matcher.ranking.column_index import ColumnIndex
from matcher.ranking.row_storage import SparseRows
from matcher.ranking.tfidf import DocumentFrequencies, FrozenIdf
from reference.full_refit import FullRefitIndex
from tests.unit.test_bounded_ranking import coded_rows
from tests.unit.test_incremental_index import ENGLISH, BENGALI, random_doc, scores


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_idf_of_some_columns_equals_every_columns_idf_to_the_bit(seed):
    rng = np.random.default_rng(seed)
    counts = DocumentFrequencies()
    n_columns = 5_000
    for _ in range(300):  # documents of common (low) and rare (high) columns
        common = rng.zipf(1.3, 40) % n_columns
        counts.add(np.unique(np.concatenate([common, rng.integers(0, n_columns, 20)])))
    width = 6 * n_columns  # columns past the counted ones count 0
    every = counts.frozen(width).all()
    assert every.tolist() == counts.idf(width).tolist()
    columns = np.unique(rng.integers(0, width, 700))
    fresh = counts.frozen(width)
    assert fresh.at(columns).tolist() == every[columns].tolist()  # worked out on their own...
    assert fresh.at(columns[:3]).tolist() == every[columns[:3]].tolist()  # ...in arrays of any length
    assert fresh.all().tolist() == every.tolist()
    assert fresh.at(columns).tolist() == every[columns].tolist()  # and read from ``all`` once it is known


def test_a_frozen_idf_keeps_the_counts_it_was_taken_with():
    counts = DocumentFrequencies()
    counts.add(np.array([0, 1]))
    frozen = counts.frozen(4)
    before = frozen.at(np.array([0, 1, 2, 3])).tolist()
    counts.add(np.array([1, 2, 3]))
    counts.discard(np.array([0, 1]))
    assert frozen.at(np.array([0, 1, 2, 3])).tolist() == before
    assert frozen.all().tolist() == before
    assert counts.frozen(4).all().tolist() != before


@pytest.mark.parametrize("coded", [True, False], ids=["value-codes", "values"])
@pytest.mark.parametrize("seed", [1, 2])
def test_norms_of_few_rows_from_their_own_columns_equal_the_full_pass_to_the_bit(seed, coded):
    rng = np.random.default_rng(seed)
    width = 400
    storage = coded_rows(rng, 30, width)
    index = storage.by_column(width)
    if not coded:
        index = ColumnIndex(sparse.csr_matrix(index.toarray()), None)
    factors = 0.5 + rng.random(width) * 7
    asked = []

    def factors_at(columns):
        asked.append(columns)
        return factors[columns]

    few = index.few_weighted_norms(factors_at)
    assert few.tolist() == index.weighted_norms(factors).tolist()
    assert len(asked) == 1 and set(asked[0].tolist()) == set(index.rows.indices.tolist())  # only their columns


def both_with_postings(rng, n_postings):
    """An incremental index and the full refit, each holding the same ``n_postings`` random postings."""
    incremental, reference = MatchIndex(), FullRefitIndex()
    for i in range(n_postings):
        upsert_both(incremental, reference, random_doc(rng, POSTING, f"p{i}"))
    return incremental, reference


def upsert_both(incremental, reference, doc):
    for index in (incremental, reference):
        index.upsert(doc)


def wide_doc(rng, kind, doc_id, words):
    """A document with a few everyday words and many of its own, so the vocabulary outgrows the postings' entries."""
    everyday = " ".join(rng.choice(ENGLISH + BENGALI) for _ in range(rng.randint(3, 12)))
    own = " ".join(f"{doc_id}w{k}" for k in range(words))
    return Document(kind, doc_id, f"{everyday} {own}", ("Customer Service",) if rng.random() < 0.5 else ())


@pytest.mark.parametrize("seed", [1, 2])
def test_a_cv_ranked_against_few_postings_after_it_came_in_reads_no_idf_per_column_and_ranks_as_a_full_refit(
    seed, monkeypatch
):
    whole = []
    every = FrozenIdf.all
    monkeypatch.setattr(FrozenIdf, "all", lambda self: whole.append(self.width) or every(self))
    rng = random.Random(seed)
    incremental, reference = both_with_postings(rng, 4)
    for i in range(40):
        doc = wide_doc(rng, CV, f"c{i}", 30)
        upsert_both(incremental, reference, doc)
        whole.clear()
        limit = rng.choice([None, 1, 3])
        ranked = incremental.rank_postings_for_cv(doc.id, limit=limit)
        assert scores({0: ranked}) == scores({0: reference.rank_postings_for_cv(doc.id, limit=limit)})
        text_width = len(incremental._vocabulary)
        assert text_width not in whole, f"CV {i}: every column's idf was worked out"
    assert text_width > 1_000


def test_rows_holding_more_entries_than_columns_are_still_bounded_not_worked_out(monkeypatch):
    bounded = []
    made, between = tfidf.Cosines.__init__, tfidf.Cosines.between.__func__

    def making(self, lo, hi=None, *args):
        bounded.append(False)
        made(self, lo, hi, *args)

    def bounding(cls, *args):
        out = between(cls, *args)
        bounded[-1] = True  # made by ``between``
        return out

    monkeypatch.setattr(tfidf.Cosines, "__init__", making)
    monkeypatch.setattr(tfidf.Cosines, "between", classmethod(bounding))
    rng = random.Random(5)
    index = MatchIndex()
    for i in range(3):
        index.upsert(random_doc(rng, POSTING, f"p{i}"))
    for i in range(200):  # few words, many CVs: their entries outnumber the columns
        index.upsert(random_doc(rng, CV, f"c{i}"))
    index.rank_cvs_for_posting("p0", limit=2)  # a full pass the next view's bounds start from
    index.upsert(random_doc(rng, CV, "c200"))
    bounded.clear()
    index.rank_cvs_for_posting("p1", limit=2)
    assert bounded[0]  # the text cosines against the CVs came as bounds


def test_a_prepared_index_ranks_first_time_with_no_full_pass_and_as_a_full_refit(monkeypatch):
    passes = []
    full = ColumnIndex.weighted_norms
    monkeypatch.setattr(ColumnIndex, "weighted_norms", lambda self, factors: passes.append(1) or full(self, factors))
    rebuilt = SparseRows._rebuilt
    monkeypatch.setattr(SparseRows, "_rebuilt",
                        lambda self, coded, pause=None: passes.append("copy") or rebuilt(self, coded, pause))
    from matcher.ranking import row_storage

    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 4)  # small sizes: the column copies are due
    rng = random.Random(7)
    incremental, reference = MatchIndex(), FullRefitIndex()
    for i in range(60):
        doc = random_doc(rng, POSTING if i % 10 == 0 else CV, f"d{i}")
        for index in (incremental, reference):
            index.upsert(doc)
    incremental.prepare()
    assert 1 in passes and "copy" in passes  # the many CVs' norms and column copies were made by the preparation...
    passes.clear()
    for posting in ("d0", "d10", "d20"):
        ranked = incremental.rank_cvs_for_posting(posting, limit=5)
        assert scores({0: ranked}) == scores({0: reference.rank_cvs_for_posting(posting, limit=5)})
    ranked = incremental.rank_postings_for_cv("d1")
    assert scores({0: ranked}) == scores({0: reference.rank_postings_for_cv("d1")})
    assert not passes  # ...not by the rankings after it


def test_a_views_entries_stay_as_they_were_taken_while_documents_come_and_go():
    rng = random.Random(11)
    index = MatchIndex()
    for i in range(5):
        index.upsert(random_doc(rng, CV, f"c{i}"))
    view = index._rows.view()
    taken = [entry.id for entry in view.entries[CV]]
    index.upsert(random_doc(rng, CV, "c5"))  # appended to the same list
    index.upsert(random_doc(rng, CV, "c0"))  # a new slot; the old one is tombstoned
    index.forget(CV, "c1")  # compacted: a new list
    entries = view.entries[CV]
    assert [entry.id for entry in entries] == taken == [f"c{i}" for i in range(5)]
    assert len(entries) == 5 and entries[-1].id == "c4" and [e.id for e in entries[1:3]] == ["c1", "c2"]
    with pytest.raises(IndexError):
        entries[5]
    assert [entry.id for entry in index._rows.view().entries[CV]] == ["c2", "c3", "c4", "c5", "c0"]


def test_a_write_copies_the_counts_only_while_a_frozen_idf_still_reads_them():
    import pickle

    counts = DocumentFrequencies()
    counts.add(np.array([0, 1, 2]))
    held = counts.frozen(3)
    before = held.at(np.array([0, 1, 2])).tolist()
    in_place = counts._df
    counts.add(np.array([1, 2]))  # ``held`` is still in use: the change goes to a copy
    assert counts._df is not in_place and held.at(np.array([0, 1, 2])).tolist() == before
    del held
    counts.frozen(3).all()  # taken and dropped at once
    in_place = counts._df
    counts.discard(np.array([1, 2]))  # nothing reads the counts: changed where they are
    assert counts._df is in_place
    again = pickle.loads(pickle.dumps(counts))  # who reads them is not pickled
    assert again.frozen(3).all().tolist() == counts.frozen(3).all().tolist() == before


def test_a_cv_written_after_a_finished_ranking_does_not_copy_the_counts():
    rng = random.Random(3)
    index = MatchIndex()
    index.upsert(random_doc(rng, POSTING, "p0"))
    first = random_doc(rng, CV, "c0")
    index.upsert(first)
    index.rank_postings_for_cv("c0")
    counts = index._rows._text_df._df
    index.upsert(Document(CV, "c1", first.text, first.skills))  # the same words: no new column
    assert index._rows._text_df._df is counts  # the last view was dropped before the write
    assert scores({0: index.rank_postings_for_cv("c1")})[0][0][:2] == ("p0", "c1")


def test_cvs_each_ranked_against_the_postings_never_build_the_cvs_column_copy_until_a_posting_reads_it(monkeypatch):
    from matcher.ranking import row_storage

    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 4)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 8)
    built = []
    rebuilt = SparseRows._rebuilt
    monkeypatch.setattr(SparseRows, "_rebuilt",
                        lambda self, coded, pause=None: built.append(coded.shape[0]) or rebuilt(self, coded, pause))
    rng = random.Random(9)
    incremental, reference = both_with_postings(rng, 3)
    for i in range(60):
        doc = random_doc(rng, CV, f"c{i}")
        upsert_both(incremental, reference, doc)
        assert scores({0: incremental.rank_postings_for_cv(doc.id)}) == scores({0: reference.rank_postings_for_cv(doc.id)})
    postings_only = len(built)
    assert all(n <= 3 for n in built)  # only the postings' copy: the 60 CVs' was never due to be read
    ranked = incremental.rank_cvs_for_posting("p0", limit=5)  # reads the CVs by column: made now, of all 60
    assert 60 in built[postings_only:]
    assert scores({0: ranked}) == scores({0: reference.rank_cvs_for_posting("p0", limit=5)})
