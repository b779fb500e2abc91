"""The tasks by name, and running one: prepare, rank with every system, score, summarise."""

import time
from collections import Counter
from collections.abc import Callable

from evaluation import task_bilingual, task_ferr, task_livecareer, task_onet
from evaluation.prepared_task import PreparedTask
from evaluation.scoring import per_query_dump, rank_all, score, summarise
from evaluation.settings import MissingData, RunSettings

TASKS: dict[str, Callable[[RunSettings], PreparedTask]] = {
    "livecareer": task_livecareer.prepare,
    "onet": task_onet.prepare,
    "ferr": task_ferr.prepare,
    "bilingual": task_bilingual.prepare,
}


def run_task(name: str, settings: RunSettings, log: Callable[[str], None] = print) -> dict:
    """JSON-ready result of one task; {"status": "skipped", "reason": ...} when its data is missing."""
    started = time.perf_counter()
    try:
        prepared = TASKS[name](settings)
    except MissingData as missing:
        log(f"{name}: skipped: {missing}")
        return {"status": "skipped", "reason": str(missing)}
    problem = prepared.problem
    log(f"{name}: {len(problem.queries)} queries, pool of {len(problem.pool)}; ranking...")
    prepared_seconds = round(time.perf_counter() - started, 2)
    rankings, seconds = rank_all(problem, settings.jobs)
    scores = score(problem, rankings, prepared.scorer)
    log(f"{name}: done in {time.perf_counter() - started:.1f}s ({', '.join(f'{s} {t}s' for s, t in seconds.items())})")
    return {
        "status": "ok",
        "notes": prepared.notes,
        "queries": dict(sorted(Counter(q.split for q in problem.queries).items())),
        "pool": len(problem.pool),
        "depth": problem.depth,
        "seconds": {"loading": prepared_seconds, **seconds, "total": round(time.perf_counter() - started, 2)},
        "results": summarise(scores, prepared.metric_order, settings.resamples, settings.seed),
        "per_query": per_query_dump(scores),
    }
