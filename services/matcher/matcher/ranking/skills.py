"""When a listed skill the lexicon does not know counts as found in a CV (see ``phrases``, ``skill_credit``)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SkillRules:
    """When a skill counts as found: fuzz.ratio >= threshold; short skills only exactly.

    ``partial_words``: a listed skill the CV does not show as such still earns this much
    credit times the share of the skill's words it shows: for "inventory management", a
    CV that says "inventory" and "managed" separately earns 0.75, one that only says
    "inventory" 0.375. (Chosen on the development split: on HR-graded resumes, crediting
    part of a skill ranked better than all-or-nothing, 0.75 better than 0.5 or 1.)
    """

    threshold: float = 85.0
    min_fuzzy_length: int = 4
    partial_words: float = 0.75

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 100:
            raise ValueError(f"threshold must be within 0..100, got {self.threshold!r}")
        if not 0 <= self.partial_words <= 1:
            raise ValueError(f"partial_words must be within 0..1, got {self.partial_words!r}")
