"""A posting's constraints: location, languages, education; lowered versus excluded."""

import pytest

from matcher.ranking import CV, POSTING, ConstraintFactors, Constraints, Document, Lexicon, MatchIndex
from matcher.ranking.lexicon.data import ENTRIES

CS_TEXT = "Call Centre Agent\nInbound customer service for a telecom client: calls, complaints, CRM."
CS_SKILLS = ("customer service", "call centre", "CRM")
CV_EN = "Two years as an inbound call centre agent: customer service, complaints, CRM tickets. HSC passed. English good."
CV_BN = "আমি ২ বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি, CRM-এ টিকিট লগ করেছি। এইচএসসি পাস।"


def index_with(constraints, cvs, location="Jashore"):
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", CS_TEXT, CS_SKILLS, location, constraints=constraints))
    for doc_id, (text, where) in cvs.items():
        index.upsert(Document(CV, doc_id, text, (), where))
    return index


def by_id(matches):
    return {m.cv_id: m for m in matches}


def failed(match, kind):
    return [f for f in match.explanation["failed_constraints"] if f["constraint"] == kind]


# --- location -------------------------------------------------------------------------


def test_location_prefer_lowers_and_names_the_constraint():
    cvs = {"jashore": (CV_EN, "Jessore"), "khulna": (CV_EN, "Khulna"), "sylhet": (CV_EN, "Sylhet")}
    index = index_with(Constraints(location_policy="prefer"), cvs)
    matches = index.rank_cvs_for_posting("p")
    assert [m.cv_id for m in matches] == ["jashore", "khulna", "sylhet"]  # same text: place decides
    got = by_id(matches)
    assert failed(got["jashore"], "location") == []
    [near] = failed(got["khulna"], "location")
    assert near["result"] == "near" and near["effect"] == "lowered"  # same division, other district
    [far] = failed(got["sylhet"], "location")
    assert far == {
        "constraint": "location",
        "policy": "prefer",
        "required": "Jashore",
        "found": "Sylhet",
        "result": "far",
        "effect": "lowered",
        "factor": ConstraintFactors().location_far,
        "source": "posting",
    }
    assert got["sylhet"].explanation["components"]["constraints"] == ConstraintFactors().location_far
    assert got["sylhet"].score == pytest.approx(got["jashore"].score * ConstraintFactors().location_far, abs=1e-5)


def test_location_require_excludes_other_divisions_and_lowers_near_ones():
    cvs = {"jashore": (CV_BN, "যশোর"), "khulna": (CV_BN, "খুলনা"), "sylhet": (CV_BN, "সিলেট"), "none": (CV_BN, None)}
    index = index_with(Constraints(location_policy="require"), cvs, location="Jashore")
    got = by_id(index.rank_cvs_for_posting("p"))
    assert set(got) == {"jashore", "khulna", "none"}  # Sylhet is excluded
    assert failed(got["khulna"], "location")[0]["effect"] == "lowered"
    assert failed(got["none"], "location")[0]["result"] == "unknown"
    # Asked for, the excluded CV comes last with score 0 and says why.
    everyone = index.rank_cvs_for_posting("p", include_excluded=True)
    assert everyone[-1].cv_id == "sylhet" and everyone[-1].score == 0.0
    [why] = failed(everyone[-1], "location")
    assert (why["effect"], why["required"], why["found"]) == ("excluded", "Jashore", "Sylhet")
    assert everyone[-1].explanation["excluded"] is True


def test_division_level_location():
    cvs = {"satkhira": (CV_EN, "Satkhira"), "dhaka": (CV_EN, "Dhaka")}
    index = index_with(Constraints(location_policy="require", location="Khulna Division"), cvs, location=None)
    got = by_id(index.rank_cvs_for_posting("p"))
    assert set(got) == {"satkhira"} and failed(got["satkhira"], "location") == []


def test_excluded_postings_are_left_out_for_a_cv_too():
    index = index_with(Constraints(location_policy="require"), {"sylhet": (CV_EN, "Sylhet")})
    index.upsert(Document(POSTING, "open", CS_TEXT, CS_SKILLS, "Dhaka"))
    assert [m.posting_id for m in index.rank_postings_for_cv("sylhet")] == ["open"]
    assert [m.posting_id for m in index.rank_postings_for_cv("sylhet", include_excluded=True)] == ["open", "p"]


# --- languages ------------------------------------------------------------------------


def test_required_language_found_in_text_or_script():
    cvs = {"en": (CV_EN, "Jashore"), "bn": (CV_BN, "Jashore")}
    index = index_with(Constraints(required_languages=("ইংরেজি",), language_policy="require"), cvs)
    got = by_id(index.rank_cvs_for_posting("p", include_excluded=True))
    assert failed(got["en"], "language") == []
    [missing] = failed(got["bn"], "language")
    assert missing["required"] == "English" and missing["effect"] == "excluded"
    assert missing["found"] == ["Bangla"]  # the Bengali CV shows Bangla, not English
    # Bangla, asked for in English, is shown by the Bengali CV's script; the English CV
    # never says it speaks Bangla.
    index = index_with(Constraints(required_languages=("Bangla",)), cvs)
    assert set(by_id(index.rank_cvs_for_posting("p"))) == {"bn"}


def test_required_language_prefer_lowers():
    index = index_with(Constraints(required_languages=("Hindi",), language_policy="prefer"), {"en": (CV_EN, None)})
    [match] = index.rank_cvs_for_posting("p")
    assert failed(match, "language")[0]["effect"] == "lowered"


