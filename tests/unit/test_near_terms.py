"""Near spellings of a listed skill's terms: the grouped lookup finds exactly what a scan of the whole vocabulary finds."""

import random
from collections import Counter

from rapidfuzz import fuzz

from matcher.ranking.phrases import NearTerms
from matcher.ranking.skills import SkillRules
from matcher.ranking.terms import Vocabulary

WORDS = ["customer", "custmer", "costumer", "service", "servise", "servic", "excel", "exel", "forklift",
         "forklit", "licence", "license", "গ্রাহক", "গ্রাহকের", "সেবা", "সেবাা", "ডাটা", "এন্ট্রি", "এন্ট্রী",
         "data", "entry", "entri", "docker", "dockers", "survey", "surveys", "collection", "colection", "ab"]


def scanned(term: str, vocabulary: Vocabulary, rules: SkillRules) -> set[int]:
    """Every column whose term has as many words and is close enough: the whole vocabulary compared."""
    if len(term) < rules.min_fuzzy_length:
        column = vocabulary.column(term)
        return set() if column is None else {column}
    words = term.count(" ") + 1
    return {c for c, t in enumerate(vocabulary.terms)
            if t.count(" ") + 1 == words and fuzz.ratio(term, t) >= rules.threshold}


def test_grouped_lookups_equal_a_scan_of_the_whole_vocabulary_as_it_grows():
    rng = random.Random(4)
    for threshold in (85.0, 70.0, 100.0):
        rules = SkillRules(threshold=threshold)
        near, vocabulary = NearTerms(rules), Vocabulary()
        queries = ["customer", "customer service", "গ্রাহক সেবা", "excel", "data entry", "ডাটা", "forklift licence", "ab"]
        for _ in range(12):  # the vocabulary grows between lookups, as documents come
            terms = [rng.choice(WORDS) for _ in range(rng.randint(1, 30))]
            terms += [f"{a} {b}" for a, b in zip(terms, terms[1:])]
            vocabulary.counts(Counter(terms))
            for query in rng.sample(queries, 4):
                assert set(near.columns(query, vocabulary)) == scanned(query, vocabulary, rules), (threshold, query)


def test_a_near_spelling_of_another_length_is_found_and_one_of_other_words_is_not():
    vocabulary = Vocabulary()
    vocabulary.counts(Counter(["custmer servise", "customer", "customer service team", "costumer", "custmer"]))
    near = NearTerms(SkillRules(threshold=85.0))
    found = {vocabulary.terms[c] for c in near.columns("customer service", vocabulary)}
    assert found == {"custmer servise"}
    # "custmer" is one letter short (ratio 93); "costumer" has two changed (75, under 85)
    assert {vocabulary.terms[c] for c in near.columns("customer", vocabulary)} == {"customer", "custmer"}


def test_new_terms_read_once_serve_every_query_whenever_it_last_looked(monkeypatch):
    from matcher.ranking import phrases

    rng = random.Random(6)
    queries = ["customer", "customer service", "গ্রাহক সেবা", "data entry", "excel"]
    for at_most in (0, 5, 10_000):  # the new terms read for one query only, or once for all of them
        monkeypatch.setattr(phrases, "_NEWEST_AT_MOST", at_most)
        rules = SkillRules(threshold=80.0)
        near, vocabulary = NearTerms(rules), Vocabulary()
        for step in range(12):
            terms = [rng.choice(WORDS) for _ in range(rng.randint(1, 20))]
            vocabulary.counts(Counter(terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]))
            for query in rng.sample(queries, 3):  # a query left out looks at more new terms next time
                assert near.columns(query, vocabulary) == scanned(query, vocabulary, rules), (at_most, step, query)


def test_the_bound_on_word_pairs_skips_only_pairs_that_cannot_be_near(monkeypatch):
    """Many two-word terms: the pairs whose words share too few letters with the query are skipped
    before any string is made, and the lookup still finds exactly what the scan finds."""
    from matcher.ranking import phrases

    rng = random.Random(9)
    monkeypatch.setattr(phrases, "_BOUND_PAIRS_FROM", 0)
    compared = []
    real = phrases.process.extract
    monkeypatch.setattr(phrases.process, "extract", lambda query, texts, **kw: compared.append(len(texts)) or real(query, texts, **kw))
    vocabulary = Vocabulary()
    words = WORDS + ["".join(rng.choices("abcdefghijklmnoprstuvwy", k=rng.randint(4, 9))) for _ in range(60)]
    for _ in range(6):
        terms = [rng.choice(words) for _ in range(80)]
        vocabulary.counts(Counter(terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]))
    vocabulary.counts(Counter(["customer servic", "custmer service", "গ্রাহক সেবাা", "ডাটা এন্ট্রী", "customer  service"]))
    for threshold in (85.0, 70.0, 100.0):
        rules = SkillRules(threshold=threshold)
        compared.clear()
        two_words = 0
        for query in ("customer service", "গ্রাহক সেবা", "data entry", "ডাটা এন্ট্রি", "forklift licence"):
            assert set(NearTerms(rules).columns(query, vocabulary)) == scanned(query, vocabulary, rules), (threshold, query)
            two_words += sum(len(c) for _, c in vocabulary.shapes.near_in_length(query, threshold, 0, len(vocabulary)))
        assert sum(compared) < two_words / 2, threshold  # the bound left most pairs out
    near = {vocabulary.terms[c] for c in NearTerms(SkillRules(threshold=85.0)).columns("customer service", vocabulary)}
    assert {"customer servic", "custmer service"} <= near
