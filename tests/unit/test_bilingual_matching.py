"""Cross-lingual matching (Bengali ↔ English, mixed, Banglish) and what explanations say."""

import json

import pytest

from matcher.ranking import CV, POSTING, Document, MatchIndex, ScoringWeights

POSTINGS = {
    "p-cs": (
        "Call Centre Agent (Inbound Voice)\nAnswer customer calls for a telecom client, resolve complaints and log "
        "every call in the CRM. Night shifts.",
        ("customer service", "CRM", "spoken English"),
    ),
    "p-gd": (
        "গ্রাফিক ডিজাইনার (ইমেজ এডিটিং)\nঅ্যাডোবি ফটোশপে ক্লিপিং পাথ, ব্যাকগ্রাউন্ড রিমুভ ও রিটাচিংয়ের কাজ।",
        ("ফটোশপ", "ক্লিপিং পাথ", "ব্যাকগ্রাউন্ড রিমুভ"),
    ),
    "p-de": (
        "Data Entry Operator\nEnter scanned forms into the computer and check them in MS Excel. Bangla (Bijoy) "
        "and English typing.",
        ("data entry", "Bangla typing", "MS Excel"),
    ),
}
CVS = {
    "c-cs-bn": "আমি ২ বছর একটি কল সেন্টারে কাস্টমার সার্ভিস এজেন্ট হিসেবে কাজ করেছি। গ্রাহকের অভিযোগ শুনে সমাধান "
    "দিই, সিআরএম সফটওয়্যারে প্রতিটি কল লিখে রাখি। রাতের শিফটে কাজ করতে পারি।",
    "c-cs-mixed": "আমি ২ বছর call center এ customer service এর কাজ করেছি, CRM এ ticket open করতাম। English call-ও নিতে পারি।",
    "c-cs-banglish": "ami 2 bochor call center e customer service er kaj korechi. CRM e ticket log kortam, night shift korte pari.",
    "c-gd-en": "Image editor for two years: clipping path with the Pen Tool, background removal and retouching in "
    "Adobe Photoshop.",
    "c-de-bn": "আমি ১৮ মাস ডাটা এন্ট্রি অপারেটর হিসেবে কাজ করেছি। বাংলা টাইপিং (বিজয়) মিনিটে ৩৫ শব্দ, এক্সেলে তথ্য যাচাই করেছি।",
    "c-driver": "Professional driver with a clean licence. Delivery routes in Dhaka and Khulna.",
}
FITS = {"p-cs": {"c-cs-bn", "c-cs-mixed", "c-cs-banglish"}, "p-gd": {"c-gd-en"}, "p-de": {"c-de-bn"}}


@pytest.fixture(scope="module")
def index():
    index = MatchIndex()
    for doc_id, (text, skills) in POSTINGS.items():
        index.upsert(Document(POSTING, doc_id, text, skills))
    for doc_id, text in CVS.items():
        index.upsert(Document(CV, doc_id, text))
    return index


@pytest.mark.parametrize("posting_id", list(FITS))
def test_each_posting_ranks_its_fits_first_whatever_their_language(index, posting_id):
    fits = FITS[posting_id]
    ranked = [m.cv_id for m in index.rank_cvs_for_posting(posting_id)]
    assert set(ranked[: len(fits)]) == fits


@pytest.mark.parametrize("cv_id", ["c-cs-bn", "c-cs-mixed", "c-cs-banglish", "c-gd-en", "c-de-bn"])
def test_each_cv_ranks_its_posting_first(index, cv_id):
    expected = next(p for p, fits in FITS.items() if cv_id in fits)
    assert index.rank_postings_for_cv(cv_id)[0].posting_id == expected


def test_bengali_cv_against_english_posting_explained(index):
    match = next(m for m in index.rank_cvs_for_posting("p-cs") if m.cv_id == "c-cs-bn")
    e = match.explanation
    assert e["tfidf"] < 0.05  # next to no shared words...
    assert e["components"]["skills"] > 0.5 and e["components"]["concepts"] > 0.3  # ...but the same skills
    assert e["matched_skills"] == ["customer service", "CRM"]
    assert e["partial_skills"] == [] and e["missing_skills"] == ["spoken English"]
    [cs] = [d for d in e["skill_matches"] if d["skill"] == "customer service"]
    [evidence] = cs["matches"]
    assert evidence["id"] == "customer_service" and evidence["label"] == "Customer service"
    assert evidence["found"] == "কাস্টমার সার্ভিস"  # what matched, in the CV's words
    shared = {c["id"]: c for c in e["shared_concepts"]}
    assert shared and all(c["posting"] and c["cv"] for c in shared.values())
    assert e["score"] == match.score
    json.dumps(e, ensure_ascii=False)


def test_english_cv_against_bengali_posting_explained(index):
    match = index.rank_cvs_for_posting("p-gd")[0]
    e = match.explanation
    assert match.cv_id == "c-gd-en"
    assert e["matched_skills"] == ["ফটোশপ", "ক্লিপিং পাথ", "ব্যাকগ্রাউন্ড রিমুভ"]
    found = {d["skill"]: d["matches"][0]["found"] for d in e["skill_matches"]}
    assert found == {"ফটোশপ": "adobe photoshop", "ক্লিপিং পাথ": "clipping path", "ব্যাকগ্রাউন্ড রিমুভ": "background removal"}


