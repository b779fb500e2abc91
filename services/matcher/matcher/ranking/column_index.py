"""Rows that can also be read by column: the inverted index a ranking's products read.

A ranking multiplies all rows of one kind by a query that is nonzero in a few columns (its
terms, or the vocabulary terms its listed skills need). Read row by row that costs every
stored entry; read by column it costs only the entries of the query's columns. So the row
storage keeps, besides its rows (CSR), the same rows by column (CSC) for all but its newest
rows: rebuilt when the newest rows outgrow a share of it, so a write costs amortised O(1)
per entry, and the newest rows are read row by row. Products add the same terms in the same
order as the row-by-row product (each row's columns ascending), so results are bit-identical.

Stored rows may hold value codes rather than values (see ``row_storage.ValueCodes``): a
``table`` then gives each code's value, and only the entries a product reads are decoded.

Row norms under column factors (‖row ∘ g‖, g = idf × weight) change with every write, since
every idf does; a full pass over all entries is the costliest part of the first ranking
after a write. So the norms of the last full pass are kept (``NormMemo``), and later
factors bound every row's norm from them: a row holding no column whose factor moved by
more than a small ratio lies within the smallest and largest ratio of the others; the rows
that do, and rows added since, are worked out exactly (``norm_bounds``). A ranking then
needs exact norms only for the rows the bounds cannot place (``norms_at``), worked out with
the same float operations as the full pass, to the bit.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

_DECODE_ENTRIES = 1 << 20  # row norms decode at most this many entries at a time
# A factor that moved by at most this ratio (either way) since the memo's pass is bounded; a
# row holding one that moved more is worked out exactly.
MOVED = 1.0 / 128
EXACT_SHARE = 8  # bounds are given up (a full pass is cheaper) once more than 1/8 of the rows need exact norms
_ROUNDING = 1e-9  # relative slack for the float rounding of two norms' sums (at most ~1e-13 for real rows)


class NormMemo:
    """The norms of some stored rows from their last full pass, with the factors it used.

    One per row storage, shared by the views of it; ``latest`` is replaced whole, never
    changed, so views in other threads may read and set it as they please.
    """

    def __init__(self) -> None:
        self.latest: tuple[np.ndarray, np.ndarray] | None = None  # (factors, norms of the first rows)


class ColumnIndex:
    """A CSR matrix of rows, with its first ``by_column.shape[0]`` rows also as a CSC matrix.

    ``table`` (optional): the value of each code, when the matrices hold codes, not values.
    """

    def __init__(
        self,
        rows: sparse.csr_matrix,
        by_column: sparse.csc_matrix | None,
        table: np.ndarray | None = None,
        memo: NormMemo | None = None,
    ) -> None:
        """``memo`` (optional): where full passes of ``weighted_norms`` are kept for ``norm_bounds``;
        every row it covers must be one of these rows, unchanged."""
        self.rows = rows
        self._by_column = by_column  # its width may be smaller than the rows': later columns hold none of its rows
        self._table = table
        self._memo = memo

    @property
    def shape(self) -> tuple[int, int]:
        return self.rows.shape

    def _decoded(self, matrix):
        """``matrix`` with values in place of codes (a new matrix sharing its index arrays)."""
        if self._table is None:
            return matrix
        return type(matrix)((self._table[matrix.data], matrix.indices, matrix.indptr), shape=matrix.shape)

    def toarray(self) -> np.ndarray:
        """The rows as a dense array."""
        return self._decoded(self.rows).toarray()

    def row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The columns (a view) and values of one row."""
        start, end = self.rows.indptr[row], self.rows.indptr[row + 1]
        values = self.rows.data[start:end]
        return self.rows.indices[start:end], values if self._table is None else self._table[values]

    def weighted_norms(self, factors: np.ndarray) -> np.ndarray:
        """‖row ∘ factors‖ of every row: sqrt((row ∘ row) @ factors²); kept in the memo, if any."""
        rows, squares = self.rows, factors * factors
        n = rows.shape[0]
        out = np.empty(n)
        first = 0
        while first < n:  # rows in runs of about _DECODE_ENTRIES entries, so decoding needs little memory
            start = rows.indptr[first]
            last = max(first + 1, int(np.searchsorted(rows.indptr, start + _DECODE_ENTRIES, side="right")) - 1)
            last = min(last, n)
            end = rows.indptr[last]
            part = (rows.data[start:end], rows.indices[start:end], rows.indptr[first : last + 1] - start)
            out[first:last] = self._norm_squares(part, last - first, squares)
            first = last
        norms = np.sqrt(out)
        if self._memo is not None:
            self._memo.latest = (factors, norms)
        return norms

    def norms_at(self, rows: np.ndarray, factors: np.ndarray) -> np.ndarray:
        """``weighted_norms(factors)[rows]`` to the bit, costing only those rows' entries."""
        picked = self.rows[rows]
        return np.sqrt(self._norm_squares((picked.data, picked.indices, picked.indptr), len(rows), factors * factors))

    def _norm_squares(self, part: tuple, n_rows: int, squares: np.ndarray) -> np.ndarray:
        """(row ∘ row) @ squares for rows given as CSR (data, indices, indptr): each row's terms
        added in column order from 0, so any run of rows gives a row the same sum."""
        data, indices, indptr = part
        # Each entry's value squared, read from its code's square (the same float operation).
        values = data * data if self._table is None else (self._table * self._table).take(data)
        return sparse.csr_matrix((values, indices, indptr), shape=(n_rows, self.rows.shape[1])) @ squares

    def norm_bounds(self, factors: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Per row, (lo, hi) with lo ≤ ``weighted_norms(factors)`` ≤ hi, the two equal (and exact)
        for rows added since the memo's pass or holding a column whose factor moved more than
        ``MOVED``; None when there is no memo or more than 1/``EXACT_SHARE`` of the rows would
        be exact. Costs the vocabulary's width, the rows', and the exact rows' entries.
        """
        latest = None if self._memo is None else self._memo.latest
        if latest is None:
            return None
        then, norms_then = latest
        n, known = self.rows.shape[0], len(norms_then)
        if len(then) > len(factors) or known > n:
            return None
        now = factors[: len(then)]  # later columns are held only by rows added since
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = now / then
        still = np.abs(ratio - 1.0) <= MOVED  # a factor that is or was 0 counts as moved (inf or nan)
        low, high = (float(ratio[still].min()), float(ratio[still].max())) if still.any() else (1.0, 1.0)
        holding = self._rows_holding(np.flatnonzero(~still), known, n // EXACT_SHARE)
        if holding is None:
            return None
        exact = np.concatenate([holding, np.arange(known, n)])
        if len(exact) > n // EXACT_SHARE:
            return None
        lo = np.empty(n)
        hi = np.empty(n)
        lo[:known] = norms_then * (low * (1.0 - _ROUNDING))
        hi[:known] = norms_then * (high * (1.0 + _ROUNDING))
        if len(exact):
            lo[exact] = hi[exact] = self.norms_at(exact, factors)
        return lo, hi

    def _rows_holding(self, columns: np.ndarray, rows: int, at_most: int) -> np.ndarray | None:
        """The rows < ``rows`` that hold any of ``columns`` (ascending), or None once that is
        known to be more than ``at_most`` rows."""
        if not len(columns):
            return np.zeros(0, dtype=np.int64)
        sealed, known = self._sealed()
        sealed = min(sealed, rows)
        found = []
        if sealed:
            inside = columns[columns < known]
            by_column = self._by_column
            if np.sum(by_column.indptr[inside + 1] - by_column.indptr[inside]) > at_most * 4:
                return None  # common columns moved: too many rows, or close to it
            found.append(by_column[:, inside].indices)
        if sealed < rows:
            start, end = self.rows.indptr[sealed], self.rows.indptr[rows]
            flagged = np.zeros(self.rows.shape[1], dtype=bool)
            flagged[columns] = True
            held = flagged[self.rows.indices[start:end]]
            lengths = np.diff(self.rows.indptr[sealed : rows + 1])
            found.append(np.repeat(np.arange(sealed, rows), lengths)[held])
        holding = np.unique(np.concatenate(found))
        holding = holding[holding < rows]
        return None if len(holding) > at_most else holding

    def _sealed(self) -> tuple[int, int]:
        """(rows, columns) the column copy covers."""
        return (0, 0) if self._by_column is None else self._by_column.shape

    def times(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        """``rows @ x`` for the vector ``x`` that is ``values`` at ``columns`` (ascending, distinct), 0 elsewhere."""
        n, width = self.rows.shape
        out = np.zeros(n)
        sealed, known = self._sealed()
        if sealed:
            keep = columns < known
            if keep.any():
                out[:sealed] = self._decoded(self._by_column[:, columns[keep]]) @ values[keep]
        if sealed < n:
            x = np.zeros(width)
            x[columns] = values
            out[sealed:] = self._decoded(self.rows[sealed:]) @ x
        return out

    def reached(self, lookup: sparse.csr_matrix, used: np.ndarray) -> list[np.ndarray]:
        """For each row of ``lookup`` (k × len(used): lookup row j has a 1 where it reads vocabulary
        column ``used[j]``; ``used`` ascending), the rows whose product with it is positive.

        It costs the stored entries of the ``used`` columns (and of the rows not in the column copy),
        never one value per row and lookup row, nor anything per vocabulary column.
        """
        n = self.rows.shape[0]
        k = lookup.shape[0]
        sealed, known = self._sealed()
        parts = []
        if sealed:
            inside = int(np.searchsorted(used, known))  # used columns the column copy has
            if inside:
                columns = self._decoded(self._by_column[:, used[:inside]])  # sealed × inside (CSC)
                parts.append((0, sparse.csr_matrix(lookup[:, :inside]) @ columns.T))  # k × sealed
        if sealed < n:
            newest = self.rows[sealed:]
            at = np.minimum(np.searchsorted(used, newest.indices), len(used) - 1)
            keep = used[at] == newest.indices  # entries in the used columns
            kept_before = np.concatenate([[0], np.cumsum(keep)])  # per entry: kept entries before it
            values = newest.data[keep] if self._table is None else self._table[newest.data[keep]]
            narrow = sparse.csr_matrix((values, at[keep], kept_before[newest.indptr]), shape=(n - sealed, len(used)))
            parts.append((sealed, sparse.csr_matrix(lookup) @ narrow.T))  # k × (n - sealed)
        out = []
        for j in range(k):
            slots = []
            for offset, product in parts:
                start, end = product.indptr[j], product.indptr[j + 1]
                slots.append(product.indices[start:end][product.data[start:end] > 0] + offset)
            out.append(np.concatenate(slots) if slots else np.zeros(0, dtype=np.int64))
        return out
