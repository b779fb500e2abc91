"""How much each signal counts in a match score."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ScoringWeights:
    """Relative weights of TF-IDF similarity and skill coverage; need not sum to 1."""

    tfidf: float = 0.7
    skills: float = 0.3

    def __post_init__(self) -> None:
        for name in ("tfidf", "skills"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {name} must be finite and >= 0, got {value!r}")
        if self.tfidf + self.skills <= 0:
            raise ValueError("at least one weight must be positive")

    def combine(self, tfidf: float, skill_coverage: float | None) -> float:
        """Return the score in 0..1; without skill coverage (None) it is the TF-IDF score."""
        if skill_coverage is None:
            score = tfidf
        else:
            total = self.tfidf + self.skills
            score = (self.tfidf * tfidf + self.skills * skill_coverage) / total
        return min(1.0, max(0.0, score))
