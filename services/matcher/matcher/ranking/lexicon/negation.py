"""Whether a mention of a skill is negated: "no call centre experience", "ফটোশপ জানি না".

English (and English words in mixed text) negates before the skill; Bengali and Banglish
negate at the end of the clause, after it. A mention is negated when a negation word stands
within a few tokens before it (English) or after it (Bengali, Banglish) in the same segment
(the lexicon splits text at commas, full stops, dandas, brackets and line breaks).
"""

from collections.abc import Sequence

_BEFORE = frozenset({"no", "not", "never", "without", "lack", "lacking", "non"})
# "not only Excel but...", "no problem working night shifts", "No. of calls".
_NOT_A_NEGATION_AFTER = frozenset(
    {"only", "just", "merely", "limited", "problem", "problems", "issue", "issues", "doubt", "objection", "of"}
)
_AFTER = frozenset({"না", "নেই", "নাই", "নয়", "নই", "নি", "করিনি", "জানিনা", "পারিনা", "na", "nai", "nei", "noy", "ni"})
_WINDOW_BEFORE = 4
_WINDOW_AFTER = 4


def is_negated(tokens: Sequence[str], start: int, end: int, first: int = 0, last: int | None = None) -> bool:
    """Whether the mention ``tokens[start:end]`` is negated within its segment, ``tokens[first:last]``
    (by default all of ``tokens``)."""
    last = len(tokens) if last is None else last
    for i in range(max(first, start - _WINDOW_BEFORE), start):
        if tokens[i] in _BEFORE and (i + 1 >= last or tokens[i + 1] not in _NOT_A_NEGATION_AFTER):
            return True
    return any(t in _AFTER for t in tokens[end : min(end + _WINDOW_AFTER, last)])