def test_explanation_has_every_part(index):
    e = index.rank_cvs_for_posting("p-de")[0].explanation
    assert set(e["components"]) == {"tfidf", "text", "skills", "concepts", "constraints"}
    for key in ("matched_skills", "partial_skills", "missing_skills", "skill_matches", "top_terms",
                "shared_concepts", "failed_constraints", "score", "weights"):
        assert key in e
    assert e["failed_constraints"] == [] and e["components"]["constraints"] == 1.0


def test_implied_and_related_skills_are_explained():
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", "PHP developer", ("PHP", "MS Office", "spoken English")))
    index.upsert(Document(CV, "c", "Laravel developer. Excel. English: good.", ()))
    [match] = index.rank_cvs_for_posting("p")
    details = {d["skill"]: d for d in match.explanation["skill_matches"]}
    assert details["PHP"]["matches"][0]["match"] == "implied"  # Laravel is PHP
    assert details["PHP"]["matches"][0]["via"] == "Laravel"
    assert details["MS Office"]["credit"] == 1.0  # Excel is part of MS Office
    assert details["spoken English"]["credit"] == 0.5  # English, but not said to be spoken
    assert details["spoken English"]["matches"][0]["match"] == "related"
    assert match.explanation["partial_skills"] == ["spoken English"]


def test_skills_the_lexicon_does_not_know_still_match_fuzzily():
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", "Warehouse assistant", ("forklift licence", "Docker", "survey data collection")))
    index.upsert(Document(CV, "typo", "I hold a forklift lisence and use Dockers", ()))
    index.upsert(Document(CV, "listed", "Warehouse work", ("Survey data collection", "Forklift licence")))
    index.upsert(Document(CV, "none", "Cook", ()))
    got = {m.cv_id: m.explanation for m in index.rank_cvs_for_posting("p")}
    assert got["typo"]["matched_skills"] == ["forklift licence", "Docker"]
    assert got["listed"]["matched_skills"] == ["forklift licence", "survey data collection"]
    assert got["none"]["matched_skills"] == []
    [forklift] = [d for d in got["typo"]["skill_matches"] if d["skill"] == "forklift licence"]
    assert forklift["matches"][0]["found"] == "forklift lisence" and forklift["matches"][0]["match"] == "fuzzy"
    # The other direction agrees.
    back = index.rank_postings_for_cv("typo")[0].explanation
    assert back["matched_skills"] == got["typo"]["matched_skills"]


def test_concepts_stand_in_for_words_across_languages(index):
    # What the formula does with it is pinned in test_score.py; here, what it sees.
    w = ScoringWeights()
    bengali = {m.cv_id: m.explanation for m in index.rank_cvs_for_posting("p-cs")}["c-cs-bn"]
    # Two languages: the words share nothing; the concept cosine, on the TF-IDF scale, stands in.
    assert bengali["language_gap"] == 1.0 and bengali["components"]["tfidf"] == 0.0
    assert bengali["components"]["text"] == pytest.approx(bengali["components"]["concepts"] / w.concept_scale, abs=1e-4)
    assert bengali["components"]["text"] > 0
    # And the other way round: a Bengali posting, an English CV.
    english = {m.cv_id: m.explanation for m in index.rank_cvs_for_posting("p-gd")}["c-gd-en"]
    assert english["language_gap"] == 1.0 and english["components"]["text"] > english["components"]["tfidf"]
    # One language: the words decide.
    driver = {m.cv_id: m.explanation for m in index.rank_cvs_for_posting("p-cs")}["c-driver"]
    assert driver["language_gap"] == 0.0 and driver["components"]["text"] == driver["components"]["tfidf"]


def test_fits_score_alike_whatever_their_language(index):
    matches = {m.cv_id: m for m in index.rank_cvs_for_posting("p-cs")}
    scores = {cv_id: m.score for cv_id, m in matches.items()}
    # The Bengali and the Banglish CV show the same two of the three skills: alike.
    assert abs(scores["c-cs-bn"] - scores["c-cs-banglish"]) < 0.1
    # The mixed one also shows the third (spoken English), so it may only score higher.
    assert matches["c-cs-mixed"].explanation["matched_skills"] == ["customer service", "CRM", "spoken English"]
    assert scores["c-cs-bn"] < scores["c-cs-mixed"] < scores["c-cs-bn"] + 0.2
    assert min(scores[c] for c in FITS["p-cs"]) > 3 * scores["c-driver"]


def test_language_gap_is_in_the_explanation(index):
    e = {m.cv_id: m.explanation for m in index.rank_cvs_for_posting("p-cs")}
    assert e["c-cs-bn"]["language_gap"] > 0.9  # Bengali CV, English posting
    assert e["c-driver"]["language_gap"] < 0.1  # both English
    assert 0.2 < e["c-cs-mixed"]["language_gap"] < 0.8
    bn = e["c-cs-bn"]["components"]
    assert bn["tfidf"] < 0.05 and bn["text"] > 3 * bn["tfidf"]  # concepts stood in for the words
    assert e["c-driver"]["components"]["text"] == e["c-driver"]["components"]["tfidf"]


def test_ranking_thousands_of_cvs_stays_sparse_and_fast():
    import time

    index = MatchIndex()
    index.upsert(Document(POSTING, "p", *POSTINGS["p-cs"]))
    texts = list(CVS.values())
    for i in range(2000):
        index.upsert(Document(CV, f"c{i}", texts[i % len(texts)] + f" extra{i}"))
    index.rank_cvs_for_posting("p", limit=10)  # fit
    started = time.perf_counter()
    top = index.rank_cvs_for_posting("p", limit=10)
    assert time.perf_counter() - started < 2.0  # tens of milliseconds when the machine is idle
    assert len(top) == 10
