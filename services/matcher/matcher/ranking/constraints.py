"""A posting's constraints (location, languages, education) and how a CV meets them.

Each constraint has a policy: ``ignore`` (the default for location), ``prefer`` (a CV that
fails it is ranked lower) or ``require`` (a CV that fails it is excluded). Some outcomes
only ever lower a score, whatever the policy, because the CV may well be fine:

- location: a CV in another district of the same division is *near* (lowered a little); a
  CV whose location is missing or unknown is *unknown* (lowered);
- education: a CV studying for the required level is *studying* (lowered a little); a CV
  that names no level at all is *unknown* (lowered).

Every outcome that lowers or excludes is reported, for the match's explanation, as
``{"constraint", "policy", "required", "found", "result", "effect", "factor", "source"}``
(source: "posting" for the posting's constraint fields, "description" for what
``described_constraints`` read from its text).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from matcher.ranking.education import LEVEL_NAMES, Education, parse_level
from matcher.ranking.lexicon import Lexicon
from shared.places import Place, resolve_place

IGNORE, PREFER, REQUIRE = "ignore", "prefer", "require"
POLICIES = (IGNORE, PREFER, REQUIRE)
LOWERED, EXCLUDED = "lowered", "excluded"

# Constraint fields a posting record may carry (the offline CLI and the service read these).
CONSTRAINT_FIELDS = ("location_policy", "required_languages", "language_policy", "min_education", "education_policy")


def _check_policy(name: str, value: str) -> str:
    if value not in POLICIES:
        raise ValueError(f"{name} must be one of {', '.join(POLICIES)}; got {value!r}")
    return value


def language_id(name: str, lexicon: Lexicon) -> str | None:
    """The base language concept a language name gives ("English", "ইংরেজি", "Bangla" → id)."""
    for cid in lexicon.resolve(name):
        base = lexicon.language_of(cid)
        if base:
            return base
    return None


@dataclass(frozen=True)
class Constraints:
    """What a posting requires of a CV beyond its text and skills; all optional.

    ``location_policy``: "ignore" (default), "prefer" or "require"; the place is ``location``
    if given, else the posting's ``Document.location`` (a district or "<X> Division").
    ``required_languages``: language names in any spelling ("English", "ইংরেজি", "Hindi"),
    with ``language_policy`` ("require" by default); the index's lexicon says which names
    it knows (see ``Requirements.of``). ``min_education``: a level ("SSC",
    "HSC", "Diploma", "Bachelor", "Masters", "PhD", or "BSc", "স্নাতক", ...), with
    ``education_policy`` ("require" by default).
    """

    location_policy: str = IGNORE
    location: str | None = None
    required_languages: tuple[str, ...] = ()
    language_policy: str = REQUIRE
    min_education: str | None = None
    education_policy: str = REQUIRE

    def __post_init__(self) -> None:
        for name in ("location_policy", "language_policy", "education_policy"):
            _check_policy(name, getattr(self, name))
        if isinstance(self.required_languages, str):
            raise TypeError("required_languages must be a sequence of str, not one str")
        languages = tuple(self.required_languages)
        for language in languages:
            if not isinstance(language, str):
                raise ValueError(f"unknown language {language!r} in required_languages")
        object.__setattr__(self, "required_languages", languages)
        if self.location is not None and resolve_place(self.location) is None:
            raise ValueError(f"unknown location {self.location!r}: give a district or division of Bangladesh")
        if self.min_education is not None and parse_level(self.min_education) is None:
            raise ValueError(
                f"unknown education level {self.min_education!r}; use one of {', '.join(LEVEL_NAMES.values())}"
            )

    @property
    def active(self) -> bool:
        """Whether any constraint can change a score."""
        return (
            self.location_policy != IGNORE
            or (bool(self.required_languages) and self.language_policy != IGNORE)
            or (self.min_education is not None and self.education_policy != IGNORE)
        )

    @classmethod
    def from_mapping(cls, record: Mapping) -> Constraints | None:
        """Constraints from a record's ``CONSTRAINT_FIELDS`` (absent or null = default).

        Returns None when the record sets none of them. Raises ValueError/TypeError with
        the field's name when a value is invalid.
        """
        given = {name: record[name] for name in CONSTRAINT_FIELDS if record.get(name) is not None}
        if not given:
            return None
        languages = given.get("required_languages")
        if languages is not None:
            if isinstance(languages, str) or not isinstance(languages, (list, tuple)):
                raise TypeError("required_languages must be a list of language names")
            given["required_languages"] = tuple(languages)
        for name in ("location_policy", "language_policy", "education_policy", "min_education"):
            if name in given and not isinstance(given[name], str):
                raise TypeError(f"{name} must be a string")
        return cls(**given)


@dataclass(frozen=True)
class ConstraintFactors:
    """How much each outcome lowers a score (a multiplier in 0..1)."""

    location_near: float = 0.9  # another district of the same division
    location_far: float = 0.7  # another division (policy "prefer")
    location_unknown: float = 0.85  # the CV gives no known place
    language_missing: float = 0.75  # per language the CV does not show (policy "prefer")
    # Per language only the posting's description asks for that the CV does not show: most
    # CVs never list the languages people here all speak, so not showing one says little.
    described_language_missing: float = 0.9
    education_below: float = 0.75  # below the minimum (policy "prefer")
    education_studying: float = 0.95  # studying for the minimum
    education_unknown: float = 0.9  # the CV names no level

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not (math.isfinite(value) and 0 <= value <= 1):
                raise ValueError(f"{name} must be within 0..1, got {value!r}")


@dataclass(frozen=True)
class Requirements:
    """A posting's constraints resolved once at upsert: places, language ids, level."""

    constraints: Constraints
    place: Place | None
    languages: tuple[tuple[str, str], ...]  # (language id, as the posting wrote it)
    level: int | None
    described: frozenset[str] = frozenset()  # kinds read from the description, not set as fields

    @classmethod
    def of(
        cls,
        constraints: Constraints | None,
        posting_location: str | None,
        lexicon: Lexicon,
        described: frozenset[str] = frozenset(),
    ) -> Requirements | None:
        """Resolve ``constraints``; raises ValueError for a language ``lexicon`` does not know or a
        location policy without a known place."""
        if constraints is None:
            return None
        language_ids = {name: language_id(name, lexicon) for name in constraints.required_languages}
        for name, cid in language_ids.items():
            if cid is None:
                raise ValueError(f"unknown language {name!r} in required_languages")
        if not constraints.active:
            return None
        where = constraints.location or posting_location
        place = resolve_place(where) if where else None
        if constraints.location_policy != IGNORE and place is None:
            raise ValueError(
                f"location_policy {constraints.location_policy!r} needs a known location; got {where!r}"
            )
        languages = tuple((language_ids[name], name) for name in constraints.required_languages)
        return cls(constraints, place, languages, parse_level(constraints.min_education), described)


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """What a CV shows that constraints look at, read once at upsert."""

    place: Place | None
    languages: Mapping[str, str] = field(default_factory=dict)  # language id → evidence
    education: Education = Education(None, None)

    def __reduce__(self):
        """Pickled as its fields: unpickling a slots dataclass by its state is several times slower."""
        return CandidateFacts, (self.place, self.languages, self.education)


