"""Constraints a posting states only in its description: "Minimum HSC", "Fluent English required",
"Candidates from Khulna division only", "ন্যূনতম এইচএসসি পাস", "শুধুমাত্র যশোরের প্রার্থী".

Employers often write these in the text and leave the posting's constraint fields empty. A
statement counts only when it is explicit: a level after "minimum"/"at least"/"ন্যূনতম" or
under an education heading; a language in a clause that says it is required ("required",
"must", "fluent", "আবশ্যক", "হতে হবে"); a place in a clause that says "only" about
candidates. What is found only fills fields the posting left empty, always with policy
"prefer" (a CV that fails it is ranked lower, never excluded: text is read, not declared).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from matcher.ranking.constraints import IGNORE, PREFER, Constraints
from matcher.ranking.education import LEVEL_NAMES, levels_in
from matcher.ranking.lexicon import LANGUAGE, Lexicon
from shared.places import resolve_place

_CLAUSES = re.compile(r"[\n;।]|\.(?:\s|$)")
# Runs of spaces are possessive (``\s++``): a cue word followed by a long run of spaces and
# no second word fails in one pass over the run.
_EDUCATION = re.compile(
    r"(?:minimum|min\.|at\s++least|atleast|educational\s++(?:requirements?|qualifications?)|education\s*+:"
    r"|qualifications?\s*+:|ন্যূনতম|কমপক্ষে|সর্বনিম্ন|শিক্ষাগত\s++যোগ্যতা|nunotom|nuntom|komopokkhe|kompokkhe)",
    re.IGNORECASE,
)
# "করতে হবে", "korte hobe": a verb ending in "-তে"/"-te" before "হবে"/"hobe". The verb is a
# look-behind of one letter, not a run of letters: a run would be re-read from every letter
# of a long word.
_LANGUAGE_CUE = re.compile(
    r"required|must|mandatory|essential|fluent|fluency|command\s++of|proficien|"
    r"আবশ্যক|বাধ্যতামূলক|(?<=[\u0980-\u09ff])তে\s++হবে|লাগবে|(?<=[a-z])te\s++hobe|lagbe|dorkar",
    re.IGNORECASE,
)
_ONLY = re.compile(r"\bonly\b|শুধু|শুধুমাত্র|কেবল|sudhu|shudhu", re.IGNORECASE)
_WHO = re.compile(r"candidate|applicant|resident|local|people|প্রার্থী|আবেদনকারী|বাসিন্দা|স্থানীয়", re.IGNORECASE)
_WINDOW = 40  # characters after an education cue that are read for the level


@dataclass(frozen=True)
class DescribedConstraints:
    """What a description states: a minimum level, languages, a place (each may be absent)."""

    min_education: str | None = None
    languages: tuple[str, ...] = ()
    location: str | None = None


def described_constraints(text: str, lexicon: Lexicon) -> DescribedConstraints:
    """The constraints ``text`` states explicitly (see the module docstring); ``lexicon`` finds the languages."""
    level_names = []
    languages: dict[str, str] = {}
    location = None
    for clause in _CLAUSES.split(text):
        for cue in _EDUCATION.finditer(clause):
            found = levels_in(clause[cue.end() : cue.end() + _WINDOW])
            if found:
                level_names.append(min(found))
        if _LANGUAGE_CUE.search(clause):
            for mention in lexicon.find(clause):
                base = lexicon.language_of(mention.concept)
                if base and lexicon.concept(mention.concept).kind == LANGUAGE:
                    languages.setdefault(base, lexicon.concept(base).label)
        if location is None and _ONLY.search(clause) and _WHO.search(clause):
            place = resolve_place(clause)
            if place is not None:
                location = place.label
    return DescribedConstraints(
        min_education=LEVEL_NAMES[min(level_names)] if level_names else None,
        languages=tuple(languages.values()),
        location=location,
    )



def with_described(
    constraints: Constraints | None, described: DescribedConstraints
) -> tuple[Constraints | None, frozenset[str]]:
    """``constraints`` with the empty fields the description fills, as "prefer"; and which it filled."""
    given = constraints or Constraints()
    fields: dict = {}
    if described.location and given.location_policy == IGNORE:
        fields.update(location_policy=PREFER, location=described.location)
    if described.languages and not given.required_languages:
        fields.update(required_languages=described.languages, language_policy=PREFER)
    if described.min_education and given.min_education is None:
        fields.update(min_education=described.min_education, education_policy=PREFER)
    if not fields:
        return constraints, frozenset()
    filled = frozenset(kind for kind, name in _KINDS.items() if name in fields)
    return replace(given, **fields), filled


_KINDS = {"location": "location_policy", "language": "required_languages", "education": "min_education"}
