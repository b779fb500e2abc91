"""Running every system on a problem, scoring each query, and summarising with bootstrap intervals."""

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from evaluation.baseline_rankers import RANKERS
from evaluation.intervals import paired_estimates
from evaluation.jobmatch_ranker import rank_with_jobmatch
from evaluation.problem import Query, RankingProblem
from evaluation.split import SPLITS

REFERENCE = "jobmatch"
SYSTEMS = (REFERENCE, *RANKERS)

# query, its ranking (pool ids best first) -> metric name -> value; the names may depend on the
# query (a metric that is undefined for it is left out) but never on the ranking.
QueryScorer = Callable[[Query, list[str]], dict[str, float]]


@dataclass
class Scores:
    """Per-query metric values of every system, grouped by split and metric, plus timings."""

    # split -> metric -> (query ids, system -> values aligned with the ids)
    values: dict[str, dict[str, tuple[list[str], dict[str, list[float]]]]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def rank_all(problem: RankingProblem, jobs: int) -> tuple[dict[str, dict[str, list[str]]], dict[str, float]]:
    """Every system's rankings of the problem, and the seconds each took (index building included)."""
    rankings, seconds = {}, {}
    for system in SYSTEMS:
        started = time.perf_counter()
        if system == REFERENCE:
            parts: dict[str, float] = {}
            rankings[system] = rank_with_jobmatch(problem, jobs=jobs, seconds=parts)
            seconds.update({f"{system}_{part}": value for part, value in parts.items()})
        else:
            rankings[system] = RANKERS[system](problem)
        seconds[system] = round(time.perf_counter() - started, 2)
    return rankings, seconds


def score(problem: RankingProblem, rankings: Mapping[str, Mapping[str, list[str]]], scorer: QueryScorer) -> Scores:
    """Apply ``scorer`` to every system's ranking of every query."""
    result = Scores()
    for query in problem.queries:
        per_system = {system: scorer(query, list(rankings[system][query.id])) for system in rankings}
        names = {tuple(sorted(values)) for values in per_system.values()}
        if len(names) != 1:
            raise ValueError(f"query {query.id}: systems were scored on different metrics")
        for metric in names.pop():
            ids, by_system = result.values.setdefault(query.split, {}).setdefault(
                metric, ([], {system: [] for system in rankings})
            )
            ids.append(query.id)
            for system, values in per_system.items():
                by_system[system].append(values[metric])
    return result


def summarise(scores: Scores, metric_order: list[str], resamples: int, seed: int) -> dict:
    """JSON-ready means and 95% intervals per split and metric: each system's, and jobmatch − each baseline."""
    summary = {}
    for split in SPLITS:
        metrics = scores.values.get(split, {})
        ordered = sorted(metrics, key=lambda m: (_position(m, metric_order), m))
        for metric in ordered:
            ids, by_system = metrics[metric]
            systems, differences = paired_estimates(
                {s: np.array(v) for s, v in by_system.items()}, REFERENCE, resamples=resamples, seed=seed
            )
            summary.setdefault(split, {})[metric] = {
                "n": len(ids),
                "systems": {s: e.as_dict() for s, e in systems.items()},
                "difference": {f"{REFERENCE}-{s}": e.as_dict() for s, e in differences.items()},
            }
    return summary


def _position(metric: str, metric_order: list[str]) -> int:
    """Where a metric goes: its base name's place in ``metric_order`` ("nDCG@10 [bn]" sits with "nDCG@10")."""
    base = metric.split(" [", 1)[0]
    return metric_order.index(base) if base in metric_order else len(metric_order)


def per_query_dump(scores: Scores) -> dict:
    """JSON-ready per-query values: split -> metric -> {query id: {system: value}}."""
    return {
        split: {
            metric: {qid: {s: values[i] for s, values in by_system.items()} for i, qid in enumerate(ids)}
            for metric, (ids, by_system) in metrics.items()
        }
        for split, metrics in scores.values.items()
    }
