"""TF-IDF vectors of postings and CVs fitted together, compared by cosine."""

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from matcher.ranking.documents import CV, POSTING, check_kind
from matcher.ranking.terms import TermCounts


def _count_matrix(rows: Sequence[TermCounts], width: int) -> sparse.csr_matrix:
    """Stack per-document counts into one sparse document × term matrix."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r.columns) for r in rows], out=indptr[1:])
    if rows:
        indices = np.concatenate([r.columns for r in rows])
        data = np.concatenate([r.counts for r in rows])
    else:
        indices, data = np.empty(0, np.int64), np.empty(0, np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))


class TfidfSpace:
    """An immutable TF-IDF fit over fixed postings and CVs; rows l2-normalised, dot = cosine."""

    # The weighting is scikit-learn's TfidfTransformer(sublinear_tf=True), smoothed IDF: the
    # same vectors as TfidfVectorizer(analyzer=document_terms, sublinear_tf=True) gives, but
    # terms are counted once per document at upsert instead of on every refit.

    def __init__(
        self,
        posting_counts: Sequence[TermCounts],
        cv_counts: Sequence[TermCounts],
        terms: Sequence[str],
        column_weights: np.ndarray | None = None,
    ) -> None:
        """``column_weights`` (optional, one per term) scale the TF-IDF weights of a term
        before the rows are normalised; by default every term counts as 1."""
        counts = _count_matrix([*posting_counts, *cv_counts], len(terms))
        if not counts.nnz:  # no document has a single term: everything is orthogonal
            matrix = counts
        elif column_weights is None:
            matrix = sparse.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(counts))
        else:
            raw = TfidfTransformer(sublinear_tf=True, norm=None).fit_transform(counts)
            scaled = sparse.csr_matrix(raw @ sparse.diags(np.asarray(column_weights, dtype=np.float64)))
            matrix = sparse.csr_matrix(normalize(scaled, norm="l2"))
        split = len(posting_counts)
        self._rows = {POSTING: sparse.csr_matrix(matrix[:split]), CV: sparse.csr_matrix(matrix[split:])}
        self._terms = terms  # append-only; every column of this fit is already in it

    def _matrix(self, kind: str) -> sparse.csr_matrix:
        return self._rows[check_kind(kind)]

    def similarities(self, kind: str, row: int, against: str) -> np.ndarray:
        """Cosine of row ``row`` of ``kind`` with every row of ``against``, in row order."""
        query = self._matrix(kind)[row]
        return (self._matrix(against) @ query.T).toarray().ravel()

    def top_terms(self, posting_row: int, cv_row: int, n: int = 5) -> list[str]:
        """Up to ``n`` terms adding most to the pair's cosine, largest first, ties by term."""
        return [term for term, _ in self.contributions(posting_row, cv_row, n)]

    def contributions(self, posting_row: int, cv_row: int, n: int | None = None) -> list[tuple[str, float]]:
        """(term, share of the cosine) for up to ``n`` terms, largest first, ties by term."""
        # Raw CSR slices: scipy's per-row indexing costs far more than the arithmetic.
        p, c = self._rows[POSTING], self._rows[CV]
        p_cols = p.indices[p.indptr[posting_row] : p.indptr[posting_row + 1]]
        c_cols = c.indices[c.indptr[cv_row] : c.indptr[cv_row + 1]]
        common, i, j = np.intersect1d(p_cols, c_cols, assume_unique=True, return_indices=True)
        values = p.data[p.indptr[posting_row] + i] * c.data[c.indptr[cv_row] + j]
        pairs = [(float(v), self._terms[t]) for t, v in zip(common.tolist(), values.tolist()) if v > 0]
        pairs.sort(key=lambda p: (-p[0], p[1]))
        return [(term, value) for value, term in pairs[:n]]
