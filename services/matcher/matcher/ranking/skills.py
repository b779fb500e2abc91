"""Whether a posting's skills appear in a CV's skills list or text, allowing typos.

``SkillRules`` sets when a listed skill the lexicon does not know counts as found (see
``phrases``). ``SkillEvidence``/``cover`` compare one posting's skills with one CV's token
runs, pair by pair; ``MatchIndex`` no longer does that at rank time (the lexicon resolves
known skills at upsert, and unknown ones are column lookups), but they remain for callers
that check a single pair.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from shared.text.tokenize import tokenize


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


@dataclass(frozen=True)
class Skill:
    """A posting's skill as written (label) and as compared (normalised tokens)."""

    label: str
    phrase: str
    size: int


def parse_skills(labels: Iterable[str]) -> tuple[Skill, ...]:
    """Return the skills to look for; empty ones and repeats (first spelling wins) dropped."""
    skills, seen = [], set()
    for label in labels:
        tokens = tokenize(label)
        phrase = " ".join(tokens)
        if tokens and phrase not in seen:
            seen.add(phrase)
            skills.append(Skill(label=label, phrase=phrase, size=len(tokens)))
    return tuple(skills)


def evidence_segments(skills: Iterable[str], text: str) -> tuple[str, ...]:
    """Return a CV's space-joined token runs: each listed skill, then the text."""
    # A phrase is looked for within one run, never across two.
    runs = (" ".join(tokenize(part)) for part in (*skills, text))
    return tuple(run for run in runs if run)


class SkillEvidence:
    """Where one CV's skills are looked for; phrases are built lazily, so not thread-safe."""

    def __init__(self, segments: Sequence[str], rules: SkillRules) -> None:
        self._padded = tuple(f" {run} " for run in segments)
        self._rules = rules
        self._phrases: dict[int, tuple[str, ...]] = {}

    def _of_size(self, size: int) -> tuple[str, ...]:
        if size not in self._phrases:
            found: set[str] = set()
            for run in self._padded:
                tokens = run.split()
                if size == 1:
                    found.update(tokens)
                else:
                    windows = zip(*(tokens[i:] for i in range(size)))
                    found.update(" ".join(window) for window in windows)
            self._phrases[size] = tuple(found)
        return self._phrases[size]

    def contains(self, skill: Skill) -> bool:
        """Return whether the skill's words occur, or a phrase of as many words matches fuzzily."""
        needle = f" {skill.phrase} "
        if any(needle in run for run in self._padded):
            return True
        if len(skill.phrase) < self._rules.min_fuzzy_length:
            return False
        choices = self._of_size(skill.size)
        if not choices:
            return False
        best = process.extractOne(
            skill.phrase, choices, scorer=fuzz.ratio, score_cutoff=self._rules.threshold
        )
        return best is not None


@dataclass(frozen=True)
class SkillCoverage:
    """Which of a posting's skills a CV shows (labels as the posting wrote them)."""

    matched: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def share(self) -> float | None:
        """Matched share of the posting's skills; None when the posting lists none."""
        total = len(self.matched) + len(self.missing)
        return len(self.matched) / total if total else None


def cover(skills: Sequence[Skill], evidence: SkillEvidence) -> SkillCoverage:
    """Return which ``skills`` the evidence shows, in the posting's order."""
    matched, missing = [], []
    for skill in skills:
        (matched if evidence.contains(skill) else missing).append(skill.label)
    return SkillCoverage(matched=tuple(matched), missing=tuple(missing))
