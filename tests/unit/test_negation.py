"""A skill the text says the person lacks is not a skill they show."""

import pytest

from matcher.ranking import CV, POSTING, Document, MatchIndex
from matcher.ranking.lexicon import default_lexicon


def concepts(text):
    return {m.concept for m in default_lexicon().find(text)}


@pytest.mark.parametrize(
    "text",
    [
        "No call centre experience yet",
        "I have not used Photoshop",
        "Never worked in a call centre",
        "কল সেন্টারে কাজের অভিজ্ঞতা নেই",
        "ফটোশপ জানি না",
        "call center e kaj kori nai",
        "Photoshop jani na",
        "কল সেন্টার এ কোনো experience নেই",  # mixed
    ],
)
def test_negated_skills_are_not_found(text):
    found = concepts(text)
    assert "call_centre" not in found and "photoshop" not in found


@pytest.mark.parametrize(
    "text, concept",
    [
        ("Two years in a call centre, no night shifts", "call_centre"),  # the negation is another clause
        ("Not only Photoshop but also Illustrator", "photoshop"),
        ("No problem working in a call centre", "call_centre"),
        ("Photoshop জানি, ইলাস্ট্রেটর জানি না", "photoshop"),
        ("call center e 2 bochor kaj korechi", "call_centre"),
    ],
)
def test_skills_outside_a_negation_are_found(text, concept):
    assert concept in concepts(text)


def test_a_cv_saying_it_lacks_a_skill_does_not_get_credit_for_it():
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", "Graphic Designer\nImage editing.", ("Photoshop",)))
    index.upsert(Document(CV, "knows", "Graphic designer: Photoshop, clipping path."))
    index.upsert(Document(CV, "lacks", "Graphic designer: clipping path. ফটোশপ জানি না।"))
    matches = {m.cv_id: m.explanation for m in index.rank_cvs_for_posting("p")}
    assert matches["knows"]["matched_skills"] == ["Photoshop"]
    assert "Photoshop" not in matches["lacks"]["matched_skills"]
