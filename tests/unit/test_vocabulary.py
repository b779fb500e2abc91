"""The compact vocabulary numbers terms exactly as a plain dict would, through growth, blanking and pickling."""

import pickle
import random
from collections import Counter

import numpy as np
import pytest

from matcher.ranking.term_store import PairTable, pair_key
from matcher.ranking.terms import Vocabulary

WORDS = ["call", "centre", "customer", "service", "data", "entry", "excel", "গ্রাহক", "সেবা", "ডাটা", "এন্ট্রি",
         "কল", "সেন্টার", "python", "sql", "forklift", "licence", "a", "b", "x"]


class PlainVocabulary:
    """What the vocabulary must do, as a dict and a list: the reference the tests compare with."""

    def __init__(self) -> None:
        self.columns: dict[str, int] = {}
        self.terms: list[str] = []

    def counts_of(self, terms: list[str]) -> list[int]:
        out = []
        for term in terms:
            if term not in self.columns:
                self.columns[term] = len(self.terms)
                self.terms.append(term)
            out.append(self.columns[term])
        return out

    def blank(self, columns: list[int]) -> None:
        for column in columns:
            if self.columns.get(self.terms[column]) == column:
                del self.columns[self.terms[column]]
            self.terms[column] = ""


def document(rng: random.Random) -> list[str]:
    """Distinct terms as a document gives them: words, then pairs (and now and then a term of three words,
    or a pair before its words)."""
    words = [rng.choice(WORDS) + rng.choice(["", "", "", "s", "ের"]) for _ in range(rng.randint(1, 12))]
    terms = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    if rng.random() < 0.2:
        terms.insert(0, " ".join(rng.choice(WORDS) + "z" for _ in range(rng.randint(2, 3))))  # words unknown yet
    return list(dict.fromkeys(terms))


def assert_same(vocabulary: Vocabulary, plain: PlainVocabulary) -> None:
    assert len(vocabulary) == len(plain.terms)
    assert list(vocabulary.terms) == plain.terms
    assert vocabulary.terms_at(range(len(plain.terms))[::-1]) == plain.terms[::-1]
    singles = [c for c, t in enumerate(plain.terms) if " " not in t]  # string terms only (blanks among them)
    for chosen in (singles, [c for c in singles if plain.terms[c]], singles[:1]):
        assert vocabulary.terms_at(chosen) == [plain.terms[c] for c in chosen]
    pair, first, second = vocabulary.pair_words(range(len(plain.terms)))
    strings = vocabulary.strings()
    assert [f"{strings[a]} {strings[b]}" for a, b in zip(first[pair], second[pair])] == \
        [t for t, is_pair in zip(plain.terms, pair) if is_pair]
    for term, column in plain.columns.items():
        assert vocabulary.column(term) == column, term
    for term in ("nowhere", "call nowhere", "nowhere call", "call centre nowhere"):
        assert vocabulary.column(term) == plain.columns.get(term)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_columns_terms_and_lookups_equal_a_plain_dict_through_writes_blanks_and_pickling(seed):
    rng = random.Random(seed)
    vocabulary, plain = Vocabulary(), PlainVocabulary()
    for step in range(300):
        terms = document(rng)
        counts = [rng.randint(1, 3) for _ in terms]
        got = vocabulary.counts_of(terms, counts)
        want = plain.counts_of(terms)
        order = np.argsort(want)
        assert got.columns.tolist() == sorted(want)
        assert got.counts.tolist() == [float(counts[i]) for i in order]
        if step % 25 == 24:  # an erasure: some columns no document holds any more
            chosen = rng.sample(range(len(plain.terms)), 8)
            # A word a live pair is made of stays: the pair's document holds it too (see Vocabulary.blank).
            pairs_left = {t for c, t in enumerate(plain.terms) if t.count(" ") == 1 and c not in chosen}
            words_kept = {plain.columns.get(w) for t in pairs_left for w in t.split(" ")}
            vocabulary.blank(chosen)
            plain.blank([c for c in chosen if c not in words_kept])
        if step % 60 == 59:
            vocabulary = pickle.loads(pickle.dumps(vocabulary))
        elif step % 40 == 39:
            before, vocabulary = vocabulary, vocabulary.copy()
            before.counts_of(["only", "only before"], [1, 1])  # the copy grows on its own
        assert_same(vocabulary, plain)


def test_a_blanked_term_reads_empty_leaves_memory_and_comes_back_as_a_new_column():
    vocabulary = Vocabulary()
    vocabulary.counts_of(["zorbulax", "typing", "zorbulax typing", "গ্রাহক", "সেবা", "গ্রাহক সেবা"], [1] * 6)
    pair = vocabulary.column("zorbulax typing")
    vocabulary.blank([vocabulary.column("zorbulax"), pair])
    assert vocabulary.terms[pair] == "" and vocabulary.column("zorbulax typing") is None
    assert vocabulary.column("zorbulax") is None and "zorbulax" not in pickle.dumps(vocabulary).decode("latin-1")
    again = vocabulary.counts_of(["zorbulax", "zorbulax typing"], [1, 1]).columns.tolist()
    assert again == [6, 7] and [vocabulary.terms[c] for c in again] == ["zorbulax", "zorbulax typing"]
    # A word a live pair is made of is not blanked: the pair still reads whole.
    vocabulary.blank([vocabulary.column("গ্রাহক")])
    assert vocabulary.terms[vocabulary.column("গ্রাহক সেবা")] == "গ্রাহক সেবা"


