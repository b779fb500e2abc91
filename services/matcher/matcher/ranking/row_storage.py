"""Row storage that grows by appending: sparse rows (CSR) and one value per row.

Buffers grow by a quarter, so an append costs the row's length, amortised, and at most a
fifth of a buffer is unused. What ``by_column`` and ``values`` return shares the buffers
for the rows appended so far: later appends write past its end and growth moves to new
buffers, so it never changes under a reader. Nothing is changed in place except by
``ValueColumn.set``.

Sparse rows hold few distinct values (a term's sublinear tf, 1 + ln(count), for a count of
a few; a skill credit of 1 or 0.5), so each entry stores a one-byte code of its value (two
bytes once there are more than 256 values...) and ``ValueCodes`` keeps each code's value:
an entry costs 5 bytes, not 12, and reads back to the bit.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

import numpy as np
from scipy import sparse

from matcher.ranking.column_index import ColumnIndex, extended_column_copy
from matcher.ranking.norm_memo import NormMemo

_FIRST_ROWS = 16
_FIRST_NONZEROS = 256
# The newest rows are read row by row until there are more than this many and more than an
# eighth of those read by column (then the column copy is rebuilt; see ``column_index``).
MIN_ROWS_BY_ROW = 256
MAX_ROWS_BY_ROW = 4096
# A due copy is extended in the background, the newest rows read by row meanwhile, while they are at
# most this many times as many as allowed; past that (a long run of writes no ranking read by column)
# the ranking that finds it due makes it first.
BACKGROUND_SHARE = 4

_NARROW_END = np.iinfo(np.int32).max  # entries up to here are numbered in int32 (what scipy keeps, so it shares)

_STORING = threading.Lock()  # held while a storage's column copy is replaced or its extension claimed
_EXTENDING: weakref.WeakSet = weakref.WeakSet()  # storages whose copy is being extended in the background


def offsets_for(end: int) -> type:
    """The type of row offsets up to ``end``: int32 while it holds them (scipy then shares the buffer
    a view's matrix reads, where it would copy int64 offsets down to int32), int64 past that."""
    return np.int32 if end <= _NARROW_END else np.int64


def with_room(buffer: np.ndarray, needed: int) -> np.ndarray:
    """``buffer`` if it holds ``needed`` items, else a copy a quarter larger (or ``needed`` long)."""
    if needed <= len(buffer):
        return buffer
    grown = np.empty(max(needed, len(buffer) + len(buffer) // 4 + 1), dtype=buffer.dtype)
    grown[: len(buffer)] = buffer
    return grown


# A row of at least this many values has its codes looked up in the sorted table at once (a few
# array operations), not value by value in the dict; a row of known values only (most rows).
_SEARCHED_FROM = 32


class ValueCodes:
    """The distinct values of some rows, each numbered by its code; callers serialise ``codes``."""

    # The table's values ascending and each one's code, made again after the table grows (not pickled).
    _sorted: tuple[np.ndarray, np.ndarray] | None = None

    def __init__(self) -> None:
        self._code: dict[float, int] = {}
        self.table = np.empty(0, dtype=np.float64)  # code → value; replaced, never changed, when a value is added

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_sorted"}

    @property
    def dtype(self) -> type:
        """The smallest unsigned integer type that holds every code so far."""
        n = len(self.table)
        return np.uint8 if n <= 1 << 8 else np.uint16 if n <= 1 << 16 else np.uint32

    def copy(self) -> ValueCodes:
        """The same codes, numbering new values on its own."""
        out = ValueCodes()
        out._code = dict(self._code)
        out.table = self.table
        return out

    def codes(self, values: np.ndarray) -> np.ndarray:
        """The code of each of ``values`` (int64), numbering values not seen before in their order."""
        if len(values) >= _SEARCHED_FROM and len(self.table):
            if self._sorted is None or len(self._sorted[0]) != len(self.table):
                order = np.argsort(self.table, kind="stable")
                self._sorted = (self.table[order], order)
            known, code_of = self._sorted
            at = np.minimum(np.searchsorted(known, values), len(known) - 1)
            if np.array_equal(known[at], values):  # every value known (a NaN never is, as in the dict)
                return code_of[at].astype(np.int64)
        listed = values.tolist()
        codes = list(map(self._code.get, listed))
        if None in codes:
            new = []
            for i, code in enumerate(codes):
                if code is None:
                    code = self._code.get(listed[i])  # a value new earlier in this row
                    if code is None:
                        code = self._code[listed[i]] = len(self._code)
                        new.append(listed[i])
                    codes[i] = code
            self.table = np.concatenate([self.table, np.array(new, dtype=np.float64)])
        return np.array(codes, dtype=np.int64)


class SparseRows:
    """Sparse rows appended one at a time; callers serialise appends."""

    def __init__(self) -> None:
        self._indptr = np.zeros(_FIRST_ROWS + 1, dtype=np.int32)  # int64 once entries pass int32 (``offsets_for``)
        self._indices = np.empty(_FIRST_NONZEROS, dtype=np.int32)  # int32: scipy shares, not copies
        self._codes = np.empty(_FIRST_NONZEROS, dtype=np.uint8)
        self._values = ValueCodes()
        self.n_rows = 0
        self._by_column: sparse.csc_matrix | None = None  # the first rows by column (codes), once there are enough
        self._norms = NormMemo()  # the rows' last full pass of norms, for the views' bounds

    def __getstate__(self) -> dict:
        """What is pickled: the rows, not the norms memo (it is worked out again)."""
        return {name: value for name, value in self.__dict__.items() if name != "_norms"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._norms = NormMemo()
        narrow = offsets_for(int(self._indptr[self.n_rows]))
        if self._indptr.dtype != narrow:  # saved by code that kept int64 offsets
            self._indptr = self._indptr.astype(narrow)

    def append(self, columns: np.ndarray, values: np.ndarray) -> int:
        """Add a row (ascending ``columns``, their ``values``); return its number."""
        row = self.n_rows
        start = int(self._indptr[row])
        end = start + len(columns)
        codes = self._values.codes(values)
        if self._codes.dtype != self._values.dtype:  # more distinct values than the codes could number
            self._codes = self._codes.astype(self._values.dtype)
        if self._indptr.dtype == np.int32 and offsets_for(end) is np.int64:  # widened once, never narrowed here
            self._indptr = self._indptr.astype(np.int64)
        self._indptr = with_room(self._indptr, row + 2)
        self._indices = with_room(self._indices, end)
        self._codes = with_room(self._codes, end)
        self._indices[start:end] = columns
        self._codes[start:end] = codes
        self._indptr[row + 1] = end
        self.n_rows = row + 1
        return row

    def row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The columns (a view) and values of one row."""
        start, end = self._indptr[row], self._indptr[row + 1]
        return self._indices[start:end], self._values.table[self._codes[start:end]]

    def _coded(self, width: int) -> sparse.csr_matrix:
        """The rows so far as codes: a ``n_rows × width`` CSR matrix sharing this storage's buffers."""
        end = int(self._indptr[self.n_rows])
        return sparse.csr_matrix(
            (self._codes[:end], self._indices[:end], self._indptr[: self.n_rows + 1]),
            shape=(self.n_rows, width),
            copy=False,
        )

    def matrix(self, width: int) -> sparse.csr_matrix:
        """The rows so far as a ``n_rows × width`` CSR matrix of values (a copy of the values)."""
        coded = self._coded(width)
        return sparse.csr_matrix((self._values.table[coded.data], coded.indices, coded.indptr), shape=coded.shape)

    def by_column(self, width: int) -> ColumnIndex:
        """The rows so far (``n_rows × width``) with their column copy, rebuilt first when the
        rows added since it was made outgrow it; callers serialise this with appends."""
        kept = self._by_column
        sealed = 0 if kept is None else kept.shape[0]
        coded = self._coded(width)
        allowed = max(MIN_ROWS_BY_ROW, min(sealed // 8, MAX_ROWS_BY_ROW))
        newest = self.n_rows - sealed
        if newest <= allowed:
            return ColumnIndex(coded, kept, self._values.table, self._norms)
        # Rebuilt only when a ranking first reads these rows by column: the writes of CVs each
        # ranked against the postings alone never pay for their column copy.
        if kept is not None and newest <= BACKGROUND_SHARE * allowed:
            return ColumnIndex(coded, kept, self._values.table, self._norms,
                               rebuild=lambda pause: self._extended_once(coded, kept, pause), background=True)
        return ColumnIndex(coded, None, self._values.table, self._norms,
                           rebuild=lambda pause: self._rebuilt(coded, pause))

    def _extended_once(self, coded: sparse.csr_matrix, kept: sparse.csc_matrix,
                       pause: Callable[[], object] | None = None) -> sparse.csc_matrix:
        """``_rebuilt(coded, pause)``, unless this storage's copy is being extended already (in another thread):
        then ``kept`` (the copy of ``coded``'s first rows it was due from)."""
        with _STORING:
            if self in _EXTENDING:
                return kept
            _EXTENDING.add(self)
        try:
            return self._rebuilt(coded, pause)
        finally:
            _EXTENDING.discard(self)

    def _rebuilt(self, coded: sparse.csr_matrix, pause: Callable[[], object] | None = None) -> sparse.csc_matrix:
        """The column copy of ``coded`` (this storage's rows when a view took them), kept here for later
        views unless a copy of more rows already is (a ranking or background thread may call this outside
        the writes); made from the kept copy when it covers fewer rows (``column_index.extended_column_copy``,
        which calls ``pause()`` between its steps)."""
        kept = self._by_column
        if kept is not None and kept.shape[0] == coded.shape[0] and kept.shape[1] <= coded.shape[1]:
            return kept  # made already, for another reader of these rows (narrower, perhaps: the rows hold no later column)
        built = extended_column_copy(coded, kept, pause)
        with _STORING:
            if self._by_column is None or self._by_column.shape[0] < built.shape[0]:
                self._by_column = built
        return built

    def frozen(self) -> SparseRows:
        """The rows so far in a storage of their own that later appends here leave as it is (it shares
        the buffers' used part: appends write past it or move to new buffers)."""
        end = int(self._indptr[self.n_rows])
        out = SparseRows()
        out._indptr = self._indptr[: self.n_rows + 1]
        out._indices = self._indices[:end]
        out._codes = self._codes[:end]
        out._values = self._values.copy()
        out.n_rows = self.n_rows
        out._by_column = self._by_column
        return out

    def mark_columns(self, used: np.ndarray) -> None:
        """Set ``used[c]`` for every column ``c`` some stored row holds (``used``: one flag per column)."""
        used[self._indices[: int(self._indptr[self.n_rows])]] = True

    def kept(self, rows: np.ndarray) -> SparseRows:
        """New storage holding only ``rows``, in that order (this one is left as it was)."""
        starts = self._indptr[rows]
        lengths = self._indptr[rows + 1] - starts
        out = SparseRows()
        out._indptr = np.zeros(len(rows) + 1, dtype=offsets_for(int(lengths.sum(dtype=np.int64))))
        np.cumsum(lengths, out=out._indptr[1:])
        take = np.repeat(starts - out._indptr[:-1], lengths) + np.arange(out._indptr[-1])
        out._indices = self._indices[take]
        out._codes = self._codes[take]
        out._values = self._values  # codes only ever get added, so both may share them
        out.n_rows = len(rows)
        return out


class ValueColumn:
    """One number (or flag) per row, appended; callers serialise writes."""

    def __init__(self, dtype: type = np.float64) -> None:
        self._values = np.empty(_FIRST_ROWS, dtype=dtype)
        self.n_rows = 0

    def append(self, value: float | bool) -> int:
        """Add a row's value; return the row's number."""
        self._values = with_room(self._values, self.n_rows + 1)
        self._values[self.n_rows] = value
        self.n_rows += 1
        return self.n_rows - 1

    def set(self, row: int, value: float | bool) -> None:
        """Change a row's value in place: readers that must not see it take ``values().copy()``."""
        self._values[row] = value

    def values(self) -> np.ndarray:
        """The values so far (a view of the buffer)."""
        return self._values[: self.n_rows]

    def copy(self) -> ValueColumn:
        """The values so far, in a column of their own."""
        out = ValueColumn(self._values.dtype.type)
        out._values = self.values().copy()
        out.n_rows = self.n_rows
        return out

    def kept(self, rows: np.ndarray) -> ValueColumn:
        """A new column holding only ``rows``, in that order."""
        out = ValueColumn(self._values.dtype.type)
        out._values = self._values[rows]
        out.n_rows = len(rows)
        return out
