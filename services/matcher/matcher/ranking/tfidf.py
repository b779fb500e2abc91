"""TF-IDF vectors of postings and CVs fitted together, compared by cosine."""

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

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
    ) -> None:
        counts = _count_matrix([*posting_counts, *cv_counts], len(terms))
        if counts.nnz:
            matrix = sparse.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(counts))
        else:  # no document has a single term: everything is orthogonal
            matrix = counts
        split = len(posting_counts)
        self._rows = {POSTING: matrix[:split], CV: matrix[split:]}
        self._terms = terms  # append-only; every column of this fit is already in it

    def _matrix(self, kind: str) -> sparse.csr_matrix:
        return self._rows[check_kind(kind)]

    def similarities(self, kind: str, row: int, against: str) -> np.ndarray:
        """Cosine of row ``row`` of ``kind`` with every row of ``against``, in row order."""
        query = self._matrix(kind)[row]
        return (self._matrix(against) @ query.T).toarray().ravel()

    def top_terms(self, posting_row: int, cv_row: int, n: int = 5) -> list[str]:
        """Up to ``n`` terms adding most to the pair's cosine, largest first, ties by term."""
        product = self._matrix(POSTING)[posting_row].multiply(self._matrix(CV)[cv_row])
        product = sparse.csr_matrix(product)
        pairs = [
            (float(v), self._terms[i]) for i, v in zip(product.indices, product.data) if v > 0
        ]
        pairs.sort(key=lambda p: (-p[0], p[1]))
        return [term for _, term in pairs[:n]]
