"""One document's TF-IDF terms as numbers: its distinct words, and its texts as runs of word numbers.

A document's terms are its stemmed words and its adjacent word pairs; most are pairs. Built
as strings ("call centre") they cost a string, a hash and a pickle each, and the vocabulary
splits each pair again to find its words. A ``TermTally`` keeps each distinct word once and
each text as the numbers of its words (4 bytes a word), which is cheap to build and to send
between processes. ``TallyTerms`` counts the distinct terms of many tallies at once with
array operations, each term as its words' places, and a vocabulary turns those into columns
(``Vocabulary.counts_all``). Read as a mapping, a tally is the ``Counter`` of its terms as
strings, in the same order.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

_LOW = 0xFFFFFFFF


@dataclass(frozen=True, eq=False)
class TermTally(Mapping):
    """Term counts (term → count) of one or more texts, each text's terms being its stemmed
    words and its adjacent pairs of them, counted in the order first seen: a text's new words,
    then its new pairs (as ``Counter(terms.document_terms_of(...))`` of each text in turn).

    ``words``: the distinct words (no spaces), numbered in the order first seen. ``ids``
    (``array("i")``): the word numbers of each text, one text after another; ``ends``: where
    each text's numbers end; ``weights``: how many times each term of that text counts.
    """

    words: tuple[str, ...]
    ids: array
    ends: tuple[int, ...]
    weights: tuple[float, ...]

    @classmethod
    def of(cls, *texts: list[str], weight: float = 1.0) -> TermTally:
        """The terms of texts given as their stemmed words (``shared.text.analyse.stems_of``), each counted ``weight`` times."""
        if len(texts) == 1:  # most documents: one text
            index: dict[str, int] = {}
            ids = array("i", [index.setdefault(w, len(index)) for w in texts[0]])
            return cls(tuple(index), ids, (len(ids),), (float(weight),))
        return cls((), array("i"), (), ()).plus(*texts, weight=weight)

    def __reduce__(self):
        """Pickled as one string of its words and the bytes of its numbers (profiles sent from the
        bulk workers): a tuple of a hundred strings and an array cost several times as much either way."""
        joined = _JOIN.join(self.words)
        if joined.count(_JOIN) != max(0, len(self.words) - 1):  # a word holds the joiner itself
            return TermTally, (self.words, self.ids, self.ends, self.weights)
        return _unpickled, (joined, len(self.words), self.ids.tobytes(), self.ends, self.weights)

    def plus(self, *texts: list[str], weight: float = 1.0) -> TermTally:
        """This tally with the terms of more texts, each counted ``weight`` times per occurrence."""
        index = dict(zip(self.words, range(len(self.words))))
        ids = array("i", self.ids)
        ends = list(self.ends)
        for stems in texts:
            ids.extend([index.setdefault(w, len(index)) for w in stems])
            ends.append(len(ids))
        return TermTally(tuple(index), ids, tuple(ends), self.weights + (float(weight),) * len(texts))

    def terms(self) -> list[str]:
        """Each distinct term as a string, in order."""
        return list(self.as_counter())

    def as_counter(self) -> Counter:
        """The terms as strings with their counts (ints where whole), in order."""
        terms = TallyTerms.of([self])
        order = np.argsort(terms.seen)
        words = terms.words
        strings = [f"{words[a]} {words[b]}" if pair else words[a] for a, b, pair in
                   zip(terms.first[order].tolist(), terms.second[order].tolist(), terms.is_pair[order].tolist())]
        return Counter(dict(zip(strings, [int(n) if n.is_integer() else n for n in terms.counts[order].tolist()])))

    def __getitem__(self, term: str) -> float:
        counter = self.as_counter()
        if term not in counter:
            raise KeyError(term)
        return counter[term]

    def __contains__(self, term: object) -> bool:
        return term in self.as_counter()

    def __iter__(self) -> Iterator[str]:
        return iter(self.terms())

    def __len__(self) -> int:
        return len(self.as_counter())

    def elements(self) -> Iterator[str]:
        """Each term as many times as it is counted (as ``Counter.elements``)."""
        return self.as_counter().elements()


_JOIN = "\x00"  # no token holds it


def _unpickled(joined: str, count: int, ids: bytes, ends: tuple[int, ...], weights: tuple[float, ...]) -> TermTally:
    """A ``TermTally`` from its ``__reduce__`` form."""
    numbers = array("i")
    numbers.frombytes(ids)
    return TermTally(tuple(joined.split(_JOIN)) if count else (), numbers, ends, weights)


@dataclass(frozen=True, eq=False)
class TallyTerms:
    """The distinct terms of some tallies, each tally's apart, with array operations: their words
    one after another (``words``), then per term: its first and second word as places in ``words``
    (a word's own place twice), its count, its tally (``owner``) and where it was first seen
    (``seen``: ascending in each tally's order of terms, and from one tally to the next)."""

    words: list[str]
    first: np.ndarray
    second: np.ndarray
    is_pair: np.ndarray  # a pair's two words may be one ("sales sales")
    counts: np.ndarray
    owner: np.ndarray
    seen: np.ndarray

    @classmethod
    def of(cls, tallies: list[TermTally]) -> TallyTerms:
        """The terms of ``tallies``: per tally, its words (in their order), then its pairs."""
        words: list[str] = []
        ids = array("i")
        bases, text_owner, text_lengths, text_weights = [], [], [], []
        for number, tally in enumerate(tallies):
            bases.append(len(words))
            words.extend(tally.words)
            ids.extend(tally.ids)
            start = 0
            for end, weight in zip(tally.ends, tally.weights):
                text_owner.append(number)
                text_lengths.append(end - start)
                text_weights.append(weight)
                start = end
        text = np.repeat(np.arange(len(text_lengths)), text_lengths)  # per place in ``ids``: its text
        owner = np.asarray(text_owner, dtype=np.int64)
        places = np.frombuffer(ids, dtype=np.int32).astype(np.int64) if len(ids) else np.empty(0, dtype=np.int64)
        places += np.asarray(bases, dtype=np.int64)[owner[text]] if len(places) else 0  # places in ``words``
        weight = np.asarray(text_weights, dtype=np.float64)[text]
        # Words are numbered as first seen: a word's first place is where the numbers pass their highest so far.
        new = np.ones(len(places), dtype=bool)
        new[1:] = places[1:] > np.maximum.accumulate(places)[:-1]
        word_seen = np.flatnonzero(new)
        word_counts = np.bincount(places, weights=weight, minlength=len(words))
        # Pairs do not span texts; a tally's places are its own, so its pairs are too.
        starts = np.flatnonzero(text[:-1] == text[1:])
        pairs, first_at, inverse = np.unique(places[starts] << 32 | places[starts + 1], return_index=True,
                                             return_inverse=True)
        pair_seen = starts[first_at]
        pair_counts = np.bincount(inverse.reshape(-1), weights=weight[starts], minlength=len(pairs))
        # Order: by text first seen in, then words before pairs, then place (a text's words, then its pairs).
        span = 2 * (len(places) + 1)
        word_places = np.arange(len(words), dtype=np.int64)
        return cls(
            words=words,
            first=np.concatenate([word_places, pairs >> 32]),
            second=np.concatenate([word_places, pairs & _LOW]),
            is_pair=np.arange(len(words) + len(pairs)) >= len(words),
            counts=np.concatenate([word_counts, pair_counts]),
            owner=np.concatenate([owner[text[word_seen]], owner[text[pair_seen]]]),
            seen=np.concatenate([text[word_seen] * span + word_seen, text[pair_seen] * span + len(places) + pair_seen]),
        )
