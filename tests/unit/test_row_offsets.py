"""Sparse row storage numbers its entries in int32 while they fit, so a view's matrix shares the
storage's row offsets instead of scipy copying them down to int32 at every view (a million
offsets per kind at a national CV bank), and in int64 once there are more entries."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest

from matcher.ranking import row_storage
from matcher.ranking.row_storage import SparseRows


def _rows(seed: int, count: int = 40, width: int = 30) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        columns = np.array(sorted(rng.sample(range(width), rng.randint(0, 6))), dtype=np.int64)
        out.append((columns, np.array([rng.choice([1.0, 1.5, 2.0986122886681096]) for _ in columns])))
    return out


def _dense(rows: list[tuple[np.ndarray, np.ndarray]], width: int = 30) -> np.ndarray:
    out = np.zeros((len(rows), width))
    for i, (columns, values) in enumerate(rows):
        out[i, columns] = values
    return out


def _stored(rows) -> SparseRows:
    storage = SparseRows()
    for columns, values in rows:
        storage.append(columns, values)
    return storage


def test_a_views_matrix_shares_the_storages_row_offsets():
    storage = _stored(_rows(0))
    matrix = storage.matrix(30)
    coded = storage._coded(30)
    assert storage._indptr.dtype == np.int32
    assert np.shares_memory(coded.indptr, storage._indptr)  # nothing copied for the view
    assert np.array_equal(matrix.toarray(), _dense(_rows(0)))


@pytest.mark.parametrize("seed", range(3))
def test_offsets_widen_to_int64_once_entries_pass_int32_and_rows_read_back_alike(monkeypatch, seed):
    monkeypatch.setattr(row_storage, "_NARROW_END", 25)  # int32's end, made small enough to pass here
    rows = _rows(seed)
    storage = SparseRows()
    kinds = []
    for columns, values in rows:
        storage.append(columns, values)
        kinds.append(storage._indptr.dtype)
    assert kinds[0] == np.int32 and kinds[-1] == np.int64  # narrow first, wide once past the end
    assert np.array_equal(storage.matrix(30).toarray(), _dense(rows))
    for i, (columns, values) in enumerate(rows):
        got_columns, got_values = storage.row(i)
        assert got_columns.tolist() == columns.tolist() and got_values.tolist() == values.tolist()
    picked = np.array([5, 0, 17, 3], dtype=np.int64)
    narrow = storage.kept(picked[:1])  # few entries: int32 again
    wide = storage.kept(np.arange(len(rows)))
    assert narrow._indptr.dtype == np.int32 and wide._indptr.dtype == np.int64
    assert np.array_equal(storage.kept(picked).matrix(30).toarray(), _dense([rows[i] for i in picked]))


def test_a_storage_saved_with_int64_offsets_reads_back_with_int32_ones():
    rows = _rows(1)
    storage = _stored(rows)
    storage._indptr = storage._indptr.astype(np.int64)  # as code before this change saved it
    back = pickle.loads(pickle.dumps(storage))
    assert back._indptr.dtype == np.int32
    assert np.array_equal(back.matrix(30).toarray(), _dense(rows))
    back.append(np.array([2, 9]), np.array([1.0, 1.5]))
    assert np.array_equal(back.matrix(30).toarray(), _dense([*rows, (np.array([2, 9]), np.array([1.0, 1.5]))]))
