"""The match score: the formula the index runs (``ranking.score``), pinned to its documented weights.

Every expected number here is written out from the documented weights (text 0.5, skills
0.5, concepts 0, concept scale 4, concepts count fully from 3 named), so changing any
weight or the cross-language term fails a test.
"""

import numpy as np
import pytest

from matcher.ranking import CV, POSTING, Document, MatchIndex, ScoringWeights, default_lexicon
from matcher.ranking.profile import build_profile
from matcher.ranking.score import language_gap, score_pairs

W_TEXT, W_SKILLS, W_CONCEPTS, CONCEPT_SCALE, CONCEPTS_FULL_AT = 0.5, 0.5, 0.0, 4.0, 3


def score_one(weights=None, *, tfidf, concepts=0.0, coverage=None, strength=0.0, gap=0.0):
    """(text, score before constraints) of one pair, by the index's formula; coverage None: no skills listed."""
    pairs = score_pairs(
        weights or ScoringWeights(),
        tfidf=np.array([tfidf]),
        concepts=np.array([concepts]),
        coverage=np.array([0.0 if coverage is None else coverage]),
        has_coverage=np.array([coverage is not None]),
        strength=np.array([strength]),
        gap=np.array([gap]),
    )
    return float(pairs.text[0]), float(pairs.base[0])


def test_the_defaults_are_the_documented_weights():
    assert ScoringWeights() == ScoringWeights(
        tfidf=W_TEXT, skills=W_SKILLS, concepts=W_CONCEPTS, concept_scale=CONCEPT_SCALE, concepts_full_at=CONCEPTS_FULL_AT
    )


@pytest.mark.parametrize(
    ("pair", "text", "score"),
    [
        # One language: the words decide; skills and text weigh alike.
        (dict(tfidf=0.3, concepts=0.6, coverage=0.5, strength=1.0), 0.3, (W_TEXT * 0.3 + W_SKILLS * 0.5) / (W_TEXT + W_SKILLS)),
        # No skills listed: the text alone.
        (dict(tfidf=0.3, concepts=0.6, strength=1.0), 0.3, 0.3),
        # No concept and no skill: the TF-IDF cosine.
        (dict(tfidf=0.45), 0.45, 0.45),
        # Two languages: the concept cosine, on the TF-IDF scale, stands in for the words.
        (
            dict(tfidf=0.1, concepts=0.8, coverage=1.0, strength=1.0, gap=1.0),
            0.8 / CONCEPT_SCALE,
            (W_TEXT * 0.8 / CONCEPT_SCALE + W_SKILLS * 1.0) / (W_TEXT + W_SKILLS),
        ),
        # Half a language gap: half of each.
        (
            dict(tfidf=0.2, concepts=0.6, coverage=0.0, strength=1.0, gap=0.5),
            0.5 * 0.2 + 0.5 * 0.6 / CONCEPT_SCALE,
            W_TEXT * (0.5 * 0.2 + 0.5 * 0.6 / CONCEPT_SCALE) / (W_TEXT + W_SKILLS),
        ),
        # A posting naming one concept relies on it a third as much.
        (
            dict(tfidf=0.1, concepts=0.8, coverage=0.5, strength=1 / CONCEPTS_FULL_AT, gap=1.0),
            (1 - 1 / 3) * 0.1 + (1 / 3) * 0.8 / CONCEPT_SCALE,
            (W_TEXT * ((1 - 1 / 3) * 0.1 + (1 / 3) * 0.8 / CONCEPT_SCALE) + W_SKILLS * 0.5) / (W_TEXT + W_SKILLS),
        ),
        # Words share nothing across the languages: the concepts and the skills decide.
        (dict(tfidf=0.0, concepts=1.0, coverage=1.0, strength=1.0, gap=1.0), 1.0 / CONCEPT_SCALE, 0.625),
    ],
)
def test_the_formula_on_fixed_components(pair, text, score):
    got_text, got_score = score_one(**pair)
    assert got_text == pytest.approx(text, abs=1e-12)
    assert got_score == round(score, 6)


