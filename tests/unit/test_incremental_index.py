"""The incremental index ranks and explains exactly as a full refit of the same documents."""

import gc
import random
import sys
import threading
import time
from dataclasses import replace
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize

from matcher.ranking import (
    CV,
    POSTING,
    Constraints,
    Document,
    MatchIndex,
    ScoringWeights,
    default_lexicon,
    index_rows,
)
from matcher.ranking.documents import KINDS
from matcher.ranking.index_rows import IndexRows
from matcher.ranking.profile import build_profile
from matcher.ranking import column_index, foreground, row_storage
from matcher.ranking import tfidf as tfidf_module
from matcher.ranking.column_index import ColumnIndex
from matcher.ranking.row_storage import SparseRows
from matcher.ranking.terms import Vocabulary
from matcher.ranking.tfidf import DocumentFrequencies, TfidfView, sublinear_tf
from reference.full_refit import FullRefitIndex

ENGLISH = (
    "customer service call centre complaints inbound outbound sales target crm excel typing data entry "
    "python django sql developer rest api driver delivery motorbike licence electrician wiring accounts "
    "tally invoice graphic design photoshop clipping path teacher english night shift experience years"
).split()
BENGALI = (
    "গ্রাহক সেবা কল সেন্টার অভিজ্ঞতা অভিযোগ বিক্রয় লক্ষ্যমাত্রা এক্সেল টাইপিং ডাটা এন্ট্রি অপারেটর "
    "গাড়ি চালক ডেলিভারি ইলেকট্রিশিয়ান হিসাব ইনভয়েস ফটোশপ শিক্ষক রাতের শিফট বছর কাজ করেছি"
).split()
BANGLISH = "ami bochor kaj korechi call center e customer service er kortam pari".split()
SKILLS = [
    "Customer Service", "Call Centre", "MS Excel", "Python", "Django", "Data Entry", "গ্রাহক সেবা",
    "ফটোশপ", "Tally", "custmer servise", "forklift license", "survey data collection", "Bangla typing",
]
CONSTRAINTS = [
    None,
    Constraints(location_policy="prefer"),
    Constraints(location_policy="require"),
    Constraints(required_languages=("English",), language_policy="prefer"),
    Constraints(min_education="HSC"),
]
PLACES = ["Khulna", "Jashore", "যশোর", "Dhaka", "Sylhet", None]


def random_text(rng):
    words = rng.choice([ENGLISH, BENGALI, BANGLISH, ENGLISH + BENGALI])
    return " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))


def random_doc(rng, kind, doc_id):
    skills = tuple(rng.sample(SKILLS, rng.randint(0, 4)))
    location = rng.choice(PLACES)
    if kind == POSTING:
        title = " ".join(rng.sample(ENGLISH + BENGALI, 3))
        constraints = rng.choice(CONSTRAINTS) if location else None
        return Document(POSTING, doc_id, f"{title}\n{random_text(rng)}", skills, location, constraints)
    languages = tuple(rng.sample(["English", "Bangla"], rng.randint(0, 2)))
    education = rng.choice([None, "HSC", "Bachelor"])
    return Document(CV, doc_id, random_text(rng), skills, location, languages=languages, education=education)


def every_ranking(index, live, limits=True):
    """Every ranking either way (and with a limit and a threshold, if ``limits``)."""
    out = {}
    for p in sorted(live[POSTING]):
        out[POSTING, p] = index.rank_cvs_for_posting(p, include_excluded=True)
        if limits:
            out[POSTING, p, 3] = index.rank_cvs_for_posting(p, limit=3)
    for c in sorted(live[CV]):
        out[CV, c] = index.rank_postings_for_cv(c, include_excluded=True)
        if limits:
            out[CV, c, 2] = index.rank_postings_for_cv(c, limit=2, min_score=0.05)
    return out


def scores(rankings):
    return {key: [(m.posting_id, m.cv_id, m.score) for m in matches] for key, matches in rankings.items()}


@pytest.mark.parametrize("by_column", [False, True], ids=["rows-read-by-row", "rows-read-by-column"])
@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_rank_as_a_full_refit(seed, by_column, monkeypatch):
    monkeypatch.setattr(index_rows, "_MIN_DEAD_TO_COMPACT", 4)  # compact often
    # By column: the column copy (the inverted index) is rebuilt every few writes, with newer rows read by row.
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 1 if by_column else 10**9)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 3 if by_column else 10**9)
    rng = random.Random(seed)
    incremental, reference = MatchIndex(), FullRefitIndex()
    live = {POSTING: {}, CV: {}}
    for step in range(70):
        kind = POSTING if rng.random() < 0.3 else CV
        pool = [f"{kind[0]}{i}" for i in range(6 if kind == POSTING else 14)]
        doc_id = rng.choice(pool)
        if doc_id in live[kind] and rng.random() < 0.35:
            for index in (incremental, reference):
                index.remove(kind, doc_id)
            del live[kind][doc_id]
        else:  # a new document, or the same id with new text
            doc = random_doc(rng, kind, doc_id)
            for index in (incremental, reference):
                index.upsert(doc)
            live[kind][doc_id] = doc
        got = every_ranking(incremental, live, limits=step % 5 == 0)
        assert got == every_ranking(reference, live, limits=step % 5 == 0), f"step {step}"
        if step % 10 == 9:  # a fresh index with the same documents: same matches and scores
            fresh = MatchIndex()
            for doc in [*live[POSTING].values(), *live[CV].values()]:
                fresh.upsert(doc)
            assert scores(got) == scores(every_ranking(fresh, live, limits=False))
            check_tfidf_against_sklearn(incremental, live)


