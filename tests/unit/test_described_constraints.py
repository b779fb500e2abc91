"""Constraints a posting states only in its description lower (never exclude) CVs that fail them."""

import pytest

from matcher.ranking import CV, POSTING, Constraints, Document, MatchIndex, default_lexicon
from matcher.ranking.constraints import ConstraintFactors
from matcher.ranking.described_constraints import DescribedConstraints, described_constraints, with_described


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Minimum HSC pass. Fluent English required.\nCandidates from Khulna division only.",
            DescribedConstraints("HSC", ("English",), "Khulna Division"),
        ),
        ("Educational Requirements: Bachelor or Masters in any discipline", DescribedConstraints("Bachelor")),
        (
            "ন্যূনতম এইচএসসি পাস। ইংরেজিতে কথা বলতে পারতে হবে। শুধুমাত্র যশোরের প্রার্থী আবেদন করবেন।",
            DescribedConstraints("HSC", ("English",), "Jashore"),
        ),
        ("Komopokkhe SSC. English e kotha bolte hobe", DescribedConstraints("SSC", ("English",))),  # Banglish
        ("Call centre এ কাজ। Minimum এইচএসসি। English must.", DescribedConstraints("HSC", ("English",))),  # mixed
        ("At least HSC or Diploma", DescribedConstraints("HSC")),  # the lower of two levels
    ],
)
def test_explicit_statements_are_read(text, expected):
    assert described_constraints(text, default_lexicon()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We serve clients in Dhaka and Khulna. English speaking clients. Graduates welcome.",
        "Only experienced candidates. Office in Jashore.",  # "only" and the place in two sentences
        "Bangla typing speed 30 wpm must.",  # a skill, not a language requirement
        "আমাদের অফিস খুলনায়। এইচএসসি পাস প্রার্থীরাও আবেদন করতে পারেন।",  # no minimum stated
    ],
)
def test_mentions_without_a_requirement_are_not_constraints(text):
    assert described_constraints(text, default_lexicon()) == DescribedConstraints()


def test_the_description_fills_only_empty_fields_and_only_as_prefer():
    described = DescribedConstraints("HSC", ("English",), "Khulna Division")
    merged, filled = with_described(None, described)
    assert filled == {"location", "language", "education"}
    assert (merged.location_policy, merged.language_policy, merged.education_policy) == ("prefer",) * 3
    given = Constraints(min_education="Bachelor", education_policy="require")
    merged, filled = with_described(given, described)
    assert merged.min_education == "Bachelor" and merged.education_policy == "require"
    assert filled == {"location", "language"}
    assert with_described(given, DescribedConstraints()) == (given, frozenset())


def _ranked(description, cvs):
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", f"Call Centre Agent\n{description}", ("customer service",), "Jashore"))
    for cv_id, text in cvs.items():
        index.upsert(Document(CV, cv_id, text, (), "Jashore"))
    return {m.cv_id: m for m in index.rank_cvs_for_posting("p", include_excluded=True)}


@pytest.mark.parametrize(
    "description",
    ["Inbound calls. Minimum HSC.", "ইনবাউন্ড কল। ন্যূনতম এইচএসসি পাস।"],
)
def test_a_cv_below_a_described_minimum_is_lowered_not_excluded(description):
    body = "Two years of customer service in a call centre, inbound calls."
    got = _ranked(description, {"hsc": f"HSC passed 2020. {body}", "ssc": f"SSC passed 2018. {body}"})
    assert got["hsc"].explanation["failed_constraints"] == []
    [failed] = got["ssc"].explanation["failed_constraints"]
    assert failed["constraint"] == "education" and failed["source"] == "description"
    assert failed["policy"] == "prefer" and failed["effect"] == "lowered"
    assert not got["ssc"].explanation["excluded"]
    assert got["ssc"].explanation["components"]["constraints"] == ConstraintFactors().education_below


def test_a_language_only_the_description_asks_for_lowers_gently():
    got = _ranked(
        "Inbound calls. Fluent English required.",
        {"bn": "আমি দুই বছর কল সেন্টারে কাস্টমার সার্ভিস দিয়েছি, ইনবাউন্ড কল নিয়েছি।"},
    )
    [failed] = got["bn"].explanation["failed_constraints"]
    assert failed["constraint"] == "language" and failed["source"] == "description"
    assert failed["factor"] == ConstraintFactors().described_language_missing