def test_a_concepts_weight_counts_the_concept_cosine_on_its_own():
    weights = ScoringWeights(tfidf=1.0, skills=1.0, concepts=2.0)
    _, score = score_one(weights, tfidf=0.4, concepts=0.7, coverage=0.5, strength=0.5)
    assert score == round((1.0 * 0.4 + 1.0 * 0.5 + 2.0 * 0.5 * 0.7) / (1.0 + 1.0 + 2.0 * 0.5), 6)
    # Only the concepts weight left, and a posting naming no concept: the TF-IDF cosine.
    assert score_one(ScoringWeights(tfidf=0.0, skills=0.0, concepts=1.0), tfidf=0.3)[1] == 0.3


def test_concept_strength():
    w = ScoringWeights()
    assert [w.concept_strength(n) for n in range(5)] == [0.0, 1 / 3, 2 / 3, 1.0, 1.0]


def test_language_gap_from_bengali_shares():
    assert language_gap(1.0, np.array([0.0, 1.0, 0.5])).tolist() == [1.0, 0.0, 0.5]
    assert language_gap(0.0, np.array([0.0, 1.0, 0.25])).tolist() == [0.0, 1.0, 0.25]
    assert language_gap(0.5, np.array([0.5]))[0] == 0.5


# --- the same formula seen through the index's explanations --------------------------

DOCUMENTS = [
    Document(POSTING, "p-cs", "Call Centre Agent\nAnswer customer calls and log every call in the CRM.",
             ("customer service", "CRM")),
    Document(POSTING, "p-photo", "Photo editor\nEdit product photos for an online shop.", ("Photoshop",)),
    Document(POSTING, "p-plain", "Warehouse helper\nCarry boxes and keep the store room tidy."),
    Document(CV, "c-en", "Two years in a call centre: customer service, complaints, CRM tickets."),
    Document(CV, "c-bn", "আমি ২ বছর একটি কল সেন্টারে কাস্টমার সার্ভিস এজেন্ট হিসেবে কাজ করেছি। "
             "সিআরএম সফটওয়্যারে প্রতিটি কল লিখে রাখি।"),
    Document(CV, "c-mixed", "আমি ২ বছর call centre এ customer service এর কাজ করেছি, CRM এ ticket log করতাম।"),
    Document(CV, "c-bn-photo", "আমি অ্যাডোবি ফটোশপে ছবি এডিট করি, ক্লিপিং পাথ ও রিটাচিং।"),
    Document(CV, "c-store", "Store room helper in a warehouse, carried boxes."),
]
ROUNDING = 1e-4  # explanations round components to 4 digits


@pytest.fixture(scope="module")
def explained():
    index = MatchIndex()
    for doc in DOCUMENTS:
        index.upsert(doc)
    return {
        (m.posting_id, m.cv_id): m
        for doc in DOCUMENTS
        if doc.kind == POSTING
        for m in index.rank_cvs_for_posting(doc.id)
    }


def named_concepts(posting_id):
    [doc] = [d for d in DOCUMENTS if d.id == posting_id]
    return build_profile(doc, default_lexicon()).named_concepts


def expected_text(components, gap, strength):
    stand_in = gap * strength
    return (1 - stand_in) * components["tfidf"] + stand_in * min(1.0, components["concepts"] / CONCEPT_SCALE)


@pytest.mark.parametrize(
    ("posting_id", "cv_id", "gap"),
    [("p-cs", "c-en", 0.0), ("p-cs", "c-bn", 1.0), ("p-cs", "c-mixed", None), ("p-photo", "c-bn-photo", 1.0)],
)
def test_explained_components_and_weights_follow_the_formula(explained, posting_id, cv_id, gap):
    match = explained[posting_id, cv_id]
    e = match.explanation
    components = e["components"]
    assert e["weights"] == {"text": W_TEXT, "skills": W_SKILLS, "concepts": W_CONCEPTS}
    assert components["constraints"] == 1.0 and components["skills"] > 0
    if gap is not None:
        assert e["language_gap"] == gap
    else:
        assert 0 < e["language_gap"] < 1 and components["tfidf"] > 0  # mixed text: both terms count
    strength = min(1.0, named_concepts(posting_id) / CONCEPTS_FULL_AT)
    assert components["text"] == pytest.approx(expected_text(components, e["language_gap"], strength), abs=ROUNDING)
    expected = (W_TEXT * components["text"] + W_SKILLS * components["skills"]) / (W_TEXT + W_SKILLS)
    assert match.score == pytest.approx(expected, abs=ROUNDING) and e["score"] == match.score


