"""A document's terms as word numbers count exactly as the strings did, and a vocabulary numbers them alike."""

import pickle
import random
from collections import Counter

import numpy as np
import pytest

from matcher.ranking.term_tally import TermTally
from matcher.ranking.terms import Vocabulary, document_terms, document_terms_of
from shared.text.analyse import analyse_stems, stems_of
from shared.text.tokenize import tokenize

WORDS = ["call", "centre", "calls", "customer", "service", "sales", "data", "entry", "excel", "গ্রাহক", "গ্রাহকের",
         "সেবা", "ডাটা", "এন্ট্রি", "কল", "সেন্টার", "python", "sql", "CRMএ", "৩টি", "2bochor", "B.Sc", "c++", "and", "a"]


def text(rng: random.Random) -> str:
    """English, Bengali, Banglish and mixed words, with repeats ("sales sales") and stopwords."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 30))]
    if words and rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), words[0])  # a word twice, maybe side by side
    return rng.choice([" ", ", ", "\n"]).join(words)


def ordered(counter: Counter) -> list[tuple[str, float]]:
    return list(counter.items())


@pytest.mark.parametrize("seed", range(4))
def test_a_text_counts_its_words_then_pairs_as_the_string_terms_in_their_order(seed):
    rng = random.Random(seed)
    for _ in range(200):
        tokens = tokenize(text(rng))
        tally = TermTally.of(stems_of(tokens))
        want = Counter(document_terms_of(tokens))
        assert ordered(tally.as_counter()) == ordered(want)
        assert list(tally) == list(want) and len(tally) == len(want)
        assert sorted(tally.elements()) == sorted(want.elements())
        for term in want:
            assert term in tally and tally[term] == want[term]
        assert "no such term" not in tally
        assert ordered(pickle.loads(pickle.dumps(tally)).as_counter()) == ordered(want)


@pytest.mark.parametrize("seed", range(4))
def test_several_texts_and_a_weighted_title_count_as_their_string_terms_in_order(seed):
    rng = random.Random(seed)
    for _ in range(200):
        labels = [text(rng) for _ in range(rng.randint(0, 5))]
        tally = TermTally.of(*[analyse_stems(label) for label in labels])
        assert ordered(tally.as_counter()) == ordered(Counter(t for label in labels for t in document_terms(label)))
        body, title = text(rng), text(rng)
        tokens = tokenize(title + "\n" + body)
        want = Counter(document_terms_of(tokens))
        for term in document_terms(title):
            want[term] += 2  # the title counted three times in all
        got = TermTally.of(stems_of(tokens)).plus(analyse_stems(title), weight=2)
        assert ordered(got.as_counter()) == ordered(want)


def test_a_title_word_not_in_the_text_comes_after_the_texts_terms():
    got = TermTally.of(["call", "centre"]).plus(["sales", "call"], weight=1.5)
    assert ordered(got.as_counter()) == [("call", 2.5), ("centre", 1), ("call centre", 1), ("sales", 1.5),
                                         ("sales call", 1.5)]


@pytest.mark.parametrize("seed", range(3))
def test_tallies_counted_in_batches_get_the_columns_their_string_terms_get_one_by_one(seed):
    """Batches of tallies, one tally at a time and string terms (some pairs before their words, some
    erased) through twin vocabularies: the same columns, terms and counts."""
    rng = random.Random(seed)
    batched, one_by_one = Vocabulary(), Vocabulary()
    string_pairs: list[list[str]] = []
    for step in range(120):
        tallies = [TermTally.of(*[stems_of(tokenize(text(rng))) for _ in range(rng.choice([1, 1, 2]))])
                   for _ in range(rng.randint(0, 6))]
        if string_pairs and rng.random() < 0.3:  # a text with a pair that is a string term
            tallies.insert(rng.randint(0, len(tallies)), TermTally.of([*rng.choice(string_pairs), "call"]))
        if rng.random() < 0.5:
            got = batched.counts_all(tallies)
        else:
            got = [batched.counts(tally) for tally in tallies]
        want = [one_by_one.counts_of(list(c), list(c.values())) for c in (t.as_counter() for t in tallies)]
        for g, w in zip(got, want, strict=True):
            assert g.columns.tolist() == w.columns.tolist() and g.counts.tolist() == w.counts.tolist()
        if step % 10 == 3:  # string terms: a pair before its words is a string term ever after
            words = [f"zorb{step}", rng.choice(["sales", "গ্রাহক", f"quix{step}"])]
            string_pairs.append(words)
            strings = [" ".join(words), rng.choice(WORDS)]
            for vocabulary in (batched, one_by_one):
                vocabulary.counts_of(strings, [1, 1])
        if step % 30 == 29:  # an erasure
            chosen = rng.sample(range(len(one_by_one)), min(10, len(one_by_one)))
            batched.blank(chosen)
            one_by_one.blank(chosen)
        assert list(batched.terms) == list(one_by_one.terms)
    # The string pairs were there to be found, and were found: no term has two columns.
    assert sum(" " in t for t in one_by_one._strings) >= 10
    terms = [t for t in one_by_one.terms if t]
    assert len(terms) == len(set(terms))


@pytest.mark.parametrize("words", [(), ("call",), ("call", "centre", "গ্রাহক", "c++"), ("a\x00b", "call"), ("",)])
def test_a_tally_pickled_compactly_comes_back_equal(words):
    tally = TermTally.of(list(words) * 2).plus(list(reversed(words)), weight=1.5)
    back = pickle.loads(pickle.dumps(tally))
    assert (back.words, back.ids, back.ends, back.weights) == (tally.words, tally.ids, tally.ends, tally.weights)
    assert ordered(back.as_counter()) == ordered(tally.as_counter())


def test_a_batch_gives_a_term_shared_by_its_tallies_one_column_where_first_seen():
    vocabulary = Vocabulary()
    vocabulary.counts_of(["call"], [1])
    first, second = vocabulary.counts_all([TermTally.of(["sales", "call", "sales"]), TermTally.of(["call", "sales"])])
    assert list(vocabulary.terms) == ["call", "sales", "sales call", "call sales"]
    assert first.columns.tolist() == [0, 1, 2, 3] and first.counts.tolist() == [1, 2, 1, 1]
    assert second.columns.tolist() == [0, 1, 3] and second.counts.tolist() == [1, 1, 1]
    assert vocabulary.counts_all([]) == [] and vocabulary.counts_all([TermTally.of()])[0].columns.tolist() == []
    assert np.array_equal(vocabulary.counts(TermTally.of(["sales", "sales"])).columns, [1, vocabulary.column("sales sales")])
