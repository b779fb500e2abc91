"""Ranking postings against CVs and back, in English, Bengali, mixed text and Banglish (no I/O).

A score combines TF-IDF text similarity, coverage of the posting's listed skills and
similarity of the canonical concepts (skills, roles, languages) both documents show, found
with a bilingual lexicon; a posting's constraints (location, languages, education) then
lower or exclude. Documents are blinded first: names, religion, age, gender and the like
never reach the index. Every match carries an explanation.
"""

from matcher.ranking.blind import blind_text
from matcher.ranking.constraints import (
    CONSTRAINT_FIELDS,
    IGNORE,
    POLICIES,
    PREFER,
    REQUIRE,
    ConstraintFactors,
    Constraints,
)
from matcher.ranking.documents import CV, POSTING, Document, Match, UnknownDocument
from matcher.ranking.index import MatchIndex
from matcher.ranking.lexicon import Lexicon, MatchRules, default_lexicon
from matcher.ranking.skills import SkillRules
from matcher.ranking.weights import ScoringWeights

__all__ = [
    "CONSTRAINT_FIELDS",
    "CV",
    "IGNORE",
    "POLICIES",
    "POSTING",
    "PREFER",
    "REQUIRE",
    "ConstraintFactors",
    "Constraints",
    "Document",
    "Lexicon",
    "Match",
    "MatchIndex",
    "MatchRules",
    "ScoringWeights",
    "SkillRules",
    "UnknownDocument",
    "blind_text",
    "default_lexicon",
]
