"""How much each signal counts in a match score (the formula that uses them is ``score``)."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ScoringWeights:
    """Relative weights of the score's components; they need not sum to 1.

    - ``tfidf``: text similarity. Within one language it is the cosine of the two texts'
      TF-IDF vectors (words and word pairs). Words only compare within a language: between
      a Bengali CV and an English posting that cosine is near 0 whatever the fit. So for a
      pair with a *language gap* (0: both written in one language, 1: in two; in between
      for mixed text and Banglish) the concept cosine stands in for it, in proportion to
      the gap (see ``score``). ``concept_scale`` puts the two on one scale (on the demo
      fair's same-language pairs the concept cosine ran about four times the TF-IDF
      cosine, correlation 0.93), so a Bengali CV and an English one that fit a posting
      equally well score alike.
    - ``skills``: share of the posting's listed skills the CV shows (on canonical skill
      ids, so language does not matter; 1 when shown or implied, 0.5 when only related,
      else part credit for the skill's words the CV shows: ``SkillRules.partial_words``).
    - ``concepts``: weight of the concept cosine on its own, for every pair. 0 by default:
      within one language the words say more than the coarser concepts (on 2,484 English
      resumes adding it lowered P@10), and across languages it already stands in above.

    A component that does not apply (a posting listing no skills, a posting with no
    concept the lexicon knows) is left out and the others are re-weighted; with neither,
    the score is the TF-IDF cosine alone. A posting's concepts count in proportion to how
    many skill and role concepts it names, up to ``concepts_full_at`` (a posting naming one
    concept says little about which CVs fit; one naming several says a lot).
    """

    tfidf: float = 0.5
    skills: float = 0.5
    concepts: float = 0.0
    concept_scale: float = 4.0
    concepts_full_at: int = 3

    def __post_init__(self) -> None:
        for name in ("tfidf", "skills", "concepts"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {name} must be finite and >= 0, got {value!r}")
        if self.tfidf + self.skills + self.concepts <= 0:
            raise ValueError("at least one weight must be positive")
        if not (math.isfinite(self.concept_scale) and self.concept_scale > 0):
            raise ValueError("concept_scale must be > 0")
        if self.concepts_full_at < 1:
            raise ValueError("concepts_full_at must be >= 1")

    def concept_strength(self, posting_concepts: int) -> float:
        """How much a posting naming ``posting_concepts`` skill/role concepts relies on them, 0..1."""
        return min(1.0, posting_concepts / self.concepts_full_at)