def test_languages_declared_outside_the_text_count():
    index = index_with(Constraints(required_languages=("English",)), {})
    index.upsert(Document(CV, "declared", CV_BN, (), "Jashore", languages=("English",)))
    assert [m.cv_id for m in index.rank_cvs_for_posting("p")] == ["declared"]


# --- education ------------------------------------------------------------------------


def test_min_education_require():
    cvs = {
        "bachelor": ("BBA 2022. Inbound customer service in a call centre, CRM.", None),
        "studying": ("Final-year BBA student; HSC 2021. Inbound customer service in a call centre, CRM.", None),
        "hsc": ("এইচএসসি পাস। কল সেন্টারে গ্রাহক সেবা, CRM।", None),
        "unknown": ("Inbound customer service in a call centre, CRM.", None),
    }
    index = index_with(Constraints(min_education="স্নাতক"), cvs)  # Bachelor, written in Bengali
    got = by_id(index.rank_cvs_for_posting("p", include_excluded=True))
    assert failed(got["bachelor"], "education") == []
    assert failed(got["studying"], "education")[0]["result"] == "studying"
    assert failed(got["studying"], "education")[0]["effect"] == "lowered"
    assert failed(got["unknown"], "education")[0]["result"] == "unknown"
    [below] = failed(got["hsc"], "education")
    assert (below["required"], below["found"], below["effect"]) == ("Bachelor", "HSC", "excluded")


def test_min_education_prefer_lowers_instead():
    index = index_with(Constraints(min_education="Masters", education_policy="prefer"), {"c": (CV_EN, None)})
    [match] = index.rank_cvs_for_posting("p")
    assert failed(match, "education")[0]["effect"] == "lowered"


# --- validation -----------------------------------------------------------------------


def test_constraints_validation():
    with pytest.raises(ValueError):
        Constraints(location_policy="always")
    with pytest.raises(TypeError):
        Constraints(required_languages="English")
    with pytest.raises(ValueError):
        Constraints(min_education="some")
    with pytest.raises(ValueError):
        Constraints(location="Atlantis")
    with pytest.raises(ValueError):
        Document(CV, "c", "text", constraints=Constraints())  # only postings carry constraints
    index = MatchIndex()
    with pytest.raises(ValueError):  # a location policy needs a known place
        index.upsert(Document(POSTING, "p", "text", location=None, constraints=Constraints(location_policy="prefer")))
    for policy in ("require", "ignore"):  # the index's lexicon knows no such language
        klingon = Constraints(required_languages=("Klingon",), language_policy=policy)
        with pytest.raises(ValueError, match="unknown language 'Klingon'"):
            index.upsert(Document(POSTING, "p", "text", constraints=klingon))
    assert ("posting", "p") not in index


def test_constraints_from_a_record():
    assert Constraints.from_mapping({"id": "p", "title": "x"}) is None
    c = Constraints.from_mapping({"location_policy": "require", "required_languages": ["English", "বাংলা"]})
    assert c == Constraints(location_policy="require", required_languages=("English", "বাংলা"))
    with pytest.raises(TypeError):
        Constraints.from_mapping({"required_languages": "English"})


def test_limits_prune_correctly_with_constraints():
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", CS_TEXT, CS_SKILLS, "Jashore", constraints=Constraints(location_policy="prefer")))
    places = ["Jashore", "Khulna", "Sylhet", "Dhaka", None, "Magura"]
    for i in range(30):
        text = " ".join(CV_EN.split()[: 5 + i % 17]) + f" filler{i}"
        index.upsert(Document(CV, f"c{i:02d}", text, (), places[i % len(places)]))
    full = index.rank_cvs_for_posting("p")
    for limit in (1, 3, 7, 30):
        assert index.rank_cvs_for_posting("p", limit=limit) == full[:limit]


def test_banglish_cv_shows_bangla_but_not_english():
    banglish = "ami 2 bochor call center e customer service er kaj korechi, CRM e ticket log kortam."
    index = index_with(Constraints(required_languages=("Bangla", "English"), language_policy="prefer"),
                       {"bl": (banglish, "Jashore")})
    [match] = index.rank_cvs_for_posting("p")
    assert [f["required"] for f in failed(match, "language")] == ["English"]


def test_languages_are_the_index_lexicons():
    without_hindi = Lexicon([e for e in ENTRIES if e.id != "hindi"])
    hindi = Constraints(required_languages=("Hindi",), language_policy="prefer")
    MatchIndex().upsert(Document(POSTING, "p", "Call centre agent", constraints=hindi))
    with pytest.raises(ValueError, match="unknown language 'Hindi'"):
        MatchIndex(lexicon=without_hindi).upsert(Document(POSTING, "p", "Call centre agent", constraints=hindi))
    # What a posting's description asks for is read with the index's lexicon too.
    failed = {}
    for name, index in [("default", MatchIndex()), ("without Hindi", MatchIndex(lexicon=without_hindi))]:
        index.upsert(Document(POSTING, "p", "Call centre agent. Fluent Hindi and English required."))
        index.upsert(Document(CV, "c", "Call centre agent, five years; I speak English."))
        [match] = index.rank_cvs_for_posting("p")
        failed[name] = [(f["required"], f["source"]) for f in match.explanation["failed_constraints"]]
    assert failed == {"default": [("Hindi", "description")], "without Hindi": []}