def check_tfidf_against_sklearn(index, live):
    postings, cvs = list(live[POSTING].values()), list(live[CV].values())
    if not postings or not cvs:
        return
    # The documents' own terms (blinded; a posting's title twice), weighted by scikit-learn.
    lexicon = default_lexicon()
    terms = [list(build_profile(d, lexicon).terms.elements()) for d in postings + cvs]
    vectorizer = TfidfVectorizer(analyzer=lambda doc_terms: doc_terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform(terms)
    expected = (matrix[: len(postings)] @ matrix[len(postings) :].T).toarray()
    for i, posting in enumerate(postings):
        got = {m.cv_id: m.explanation["tfidf"] for m in index.rank_cvs_for_posting(posting.id, include_excluded=True)}
        for j, cv in enumerate(cvs):
            if cv.id in got:
                assert got[cv.id] == pytest.approx(expected[i, j], abs=1e-4)


def test_tfidf_view_equals_a_scikit_learn_fit_with_column_weights():
    rng = np.random.default_rng(7)
    width = 40
    weights = rng.uniform(0.0, 2.0, width)
    counts = {kind: sparse.random(12, width, density=0.2, random_state=rng, format="csr") for kind in KINDS}
    frequencies, rows = DocumentFrequencies(), {kind: SparseRows() for kind in KINDS}
    for kind in KINDS:
        counts[kind].data = np.ceil(counts[kind].data * 4)
        for r in range(12):
            row = counts[kind][r]
            frequencies.add(row.indices)
            rows[kind].append(row.indices, sublinear_tf(row.data))
    for r in (0, 5):  # tombstoned: stored, but no longer counted
        frequencies.discard(counts[CV][r].indices)
    kept = np.ones(12, dtype=bool)
    kept[[0, 5]] = False
    terms = [str(c) for c in range(width)]
    view = TfidfView({k: rows[k].matrix(width) for k in KINDS}, frequencies.idf(width), terms, weights)
    fit = TfidfTransformer(sublinear_tf=True, norm=None).fit(sparse.vstack([counts[POSTING], counts[CV][kept]]))
    expected = {}
    for kind in KINDS:
        raw = fit.transform(counts[kind])
        raw.data *= weights[raw.indices]
        expected[kind] = normalize(raw)
    cosines = (expected[POSTING] @ expected[CV].T).toarray()
    for p in range(12):
        assert np.allclose(view.similarities(POSTING, p, CV), cosines[p], rtol=1e-13, atol=0)
    for c in range(12):
        assert np.allclose(view.similarities(CV, c, POSTING), cosines[:, c], rtol=1e-13, atol=0)
    for p, c in ((p, c) for p in range(12) for c in range(12)):
        shares = expected[POSTING][p].multiply(expected[CV][c]).toarray().ravel()
        assert dict(view.contributions(p, c)) == {str(t): shares[t] for t in np.flatnonzero(shares > 0)}  # to the bit
    for p, c, n in ((p, c, n) for p in range(12) for c in range(12) for n in (1, 2, 3, 5)):
        assert view.contributions(p, c, n) == view.contributions(p, c)[:n]  # the n largest, ties by term


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled-lookup", "numpy-lookup"])
@pytest.mark.parametrize("looked_up", [None, 4], ids=["every-frequency-looked-up", "high-frequencies-per-column"])
def test_idf_looked_up_per_document_frequency_equals_scikit_learns_per_column(monkeypatch, looked_up, compiled):
    monkeypatch.setattr(tfidf_module, "COMPILED_FROM", 0 if compiled else 1 << 40)
    if looked_up is not None:  # the table stops at 4 documents: the columns counted by more are worked out one by one
        monkeypatch.setattr(tfidf_module, "_LOOKED_UP_AT_LEAST", looked_up)
        monkeypatch.setattr(tfidf_module, "_LOOKED_UP_SHARE", 1 << 40)
    rng = np.random.default_rng(3)
    frequencies = DocumentFrequencies()
    assert np.array_equal(frequencies.idf(3), np.ones(3))  # no document yet: ln(1/1) + 1
    documents = [np.unique((rng.zipf(1.5, 30) - 1) % 2000) for _ in range(300)]  # skewed, as words are; 2,000 columns
    for columns in documents:
        frequencies.add(columns)
    for columns in documents[:40]:
        frequencies.discard(columns)  # counted down, some columns to 0
    width = len(frequencies._df) + 7  # columns no document has yet
    df = np.zeros(width, dtype=np.int64)
    df[: len(frequencies._df)] = frequencies._df
    expected = np.log((frequencies.n_documents + 1) / (df + 1.0)) + 1.0  # scikit-learn's smooth idf, column by column
    assert len(np.unique(df)) > 10 and (df == 0).any() and (df > 4).sum() > 20
    assert np.array_equal(frequencies.idf(width), expected)
    assert np.array_equal(frequencies.idf(5), expected[:5])


@pytest.mark.parametrize("sealed", [0, 5, 12, 20])
def test_products_read_by_column_equal_the_products_by_row_to_the_bit(sealed):
    rng = np.random.default_rng(sealed)
    rows = sparse.random(20, 30, density=0.3, random_state=rng, format="csr")
    # The column copy covers the first ``sealed`` rows and only the columns there were when it was made.
    narrower = rows[:sealed, :24].tocsc() if sealed else None
    if sealed:
        editable = rows.tolil()
        editable[:sealed, 24:] = 0
        rows = editable.tocsr()
    index = ColumnIndex(rows, narrower)
    columns = np.array(sorted(rng.choice(30, 9, replace=False)))
    values = rng.random(9)
    x = np.zeros(30)
    x[columns] = values
    assert index.times(columns, values).tolist() == (rows @ x).tolist()
    used = np.array(sorted(rng.choice(30, 8, replace=False)))
    lookup = sparse.random(4, 8, density=0.4, random_state=rng, format="csr")
    lookup.data[:] = 1.0
    reached = (rows[:, used] @ lookup.T).toarray() > 0  # rows × lookup rows
    assert [sorted(r.tolist()) for r in index.reached(lookup, used)] == [np.flatnonzero(reached[:, j]).tolist() for j in range(4)]


# (compiled, rows the compiled loop adds into at a time (None: as ranking does), in two halves at once)
@pytest.mark.parametrize(("compiled", "rows_at_once", "halves"),
                         [(True, None, False), (True, 1, False), (True, 7, False), (True, 7, True), (False, None, False)])
@pytest.mark.parametrize("sealed", [0, 7, 40, 60])
def test_products_of_coded_rows_equal_the_products_of_their_values_by_row_to_the_bit(sealed, compiled, rows_at_once,
                                                                                   halves, monkeypatch):
    if not compiled:
        monkeypatch.setattr(column_index, "kernels", lambda: None)  # as where numba cannot load: scipy reads a copy
    if rows_at_once:  # rows read a few at a time, every column for them before the next rows
        monkeypatch.setattr(column_index, "_ROWS_AT_ONCE", rows_at_once)
    if halves:  # the rows in two halves, one on the helper thread (on a machine with more than one core)
        monkeypatch.setattr(column_index, "HALVES_FROM", 2)
    rng = np.random.default_rng(sealed + 1)
    table = sublinear_tf(np.arange(1.0, 41.0))  # the value of each code
    shape = (60, 300)
    codes = sparse.random(*shape, density=0.2, random_state=rng, format="csr", dtype=np.float64)
    codes.data = rng.integers(0, len(table), len(codes.data)).astype(np.uint8)
    values = sparse.csr_matrix((table[codes.data], codes.indices, codes.indptr), shape=shape)
    index = ColumnIndex(codes, codes[:sealed].tocsc() if sealed else None, table)
    for _ in range(5):
        columns = np.array(sorted(rng.choice(shape[1], 40, replace=False)))
        weights = rng.random(40) * 10
        x = np.zeros(shape[1])
        x[columns] = weights
        assert index.times(columns, weights).tolist() == (values @ x).tolist()  # each row's terms in column order
    if compiled:
        assert column_index.kernels() is not None  # numba is installed: the compiled product was the one tested


@pytest.mark.parametrize("rows_at_once", [1, 7, 1 << 16])
def test_the_compiled_column_product_overwrites_what_its_output_held(rows_at_once):
    # ``times`` hands the loop an output it has not zeroed (the loop zeroes each block as it adds into it).
    loaded = column_index.kernels()
    assert loaded is not None  # numba is a dependency
    rng = np.random.default_rng(rows_at_once)
    table = sublinear_tf(np.arange(1.0, 41.0))
    codes = sparse.random(50, 80, density=0.2, random_state=rng, format="csc", dtype=np.float64)
    codes.data = rng.integers(0, len(table), len(codes.data)).astype(np.uint8)
    values = sparse.csc_matrix((table[codes.data], codes.indices, codes.indptr), shape=codes.shape)
    columns, weights = np.array(sorted(rng.choice(80, 20, replace=False))), rng.random(20)
    x = np.zeros(80)
    x[columns] = weights
    out = np.full(50, np.nan)
    loaded.add_column_products(codes.indptr, codes.indices, codes.data, table, columns, weights, out, rows_at_once,
                               10, 50)
    assert np.isnan(out[:10]).all()  # rows outside the range are left as they were
    assert out[10:].tolist() == (values @ x)[10:].tolist()


@pytest.mark.parametrize("background", [False, True], ids=["made-when-read", "extended-in-the-background"])
def test_the_column_copy_is_rebuilt_once_the_newest_rows_outgrow_it(background, monkeypatch):
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    if not background:
        monkeypatch.setattr(row_storage, "BACKGROUND_SHARE", 1)
    started = []
    monkeypatch.setattr(column_index, "in_background", lambda run: started.append(run) or run())  # at once, here
    storage, rng = SparseRows(), np.random.default_rng(3)
    for n in range(1, 40):
        columns = np.array(sorted(rng.choice(50, 5, replace=False)))
        storage.append(columns, rng.random(5))
        index = storage.by_column(50)
        x = rng.random(50)
        assert index.times(np.arange(50), x).tolist() == (storage.matrix(50) @ x).tolist()
        sealed = index._sealed()[0]
        allowed = max(2, min(sealed // 8, 4))
        # Never more rows read by row than allowed; while a copy is extended in the background, at most
        # BACKGROUND_SHARE times as many, by the ranking that started it only.
        assert n - sealed <= (4 * allowed if background else allowed)
        if n - sealed > allowed:
            assert storage._by_column.shape[0] == n  # extended for the next view
    assert bool(started) == background


def _same_csc(got, expected):
    assert got.shape == expected.shape
    for name in ("indptr", "indices", "data"):
        assert getattr(got, name).dtype == getattr(expected, name).dtype, name
        assert getattr(got, name).tolist() == getattr(expected, name).tolist(), name


@pytest.mark.parametrize("distinct", [5, 300], ids=["one-byte-codes", "two-byte-codes"])
def test_a_rebuilt_column_copy_extends_the_kept_one_and_equals_sorting_every_row_by_column(distinct, monkeypatch):
    # A rebuild copies the kept copy's entries and adds the newer rows' column by column, as the vocabulary
    # grows (the kept copy is narrower than the rows); it must give the very arrays tocsc of all the rows gives.
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    loaded = column_index.kernels()
    assert loaded is not None  # numba is a dependency: the compiled extension is the one tested
    extended, extend = [], loaded.extend_columns

    def spy(*args):
        extended.append(args[3])  # the kept copy's width
        return extend(*args)

    monkeypatch.setattr(loaded, "extend_columns", spy)
    storage, rng = SparseRows(), np.random.default_rng(distinct)
    values = rng.random(distinct)
    for n in range(1, 200):  # two-byte codes: more than 256 distinct values come by the end, after rebuilds
        width = 10 + n  # a word new with each row
        columns = np.array(sorted({*rng.choice(width - 1, 4, replace=False).tolist(), width - 1}))
        storage.append(columns, values[rng.integers(0, distinct, len(columns))])
        index = storage.by_column(width)
        index.prepare()  # made now when due, not in the background
        if index._by_column is not None and index._sealed()[0] == n:  # made now, at this width
            _same_csc(index._by_column, storage._coded(width).tocsc())
    assert any(known > 0 for known in extended)  # rebuilds extended a kept copy, not only made a first one
    assert storage._codes.dtype == (np.uint8 if distinct <= 256 else np.uint16)


def _filled(rows: int, rng) -> SparseRows:
    storage = SparseRows()
    for _ in range(rows):
        storage.append(np.array(sorted(rng.choice(30, 4, replace=False))), rng.random(4))
    return storage


def _copied_then_newest(rng, newest: int) -> SparseRows:
    """40 rows with their column copy (30 columns), then ``newest`` rows more."""
    storage = _filled(40, rng)
    storage.by_column(30).prepare()
    for _ in range(newest):
        storage.append(np.array(sorted(rng.choice(30, 4, replace=False))), rng.random(4))
    return storage


def test_a_due_copy_is_extended_in_the_background_once_while_the_ranking_that_found_it_reads_by_row(monkeypatch):
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    started = []
    monkeypatch.setattr(column_index, "in_background", started.append)  # kept to run by hand
    rng = np.random.default_rng(5)
    storage = _copied_then_newest(rng, 6)  # 6 newest rows: more than the 5 read by row, fewer than 4 times that
    first, second = storage.by_column(30), storage.by_column(30)
    x = rng.random(30)
    assert first.times(np.arange(30), x).tolist() == (storage.matrix(30) @ x).tolist()
    assert first._sealed()[0] == 40 and len(started) == 1  # read the kept copy and 6 rows by row; started one
    second.times(np.arange(30), x)
    assert len(started) == 2
    row_storage._EXTENDING.add(storage)  # the first one runs: the second finds it under way and does nothing
    started[1]()
    assert storage._by_column.shape[0] == 40
    row_storage._EXTENDING.discard(storage)
    started[0]()
    assert storage._by_column.shape[0] == 46 and storage not in row_storage._EXTENDING
    assert storage.by_column(30)._sealed()[0] == 46  # the next view reads the extended copy


def test_a_long_run_of_newest_rows_is_copied_by_the_ranking_that_reads_them(monkeypatch):
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    started = []
    monkeypatch.setattr(column_index, "in_background", started.append)
    rng = np.random.default_rng(6)
    storage = _copied_then_newest(rng, 21)  # more than 4 times the 5 rows read by row: too many to read by row again
    index = storage.by_column(30)
    x = rng.random(30)
    assert index.times(np.arange(30), x).tolist() == (storage.matrix(30) @ x).tolist()
    assert index._sealed()[0] == 61 and started == []


def test_a_failed_background_extension_is_logged_and_leaves_the_copy_as_it_was(monkeypatch, caplog):
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    rng = np.random.default_rng(8)
    storage = _copied_then_newest(rng, 6)
    kept = storage._by_column

    def fails(rows, old, pause=None):
        raise MemoryError("no room for the copy")

    monkeypatch.setattr(row_storage, "extended_column_copy", fails)
    with caplog.at_level("ERROR", logger=column_index.__name__):
        storage.by_column(30).times(np.arange(30), rng.random(30))  # starts the thread
        deadline = time.monotonic() + 30
        while storage in row_storage._EXTENDING or not caplog.records:
            assert time.monotonic() < deadline, "the background extension neither ended nor logged"
            time.sleep(0.01)
    assert "extending a column copy in the background failed" in caplog.text
    assert storage._by_column is kept
    monkeypatch.setattr(row_storage, "extended_column_copy", column_index.extended_column_copy)
    index = storage.by_column(30)
    index.prepare()  # the next due view makes it, at once when asked to prepare, and reads it itself
    assert storage._by_column.shape[0] == 46 and index._sealed()[0] == 46
    x = rng.random(30)
    assert index.times(np.arange(30), x).tolist() == (storage.matrix(30) @ x).tolist()


def test_a_view_prepared_while_another_thread_extends_its_copy_reads_the_copy_it_was_due_from(monkeypatch):
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    rng = np.random.default_rng(9)
    storage = _copied_then_newest(rng, 6)
    index = storage.by_column(30)
    row_storage._EXTENDING.add(storage)  # another thread is extending it
    try:
        index.prepare()
    finally:
        row_storage._EXTENDING.discard(storage)
    assert index._sealed()[0] == 40  # the kept copy, the 6 newest rows by row: never no copy at all
    x = rng.random(30)
    assert index.times(np.arange(30), x).tolist() == (storage.matrix(30) @ x).tolist()


@pytest.mark.parametrize("step", [1, 7, 10**9], ids=["a-column-a-step", "a-few-entries-a-step", "one-step"])
def test_a_column_copy_extended_in_steps_equals_sorting_every_row_by_column_and_pauses_before_each(step, monkeypatch):
    monkeypatch.setattr(column_index, "COPY_STEP", step)
    rng = np.random.default_rng(step)
    rows = sparse.random(60, 25, density=0.2, format="lil", random_state=step)
    rows[:40, 20:] = 0  # the kept copy is narrower: the later columns hold none of its rows
    rows = sparse.csr_matrix(rows)
    rows.eliminate_zeros()
    rows.data = rng.integers(1, 200, rows.nnz).astype(np.uint8)
    kept = rows[:40, :20].tocsc()
    steps = []
    _same_csc(column_index.extended_column_copy(rows, kept, lambda: steps.append(1)), rows.tocsc())
    if step == 10**9:
        assert len(steps) == 1
    else:  # a step per column at most, and every column copied in some step
        assert len(steps) > 1 and len(steps) <= rows.shape[1]


def test_a_copy_extended_in_the_background_copies_nothing_while_a_ranking_runs(monkeypatch):
    # A view's due copy starts in a thread of its own while the ranking that found it due still runs;
    # its steps wait for that ranking (and any other) to end: they never copy beside one.
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    monkeypatch.setattr(column_index, "COPY_STEP", 3)
    monkeypatch.setattr(foreground, "MAX_WAIT_S", 60.0)
    loaded = column_index.kernels()
    copying_beside, extend = [], loaded.extend_columns

    def spy(*args):
        copying_beside.append(foreground._running)
        return extend(*args)

    monkeypatch.setattr(loaded, "extend_columns", spy)
    asked = threading.Event()

    def step_aside():
        asked.set()
        return foreground.step_aside()

    monkeypatch.setattr(column_index, "step_aside", step_aside)
    started, start = [], column_index.in_background
    monkeypatch.setattr(column_index, "in_background", lambda run: started.append(run) or start(run))
    rng = np.random.default_rng(12)
    storage = _copied_then_newest(rng, 6)
    x = rng.random(30)
    with foreground.ranking():
        index = storage.by_column(30)
        assert index.times(np.arange(30), x).tolist() == (storage.matrix(30) @ x).tolist()
        assert len(started) == 1 and index._sealed()[0] == 40
        with foreground.ranking():  # a second ranking, nested, ends before the first
            pass
        assert asked.wait(30), "the copy never asked to step aside"
        watch_until = time.monotonic() + 0.3
        while time.monotonic() < watch_until:  # a while, for a step that would not wait
            assert copying_beside == [], "a step copied while a ranking ran"
            time.sleep(0.01)
    deadline = time.monotonic() + 30
    while storage._by_column.shape[0] != 46:
        assert time.monotonic() < deadline, "the background extension never ran once the ranking ended"
        time.sleep(0.01)
    assert len(copying_beside) > 1 and set(copying_beside) == {0}
    assert storage.by_column(30).times(np.arange(30), x).tolist() == (storage.matrix(30) @ x).tolist()


def test_a_due_copy_made_at_once_never_steps_aside(monkeypatch):
    # ``prepare`` (after a load) makes a copy due in the background at once, in the caller's thread: it must
    # not wait for rankings, one of which may be the caller.
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 4)
    monkeypatch.setattr(column_index, "COPY_STEP", 3)
    asked = []
    monkeypatch.setattr(column_index, "step_aside", lambda: asked.append(1))
    storage = _copied_then_newest(np.random.default_rng(13), 6)
    index = storage.by_column(30)
    assert index._background  # due in the background, had a ranking read it
    with foreground.ranking():
        index.prepare()
    assert asked == [] and index._sealed()[0] == 46


def test_two_readers_of_the_same_rows_share_one_rebuilt_column_copy(monkeypatch):
    # A view reads the CVs' text rows twice (its tf-idf and its skill evidence): the copy is made once.
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 2)
    storage, rng = SparseRows(), np.random.default_rng(11)
    for _ in range(10):
        storage.append(np.array(sorted(rng.choice(20, 4, replace=False))), rng.random(4))
    first, second = storage.by_column(20), storage.by_column(20)
    first.prepare()
    made = []
    monkeypatch.setattr(row_storage, "extended_column_copy", lambda *args: made.append(args) or args[0].tocsc())
    second.prepare()
    assert made == [] and second._by_column is first._by_column


def test_a_column_copy_is_sorted_again_where_the_kept_one_cannot_be_extended(monkeypatch):
    rng = np.random.default_rng(7)
    rows = sparse.random(30, 12, density=0.3, format="csr", random_state=7)
    rows.data = rng.integers(0, 9, rows.nnz).astype(np.uint8)
    expected = rows.tocsc()
    _same_csc(column_index.extended_column_copy(rows, None), expected)
    _same_csc(column_index.extended_column_copy(rows, rows[:10].tocsc()), expected)
    _same_csc(column_index.extended_column_copy(rows[:20], rows.tocsc()), rows[:20].tocsc())  # it covers more rows
    monkeypatch.setattr(column_index, "kernels", lambda: None)  # no numba: scipy sorts them all
    _same_csc(column_index.extended_column_copy(rows, rows[:10].tocsc()), expected)


def test_appended_rows_do_not_change_an_earlier_matrix():
    rows = SparseRows()
    rows.append(np.array([1, 3]), np.array([1.0, 2.0]))
    before = rows.matrix(5)
    for i in range(100):  # grows the buffers many times over
        rows.append(np.array([i % 5]), np.array([float(i)]))
    assert before.toarray().tolist() == [[0.0, 1.0, 0.0, 2.0, 0.0]]
    assert rows.matrix(5).shape == (101, 5)
    kept = rows.kept(np.array([0, 100]))
    assert kept.matrix(5).toarray().tolist() == [[0.0, 1.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 0.0, 99.0]]


def test_a_view_is_not_changed_by_later_writes(monkeypatch):
    # What lets rankings read a view outside the lock while upserts, removes and
    # compactions go on.
    monkeypatch.setattr(index_rows, "_MIN_DEAD_TO_COMPACT", 2)
    lexicon, vocabulary = default_lexicon(), Vocabulary()
    columns = {cid: lexicon.concept(cid).column for cid in lexicon.ids}
    rows = IndexRows(vocabulary, lexicon)
    rng = random.Random(5)

    def put(kind, doc_id):
        doc = random_doc(rng, kind, doc_id)
        rows.put(index_rows.make_entry(doc, build_profile(doc, lexicon), vocabulary, columns, ScoringWeights()))

    for i in range(6):
        put(POSTING, f"p{i}")
        put(CV, f"c{i}")
    view = rows.view()
    before = snapshot(view)
    for i in range(40):  # growth, tombstones and compactions of both kinds
        put(CV, f"c{i % 8}")
        put(POSTING, f"p{i % 3}")
        rows.remove(CV, f"c{(i + 3) % 8}")
    assert snapshot(view) == before
    assert snapshot(rows.view()) != before


def snapshot(view):
    """Everything a ranking reads from a view, as plain values."""
    matrices = [view.space._tf[k] for k in KINDS] + [view.concept_space._tf[k] for k in KINDS]
    matrices += [*view.evidence, view.credit]
    return (
        [m.toarray().tolist() for m in matrices],
        [(e.kind, e.id, e.digest) for k in KINDS for e in view.entries[k]],
        [view.live[k].tolist() for k in KINDS],
        [view.bengali_share[k].tolist() for k in KINDS],
        view.n_requirements.tolist(),
        view.concept_strength.tolist(),
        view.space.similarities(POSTING, 0, CV).tolist(),
        view.concept_space.similarities(CV, 1, POSTING).tolist(),
    )


@pytest.mark.parametrize("by_column", [False, True], ids=["few-rows", "column-copies-extended-as-rows-come"])
def test_rankings_during_writes_see_one_state_or_the_other(by_column, monkeypatch):
    monkeypatch.setattr(index_rows, "_MIN_DEAD_TO_COMPACT", 2 if not by_column else 10**9)  # compact under the readers' feet
    if by_column:  # the rows grow; their column copies fall due every few writes, extended in background threads
        monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 1)
        monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 2)
    started, start = [], column_index.in_background
    monkeypatch.setattr(column_index, "in_background", lambda run: started.append(run) or start(run))
    versions = [
        Document(CV, "c-x", "customer service call centre complaints crm", ("Customer Service",)),
        Document(CV, "c-x", "গ্রাহক সেবা কল সেন্টার অভিজ্ঞতা", ("গ্রাহক সেবা",)),
    ]
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", "Call Centre Agent\ncustomer calls, complaints, CRM", ("Customer Service",)))
    index.upsert(Document(POSTING, "p-bn", "কল সেন্টার এজেন্ট\nগ্রাহক সেবা", ("গ্রাহক সেবা",)))
    for i in range(10):
        index.upsert(Document(CV, f"c{i}", " ".join(ENGLISH[i : i + 6] + BENGALI[i : i + 4])))
    expected = []
    for version in versions:
        index.upsert(version)
        expected.append((index.rank_cvs_for_posting("p"), index.rank_postings_for_cv("c-x")))
    stop = threading.Event()

    def write():
        try:
            for i in range(300):
                index.upsert(versions[i % 2])
        finally:
            stop.set()

    def read():
        while not stop.is_set():
            by_posting, by_cv = index.rank_cvs_for_posting("p"), index.rank_postings_for_cv("c-x")
            assert by_posting in (expected[0][0], expected[1][0])
            assert by_cv in (expected[0][1], expected[1][1])

    with ThreadPoolExecutor(max_workers=4) as pool:
        done = [pool.submit(write)] + [pool.submit(read) for _ in range(3)]
    for future in done:
        future.result()  # raises what the thread raised
    assert bool(started) == by_column


