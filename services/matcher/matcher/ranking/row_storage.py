"""Row storage that grows by appending: sparse rows (CSR) and one value per row.

Buffers grow by doubling, so an append costs the row's length, amortised. What ``matrix``
and ``values`` return shares the buffers for the rows appended so far: later appends
write past its end and growth moves to new buffers, so it never changes under a reader.
Nothing is changed in place except by ``ValueColumn.set``.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from matcher.ranking.column_index import ColumnIndex

_FIRST_ROWS = 16
_FIRST_NONZEROS = 256
# The newest rows are read row by row until there are more than this many and more than an
# eighth of those read by column (then the column copy is rebuilt; see ``column_index``).
MIN_ROWS_BY_ROW = 256
MAX_ROWS_BY_ROW = 4096


def _with_room(buffer: np.ndarray, needed: int) -> np.ndarray:
    """``buffer`` if it holds ``needed`` items, else a copy at least twice its size."""
    if needed <= len(buffer):
        return buffer
    grown = np.empty(max(needed, 2 * len(buffer)), dtype=buffer.dtype)
    grown[: len(buffer)] = buffer
    return grown


class SparseRows:
    """Sparse rows appended one at a time; callers serialise appends."""

    def __init__(self) -> None:
        self._indptr = np.zeros(_FIRST_ROWS + 1, dtype=np.int64)
        self._indices = np.empty(_FIRST_NONZEROS, dtype=np.int32)  # int32: scipy shares, not copies
        self._data = np.empty(_FIRST_NONZEROS, dtype=np.float64)
        self.n_rows = 0
        self._by_column: sparse.csc_matrix | None = None  # the first rows by column, once there are enough

    def append(self, columns: np.ndarray, values: np.ndarray) -> int:
        """Add a row (ascending ``columns``, their ``values``); return its number."""
        row = self.n_rows
        start = int(self._indptr[row])
        end = start + len(columns)
        self._indptr = _with_room(self._indptr, row + 2)
        self._indices = _with_room(self._indices, end)
        self._data = _with_room(self._data, end)
        self._indices[start:end] = columns
        self._data[start:end] = values
        self._indptr[row + 1] = end
        self.n_rows = row + 1
        return row

    def row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The columns and values of one row (views, not copies)."""
        start, end = self._indptr[row], self._indptr[row + 1]
        return self._indices[start:end], self._data[start:end]

    def matrix(self, width: int) -> sparse.csr_matrix:
        """The rows so far as a ``n_rows × width`` CSR matrix sharing this storage's buffers."""
        end = int(self._indptr[self.n_rows])
        return sparse.csr_matrix(
            (self._data[:end], self._indices[:end], self._indptr[: self.n_rows + 1]),
            shape=(self.n_rows, width),
            copy=False,
        )

    def by_column(self, width: int) -> ColumnIndex:
        """The rows so far (``n_rows × width``) with their column copy, rebuilt first when the
        rows added since it was made outgrow it; callers serialise this with appends."""
        sealed = 0 if self._by_column is None else self._by_column.shape[0]
        if self.n_rows - sealed > max(MIN_ROWS_BY_ROW, min(sealed // 8, MAX_ROWS_BY_ROW)):
            self._by_column = self.matrix(width).tocsc()
        return ColumnIndex(self.matrix(width), self._by_column)

    def kept(self, rows: np.ndarray) -> SparseRows:
        """New storage holding only ``rows``, in that order (this one is left as it was)."""
        starts = self._indptr[rows]
        lengths = self._indptr[rows + 1] - starts
        out = SparseRows()
        out._indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=out._indptr[1:])
        take = np.repeat(starts - out._indptr[:-1], lengths) + np.arange(out._indptr[-1])
        out._indices = self._indices[take]
        out._data = self._data[take]
        out.n_rows = len(rows)
        return out


class ValueColumn:
    """One number (or flag) per row, appended; callers serialise writes."""

    def __init__(self, dtype: type = np.float64) -> None:
        self._values = np.empty(_FIRST_ROWS, dtype=dtype)
        self.n_rows = 0

    def append(self, value: float | bool) -> int:
        """Add a row's value; return the row's number."""
        self._values = _with_room(self._values, self.n_rows + 1)
        self._values[self.n_rows] = value
        self.n_rows += 1
        return self.n_rows - 1

    def set(self, row: int, value: float | bool) -> None:
        """Change a row's value in place: readers that must not see it take ``values().copy()``."""
        self._values[row] = value

    def values(self) -> np.ndarray:
        """The values so far (a view of the buffer)."""
        return self._values[: self.n_rows]

    def kept(self, rows: np.ndarray) -> ValueColumn:
        """A new column holding only ``rows``, in that order."""
        out = ValueColumn(self._values.dtype.type)
        out._values = self._values[rows]
        out.n_rows = len(rows)
        return out