def test_the_fixed_pairs_cover_what_the_pins_need(explained):
    # A posting naming fewer concepts than CONCEPTS_FULL_AT pins that setting; the others
    # name enough; the cross-language pairs lean on the concept stand-in.
    assert 0 < named_concepts("p-photo") < CONCEPTS_FULL_AT <= named_concepts("p-cs")
    for pair in [("p-cs", "c-bn"), ("p-photo", "c-bn-photo")]:
        components = explained[pair].explanation["components"]
        assert components["tfidf"] == 0.0 and 0 < components["concepts"] < CONCEPT_SCALE * 0.5


def test_a_posting_without_skills_or_concepts_scores_its_tfidf(explained):
    e = explained["p-plain", "c-store"].explanation
    assert e["weights"] == {"text": W_TEXT, "skills": 0.0, "concepts": 0.0}
    assert e["components"]["skills"] is None and e["components"]["concepts"] is None
    assert e["components"]["text"] == e["components"]["tfidf"] > 0
    assert explained["p-plain", "c-store"].score == pytest.approx(e["components"]["tfidf"], abs=ROUNDING)


def _one_posting_cases(test):
    """Weightings, listed skills, concept strengths with the posting's Bengali share, one range or two halves."""
    for mark in (
        pytest.mark.parametrize("weights", [ScoringWeights(), ScoringWeights(concepts=0.3), ScoringWeights(tfidf=0.0)]),
        pytest.mark.parametrize("n_requirements", [0, 3]),
        pytest.mark.parametrize(("strength", "mine"), [(0.0, 0.0), (1.0 / 3, 0.5), (1.0, 0.8)]),
        pytest.mark.parametrize("halves", [False, True]),
    ):
        test = mark(test)
    return test


@_one_posting_cases
def test_one_posting_scored_in_one_compiled_pass_scores_as_the_array_formula_to_the_bit(
    weights, n_requirements, strength, mine, halves, monkeypatch
):
    from matcher.ranking import score
    from matcher.ranking.compiled import COMPILED_FROM, kernels
    from matcher.ranking.score import score_posting_pairs

    assert kernels() is not None  # the compiled pass loads here
    if halves:  # two halves at once, one on the helper thread
        monkeypatch.setattr(score, "HALVES_FROM", 2)
    rng = np.random.default_rng(7)
    n = COMPILED_FROM + 1000
    # Cosines in 0..1 with their ends and values that round to a tie at 6 digits; concept cosines past the
    # concept scale; credit totals past the requirements; Bengali shares at 0, 1 and between.
    tfidf = np.concatenate([rng.random(n - 8), [0.0, 1.0, 0.5, 0.1234565, 0.9999995, 0.0000005, 1e-300, 0.3]])
    concepts = rng.random(n) * 8
    concepts[::7] = 0.0
    totals = np.where(rng.random(n) < 0.3, 0.0, rng.choice([0.5, 1.0, 4 / 3, 2.25, 3.0, 3.5], n))
    theirs = np.where(rng.random(n) < 0.5, 0.0, rng.random(n))
    theirs[::11] = 1.0
    arguments = dict(tfidf=tfidf, concepts=concepts, credit_totals=totals, n_requirements=n_requirements,
                     strength=strength, mine=np.float64(mine), theirs=theirs)
    compiled = score_posting_pairs(weights, **arguments)
    monkeypatch.setattr(score, "kernels", lambda: None)
    arrays = score_posting_pairs(weights, **arguments)
    for name in ("text", "text_weight", "skills_weight", "concepts_weight", "base"):
        assert getattr(compiled, name).tolist() == getattr(arrays, name).tolist(), name  # to the bit
    assert len(set(arrays.text.tolist())) > n // 2 and len(set(arrays.base.tolist())) > 5  # not constants on both sides