def test_a_forgotten_document_leaves_no_row_in_memory_and_ranks_as_a_full_refit():
    rng = random.Random(5)
    index, reference = MatchIndex(), FullRefitIndex()
    docs = [random_doc(rng, POSTING, "p1")] + [random_doc(rng, CV, f"c{i}") for i in range(5)]
    for doc in docs:
        index.upsert(doc)
        reference.upsert(doc)
    index.forget(CV, "c2")
    reference.remove(CV, "c2")
    entries = index._rows.view().entries[CV]  # what the index still holds in memory
    assert [e.id for e in entries] == ["c0", "c1", "c3", "c4"]
    live = {POSTING: {"p1"}, CV: {"c0", "c1", "c3", "c4"}}
    assert scores(every_ranking(index, live)) == scores(every_ranking(reference, live))


def test_an_index_keeps_no_document_it_was_given_and_still_ranks_and_explains():
    """A CV's text is the service's to keep (in its database), not the index's: at a million CVs it
    would be gigabytes held twice. What the index keeps is enough to rank and explain."""
    rng = random.Random(8)
    index = MatchIndex()
    docs = [random_doc(rng, POSTING, "p1")] + [random_doc(rng, CV, f"c{i}") for i in range(6)]
    before = scores(every_ranking(_indexed(docs), {POSTING: {"p1"}, CV: {f"c{i}" for i in range(6)}}))
    texts = [f"{doc.text} ({i})" for i, doc in enumerate(docs)]  # strings no one else holds
    docs = [replace(doc, text=text) for doc, text in zip(docs, texts)]
    index.upsert_many(docs)
    del docs
    gc.collect()
    alone = [f"{rng.random()}"]  # a string held only by its list
    assert [sys.getrefcount(text) for text in texts] == [sys.getrefcount(s) for s in alone] * len(texts)
    assert scores(every_ranking(index, {POSTING: {"p1"}, CV: {f"c{i}" for i in range(6)}})) == before
    assert all(m.explanation for m in index.rank_cvs_for_posting("p1"))


