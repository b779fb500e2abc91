"""Rows that can also be read by column: the inverted index a ranking's products read.

A ranking multiplies all rows of one kind by a query that is nonzero in a few columns (its
terms, or the vocabulary terms its listed skills need). Read row by row that costs every
stored entry; read by column it costs only the entries of the query's columns. So the row
storage keeps, besides its rows (CSR), the same rows by column (CSC) for all but its newest
rows: rebuilt when the newest rows outgrow a share of it, so a write costs amortised O(1)
per entry, and the newest rows are read row by row. A rebuild extends the previous copy with the
newest rows' columns (``extended_column_copy``): one ordered copy of each entry, about eight
times cheaper than sorting all the rows by column again, and the same arrays. While the newest
rows are few enough to read by row a while longer, the ranking that finds the copy due does not
wait for it: it is extended in the background (``in_background``) for the views after. Products add the same terms in the same
order as the row-by-row product (each row's columns ascending), so results are bit-identical.

Stored rows may hold value codes rather than values (see ``row_storage.ValueCodes``): a
``table`` then gives each code's value, and only the entries a product reads are decoded.

Row norms under column factors (‖row ∘ g‖, g = idf × weight) change with every write, since
every idf does; a full pass over all entries is the costliest part of the first ranking
after a write. So each row storage keeps its rows' squared norms current column by column
(``norm_memo.NormMemo``), and ``norm_bounds`` gives every row's norm between two bounds from
them; a ranking then needs exact norms only for the rows the bounds cannot place
(``norms_at``), worked out with the same float operations as the full pass, to the bit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np
from scipy import sparse

from matcher.ranking.compiled import HALVES_FROM, in_two_halves, kernels
from matcher.ranking.foreground import step_aside
from matcher.ranking.norm_memo import NormBounds, NormMemo


log = logging.getLogger(__name__)

_ROWS_AT_ONCE = 1 << 16  # rows a product adds into at a time (see ``kernels.add_column_products``)
_DECODE_ENTRIES = 1 << 20  # row norms decode at most this many entries at a time
COPY_STEP = 1 << 20  # a column copy is extended in steps of about this many entries (a few ms each)


def in_background(run: Callable[[], object]) -> None:
    """Run ``run()`` in a daemon thread of its own, logging (not raising) a failure."""

    def logged() -> None:
        try:
            run()
        except Exception:  # the copy stays as it was: a later view asks again, or reads by row
            log.exception("extending a column copy in the background failed")

    threading.Thread(target=logged, name="column-copy", daemon=True).start()


def extended_column_copy(rows: sparse.csr_matrix, kept: sparse.csc_matrix | None,
                          pause: Callable[[], object] | None = None) -> sparse.csc_matrix:
    """``rows.tocsc()``, made from ``kept`` when it is the column copy of ``rows``' first rows (perhaps
    narrower: later columns hold none of them) and the compiled loops are there: ``kept``'s entries
    then the newer rows' (sorted by column on their own), column by column, in steps of about
    ``COPY_STEP`` entries, calling ``pause()`` first and between steps (``foreground.step_aside``, in the
    background: a thread started by a ranking then does nothing while that ranking runs). The same
    arrays either way."""
    if pause is not None:
        pause()
    loaded = kernels()
    if loaded is None or kept is None or kept.shape[0] > rows.shape[0] or kept.shape[1] > rows.shape[1]:
        return rows.tocsc()
    sealed, known = kept.shape
    newer = rows[sealed:].tocsc()
    nnz = kept.nnz + newer.nnz
    index_type = np.int32 if max(nnz, rows.shape[0], rows.shape[1]) <= np.iinfo(np.int32).max else np.int64
    indptr = newer.indptr.astype(index_type)  # each column's offset: its entries in both parts before it
    indptr[: known + 1] += kept.indptr.astype(index_type, copy=False)
    indptr[known + 1 :] += index_type(kept.nnz)
    indices = np.empty(nnz, dtype=index_type)
    data = np.empty(nnz, dtype=rows.data.dtype)
    width = rows.shape[1]
    steps = np.searchsorted(indptr, np.arange(COPY_STEP, nnz, COPY_STEP))  # a step ends at a column's start
    edges = np.unique(np.concatenate([[0], steps.clip(0, width), [width]]))
    for step, (first, end) in enumerate(zip(edges[:-1].tolist(), edges[1:].tolist())):
        if pause is not None and step:
            pause()
        loaded.extend_columns(kept.indptr, kept.indices, kept.data, known, newer.indptr, newer.indices, newer.data,
                              sealed, indptr, first, end, indices, data)
    return sparse.csc_matrix((data, indices, indptr), shape=rows.shape, copy=False)


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
        rebuild: Callable[[Callable[[], object] | None], sparse.csc_matrix] | None = None,
        background: bool = False,
    ) -> None:
        """``memo`` (optional): where full passes of ``weighted_norms`` are kept for ``norm_bounds``;
        every row it covers must be one of these rows, unchanged. ``rebuild`` (optional): makes the
        column copy of all these rows, called the first time something reads by column (a ranking
        that reads these rows only by row, a CV against the postings, never pays for it); with
        ``background``, called then in a thread of its own (``in_background``; its maker keeps
        what it makes for later readers) while this one reads ``by_column`` and the rows after it by row.
        ``rebuild(pause)``: ``pause`` is ``foreground.step_aside`` in the background, None when made at once
        (see ``extended_column_copy``)."""
        self.rows = rows
        self._copy = by_column  # its width may be smaller than the rows': later columns hold none of its rows
        self._rebuild = rebuild
        self._background = background
        self._rebuilding = threading.Lock()
        self.table = table
        self._memo = memo

    @property
    def _by_column(self) -> sparse.csc_matrix | None:
        """The column copy, made now if it is due (once, whichever thread asks first)."""
        if self._rebuild is not None:
            with self._rebuilding:
                if self._rebuild is not None:
                    if self._background:
                        rebuild = self._rebuild
                        in_background(lambda: rebuild(step_aside))
                    else:
                        self._copy = self._rebuild(None)
                    self._rebuild = None
        return self._copy

    def prepare(self) -> None:
        """Make the column copy now if it is due (see ``rebuild``), even one due in the background."""
        self._background = False
        self._by_column  # noqa: B018 - the property makes it

    @property
    def shape(self) -> tuple[int, int]:
        return self.rows.shape

    def _decoded_values(self, data: np.ndarray) -> np.ndarray:
        """The values of stored entries ``data`` (codes when there is a table)."""
        return data if self.table is None else self.table[data]

    def _decoded(self, matrix):
        """``matrix`` with values in place of codes (a new matrix sharing its index arrays)."""
        if self.table is None:
            return matrix
        return type(matrix)((self._decoded_values(matrix.data), matrix.indices, matrix.indptr), shape=matrix.shape)

    def toarray(self) -> np.ndarray:
        """The rows as a dense array."""
        return self._decoded(self.rows).toarray()

    def row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The columns (a view) and values of one row."""
        start, end = self.rows.indptr[row], self.rows.indptr[row + 1]
        return self.rows.indices[start:end], self._decoded_values(self.rows.data[start:end])

    def weighted_norms(self, factors: np.ndarray) -> np.ndarray:
        """‖row ∘ factors‖ of every row: sqrt((row ∘ row) @ factors²); kept in the memo, if any."""
        squares, lengths = self.squares_of_rows(0, self.rows.shape[0], factors)
        if self._memo is not None:
            self._memo.keep(factors, squares, lengths)
        return np.sqrt(squares)

    def few_weighted_norms(self, factors_at: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """``weighted_norms`` to the bit, reading the factors of the rows' own columns only
        (``factors_at(columns)``): cheaper for rows with fewer entries than columns. The memo keeps nothing."""
        rows = self.rows
        end = int(rows.indptr[-1])
        columns, places = np.unique(rows.indices[:end], return_inverse=True)
        factors = factors_at(columns)
        part = (rows.data[:end], places.reshape(-1), rows.indptr)
        return np.sqrt(self._norm_squares(part, rows.shape[0], factors * factors))

    def squares_of_rows(self, first: int, last: int, factors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """((row ∘ row) @ ``factors``², the row's number of entries) of rows ``first`` to ``last`` (excluded)."""
        rows = self.rows
        lengths = np.diff(rows.indptr[first : last + 1])
        if self.sums_compiled:
            return self._compiled_squares(np.arange(first, last, dtype=np.int64), factors), lengths
        squares = factors * factors
        out = np.empty(last - first)
        at = first
        while at < last:  # rows in runs of about _DECODE_ENTRIES entries, so decoding needs little memory
            start = rows.indptr[at]
            end_row = max(at + 1, int(np.searchsorted(rows.indptr, start + _DECODE_ENTRIES, side="right")) - 1)
            end_row = min(end_row, last)
            end = rows.indptr[end_row]
            part = (rows.data[start:end], rows.indices[start:end], rows.indptr[at : end_row + 1] - start)
            out[at - first : end_row - first] = self._norm_squares(part, end_row - at, squares)
            at = end_row
        return out, lengths

    def norms_at(self, rows: np.ndarray, factors: np.ndarray) -> np.ndarray:
        """``weighted_norms(factors)[rows]`` to the bit, costing only those rows' entries."""
        if self.sums_compiled:
            return np.sqrt(self._compiled_squares(rows.astype(np.int64, copy=False), factors))
        picked = self.rows[rows]
        return np.sqrt(self._norm_squares((picked.data, picked.indices, picked.indptr), len(rows), factors * factors))

    def _compiled_squares(self, rows: np.ndarray, factors: np.ndarray) -> np.ndarray:
        """(row ∘ row) @ factors² of ``rows`` in one compiled pass over their entries, as ``_norm_squares``
        adds them (see ``kernels.row_squares``)."""
        out = np.empty(len(rows))
        arrays = (self.rows.indptr, self.rows.indices, self.rows.data, self.table * self.table,
                  np.ascontiguousarray(factors, dtype=np.float64))
        loaded = kernels()
        in_two_halves(lambda first, end: loaded.row_squares(*arrays, rows[first:end], out[first:end]), len(rows),
                      HALVES_FROM)
        return out

    def _norm_squares(self, part: tuple, n_rows: int, squares: np.ndarray) -> np.ndarray:
        """(row ∘ row) @ squares for rows given as CSR (data, indices, indptr): each row's terms
        added in column order from 0, so any run of rows gives a row the same sum."""
        data, indices, indptr = part
        # Each entry's value squared, read from its code's square (the same float operation).
        values = data * data if self.table is None else (self.table * self.table).take(data)
        return sparse.csr_matrix((values, indices, indptr), shape=(n_rows, len(squares))) @ squares

    def norm_bounds(self, factors: np.ndarray) -> NormBounds | None:
        """Per row, lo ≤ ``weighted_norms(factors)`` ≤ hi, and their spread, from the memo (see
        ``norm_memo``); None when there is no memo or it asks for a full pass."""
        return None if self._memo is None else self._memo.bounds(self, factors)

    def entries_of(self, columns: np.ndarray, below: int, at_most: int) -> tuple[np.ndarray, ...] | None:
        """(row, column, value) of every entry of ``columns`` (ascending, distinct) in the rows < ``below``,
        or None once they are known to be more than ``at_most``. Costs those columns' entries (and
        the entries of the rows not in the column copy)."""
        sealed, known = self._sealed()
        sealed = min(sealed, below)
        parts = []
        if sealed:
            inside = columns[columns < known]
            by_column = self._by_column
            lengths = by_column.indptr[inside + 1] - by_column.indptr[inside]
            if int(lengths.sum()) > at_most:
                return None
            picked = by_column[:, inside]
            keep = picked.indices < sealed
            parts.append((picked.indices[keep], np.repeat(inside, lengths)[keep], picked.data[keep]))
        if sealed < below:
            start, end = self.rows.indptr[sealed], self.rows.indptr[below]
            flagged = np.zeros(self.rows.shape[1], dtype=bool)
            flagged[columns] = True
            indices = self.rows.indices[start:end]
            held = flagged[indices]
            lengths = np.diff(self.rows.indptr[sealed : below + 1])
            rows = np.repeat(np.arange(sealed, below), lengths)[held]
            parts.append((rows, indices[held], self.rows.data[start:end][held]))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        rows, found, codes = (np.concatenate(part) for part in zip(*parts))
        if len(rows) > at_most:
            return None
        return rows.astype(np.int64), found.astype(np.int64), self._decoded_values(codes)

    def moved_squares(self, columns: np.ndarray, below: int, at_most: int, now: np.ndarray, then: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Per row < ``below``, over the entries (r, c, v) ``entries_of(columns, below, at_most)`` gives, in its
        order: (Σ v² (now[c]² − then[c]²), Σ v² (now[c]² + then[c]²), their number), as bincounts over those
        entries give them, in one compiled pass that makes no array per entry; None when ``entries_of``
        would give None. Only for rows held as codes where numba is (``sums_compiled``)."""
        sealed, known = self._sealed()
        sealed = min(sealed, below)
        inside = columns[columns < known] if sealed else columns[:0]
        if sealed:
            by_column = self._by_column
            if int((by_column.indptr[inside + 1] - by_column.indptr[inside]).sum()) > at_most:
                return None
            indptr, rows, codes = by_column.indptr, by_column.indices, by_column.data
        else:
            indptr, rows, codes = self.rows.indptr[:1], self.rows.indices[:0], self.rows.data[:0]
        start = self.rows.indptr[sealed]
        tail_indptr = self.rows.indptr[sealed : below + 1] - start
        end = start + tail_indptr[-1]
        flagged = np.zeros(self.rows.shape[1], dtype=bool)
        flagged[columns] = True
        delta, size, terms = np.zeros(below), np.zeros(below), np.zeros(below, dtype=np.int64)
        if not kernels().add_moved_squares(indptr, rows, codes, self.table, inside.astype(np.int64), sealed,
                                           tail_indptr, self.rows.indices[start:end], self.rows.data[start:end],
                                           flagged, sealed, now, then, at_most, delta, size, terms):
            return None
        return delta, size, terms

    @property
    def sums_compiled(self) -> bool:
        """Whether ``moved_squares`` can run: the rows hold codes and numba is there."""
        return self.table is not None and kernels() is not None

    def _sealed(self) -> tuple[int, int]:
        """(rows, columns) the column copy covers."""
        return (0, 0) if self._by_column is None else self._by_column.shape

    def times(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        """``rows @ x`` for the vector ``x`` that is ``values`` at ``columns`` (ascending, distinct), 0 elsewhere."""
        n, width = self.rows.shape
        out = np.empty(n)  # every row is written below: no pass of its own zeroes it
        sealed, known = self._sealed()
        if sealed:
            inside = columns < known  # the columns the copy has (the others are newer than every row it holds)
            self._column_products(columns[inside], values[inside], out[:sealed])
        if sealed < n:
            x = np.zeros(width)
            x[columns] = values
            loaded = kernels() if self.table is not None else None
            if loaded is None:
                out[sealed:] = self._decoded(self.rows[sealed:]) @ x
            else:  # the same sums, reading the rows in place, in two halves where there are many entries
                rows = self.rows
                arrays = (rows.indptr, rows.indices, rows.data, self.table, x)
                newest = out[sealed:]
                many = rows.indptr[n] - rows.indptr[sealed] >= HALVES_FROM
                in_two_halves(lambda first, end: loaded.row_products(*arrays, sealed + first, newest[first:end]),
                              n - sealed, 0 if many else n - sealed + 1)
        return out

    def _column_products(self, columns: np.ndarray, values: np.ndarray, out: np.ndarray) -> None:
        """``out = by_column[:, columns] @ values``, added as scipy's product adds into zeros: for entries held
        as codes compiled where numba is, reading the columns in place; else by scipy, on a copy of them."""
        loaded = kernels() if self.table is not None else None
        by_column = self._by_column
        if loaded is None or not len(columns):
            out[:] = 0.0
            if len(columns):
                out += self._decoded(by_column[:, columns]) @ values
            return
        arrays = (by_column.indptr, by_column.indices, by_column.data, self.table, columns, values, out, _ROWS_AT_ONCE)
        in_two_halves(lambda first, end: loaded.add_column_products(*arrays, first, end), len(out), HALVES_FROM)

    def parts_by_column(self, used: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]]:
        """The stored entries of the columns ``used`` (ascending, distinct) as CSC parts for the compiled
        loops (see ``kernels.add_rows_of_units``): (indptr, rows, codes, the part's column of each place
        in ``used`` (-1: none), first row): the column copy as it is, and the newest rows' entries in
        those columns by place. Costs the newest rows' entries, nothing per entry of the column copy."""
        n = self.rows.shape[0]
        sealed, known = self._sealed()
        parts = []
        if sealed:
            by_column = self._by_column
            parts.append((by_column.indptr, by_column.indices, by_column.data, np.where(used < known, used, -1), 0))
        if sealed < n and self.sums_compiled:  # read in place, in one compiled pass
            rows = self.rows
            entries = int(rows.indptr[n] - rows.indptr[sealed])
            indptr = np.empty(len(used) + 1, dtype=rows.indptr.dtype)
            out_rows, codes = np.empty(entries, dtype=rows.indices.dtype), np.empty(entries, dtype=rows.data.dtype)
            kept = kernels().rows_by_used_column(rows.indptr, rows.indices, rows.data, sealed,
                                                 used.astype(np.int64, copy=False), indptr, out_rows, codes)
            parts.append((indptr, out_rows[:kept], codes[:kept], np.arange(len(used), dtype=np.int64), sealed))
        elif sealed < n:
            newest = self.rows[sealed:]
            index_type = newest.indices.dtype
            at = np.minimum(np.searchsorted(used, newest.indices), max(len(used) - 1, 0))
            keep = used[at] == newest.indices if len(used) else np.zeros(len(at), dtype=bool)
            places = at[keep]
            order = np.argsort(places, kind="stable")
            rows = np.repeat(np.arange(n - sealed, dtype=index_type), np.diff(newest.indptr))[keep][order]
            indptr = np.zeros(len(used) + 1, dtype=newest.indptr.dtype)
            np.cumsum(np.bincount(places, minlength=len(used)), out=indptr[1:])
            parts.append((indptr, rows, newest.data[keep][order], np.arange(len(used), dtype=np.int64), sealed))
        return parts

    def column_copy(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """(indptr, rows, codes, rows covered) of the column copy, empty when there is none."""
        sealed, _ = self._sealed()
        if not sealed:
            empty = np.zeros(0, dtype=self.rows.indices.dtype)
            return np.zeros(1, dtype=self.rows.indptr.dtype), empty, self.rows.data[:0], 0
        return self._by_column.indptr, self._by_column.indices, self._by_column.data, sealed

    def newest_products(self, vectors: np.ndarray) -> np.ndarray:
        """``rows[sealed:] @ vectors`` (width × k) as k × (rows not in the column copy), C-ordered:
        each row's entries added in order from 0, as ``times`` adds them for those rows."""
        sealed, _ = self._sealed()
        return np.ascontiguousarray((self._decoded(self.rows[sealed:]) @ vectors).T)

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
            values = self._decoded_values(newest.data[keep])
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
