import json
import threading

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.ranking import (
    CV,
    POSTING,
    Document,
    Match,
    MatchIndex,
    ScoringWeights,
    UnknownDocument,
)
from matcher.ranking.lexicon import default_lexicon
from matcher.ranking.profile import build_profile
from matcher.ranking.terms import document_terms


def posting(doc_id, text, skills=()):
    return Document(kind=POSTING, id=doc_id, text=text, skills=tuple(skills))


def cv(doc_id, text, skills=()):
    return Document(kind=CV, id=doc_id, text=text, skills=tuple(skills))


def ids(matches, attr):
    return [getattr(m, attr) for m in matches]


@pytest.fixture
def english():
    index = MatchIndex()
    index.upsert(
        posting(
            "p-cs",
            "Customer Service Officer\nAnswer customer calls in our call centre, resolve complaints.",
            ["Customer Service", "Call Centre", "MS Excel"],
        )
    )
    index.upsert(
        posting(
            "p-py",
            "Python Developer\nBuild REST APIs with Django and PostgreSQL.",
            ["Python", "Django", "SQL"],
        )
    )
    index.upsert(
        cv(
            "c-cs",
            "Three years in a call centre handling customer calls and complaints. "
            "Customer service award 2022.",
            ["customer servise", "excel"],
        )
    )
    index.upsert(
        cv("c-py", "Backend developer: Python, Django REST framework, PostgreSQL, SQL.", ["Python"])
    )
    index.upsert(cv("c-driver", "Professional driver with a clean licence. Delivery routes in Dhaka."))
    return index


# --- English ------------------------------------------------------------------------


