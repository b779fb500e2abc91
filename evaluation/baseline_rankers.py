"""The baselines: scikit-learn TF-IDF cosine and bm25s BM25, both with their default settings."""

from collections.abc import Callable, Iterator

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from evaluation.problem import RankingProblem

_CHUNK = 256  # query rows per sparse product, bounding the dense score block


def rank_with_tfidf(problem: RankingProblem) -> dict[str, list[str]]:
    """TfidfVectorizer() fitted on the pool; query · pool cosine (rows are l2-normalised)."""
    vectorizer = TfidfVectorizer()
    pool_matrix = vectorizer.fit_transform([c.text for c in problem.pool])
    query_matrix = vectorizer.transform([q.text for q in problem.queries])

    def score_rows() -> Iterator[np.ndarray]:
        for start in range(0, len(problem.queries), _CHUNK):
            block = (query_matrix[start : start + _CHUNK] @ pool_matrix.T).toarray()
            yield from block

    return _rankings(problem, score_rows())


def rank_with_bm25(problem: RankingProblem) -> dict[str, list[str]]:
    """bm25s.BM25() defaults indexing the pool, tokenized by bm25s.tokenize with stopwords="en"."""
    import bm25s  # the optional "eval" extra; imported here so the rest of the package works without it

    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([c.text for c in problem.pool], stopwords="en", show_progress=False),
                    show_progress=False)
    query_tokens = bm25s.tokenize(
        [q.text for q in problem.queries], stopwords="en", return_ids=False, show_progress=False
    )
    empty = np.zeros(len(problem.pool))

    def score_rows() -> Iterator[np.ndarray]:
        for tokens in query_tokens:
            tokens = [t for t in tokens if t]
            yield retriever.get_scores(tokens) if tokens else empty

    return _rankings(problem, score_rows())


def _rankings(problem: RankingProblem, rows: Iterator[np.ndarray]) -> dict[str, list[str]]:
    """Pool ids best first per query from its score row; ties go to the smaller id, as in MatchIndex."""
    ids = [c.id for c in problem.pool]
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    everyone = np.arange(len(ids))
    rankings = {}
    for query, scores in zip(problem.queries, rows):
        if query.candidates is None:
            allowed = everyone
        else:
            allowed = np.array(sorted(position[i] for i in query.candidates if i in position), dtype=np.int64)
        if query.exclude in position:
            allowed = allowed[allowed != position[query.exclude]]
        scores = np.asarray(scores, dtype=np.float64)[allowed]
        order = allowed[np.lexsort((id_rank[allowed], -scores))]
        rankings[query.id] = [ids[i] for i in order[: problem.depth]]
    return rankings


RANKERS: dict[str, Callable[[RankingProblem], dict[str, list[str]]]] = {
    "tfidf": rank_with_tfidf,
    "bm25": rank_with_bm25,
}
