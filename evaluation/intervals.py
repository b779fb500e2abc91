"""Paired bootstrap confidence intervals of per-query metric means, and of differences between systems."""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 20240601
LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    """A mean over queries with its percentile bootstrap interval."""

    mean: float
    low: float
    high: float

    def as_dict(self) -> dict:
        """JSON form: mean and ci = [low, high]."""
        return {"mean": self.mean, "ci": [self.low, self.high]}


def resample_indices(n: int, resamples: int, seed: int) -> np.ndarray:
    """``resamples`` × ``n`` query positions drawn with replacement; the same seed gives the same draws."""
    if n < 1 or resamples < 1:
        raise ValueError("need at least one query and one resample")
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def estimate(values: np.ndarray, indices: np.ndarray, level: float = LEVEL) -> Estimate:
    """The mean of ``values`` and the percentile interval of its means over the resampled ``indices``."""
    values = np.asarray(values, dtype=float)
    means = values[indices].mean(axis=1)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Estimate(float(values.mean()), float(low), float(high))


def paired_estimates(
    per_system: Mapping[str, np.ndarray],
    reference: str,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> tuple[dict[str, Estimate], dict[str, Estimate]]:
    """(estimate by system, estimate of ``reference`` − it by other system), on the same resampled queries."""
    # per_system maps a system to its per-query values, aligned: position i is the same query for all.
    lengths = {len(v) for v in per_system.values()}
    if len(lengths) != 1:
        raise ValueError("every system needs one value per query, in the same order")
    indices = resample_indices(lengths.pop(), resamples, seed)
    systems = {name: estimate(values, indices) for name, values in per_system.items()}
    ours = np.asarray(per_system[reference], dtype=float)
    differences = {
        name: estimate(ours - np.asarray(values, dtype=float), indices)
        for name, values in per_system.items()
        if name != reference
    }
    return systems, differences
