"""Every constraint value intake accepts is understood the same way by the matcher."""

import pytest

from matcher.ranking.constraints import Constraints, language_id
from matcher.ranking.lexicon import default_lexicon
from matcher.ranking.education import LEVEL_NAMES, parse_level
from shared.vocabulary import EDUCATION_LEVELS, LANGUAGES, POLICIES, canonical_language, canonical_level


@pytest.mark.parametrize("name, spelling", [(n, s) for n, sp in EDUCATION_LEVELS.items() for s in (n, *sp)])
def test_each_education_spelling_is_the_matchers_level(name, spelling):
    assert canonical_level(spelling) == name
    assert LEVEL_NAMES[parse_level(name)] == name
    assert LEVEL_NAMES[parse_level(spelling)] == name


@pytest.mark.parametrize("name, spelling", [(n, s) for n, sp in LANGUAGES.items() for s in (n, *sp)])
def test_each_language_spelling_is_the_matchers_language(name, spelling):
    assert canonical_language(spelling) == name
    assert language_id(spelling, default_lexicon()) == language_id(name, default_lexicon()) is not None


def test_the_policies_are_the_matchers():
    for policy in POLICIES:
        Constraints(location_policy=policy, location="Jashore")


def test_unknown_values_are_none():
    assert canonical_level("PhD in astrology") is None and canonical_language("Klingon") is None
