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
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

_DECODE_ENTRIES = 1 << 20  # row norms decode at most this many entries at a time


class ColumnIndex:
    """A CSR matrix of rows, with its first ``by_column.shape[0]`` rows also as a CSC matrix.

    ``table`` (optional): the value of each code, when the matrices hold codes, not values.
    """

    def __init__(
        self, rows: sparse.csr_matrix, by_column: sparse.csc_matrix | None, table: np.ndarray | None = None
    ) -> None:
        self.rows = rows
        self._by_column = by_column  # its width may be smaller than the rows': later columns hold none of its rows
        self._table = table

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
        """‖row ∘ factors‖ of every row: sqrt((row ∘ row) @ factors²)."""
        rows, squares = self.rows, factors * factors
        # Each entry's value squared, read from its code's square (the same float operation).
        squared = None if self._table is None else self._table * self._table
        n = rows.shape[0]
        out = np.empty(n)
        first = 0
        while first < n:  # rows in runs of about _DECODE_ENTRIES entries, so decoding needs little memory
            start = rows.indptr[first]
            last = max(first + 1, int(np.searchsorted(rows.indptr, start + _DECODE_ENTRIES, side="right")) - 1)
            last = min(last, n)
            end = rows.indptr[last]
            if squared is None:
                values = rows.data[start:end] * rows.data[start:end]
            else:
                values = squared.take(rows.data[start:end])
            part = sparse.csr_matrix(
                (values, rows.indices[start:end], rows.indptr[first : last + 1] - start),
                shape=(last - first, rows.shape[1]),
            )
            out[first:last] = part @ squares
            first = last
        return np.sqrt(out)

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