def _indexed(docs):
    index = MatchIndex()
    for doc in docs:
        index.upsert(doc)
    return index


def test_rows_store_value_codes_that_read_back_to_the_bit_past_256_distinct_values():
    rows, rng = SparseRows(), np.random.default_rng(11)
    written = []
    for r in range(120):  # 3 new values a row: codes outgrow one byte at row 86
        columns = np.array(sorted(rng.choice(40, 6, replace=False)))
        values = np.concatenate([rng.random(3), sublinear_tf(np.array([1.0, 2.0, 3.0]))])
        rows.append(columns, values)
        written.append((columns, values))
        if r == 20:
            early = rows.by_column(40)
    assert rows._codes.dtype == np.uint16
    for r, (columns, values) in enumerate(written):
        stored_columns, stored_values = rows.row(r)
        assert stored_columns.tolist() == columns.tolist() and stored_values.tobytes() == values.tobytes()
    dense = np.zeros((120, 40))
    for r, (columns, values) in enumerate(written):
        dense[r, columns] = values
    assert rows.matrix(40).toarray().tolist() == dense.tolist()
    assert rows.by_column(40).toarray().tolist() == dense.tolist()
    assert early.toarray().tolist() == dense[:21].tolist()  # taken before the codes grew: unchanged


def test_coded_rows_share_the_storage_and_give_the_norms_of_the_values(monkeypatch):
    monkeypatch.setattr(column_index, "_DECODE_ENTRIES", 7)  # norms decoded a few rows at a time
    rows, rng = SparseRows(), np.random.default_rng(12)
    for _ in range(100):
        columns = np.array(sorted(rng.choice(20, int(rng.integers(0, 6)), replace=False)), dtype=np.int64)
        rows.append(columns, sublinear_tf(rng.integers(1, 5, len(columns)).astype(np.float64)))
    index = rows.by_column(20)
    # (scipy copies a view of less than half its buffer: more than that is filled here, as in use)
    assert np.shares_memory(index.rows.data, rows._codes) and index.rows.data.dtype == np.uint8
    factors = rng.random(20)
    values = rows.matrix(20)
    expected = np.sqrt(sparse.csr_matrix((values.data * values.data, values.indices, values.indptr)) @ (factors * factors))
    assert index.weighted_norms(factors).tolist() == expected.tolist()


