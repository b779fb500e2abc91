"""Our matcher as an evaluated system: the service's MatchIndex, used only through its public API."""

import multiprocessing
import os
import time
from dataclasses import dataclass, field

from evaluation.problem import Query, RankingProblem, keep
from matcher.ranking import POSTING, Document, MatchIndex

# The index and problem the forked workers read; set in the parent just before the fork.
_shared: tuple[MatchIndex, RankingProblem] | None = None


@dataclass
class _PoolIndex:
    """The last index built, its CVs, and the postings it holds now."""

    cvs: tuple[Document, ...]
    index: MatchIndex
    postings: list[str] = field(default_factory=list)


_last: _PoolIndex | None = None


def build_index(problem: RankingProblem) -> MatchIndex:
    """A MatchIndex holding the pool as CVs and exactly the problem's queries as postings."""
    # Upserting thousands of CVs is the slow part, so when the previous problem had the same pool (the
    # LiveCareer tasks) its index is reused: its postings are removed, as when postings close in the
    # service, and the new ones added. Removed postings leave only empty vocabulary columns behind;
    # the rankings equal a fresh index's (checked on LiveCareer + O*NET).
    global _last
    cvs = tuple(candidate.cv for candidate in problem.pool)
    if _last is None or _last.cvs != cvs:
        _last = None  # let the old index go before building the next one
        index = MatchIndex()
        for cv in cvs:
            index.upsert(cv)
        _last = _PoolIndex(cvs, index)
    for posting_id in _last.postings:
        _last.index.remove(POSTING, posting_id)
    _last.postings = [query.posting.id for query in problem.queries]
    for query in problem.queries:
        _last.index.upsert(query.posting)
    return _last.index


def rank_query(index: MatchIndex, query: Query, depth: int | None) -> list[str]:
    """Pool ids best first for one query from the service's ``rank_cvs_for_posting`` (no score threshold)."""
    if query.candidates is not None:
        limit = None  # a judged pool: rank everything, keep the judged ones
    else:
        limit = depth + (1 if query.exclude is not None else 0)  # room for the query itself
    matches = index.rank_cvs_for_posting(query.posting.id, limit=limit)
    return keep([m.cv_id for m in matches], query, depth)


def _rank_slice(bounds: tuple[int, int]) -> list[tuple[str, list[str]]]:
    index, problem = _shared
    start, stop = bounds
    return [(q.id, rank_query(index, q, problem.depth)) for q in problem.queries[start:stop]]


def rank_with_jobmatch(
    problem: RankingProblem, jobs: int = 1, seconds: dict[str, float] | None = None
) -> dict[str, list[str]]:
    """Rankings of every query, over ``jobs`` forked processes; ``seconds`` gets "index" and "rank" times."""
    global _shared
    seconds = {} if seconds is None else seconds
    started = time.perf_counter()
    index = build_index(problem)
    seconds["index"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    queries = problem.queries
    if not queries:
        return {}
    # Ranking once in the parent fits the index, so forked workers share the fit instead of redoing it.
    first = rank_query(index, queries[0], problem.depth)
    rest = len(queries) - 1
    jobs = max(1, min(jobs, rest))
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        results = [(q.id, rank_query(index, q, problem.depth)) for q in queries[1:]]
    else:
        step = -(-rest // (jobs * 4))
        slices = [(start, min(start + step, len(queries))) for start in range(1, len(queries), step)]
        _shared = (index, problem)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = [pair for part in pool.map(_rank_slice, slices) for pair in part]
        finally:
            _shared = None
    seconds["rank"] = round(time.perf_counter() - started, 2)
    return {queries[0].id: first, **dict(results)}


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
