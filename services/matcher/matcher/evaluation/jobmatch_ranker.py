"""Our matcher as an evaluated system: the service's MatchIndex, used only through its public API."""

import multiprocessing
import os

from matcher.ranking import MatchIndex
from matcher.evaluation.problem import Query, RankingProblem, keep

# The index and problem the forked workers read; set in the parent just before the fork.
_shared: tuple[MatchIndex, RankingProblem] | None = None


def build_index(problem: RankingProblem) -> MatchIndex:
    """One MatchIndex holding the pool as CVs and every query as a posting, as the service would."""
    index = MatchIndex()
    for candidate in problem.pool:
        index.upsert(candidate.cv)
    for query in problem.queries:
        index.upsert(query.posting)
    return index


def rank_query(index: MatchIndex, query: Query, depth: int | None) -> list[str]:
    """Pool ids best first for one query, from ``rank_cvs_for_posting`` exactly as the service calls it."""
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


def rank_with_jobmatch(problem: RankingProblem, jobs: int = 1) -> dict[str, list[str]]:
    """Rankings of every query; with ``jobs`` > 1 the queries are split over forked processes."""
    global _shared
    index = build_index(problem)
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
    return {queries[0].id: first, **dict(results)}


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
