"""Ranking metrics of one query: precision, recall, reciprocal rank and graded nDCG at a cutoff."""

import math
from collections.abc import Collection, Mapping, Sequence


def precision_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the first ``k`` ranks holding a relevant id; empty ranks count as misses."""
    _check_cutoff(k)
    return sum(1 for doc_id in ranked[:k] if doc_id in relevant) / k


def recall_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant ids found in the first ``k`` ranks; ValueError if none is relevant."""
    _check_cutoff(k)
    if not relevant:
        raise ValueError("recall is undefined without relevant documents")
    return sum(1 for doc_id in ranked[:k] if doc_id in relevant) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str], k: int | None = None) -> float:
    """1 / rank of the first relevant id within the first ``k`` ranks (all if None), else 0."""
    if k is not None:
        _check_cutoff(k)
    for rank, doc_id in enumerate(ranked[:k], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain of gains in rank order: sum of gain / log2(rank + 1)."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at(ranked: Sequence[str], gains: Mapping[str, float], k: int) -> float:
    """Graded nDCG@k, linear gains (unlisted ids gain 0); ValueError if no id has a positive gain."""
    _check_cutoff(k)
    ideal = dcg(sorted((g for g in gains.values() if g > 0), reverse=True)[:k])
    if ideal <= 0:
        raise ValueError("nDCG is undefined without a positive gain")
    return dcg([gains.get(doc_id, 0.0) for doc_id in ranked[:k]]) / ideal


def _check_cutoff(k: int) -> None:
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"cutoff must be an int >= 1, got {k!r}")
