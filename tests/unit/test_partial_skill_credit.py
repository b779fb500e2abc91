"""A listed skill a CV does not show as such earns part credit for the share of its words it shows."""

import pytest

from matcher.ranking import CV, POSTING, Document, MatchIndex, SkillRules

SKILLS = ("forklift license", "গুদাম ব্যবস্থাপনা", "customer service")
PARTIAL = SkillRules().partial_words


def build(cv_texts, rules=None):
    index = MatchIndex(skill_rules=rules)
    index.upsert(Document(kind=POSTING, id="p", text="Warehouse assistant\nLoad trucks.", skills=SKILLS))
    for cv_id, text in cv_texts.items():
        index.upsert(Document(kind=CV, id=cv_id, text=text))
    return index


def credit_of(match, skill):
    details = {d["skill"]: d for d in match.explanation["skill_matches"]}
    return details[skill]["credit"] if skill in details else 0.0


def by_cv(index):
    return {m.cv_id: m for m in index.rank_cvs_for_posting("p")}


def test_default_is_part_credit_between_nothing_and_full():
    assert 0 < PARTIAL < 1


@pytest.mark.parametrize(
    "text, words_shown",
    [
        ("Forklift license holder", 2),  # the skill itself: full credit
        ("Forklift driver with a valid driving license", 2),  # both words, apart
        ("Forklift driver", 1),  # English, one word of two
        ("ami forklift chalate pari", 1),  # Banglish
        ("আমি forklift চালাতে পারি", 1),  # mixed Bengali and English
        ("Packed boxes", 0),
    ],
)
def test_credit_grows_with_the_words_shown(text, words_shown):
    match = by_cv(build({"c": text}))["c"]
    expected = 1.0 if "license holder" in text else PARTIAL * words_shown / 2
    assert credit_of(match, "forklift license") == pytest.approx(expected, abs=1e-4)


def test_bengali_skill_gets_part_credit_from_one_bengali_word():
    match = by_cv(build({"c": "গুদাম সহকারী হিসেবে তিন বছর কাজ"}))["c"]
    assert credit_of(match, "গুদাম ব্যবস্থাপনা") == pytest.approx(PARTIAL / 2, abs=1e-4)
    assert "গুদাম ব্যবস্থাপনা" in match.explanation["partial_skills"]
    detail = next(d for d in match.explanation["skill_matches"] if d["skill"] == "গুদাম ব্যবস্থাপনা")
    assert detail["matches"][0]["found"] == "গুদাম"
    assert detail["matches"][0]["match"] == "some words"


def test_ranking_order_full_then_more_words_then_fewer_then_none():
    index = build(
        {
            "full": "Forklift license, warehouse",
            "both": "Forklift driver, valid license, warehouse",
            "one": "Forklift driver, warehouse",
            "none": "Van driver, warehouse",
        }
    )
    ranked = [m.cv_id for m in index.rank_cvs_for_posting("p")]
    assert ranked.index("full") < ranked.index("both") < ranked.index("one") < ranked.index("none")


def test_a_lexicon_match_or_relation_is_never_lowered_by_part_credit():
    # "complaints" relates to customer service (0.5), more than one word of two would give.
    match = by_cv(build({"c": "Handled customer complaints"}))["c"]
    assert credit_of(match, "customer service") == pytest.approx(max(0.5, PARTIAL / 2), abs=1e-4)
    shown = by_cv(build({"c": "Customer service for two years"}))["c"]
    assert credit_of(shown, "customer service") == 1.0
    assert "customer service" in shown.explanation["matched_skills"]


def test_both_directions_give_the_same_score_and_explanation():
    texts = {
        "a": "Forklift driver with a valid license",
        "b": "গুদাম সহকারী, customer complaints",
        "c": "ami forklift chalate pari",
    }
    index = build(texts)
    for cv_id, match in by_cv(index).items():
        back = next(m for m in index.rank_postings_for_cv(cv_id) if m.posting_id == "p")
        assert back.score == match.score
        assert back.explanation == match.explanation


def test_no_part_credit_when_turned_off():
    match = by_cv(build({"c": "Forklift driver"}, SkillRules(partial_words=0.0)))["c"]
    assert credit_of(match, "forklift license") == 0.0
    assert "forklift license" in match.explanation["missing_skills"]


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_partial_words_must_be_a_share(value):
    with pytest.raises(ValueError, match="partial_words"):
        SkillRules(partial_words=value)


@pytest.mark.parametrize(
    "skill, cv_text",
    [
        ("Negotiation skills", "Skills: Excel, typing. Good knowledge of accounts."),
        ("Good knowledge of forklift", "Good knowledge of accounts"),
        ("দর কষাকষিতে দক্ষতা", "দক্ষতা: এক্সেল, টাইপিং"),  # "skill" in Bengali
        ("negotiation e valo dokkhota", "excel e valo dokkhota"),  # Banglish
    ],
)
def test_words_that_say_how_much_earn_no_part_credit(skill, cv_text):
    index = MatchIndex()
    index.upsert(Document(kind=POSTING, id="p", text="Sales officer", skills=(skill,)))
    index.upsert(Document(kind=CV, id="c", text=cv_text))
    [match] = index.rank_cvs_for_posting("p")
    assert credit_of(match, skill) == 0.0
    assert match.explanation["missing_skills"] == [skill]
