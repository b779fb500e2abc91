"""TF-IDF of postings and CVs kept current as documents come and go, compared by cosine.

The weighting is scikit-learn's TfidfTransformer(sublinear_tf=True) with smoothed IDF over
postings and CVs together: tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1, rows l2
normalised (optionally after scaling each column by a weight w). Nothing is refitted:
each document's tf row is stored once, document frequencies are counted up and down as
documents come and go, and rankings take the cosine under the idf of the moment:

    cos(q, d) = Σ_t (tf_q·idf·w)_t (tf_d·idf·w)_t / (‖tf_q·idf·w‖ ‖tf_d·idf·w‖)

Since every write moves every idf, the first ranking after one would work out every row's
norm again; ``TfidfView.cosines`` instead bounds them from the last full pass (see
``column_index``) and gives each cosine between two bounds, exact where a ranking asks.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from scipy import sparse

from matcher.ranking.column_index import ColumnIndex
from matcher.ranking.compiled import COMPILED_FROM, HALVES_FROM, in_two_halves, kernels
from matcher.ranking.documents import CV, POSTING
from matcher.ranking.norm_memo import NormBounds


def sublinear_tf(counts: np.ndarray) -> np.ndarray:
    """1 + ln(count), as scikit-learn's ``sublinear_tf``."""
    return np.log(counts) + 1.0


def smooth_idf(df: np.ndarray, n_documents: int) -> np.ndarray:
    """ln((1 + n) / (1 + df)) + 1, as scikit-learn's smoothed IDF (the same float operations)."""
    return np.log((n_documents + 1) / (df + 1.0)) + 1.0


def strongest(contributions: Iterable[tuple[str, float]], n: int | None) -> list[tuple[str, float]]:
    """Up to ``n`` (term, value) pairs, largest first, ties by term."""
    return sorted(contributions, key=lambda tv: (-tv[1], tv[0]))[:n]


BOUNDED_RANKINGS = 3  # a view gives this many rankings against a kind bounds, then works its norms out


def _divided(products: np.ndarray, norms: np.ndarray) -> np.ndarray:
    """``products / norms``, 0 where a norm is 0 (an empty row); in one compiled pass for many rows."""
    loaded = kernels() if len(norms) >= COMPILED_FROM else None
    if loaded is None:
        return np.divide(products, norms, out=np.zeros(len(norms)), where=norms > 0)
    products, norms, out = np.ascontiguousarray(products), np.ascontiguousarray(norms), np.empty(len(norms))
    in_two_halves(lambda first, end: loaded.quotients(products[first:end], norms[first:end], out[first:end]), len(out),
                  HALVES_FROM)
    return out


def _common(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The values in both ``a`` and ``b`` (each ascending, distinct), ascending, and where each has them."""
    if not len(a) or not len(b):
        empty = np.zeros(0, dtype=np.int64)
        return a[:0], empty, empty
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    i = np.flatnonzero(b[at] == a)
    return a[i], i, at[i]


class Cosines:
    """One row's cosines with every row of a kind, each between ``lo`` and ``hi``: exact (the
    same array) where the norms are known, and worked out exactly on request (``at``, ``all``)."""

    parts: tuple[np.ndarray, NormBounds] | None = None  # (products, norm bounds) of ``between``

    def __init__(
        self,
        lo: np.ndarray,
        hi: np.ndarray | None = None,
        exact_at: Callable[[np.ndarray], np.ndarray] | None = None,
        exact_all: Callable[[], np.ndarray] | None = None,
    ) -> None:
        """``lo`` alone: the exact cosines; else their bounds and how to work them out."""
        self._lo = lo
        self._hi = lo if hi is None else hi
        self._exact_at = exact_at
        self._exact_all = exact_all

    @classmethod
    def between(
        cls,
        products: np.ndarray,
        norms: NormBounds,
        exact_at: Callable[[np.ndarray], np.ndarray],
        exact_all: Callable[[], np.ndarray],
    ) -> Cosines:
        """The cosines ``products`` ÷ norms, the norms only bounded: ``lo`` and ``hi`` are worked out when
        first read (a caller that reads ``parts`` instead may need neither)."""
        out = cls(None, None, exact_at, exact_all)
        out.parts = (products, norms)
        return out

    @property
    def lo(self) -> np.ndarray:
        """Each cosine's lower bound."""
        return self._lo if self._lo is not None else self._worked_out()[0]

    @property
    def hi(self) -> np.ndarray:
        """Each cosine's upper bound (``lo`` itself when exact)."""
        return self._hi if self._hi is not None else self._worked_out()[1]

    def _worked_out(self) -> tuple[np.ndarray, np.ndarray]:
        """``lo`` and ``hi`` from the parts (kept): the products ÷ the high norms, ÷ the low ones."""
        products, norms = self.parts
        self._lo, self._hi = _divided(products, norms.hi), _divided(products, norms.lo)
        return self._lo, self._hi

    @property
    def exact(self) -> bool:
        """Whether ``lo`` and ``hi`` are the cosines themselves."""
        return self._exact_all is None

    def at(self, rows: np.ndarray) -> np.ndarray:
        """The exact cosines of ``rows``."""
        if self._exact_at is None:
            return self.lo[rows]
        if self._lo is None:  # from the parts, for these rows only
            products, norms = self.parts
            values, highest = _divided(products[rows], norms.hi[rows]), _divided(products[rows], norms.lo[rows])
        else:
            values, highest = self.lo[rows], self.hi[rows]
        loose = np.flatnonzero(values != highest)
        if len(loose):
            values[loose] = self._exact_at(rows[loose])
        return values

    def all(self) -> np.ndarray:
        """Every exact cosine."""
        return self.lo if self._exact_all is None else self._exact_all()