@dataclass(frozen=True)
class Outcome:
    """A CV against a posting's constraints: the score multiplier, exclusion, and why."""

    factor: float
    excluded: bool
    failed: tuple[dict, ...]


PASSED = Outcome(1.0, False, ())


def evaluate(req: Requirements | None, cv: CandidateFacts, factors: ConstraintFactors, lexicon: Lexicon) -> Outcome:
    """Check a CV against a posting's resolved constraints; ``lexicon`` names the languages."""
    if req is None:
        return PASSED
    c = req.constraints
    failed: list[dict] = []
    factor, excluded = 1.0, False

    def fail(kind: str, policy: str, required, found, result: str, lower: float | None) -> None:
        nonlocal factor, excluded
        if lower is None:
            excluded = True
            effect, value = EXCLUDED, 0.0
        else:
            factor *= lower
            effect, value = LOWERED, lower
        failed.append(
            {
                "constraint": kind,
                "policy": policy,
                "required": required,
                "found": found,
                "result": result,
                "effect": effect,
                "factor": value,
                "source": "description" if kind in req.described else "posting",
            }
        )

    if c.location_policy != IGNORE and req.place is not None:
        want, have = req.place, cv.place
        if have is None:
            fail("location", c.location_policy, want.label, None, "unknown", factors.location_unknown)
        elif want.district is None or have.district == want.district:
            if have.division != want.division:
                far = factors.location_far if c.location_policy == PREFER else None
                fail("location", c.location_policy, want.label, have.label, "far", far)
        elif have.division == want.division:
            fail("location", c.location_policy, want.label, have.label, "near", factors.location_near)
        else:
            far = factors.location_far if c.location_policy == PREFER else None
            fail("location", c.location_policy, want.label, have.label, "far", far)

    if c.language_policy != IGNORE:
        for cid, written in req.languages:
            if cid not in cv.languages:
                shown = sorted(lexicon.concept(cid).label for cid in cv.languages)
                if "language" in req.described:
                    lower = factors.described_language_missing
                else:
                    lower = factors.language_missing if c.language_policy == PREFER else None
                fail("language", c.language_policy, lexicon.concept(cid).label, shown, "missing", lower)

    if c.education_policy != IGNORE and req.level is not None:
        edu = cv.education
        want = LEVEL_NAMES[req.level]
        if edu.completed is not None and edu.completed >= req.level:
            pass
        elif edu.studying is not None and edu.studying >= req.level:
            fail("education", c.education_policy, want, edu.describe(), "studying", factors.education_studying)
        elif not edu.known:
            fail("education", c.education_policy, want, None, "unknown", factors.education_unknown)
        else:
            lower = factors.education_below if c.education_policy == PREFER else None
            fail("education", c.education_policy, want, edu.describe(), "below", lower)

    return Outcome(round(factor, 6), excluded, tuple(failed))