@pytest.mark.parametrize("halves", [False, True])
def test_cosines_divided_in_one_compiled_pass_equal_numpys_division_to_the_bit(halves, monkeypatch):
    from matcher.ranking import tfidf
    from matcher.ranking.compiled import COMPILED_FROM, kernels

    assert kernels() is not None
    if halves:
        monkeypatch.setattr(tfidf, "HALVES_FROM", 2)
    rng = np.random.default_rng(3)
    n = COMPILED_FROM + 500
    products = rng.random(n) * rng.choice([1e-12, 1.0, 3.0], n)
    norms = rng.random(n) * 2
    norms[::13] = 0.0  # empty rows: their products are 0
    products[::13] = 0.0
    norms[5] = np.nan
    compiled = tfidf._divided(products, norms)
    monkeypatch.setattr(tfidf, "kernels", lambda: None)
    arrays = tfidf._divided(products, norms)
    assert compiled.tobytes() == arrays.tobytes()  # to the bit
    assert np.count_nonzero(arrays) > n // 2


def test_work_in_two_halves_covers_every_row_once_with_one_half_on_the_helper(monkeypatch):
    from matcher.ranking import compiled

    monkeypatch.setattr(compiled, "_helper", lambda: ThreadPoolExecutor(1))
    calls = []
    compiled.in_two_halves(lambda first, end: calls.append((first, end, threading.current_thread().name)), 11, 10)
    assert sorted(c[:2] for c in calls) == [(0, 5), (5, 11)]
    assert len({c[2] for c in calls}) == 2  # two threads
    calls.clear()
    compiled.in_two_halves(lambda first, end: calls.append((first, end)), 9, 10)  # too few rows: one range, here
    assert calls == [(0, 9)]
    calls.clear()
    with compiled._HELPER_FREE:  # the helper is busy with another ranking's half: all here
        compiled.in_two_halves(lambda first, end: calls.append((first, end)), 11, 10)
    assert calls == [(0, 11)]


def test_a_half_that_fails_is_reported_after_the_other_half_is_done(monkeypatch):
    from matcher.ranking import compiled

    monkeypatch.setattr(compiled, "_helper", lambda: ThreadPoolExecutor(1))
    failed, finished = threading.Event(), threading.Event()

    def run(first, end):
        if first == 0:
            failed.set()
            raise ValueError("the first half failed")
        assert failed.wait(timeout=30)  # the second half is still running when the first fails
        finished.set()

    with pytest.raises(ValueError):
        compiled.in_two_halves(run, 10, 2)
    assert finished.is_set()  # it waited for the helper's half before reporting
    assert compiled._HELPER_FREE.acquire(blocking=False)  # and left the helper free
    compiled._HELPER_FREE.release()