def test_obvious_cv_ranks_first(english):
    matches = english.rank_cvs_for_posting("p-cs")
    assert ids(matches, "cv_id")[0] == "c-cs"
    assert all(m.posting_id == "p-cs" for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert english.rank_cvs_for_posting("p-py")[0].cv_id == "c-py"


def test_other_direction(english):
    assert english.rank_postings_for_cv("c-cs")[0].posting_id == "p-cs"
    matches = english.rank_postings_for_cv("c-py")
    assert ids(matches, "posting_id") == ["p-py", "p-cs"]
    assert all(m.cv_id == "c-py" for m in matches)


def test_scores_are_between_zero_and_one(english):
    for m in english.rank_cvs_for_posting("p-cs") + english.rank_postings_for_cv("c-py"):
        assert 0.0 <= m.score <= 1.0


def test_both_directions_agree_on_a_pair(english):
    forward = {m.cv_id: m for m in english.rank_cvs_for_posting("p-py")}["c-py"]
    backward = {m.posting_id: m for m in english.rank_postings_for_cv("c-py")}["p-py"]
    assert forward == backward


def test_limit_and_min_score(english):
    assert len(english.rank_cvs_for_posting("p-cs")) == 3
    assert ids(english.rank_cvs_for_posting("p-cs", limit=1), "cv_id") == ["c-cs"]
    assert english.rank_cvs_for_posting("p-cs", limit=0) == []
    best = english.rank_cvs_for_posting("p-cs")[0].score
    assert ids(english.rank_cvs_for_posting("p-cs", min_score=best), "cv_id") == ["c-cs"]
    assert english.rank_cvs_for_posting("p-cs", min_score=best + 0.01) == []
    with pytest.raises(ValueError):
        english.rank_cvs_for_posting("p-cs", limit=-1)


def test_unrelated_cv_scores_zero(english):
    driver = {m.cv_id: m for m in english.rank_cvs_for_posting("p-py")}["c-driver"]
    assert driver.score == 0.0
    assert driver.explanation["top_terms"] == []


# --- explanation --------------------------------------------------------------------


def test_explanation_contents(english):
    match = english.rank_cvs_for_posting("p-cs")[0]
    explanation = match.explanation
    # Changed with the skill lexicon: more keys (component scores, skill evidence, shared
    # concepts, constraints), and "excel" in the CV's list now counts for "MS Excel".
    assert {"tfidf", "skill_coverage", "matched_skills", "missing_skills", "top_terms"} <= set(explanation)
    assert {"score", "components", "skill_matches", "shared_concepts", "failed_constraints"} <= set(explanation)
    # "customer servise" (typo) and "excel" are listed; "call centre" is in the text.
    assert explanation["matched_skills"] == ["Customer Service", "Call Centre", "MS Excel"]
    assert explanation["missing_skills"] == []
    assert explanation["skill_coverage"] == 1.0
    assert 0 < explanation["tfidf"] <= 1
    assert explanation["tfidf"] == round(explanation["tfidf"], 4)
    assert 1 <= len(explanation["top_terms"]) <= 5
    assert "customer" in explanation["top_terms"] or "call" in explanation["top_terms"]
    components = explanation["components"]
    assert components["tfidf"] == explanation["tfidf"] and components["skills"] == 1.0
    assert components["constraints"] == 1.0
    # Both texts are English: the score weighs the TF-IDF cosine and the skill coverage.
    w = ScoringWeights()
    assert components["text"] == components["tfidf"]
    assert match.score == pytest.approx((w.tfidf * components["tfidf"] + w.skills) / (w.tfidf + w.skills), abs=1e-3)
    assert explanation["score"] == match.score
    json.dumps(explanation)


def test_top_terms_are_shared_terms(english):
    match = english.rank_cvs_for_posting("p-py")[0]
    cv_terms = set(document_terms("Backend developer: Python, Django REST framework, PostgreSQL, SQL."))
    assert match.explanation["top_terms"]
    assert set(match.explanation["top_terms"]) <= cv_terms


def test_tfidf_equals_a_fresh_tfidfvectorizer_fit(english):
    # Churn leaves unused vocabulary columns behind; they must not change any score.
    english.upsert(cv("c-gone", "forklift warehouse inventory supervisor"))
    english.rank_cvs_for_posting("p-cs")
    english.remove(CV, "c-gone")
    english.upsert(cv("c-driver", "Delivery driver, motorbike, Dhaka routes"))
    postings = {
        "p-cs": "Customer Service Officer\nAnswer customer calls in our call centre, resolve complaints.",
        "p-py": "Python Developer\nBuild REST APIs with Django and PostgreSQL.",
    }
    cvs = {
        "c-cs": "Three years in a call centre handling customer calls and complaints. "
        "Customer service award 2022.",
        "c-py": "Backend developer: Python, Django REST framework, PostgreSQL, SQL.",
        "c-driver": "Delivery driver, motorbike, Dhaka routes",
    }
    # A posting's title words count twice; everything else once.
    terms = [document_terms(p) + document_terms(p.partition("\n")[0]) for p in postings.values()]
    terms += [document_terms(c) for c in cvs.values()]
    vectorizer = TfidfVectorizer(analyzer=lambda doc_terms: doc_terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform(terms)
    expected = (matrix[: len(postings)] @ matrix[len(postings) :].T).toarray()
    for i, posting_id in enumerate(postings):
        got = {m.cv_id: m.explanation["tfidf"] for m in english.rank_cvs_for_posting(posting_id)}
        for j, cv_id in enumerate(cvs):
            assert got[cv_id] == pytest.approx(expected[i, j], abs=1e-4)
    assert np.count_nonzero(expected) > 0


def test_limit_prunes_without_changing_the_top():
    index = MatchIndex()
    index.upsert(posting("p", "python django developer rest api", ["Python", "Django", "Docker"]))
    for i in range(40):
        words = ["python", "django", "rest", "api", "developer", "docker"][: 1 + i % 6]
        index.upsert(cv(f"c{i:02d}", " ".join(words) + f" filler{i}", ["python"] if i % 2 else []))
    full = index.rank_cvs_for_posting("p")
    for limit in (1, 3, 7, 40, 100):
        assert index.rank_cvs_for_posting("p", limit=limit) == full[:limit]
    assert index.rank_cvs_for_posting("p", limit=5, min_score=0.5) == [
        m for m in full if m.score >= 0.5
    ][:5]


def test_limit_prunes_postings_with_and_without_skills():
    index = MatchIndex()
    index.upsert(cv("c", "python django developer rest api docker", ["Python"]))
    words = ["python", "django", "rest", "api", "developer", "docker", "tally", "forklift"]
    for i in range(30):
        skills = [["Python", "Docker"], [], ["Tally"]][i % 3]
        index.upsert(posting(f"p{i:02d}", " ".join(words[i % 8 : i % 8 + 3]), skills))
    full = index.rank_postings_for_cv("c")
    assert len(full) == 30
    for limit in (1, 2, 5, 11, 30):
        assert index.rank_postings_for_cv("c", limit=limit) == full[:limit]


def test_posting_without_skills_uses_tfidf_alone():
    index = MatchIndex()
    index.upsert(posting("p", "Warehouse supervisor forklift inventory"))
    index.upsert(cv("c", "Forklift operator, inventory counts in a warehouse"))
    [match] = index.rank_cvs_for_posting("p")
    assert match.explanation["skill_coverage"] is None
    assert match.explanation["matched_skills"] == [] and match.explanation["missing_skills"] == []
    assert match.score == pytest.approx(match.explanation["tfidf"], abs=1e-4)


def test_custom_weights():
    index = MatchIndex(weights=ScoringWeights(tfidf=0.0, skills=1.0))
    index.upsert(posting("p", "Accountant", ["Tally", "VAT"]))
    index.upsert(cv("c", "Bookkeeping with Tally"))
    # Changed: bookkeeping is related to VAT in the lexicon, so VAT earns half credit.
    [match] = index.rank_cvs_for_posting("p")
    assert match.score == 0.75
    assert match.explanation["matched_skills"] == ["Tally"]
    assert match.explanation["partial_skills"] == ["VAT"]


def test_weights_validation():
    with pytest.raises(ValueError):
        ScoringWeights(tfidf=-1)
    with pytest.raises(ValueError):
        ScoringWeights(tfidf=0, skills=0)


# --- Bengali and mixed --------------------------------------------------------------


def bengali_index():
    index = MatchIndex()
    index.upsert(
        posting(
            "p-bn",
            "গ্রাহক সেবা প্রতিনিধি\nকল সেন্টারে গ্রাহকের অভিযোগ সমাধান ও কম্পিউটার দক্ষতা প্রয়োজন।",
            ["গ্রাহক সেবা", "কম্পিউটার"],
        )
    )
    index.upsert(
        cv(
            "c-bn-match",
            "আমি কল সেন্টারে ৩ বছর গ্রাহক সেবা বিভাগে কাজ করেছি। গ্রাহকের অভিযোগ সমাধান করেছি।",
            ["কম্পিউটার"],
        )
    )
    index.upsert(cv("c-bn-other", "আমি গাড়ি চালক। ঢাকায় ৫ বছর গাড়ি চালানোর অভিজ্ঞতা আছে।"))
    return index


def test_bengali_posting_ranks_matching_bengali_cv_first():
    index = bengali_index()
    matches = index.rank_cvs_for_posting("p-bn")
    assert ids(matches, "cv_id") == ["c-bn-match", "c-bn-other"]
    top, other = matches
    assert top.score > other.score
    assert top.explanation["matched_skills"] == ["গ্রাহক সেবা", "কম্পিউটার"]
    assert top.explanation["skill_coverage"] == 1.0
    assert other.explanation["missing_skills"] == ["গ্রাহক সেবা", "কম্পিউটার"]
    # Bengali terms are whole words, not fragments.
    assert "অভিযোগ" in top.explanation["top_terms"] or "গ্রাহকের" in top.explanation["top_terms"]
    assert index.rank_postings_for_cv("c-bn-match")[0].posting_id == "p-bn"


def test_bengali_spellings_with_and_without_precomposed_nukta_match():
    index = MatchIndex()
    index.upsert(posting("p", "হিসাবরক্ষক নি\u09dfোগ, বাড\u09dcা", ["নি\u09dfোগ"]))
    index.upsert(cv("c", "হিসাবরক্ষক নি\u09af\u09bcোগ, বাড\u09a1\u09bcা", ["নি\u09af\u09bcোগ"]))
    [match] = index.rank_cvs_for_posting("p")
    assert match.explanation["tfidf"] == 1.0
    assert match.explanation["skill_coverage"] == 1.0


def test_mixed_language_cv_matches_english_posting():
    index = MatchIndex()
    index.upsert(posting("p", "Customer service executive for call centre", ["Customer Service"]))
    index.upsert(cv("c-mixed", "আমি customer service এ ৩ বছর কাজ করেছি, call centre এ।"))
    index.upsert(cv("c-bn", "আমি ঢাকায় গাড়ি চালাই।"))
    matches = index.rank_cvs_for_posting("p")
    assert ids(matches, "cv_id") == ["c-mixed", "c-bn"]
    assert matches[0].explanation["matched_skills"] == ["Customer Service"]
    assert "customer service" in matches[0].explanation["top_terms"]


# --- skills -------------------------------------------------------------------------


def skills_explained(posting_skills, cv_skills=(), text="a CV"):
    """The explanation of one CV for a posting that lists ``posting_skills``."""
    index = MatchIndex()
    index.upsert(posting("p", "Job", posting_skills))
    index.upsert(cv("c", text, cv_skills))
    [match] = index.rank_cvs_for_posting("p")
    return match.explanation


def test_skill_typo_in_cv_skills_list():
    explanation = skills_explained(["Customer Service"], cv_skills=["customer servise"])
    assert explanation["matched_skills"] == ["Customer Service"]


def test_bengali_skill_found_in_bengali_text():
    explanation = skills_explained(["গ্রাহক সেবা"], text="আমি দুই বছর গ্রাহক সেবা দিয়েছি")
    assert explanation["matched_skills"] == ["গ্রাহক সেবা"]
    inflected = skills_explained(["গ্রাহক সেবা"], text="গ্রাহক সেবায় অভিজ্ঞ")
    assert inflected["matched_skills"] == ["গ্রাহক সেবা"]


def test_skill_must_match_whole_words():
    explanation = skills_explained(["Java", "C#", "Zebra"], text="JavaScript and C++, zebrafish research")
    assert explanation["matched_skills"] == [] and explanation["missing_skills"] == ["Zebra"]
    # Java and C# earn only the related credit of another programming language, never a
    # match inside "javascript".
    assert explanation["partial_skills"] == ["Java", "C#"]
    for detail in explanation["skill_matches"]:
        assert detail["credit"] == 0.5 and [m["match"] for m in detail["matches"]] == ["related"]


def test_short_skills_match_exactly_only():
    explanation = skills_explained(["C#", "PHP", "Qwe"], cv_skills=["c#"], text="PHB and qwa")
    assert explanation["matched_skills"] == ["C#"]
    assert explanation["missing_skills"] == ["PHP", "Qwe"]


def test_skill_coverage_share_and_duplicates():
    explanation = skills_explained(["Excel", "excel", "  ", "Word"], text="MS Excel")
    assert explanation["matched_skills"] == ["Excel"] and explanation["missing_skills"] == ["Word"]
    assert explanation["skill_coverage"] == 0.5
    assert skills_explained([], text="MS Excel")["skill_coverage"] is None


# --- index maintenance ------------------------------------------------------------


def test_unknown_id_raises(english):
    with pytest.raises(KeyError):
        english.rank_cvs_for_posting("nope")
    with pytest.raises(UnknownDocument):
        english.rank_postings_for_cv("nope")
    with pytest.raises(UnknownDocument):
        english.rank_postings_for_cv("p-cs")  # a posting id is not a CV id


def test_upsert_replaces_existing(english):
    assert english.count(CV) == 3
    english.upsert(cv("c-driver", "Python Django developer, REST APIs, SQL", ["Python", "Django", "SQL"]))
    assert english.count(CV) == 3
    matches = english.rank_cvs_for_posting("p-py")
    assert ids(matches, "cv_id")[:2] in (["c-driver", "c-py"], ["c-py", "c-driver"])
    replaced = {m.cv_id: m for m in matches}["c-driver"]
    assert replaced.explanation["skill_coverage"] == 1.0


def test_remove(english):
    english.remove(CV, "c-cs")
    assert (CV, "c-cs") not in english
    assert english.count(CV) == 2
    assert "c-cs" not in ids(english.rank_cvs_for_posting("p-cs"), "cv_id")
    with pytest.raises(UnknownDocument):
        english.rank_postings_for_cv("c-cs")
    english.remove(CV, "c-cs")  # removing again does nothing
    english.remove(POSTING, "p-py")
    assert ids(english.rank_postings_for_cv("c-py"), "posting_id") == ["p-cs"]


def test_contains_and_count(english):
    assert (POSTING, "p-cs") in english
    assert (CV, "p-cs") not in english
    assert ("other", "p-cs") not in english
    assert english.count(POSTING) == 2
    with pytest.raises(ValueError):
        english.count("other")


def test_empty_other_side_and_empty_texts():
    index = MatchIndex()
    index.upsert(posting("p", ""))
    assert index.rank_cvs_for_posting("p") == []
    index.upsert(cv("c", "the and এবং"))
    [match] = index.rank_cvs_for_posting("p")
    assert match.score == 0.0 and match.explanation["tfidf"] == 0.0


def test_ties_broken_by_id():
    index = MatchIndex()
    index.upsert(posting("p", "electrician wiring"))
    for doc_id in ["c3", "c1", "c2"]:
        index.upsert(cv(doc_id, "electrician wiring"))
    assert ids(index.rank_cvs_for_posting("p"), "cv_id") == ["c1", "c2", "c3"]


def test_document_validation():
    with pytest.raises(ValueError):
        Document(kind="job", id="x", text="")
    with pytest.raises(TypeError):
        Document(kind=CV, id="x", text="", skills="python")
    assert Document(kind=CV, id="x", text="", skills=["a"]).skills == ("a",)
    assert isinstance(Match("p", "c", 0.5, {}), Match)


def test_concurrent_readers_and_writer_smoke(english):
    errors = []

    def write():
        try:
            for i in range(30):
                english.upsert(cv(f"c-extra-{i}", f"python developer number {i}", ["Python"]))
                if i % 3 == 0:
                    english.remove(CV, f"c-extra-{i - 3}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def read():
        try:
            for _ in range(30):
                assert english.rank_cvs_for_posting("p-py", limit=3)
                english.rank_postings_for_cv("c-py")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert english.count(CV) == 3 + 30 - 9  # c-extra-0 .. c-extra-24, every third, removed


@pytest.mark.parametrize(
    "text, title_term, body_term",
    [
        ("Accountant\nKeep the ledger and help with sales reports.", "accountant", "ledger"),
        ("হিসাবরক্ষক\nখাতা ও বিক্রয় রিপোর্ট রাখবেন।", "হিসাবরক্ষক", "খাতা"),
        ("Data entry অপারেটর\nএক্সেলে data রাখবেন।", "অপারেটর", "এক্সেল"),
    ],
)
def test_a_posting_title_counts_twice_in_its_terms(text, title_term, body_term):
    profile = build_profile(posting("p", text), default_lexicon())
    assert profile.terms[title_term] == 2
    assert profile.terms[body_term] == 1
    # A CV's first line is just text.
    assert build_profile(cv("c", text), default_lexicon()).terms[title_term] == 1


def test_title_words_outrank_a_passing_mention():
    index = MatchIndex()
    index.upsert(posting("p", "Accountant\nKeep the ledger; sometimes help with sales."))
    index.upsert(cv("c-title", "Accountant for five years"))
    index.upsert(cv("c-body", "Sales for five years"))  # would win a tie: ties go to the smaller id
    assert [m.cv_id for m in index.rank_cvs_for_posting("p")] == ["c-title", "c-body"]