@_one_posting_cases
def test_score_bounds_in_one_compiled_pass_hold_the_exact_scores_closely(
    weights, n_requirements, strength, mine, halves, monkeypatch
):
    from matcher.ranking import norm_memo, score
    from matcher.ranking.compiled import COMPILED_FROM, kernels
    from matcher.ranking.score import posting_score_bounds, score_posting_pairs

    assert kernels() is not None
    if halves:
        monkeypatch.setattr(score, "HALVES_FROM", 2)
    rng = np.random.default_rng(11)
    n = COMPILED_FROM + 1000

    def cosines(scale):
        """(products, the memo's norm bounds) and exact norms anywhere within them, the bounds themselves included."""
        squares = rng.random(n) * 3 + 0.01
        squares[::13] = 0.0  # empty rows: norm 0, product 0
        error = squares * rng.random(n) * norm_memo.TIGHT
        bounds = norm_memo._bounds(squares, error, 0.995, 1.004)
        where = rng.random(n)
        where[::5], where[1::5] = 0.0, 1.0
        norms = bounds.lo + (bounds.hi - bounds.lo) * where
        products = rng.random(n) * scale * np.sqrt(squares)
        products[3::19] = norms[3::19] * 1.5  # past 1: clipped
        return (products, bounds), np.divide(products, norms, out=np.zeros(n), where=norms > 0)

    (text, exact_text), (concepts, exact_concepts) = cosines(0.3), cosines(4.0)
    totals = np.where(rng.random(n) < 0.3, 0.0, rng.choice([0.5, 1.0, 4 / 3, 2.25, 3.0, 3.5], n))
    theirs = np.where(rng.random(n) < 0.5, 0.0, rng.random(n))
    theirs[::11] = 1.0
    common = dict(credit_totals=totals, n_requirements=n_requirements, strength=strength, mine=np.float64(mine),
                  theirs=theirs)
    bounds = posting_score_bounds(weights, text=text, concepts=concepts, **common)
    if weights.tfidf + (weights.skills if n_requirements else 0.0) + weights.concepts * strength == 0:
        assert bounds is None  # no weight at all: the score is the cosine itself, scored as such
        return
    low, high = bounds
    exact = score_posting_pairs(weights, tfidf=np.clip(exact_text, 0.0, 1.0), concepts=np.clip(exact_concepts, 0.0, 1.0),
                                **common).base
    assert (low <= exact).all() and (exact <= high).all()
    assert (high - low).max() < 0.02 and np.median(high - low) < 0.01  # close: the norms are within 1% either way
    if weights.tfidf > 0:  # the cosines count: the scores vary, not bounds of a few constants
        assert len(set(exact.tolist())) > n // 4
    monkeypatch.setattr(score, "kernels", lambda: None)
    assert posting_score_bounds(weights, text=text, concepts=concepts, **common) is None  # no compiler: no bounds


def test_the_warm_up_compiles_what_rankings_then_run():
    from matcher.ranking import kernels
    from matcher.ranking.compiled import warm_up_in_background

    warm_up_in_background().join(timeout=120)
    compiled = {name: set(getattr(kernels, name).signatures) for name in
                ("add_column_products", "add_rows_of_units", "add_credit_totals", "one_posting_scores",
                 "one_posting_score_bounds", "quotients")}
    assert all(compiled.values())
    # An index with a column copy and newer rows, ranked both ways: nothing new to compile.
    index = MatchIndex()
    for i in range(300):
        index.upsert(Document(CV, f"c{i}", f"Customer service and data entry, Excel {i}, call centre", ("MS Excel",)))
    index.upsert(Document(POSTING, "p", "Call centre agent\nCustomer service, typing", ("Customer Service", "Typing")))
    index.rank_cvs_for_posting("p", limit=5)
    index.upsert(Document(CV, "new", "গ্রাহক সেবা, ডাটা এন্ট্রি", ("এমএস এক্সেল",)))
    assert index.rank_cvs_for_posting("p", limit=5) and index.rank_postings_for_cv("new", limit=5) is not None
    assert {name: set(getattr(kernels, name).signatures) for name in compiled} == compiled


def test_the_matcher_is_not_ready_while_its_ranking_loops_compile():
    import threading

    from matcher.ranking.compiled import check_compiled

    release = threading.Event()
    compiling = threading.Thread(target=release.wait, daemon=True)
    compiling.start()
    with pytest.raises(RuntimeError, match="still compiling"):
        check_compiled(compiling)
    release.set()
    compiling.join(timeout=10)
    check_compiled(compiling)  # done: ready