def test_a_term_of_three_words_is_a_string_even_when_its_last_two_are_a_term():
    vocabulary = Vocabulary()
    vocabulary.counts_of(["b c", "a", "b", "c"], [1] * 4)  # "b c" came before its words: a string term
    column = vocabulary.counts_of(["a b c"], [1]).columns[0]
    assert vocabulary.column("a b c") == column and vocabulary.terms[column] == "a b c"
    assert vocabulary.counts_of(["a b c", "b c"], [1, 1]).columns.tolist() == [0, column]


def test_kept_blanks_the_unused_terms_but_the_words_of_used_pairs():
    vocabulary = Vocabulary()
    vocabulary.counts_of(["call", "centre", "call centre", "secret", "secret word", "word"], [1] * 6)
    used = np.zeros(6, dtype=bool)
    used[vocabulary.column("call centre")] = True
    used[vocabulary.column("word")] = True
    kept = vocabulary.kept(used)
    assert list(kept.terms) == ["call", "centre", "call centre", "", "", "word"]
    assert list(vocabulary.terms) == ["call", "centre", "call centre", "secret", "secret word", "word"]
    assert b"secret" not in pickle.dumps(kept)


@pytest.mark.parametrize("n", [1, 5, 40, 3000])
def test_the_pair_table_finds_every_key_it_holds_and_no_other(n):
    rng = np.random.default_rng(n)
    keys = np.unique(rng.integers(0, 1 << 40, size=2 * n))[:n]
    rng.shuffle(keys)
    table = PairTable()
    for column in range(len(keys)):
        table.add_all(np.array([column]), keys[: column + 1])
    absent = np.setdiff1d(rng.integers(0, 1 << 40, size=n), keys)
    wanted = np.concatenate([keys, absent])
    expected = list(range(n)) + [-1] * len(absent)
    assert table.find_all(wanted, keys).tolist() == expected
    assert [table.find(k, keys) for k in wanted.tolist()] == [c if c >= 0 else None for c in expected]
    assert PairTable.rebuilt(keys).find_all(wanted, keys).tolist() == expected


def test_the_pair_table_probes_past_long_runs_of_taken_slots():
    """Keys that all start at one slot: lookups probe on past the vectorised rounds, one by one."""
    def first_slot(key: int) -> int:  # in a table of 16 slots (Fibonacci hashing, as PairTable)
        return ((key * 0x9E3779B97F4A7C15) & ((1 << 64) - 1)) >> 60

    same_start = [key for key in (pair_key(k, 1) for k in range(1, 100_000)) if first_slot(key) == 3][:8]
    held, absent = np.array(same_start[:7], dtype=np.int64), same_start[7]
    table = PairTable()
    for column in range(len(held)):
        table.add_all(np.array([column]), held[: column + 1])
    assert len(table._slots) == 16  # seven keys in one run of slots from slot 3
    wanted = np.array([*held.tolist(), absent], dtype=np.int64)
    assert table.find_all(wanted, held).tolist() == [*range(7), -1]
    assert table.find(absent, held) is None


def test_a_reader_passes_over_a_pair_being_added():
    """A reader sees the keys of the columns it can read; a slot a writer has just taken for the
    next column is passed over, not read past the reader's keys."""
    def first_slot(key: int) -> int:
        return ((key * 0x9E3779B97F4A7C15) & ((1 << 64) - 1)) >> 60

    same_start = [key for key in (pair_key(k, 2) for k in range(1, 100_000)) if first_slot(key) == 9][:6]
    keys = np.array(same_start[:5], dtype=np.int64)
    table = PairTable()
    for column in range(len(keys)):
        table.add_all(np.array([column]), keys[: column + 1])
    seen_by_reader = keys[:4]  # column 4 is being added: its slot is taken, its key not yet readable
    assert table.find(int(keys[3]), seen_by_reader) == 3
    assert table.find(same_start[5], seen_by_reader) is None
    assert table.find(int(keys[4]), seen_by_reader) is None


@pytest.mark.parametrize("n", [1, 9, 40, 3000])
def test_the_pair_table_adds_keys_in_batches_as_one_by_one(n):
    rng = np.random.default_rng(n)
    keys = np.unique(rng.integers(0, 1 << 40, size=2 * n))[:n]
    rng.shuffle(keys)
    table, start = PairTable(), 0
    while start < n:  # batches of 1..64 keys, growing the table on the way
        end = min(n, start + int(rng.integers(1, 65)))
        table.add_all(np.arange(start, end), keys[:end])
        start = end
    absent = np.setdiff1d(rng.integers(0, 1 << 40, size=n), keys)
    wanted = np.concatenate([keys, absent])
    assert table.find_all(wanted, keys).tolist() == list(range(n)) + [-1] * len(absent)
    assert 2 * n <= len(table._slots) and table._held == n


def test_a_batch_of_pairs_with_one_start_slot_takes_the_run_after_it():
    """More keys than the vectorised rounds take, all wanting one slot: the rest are placed one by one."""
    def first_slot(key: int) -> int:
        return ((key * 0x9E3779B97F4A7C15) & ((1 << 64) - 1)) >> 58  # a table of 64 slots

    same = [key for key in (pair_key(k, 3) for k in range(1, 400_000)) if first_slot(key) == 60][:20]
    keys = np.array(same, dtype=np.int64)
    table = PairTable(bits=6)
    table.add_all(np.arange(20), keys)
    assert len(table._slots) == 64  # placed around the end of the table, not grown
    assert table.find_all(keys, keys).tolist() == list(range(20))
    assert [table.find(k, keys) for k in same] == list(range(20))