class DocumentFrequencies:
    """How many documents (postings and CVs together) have each column; callers serialise writes.

    A ``frozen`` idf reads the counts in place; the next change first moves the counts to a copy
    of their own if any frozen idf that reads them is still in use (copy on write), so taking one
    costs nothing per column and a write costs a copy only while an older view is still ranking.
    """

    _readers: weakref.WeakSet | None = None  # the frozen idfs reading ``_df`` in place (None: none yet)

    def __init__(self) -> None:
        self._df = np.zeros(16, dtype=np.int32)  # a count per column: 4 bytes hold any number of documents here
        self.n_documents = 0

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_readers", None)  # who reads the counts is this process's business, not the snapshot's
        return state

    def _own(self) -> None:
        """Before a change: counts some frozen idf still reads are left to it, and changed in a copy."""
        readers = self._readers
        if readers:  # a WeakSet holds only the frozen idfs still referenced
            self._df = self._df.copy()
        self._readers = None

    def add(self, columns: np.ndarray) -> None:
        """Count a new document with these (distinct) columns."""
        self._own()
        if len(columns) and columns[-1] >= len(self._df):
            grown = np.zeros(max(int(columns[-1]) + 1, 2 * len(self._df)), dtype=np.int32)
            grown[: len(self._df)] = self._df
            self._df = grown
        self._df[columns] += 1
        self.n_documents += 1

    def copy(self) -> DocumentFrequencies:
        """The same counts, counted on their own."""
        out = DocumentFrequencies()
        out._df = self._df.copy()
        out.n_documents = self.n_documents
        return out

    def counts(self, columns: np.ndarray) -> np.ndarray:
        """How many documents have each of ``columns``."""
        return _counts_of(self._df, columns)

    def discard(self, columns: np.ndarray) -> None:
        """Stop counting a document added with these columns."""
        self._own()
        self._df[columns] -= 1
        self.n_documents -= 1

    def idf(self, width: int) -> np.ndarray:
        """The current smoothed idf of every column < ``width`` (see ``FrozenIdf.all``)."""
        return self.frozen(width).all()

    def frozen(self, width: int) -> FrozenIdf:
        """The idf of columns < ``width`` as the counts stand now, for a view: it reads these counts in
        place (the next change copies them first while it is in use), each idf worked out only when asked for."""
        out = FrozenIdf(self._df[: min(width, len(self._df))], self.n_documents, width)
        if self._readers is None:
            self._readers = weakref.WeakSet()
        self._readers.add(out)
        return out


# ``FrozenIdf.all`` looks the idf up per document frequency up to the larger of these (its share of the
# columns), and works it out per column for the columns counted by more documents.
_LOOKED_UP_AT_LEAST = 1024
_LOOKED_UP_SHARE = 16


