"""Ranking postings against CVs and back: TF-IDF similarity plus skill coverage (no I/O)."""

from matcher.ranking.documents import CV, POSTING, Document, Match, UnknownDocument
from matcher.ranking.index import MatchIndex
from matcher.ranking.skills import SkillRules
from matcher.ranking.weights import ScoringWeights

__all__ = [
    "CV",
    "POSTING",
    "Document",
    "Match",
    "MatchIndex",
    "ScoringWeights",
    "SkillRules",
    "UnknownDocument",
]
