"""Listed skills the lexicon does not know ("free phrases"), found in every CV at once.

A free phrase is reduced to the index's own terms (stemmed words without stopwords, and
word pairs): one or two words are one term ("docker", "forklift license"), longer phrases
are the pairs in a row ("survey data collection" → "survey data", "data collection"), all
of which must occur. A term occurs in a CV when the CV's text or skills list has it or a
near spelling of it (rapidfuzz ``fuzz.ratio`` at least ``SkillRules.threshold`` on terms
of as many words; short terms only exactly). Near spellings are looked up once per term in
the vocabulary, which only grows, and cached, among its terms of as many words and of a
length that can be that close; a CV is then matched by a sparse column lookup, not by
comparing strings per pair.
"""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from matcher.ranking.skills import SkillRules
from matcher.ranking.terms import SLACK, Vocabulary
from shared.text.analyse import analyse_stems


@dataclass(frozen=True)
class FreePhrase:
    """A listed skill as index terms that must all occur."""

    label: str
    parts: tuple[str, ...]


def free_phrase(label: str) -> FreePhrase | None:
    """The terms of a skill label; None when it has no term (only stopwords, punctuation)."""
    words = analyse_stems(label)
    if not words:
        return None
    if len(words) <= 2:
        return FreePhrase(label, (" ".join(words),))
    return FreePhrase(label, tuple(f"{a} {b}" for a, b in zip(words, words[1:])))


class NearTerms:
    """Vocabulary columns that count as a term: the term and its near spellings. Thread-safe."""

    def __init__(self, rules: SkillRules) -> None:
        self.rules = rules
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[int, frozenset[int]]] = {}  # term → (terms checked, columns)
        self._newest: tuple | None = None  # (vocabulary, first, end, the terms of columns first to end)

    def columns(self, term: str, vocabulary: Vocabulary) -> frozenset[int]:
        """Columns of ``term`` and of every vocabulary term close enough to it."""
        size = len(vocabulary)  # the vocabulary only grows; columns below ``size`` are fixed
        with self._lock:
            checked, found = self._cache.get(term, (0, frozenset()))
        if checked >= size:
            return found
        new = set(found)
        if len(term) >= self.rules.min_fuzzy_length:
            terms_at = self._terms_between(vocabulary, checked, size)
            groups = vocabulary.shapes.near_in_length(term, self.rules.threshold, checked, size)
            if term.count(" ") == 1 and sum(len(columns) for _, columns in groups) >= _BOUND_PAIRS_FROM:
                groups = _pairs_that_may_be_near(term, groups, vocabulary, self.rules.threshold)
            for _length, columns in groups:
                texts = terms_at(columns)
                for _, _, index in process.extract(
                    term, texts, scorer=fuzz.ratio, processor=None, score_cutoff=self.rules.threshold, limit=None
                ):
                    new.add(columns[index])
        else:
            column = vocabulary.column(term)
            if column is not None and checked <= column < size:
                new.add(column)
        result = frozenset(new)
        with self._lock:
            self._cache[term] = (size, result)
        return result

    def _terms_between(self, vocabulary: Vocabulary, first: int, end: int):
        """How to read the terms of columns ``first`` ≤ c < ``end``: the terms a write added are read
        once for every term that checks them, not once per term."""
        if end - first > _NEWEST_AT_MOST:
            return vocabulary.terms_at
        with self._lock:
            newest = self._newest
        if newest is None or newest[0] is not vocabulary or newest[1:3] != (first, end):
            newest = (vocabulary, first, end, vocabulary.terms_at(range(first, end)))
            with self._lock:
                self._newest = newest
        texts = newest[3]
        return lambda columns: [texts[c - first] for c in columns]


def _pairs_that_may_be_near(term: str, groups: list, vocabulary: Vocabulary, threshold: float) -> list:
    """``groups`` (length, columns) of two-word terms without the word pairs too far from ``term`` to compare.

    A common subsequence of a pair "a b" and ``term`` is one of a's, perhaps the space, and one of
    b's, so it is at most LCS(a, term) + 1 + LCS(b, term), and ``fuzz.ratio`` at most twice that over
    both lengths. The LCS of every word with ``term`` takes one pass over the words (far fewer than
    the pairs); only the pairs that bound lets through are made into strings and compared.
    """
    strings = vocabulary.strings()
    if 2 * sum(len(columns) for _, columns in groups) < len(strings):
        return groups  # few pairs against many words: comparing the pairs costs less
    lcs = process.cdist((term,), strings, scorer=LCSseq.similarity, processor=None, dtype=np.int32)[0]
    out = []
    for length, columns in groups:
        columns = np.frombuffer(columns, dtype=np.int32) if isinstance(columns, array) else np.asarray(columns)
        pair, first, second = vocabulary.pair_words(columns)
        most = lcs[np.where(pair, first, 0)] + lcs[np.where(pair, second, 0)] + 1
        kept = columns[~pair | (200.0 * most / (len(term) + length) >= threshold - SLACK)]
        if len(kept):
            out.append((length, kept.tolist()))
    return out


_BOUND_PAIRS_FROM = 4_096  # two-word terms to compare from which the bound above is worth its pass over the words
_NEWEST_AT_MOST = 20_000  # more new columns than this (a first check): read only those asked for