class FrozenIdf:
    """The smoothed idf of every column < ``width`` under fixed document counts, worked out for the
    columns a ranking reads (``at``), or for all of them once something needs every one (``all``).

    Both give the same values to the bit: each is ``smooth_idf`` of the column's count. Read-only
    but for the array ``all`` keeps, so threads may share it.
    """

    def __init__(self, df: np.ndarray, n_documents: int, width: int, values: np.ndarray | None = None) -> None:
        """``df``: the counts of the first columns (the rest count 0); ``values``: every idf, when known."""
        self._df = df
        self._n_documents = n_documents
        self.width = width
        self._all = values

    @classmethod
    def given(cls, values: np.ndarray) -> FrozenIdf:
        """The idf ``values`` as they are (one per column)."""
        return cls(np.zeros(0, dtype=np.int32), 0, len(values), values)

    def all(self) -> np.ndarray:
        """Every column's idf (kept): looked up per document frequency below a bound (most columns
        share a few small ones, and a logarithm costs more than a lookup), worked out per column above it
        (the frequencies there are far apart: a table up to the highest would cost a logarithm for
        each of up to a million counts that no column has)."""
        if self._all is None:
            df, known = self._df, len(self._df)
            highest = int(df.max()) if known else 0
            looked_up = min(highest, max(_LOOKED_UP_AT_LEAST, self.width // _LOOKED_UP_SHARE))
            by_frequency = smooth_idf(np.arange(looked_up + 1), self._n_documents)
            out = np.empty(self.width)
            loaded = kernels() if known >= COMPILED_FROM else None
            if loaded is not None:  # one pass: the lookup, and the columns above it gathered
                above = np.empty(known, dtype=np.int64)
                above = above[: loaded.looked_up(df, by_frequency, out, above)]
            else:  # "clip" only skips a bounds check the minimum makes moot (about half a take's cost)
                by_frequency.take(np.minimum(df, looked_up), out=out[:known], mode="clip")
                above = np.flatnonzero(df > looked_up)
            out[above] = smooth_idf(df[above], self._n_documents)
            out[known:] = by_frequency[0]
            self._all = out
        return self._all

    def at(self, columns: np.ndarray) -> np.ndarray:
        """The idf of ``columns`` (each < ``width``), in a new array; costs those columns only."""
        if self._all is not None:
            return self._all[columns]
        return smooth_idf(_counts_of(self._df, columns), self._n_documents)


def _counts_of(df: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``df`` at ``columns``, 0 for columns past its end (counted by no document yet)."""
    known = columns < len(df)
    out = np.zeros(len(columns), dtype=np.int64)
    out[known] = df[columns[known]]
    return out


class TfidfView:
    """Cosines of tf rows under a fixed idf; read-only, so threads may share it."""

    # Ranking takes two mat-vecs over the other kind's stored tf rows, nothing copied (the
    # first by column, over the query's columns only, where the rows come with a column copy):
    # the dot products with the query's weights, and (once per view) the rows' norms
    # sqrt((tf∘tf) @ g²), g = idf × column weight. An explained pair's rows are weighted
    # and normalised with a full scikit-learn fit's float operations, to the bit. Nothing
    # costs one step per vocabulary column unless the rows a ranking reads hold more entries
    # than there are columns: a CV ranked against a fair's postings right after it came in
    # reads only the idf of its own and the postings' columns.

    def __init__(
        self,
        rows: dict[str, sparse.csr_matrix],
        idf: np.ndarray | FrozenIdf,
        terms: Sequence[str],
        column_weights: np.ndarray | None = None,
    ) -> None:
        """``rows``: per kind, documents × columns of sublinear tf (a ``ColumnIndex`` is read by
        column where that is cheaper); ``idf``: one per column; ``terms``: a column's name
        (a list that may grow, not change); ``column_weights`` (optional, one per column)
        scale the TF-IDF weights of a column before rows are normalised."""
        self._tf = {kind: m if isinstance(m, ColumnIndex) else ColumnIndex(m, None) for kind, m in rows.items()}
        self._idf = idf if isinstance(idf, FrozenIdf) else FrozenIdf.given(idf)
        self._terms = terms
        self._column_weights = column_weights
        self._all_factors: np.ndarray | None = None
        self._norms: dict[str, np.ndarray] = {}
        self._bounded: dict[str, list] = {}  # per kind: [norm bounds or None, rankings that asked]

    def _weighted(self, tf: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """tf × idf (× column weight), in a new array: (tf·idf)·w, as a full fit computes it."""
        weighted = self._idf.at(columns)
        weighted *= tf
        if self._column_weights is not None:
            weighted *= self._column_weights[columns]
        return weighted

    def _factors_at(self, columns: np.ndarray) -> np.ndarray:
        """g = idf × column weight of ``columns``."""
        factors = self._idf.at(columns)
        return factors if self._column_weights is None else factors * self._column_weights[columns]

    def _factors(self) -> np.ndarray:
        """g of every column (kept): for passes over rows that hold most columns."""
        if self._all_factors is None:
            idf = self._idf.all()
            self._all_factors = idf if self._column_weights is None else idf * self._column_weights
        return self._all_factors

    def _few(self, kind: str) -> bool:
        """Whether ``kind``'s rows hold fewer entries than there are columns: their norms then cost
        less, worked out exactly from their own columns, than any pass over every column."""
        return self._tf[kind].rows.nnz < self._idf.width

    def _row_norms(self, kind: str) -> np.ndarray:
        """‖tf∘g‖ of every row of ``kind``."""
        norms = self._norms.get(kind)
        if norms is None:
            tf = self._tf[kind]
            norms = tf.few_weighted_norms(self._factors_at) if self._few(kind) else tf.weighted_norms(self._factors())
            self._norms[kind] = norms
        return norms

    def prepare(self) -> None:
        """Every kind's column copy and row norms, made now (later rankings in this view need no bounds)."""
        for kind, rows in self._tf.items():
            rows.prepare()
            self._row_norms(kind)

    def _row(self, kind: str, row: int) -> tuple[np.ndarray, np.ndarray]:
        """One row, TF-IDF weighted and l2-normalised, as (columns, values)."""
        columns, tf = self._tf[kind].row(row)
        values = self._weighted(tf, columns)
        if len(values):
            norm = np.sqrt(np.cumsum(values * values)[-1])  # added one by one, as scikit-learn does
            values /= norm if norm else 1.0
        return columns, values

    def _kept_row(self, kind: str, row: int, rows: dict | None) -> tuple[np.ndarray, np.ndarray]:
        """``_row``, kept in ``rows`` (when given) for pairs that share the document."""
        if rows is None:
            return self._row(kind, row)
        kept = rows.get((kind, row))
        if kept is None:
            kept = rows[kind, row] = self._row(kind, row)
        return kept

    def _products(self, kind: str, row: int, against: str) -> np.ndarray | None:
        """Row ``row`` of ``kind`` (weighted, normalised) times every unnormalised weighted row of
        ``against``; None when either side is empty."""
        columns, values = self._row(kind, row)
        if not len(columns) or not self._tf[against].shape[0]:
            return None
        weights = values * self._factors_at(columns)
        return self._tf[against].times(columns, weights)  # by column where it can: only the query's columns

    def similarities(self, kind: str, row: int, against: str) -> np.ndarray:
        """Cosine of row ``row`` of ``kind`` with every row of ``against``, in row order."""
        products = self._products(kind, row, against)
        if products is None:
            return np.zeros(self._tf[against].shape[0])
        return _divided(products, self._row_norms(against))

    def cosines(self, kind: str, row: int, against: str) -> Cosines:
        """``similarities``, bounded rather than worked out while this view has no norms of
        ``against`` and the last full pass bounds them, for up to ``BOUNDED_RANKINGS`` rankings:
        the next one works the norms out (a view that serves many rankings pays that once)."""
        products = self._products(kind, row, against)
        if products is None:
            return Cosines(np.zeros(self._tf[against].shape[0]))
        bounds = self._norm_bounds(against)
        if bounds is None:
            return Cosines(_divided(products, self._row_norms(against)))
        return Cosines.between(
            products,
            bounds,
            lambda rows: _divided(products[rows], self._tf[against].norms_at(rows, self._factors())),
            lambda: _divided(products, self._row_norms(against)),
        )

    def _norm_bounds(self, kind: str) -> NormBounds | None:
        """Bounds of the norms of ``kind``'s rows (see ``ColumnIndex.norm_bounds``), worked out once
        per view; None once the norms themselves are, or are due."""
        if kind in self._norms or self._few(kind):
            return None
        uses = self._bounded.get(kind)
        if uses is None:
            uses = self._bounded[kind] = [self._tf[kind].norm_bounds(self._factors()), 0]
        uses[1] += 1
        return uses[0] if uses[1] <= BOUNDED_RANKINGS else None

    def contributions(
        self, posting_row: int, cv_row: int, n: int | None = None, rows: dict | None = None
    ) -> list[tuple[str, float]]:
        """(term, share of the cosine) for up to ``n`` terms, largest first, ties by term.

        ``rows`` (optional): weighted rows worked out before, by (kind, row), kept there for the next pair.
        """
        p_columns, p_values = self._kept_row(POSTING, posting_row, rows)
        c_columns, c_values = self._kept_row(CV, cv_row, rows)
        common, i, j = _common(p_columns, c_columns)
        shares = p_values[i] * c_values[j]
        keep = shares > 0
        if n is not None and np.count_nonzero(keep) > n:  # only the n largest and their ties need their names
            keep &= shares >= np.partition(shares, len(shares) - n)[len(shares) - n]
        terms = self._terms
        return strongest(((terms[t], v) for t, v in zip(common[keep].tolist(), shares[keep].tolist())), n)
