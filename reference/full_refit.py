"""The index as it ranked before it was incremental: a full refit on the first ranking after a write.

Not used by the service. It is the reference the incremental index must agree with (the
unit tests) and the baseline it is measured against (``python -m benchmarks.matcher_index``): on
every view it stacks all documents' counts and fits scikit-learn's TfidfTransformer over
postings and CVs together, as the index did before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from matcher.ranking.column_index import ColumnIndex
from matcher.ranking.documents import CV, KINDS, Document
from matcher.ranking.index import MatchIndex
from matcher.ranking.index_rows import IndexRows, IndexView
from matcher.ranking.terms import TermCounts
from matcher.ranking.tfidf import Cosines, TfidfView


def stack(rows: Sequence[TermCounts], width: int) -> sparse.csr_matrix:
    """Per-document counts as one document × column matrix."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r.columns) for r in rows], out=indptr[1:])
    if indptr[-1]:
        indices = np.concatenate([r.columns for r in rows])
        data = np.concatenate([r.counts for r in rows])
    else:
        indices, data = np.empty(0, np.int64), np.empty(0, np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))


class FittedTfidf(TfidfView):
    """TF-IDF rows of every slot, fitted by scikit-learn over the live documents at once."""

    def __init__(
        self,
        counts: dict[str, sparse.csr_matrix],
        live: dict[str, np.ndarray],
        terms: Sequence[str],
        column_weights: np.ndarray | None = None,
    ) -> None:
        """``counts``: per kind, slots × columns of raw counts; ``live``: the slots that count."""
        super().__init__(counts, np.ones(counts[CV].shape[1]), terms, column_weights)  # idf: fitted below
        fitted = sparse.vstack([counts[kind][live[kind]] for kind in KINDS]).tocsr()
        transformer = TfidfTransformer(sublinear_tf=True, norm=None)
        if fitted.nnz:
            transformer.fit(fitted)
        self._fitted = {}
        for kind in KINDS:
            matrix = sparse.csr_matrix(counts[kind].shape)  # no live document has a column: all orthogonal
            if fitted.nnz and matrix.shape[0]:
                matrix = sparse.csr_matrix(transformer.transform(counts[kind]))
                if column_weights is not None:
                    matrix.data *= column_weights[matrix.indices]
                matrix = sparse.csr_matrix(normalize(matrix, norm="l2"))
            self._fitted[kind] = matrix

    def similarities(self, kind: str, row: int, against: str) -> np.ndarray:
        """Cosine of row ``row`` of ``kind`` with every row of ``against``: l2 rows' dot products."""
        return (self._fitted[against] @ self._fitted[kind][row].T).toarray().ravel()

    def cosines(self, kind: str, row: int, against: str) -> Cosines:
        """``similarities``, exactly."""
        return Cosines(self.similarities(kind, row, against))

    def _row(self, kind: str, row: int) -> tuple[np.ndarray, np.ndarray]:
        matrix = self._fitted[kind]
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        return matrix.indices[start:end], matrix.data[start:end]


def refit_view(rows: IndexRows) -> IndexView:
    """``rows.view()`` with every fitted or stacked part rebuilt from the entries, as before."""
    view = rows.view()
    entries = {kind: rows.kept_rows(kind) for kind in KINDS}
    n_concepts = len(rows.concept_ids)
    return replace(
        view,
        space=FittedTfidf(
            {kind: stack([e.counts for e in entries[kind]], view.width) for kind in KINDS},
            view.live,
            rows.vocabulary.terms,
        ),
        concept_space=FittedTfidf(
            {kind: stack([e.concepts for e in entries[kind]], n_concepts) for kind in KINDS},
            view.live,
            rows.concept_ids,
            column_weights=rows.concept_weights,
        ),
        evidence=(ColumnIndex(sparse.csc_matrix(stack([e.evidence for e in entries[CV]], view.width)).tocsr(), None),),
        credit=ColumnIndex(stack([e.credit for e in entries[CV]], n_concepts), None),
    )


class FullRefitIndex(MatchIndex):
    """A MatchIndex that refits everything on the first ranking after a write (the old path)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._rows = IndexRows(self._vocabulary, self.lexicon, keep_rows=True)

    def _new_view(self) -> IndexView:
        return refit_view(self._rows)


def same_documents(documents: Iterable[Document], like: MatchIndex, index_class: type[MatchIndex]) -> MatchIndex:
    """A new ``index_class`` with ``like``'s settings holding those of ``documents`` that ``like`` holds
    (an index keeps neither the documents nor their term counts: they are profiled again)."""
    copy = index_class(
        like.weights,
        like.skill_rules,
        lexicon=like.lexicon,
        blind=like.blind,
        constraint_factors=like.constraint_factors,
    )
    for doc in documents:
        if (doc.kind, doc.id) in like:
            copy.upsert(doc)
    return copy
