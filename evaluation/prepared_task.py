"""A task ready to run: its ranking problem, how to score one query, and what to say about it."""

from dataclasses import dataclass, field

from evaluation.problem import RankingProblem
from evaluation.scoring import QueryScorer


@dataclass(frozen=True)
class PreparedTask:
    """The problem every system ranks, the per-query scorer, the metric display order and notes."""

    problem: RankingProblem
    scorer: QueryScorer
    metric_order: list[str]
    notes: list[str] = field(default_factory=list)
