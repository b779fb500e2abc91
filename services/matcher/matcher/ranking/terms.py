"""TF-IDF terms of a text and the shared vocabulary that numbers them."""

from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

import numpy as np

from shared.text.analyse import stems_of
from shared.text.tokenize import tokenize


def document_terms(text: str) -> list[str]:
    """Return the TF-IDF terms of a text: its stemmed unigrams, then adjacent bigrams.

    Stems merge inflected forms ("গ্রাহকের", "গ্রাহকদের" → "গ্রাহক"; "calls" → "call").
    """
    return document_terms_of(tokenize(text))


def document_terms_of(tokens: list[str]) -> list[str]:
    """``document_terms`` of a text from its ``tokenize`` tokens."""
    words = stems_of(tokens)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@dataclass(frozen=True, eq=False)
class TermCounts:
    """One document's term counts as sorted column numbers of a vocabulary."""

    columns: np.ndarray  # int64, ascending
    counts: np.ndarray  # float64, same length


class TermShapes:
    """A vocabulary's columns grouped by their term's word count and length, each group ascending.

    ``fuzz.ratio`` of two strings of lengths l and m is at most 200·min(l, m) / (l + m), so a
    term's near spellings at a threshold only come from a few lengths, and only from terms of
    as many words: a lookup compares the term with those groups, not the whole vocabulary.
    Added to under the vocabulary's writers' lock; read by any thread (groups only grow).
    """

    def __init__(self) -> None:
        self._groups: dict[int, dict[int, array]] = {}  # words → length → columns (4 bytes each)

    def add(self, term: str, column: int) -> None:
        """Group a new term (columns come in ascending order)."""
        self._groups.setdefault(term.count(" ") + 1, {}).setdefault(len(term), array("i")).append(column)

    def copy(self) -> "TermShapes":
        """The same groups, growing on their own."""
        out = TermShapes()
        out._groups = {words: {n: array("i", c) for n, c in by_length.items()} for words, by_length in self._groups.items()}
        return out

    def near_in_length(self, term: str, threshold: float, first: int, end: int) -> list[array]:
        """The columns ``first`` ≤ c < ``end`` (copies) of each group of terms of as many words as
        ``term`` whose length lets ``fuzz.ratio`` reach ``threshold``."""
        n = len(term)
        out = []
        for length, columns in list(self._groups.get(term.count(" ") + 1, {}).items()):
            if 200.0 * min(n, length) / (n + length) < threshold - _SLACK:
                continue
            low, high = bisect_left(columns, first), bisect_left(columns, end)
            if low < high:
                out.append(columns[low:high])
        return out


_SLACK = 1e-6  # float rounding of the length bound: a group on the edge is compared, never skipped


class Vocabulary:
    """Term → column, assigned on first sight and never reused; callers serialise access."""

    # ``terms`` only grows, so a column handed out stays readable without the lock while later
    # terms are appended. Terms of removed documents keep their (empty) columns; an erasure blanks
    # the terms no document holds any more (they read as "", and no row holds their columns).

    def __init__(self) -> None:
        self._columns: dict[str, int] = {}
        self.terms: list[str] = []
        self.shapes = TermShapes()

    def __len__(self) -> int:
        return len(self.terms)

    def column(self, term: str) -> int | None:
        """The column of ``term``, or None when it has none."""
        return self._columns.get(term)

    @classmethod
    def of(cls, terms: list[str], shapes: TermShapes) -> "Vocabulary":
        """The vocabulary numbering ``terms`` in order, ``shapes`` their groups (taken, not copied)."""
        out = cls()
        out.terms = terms
        out.shapes = shapes
        out._columns = dict(zip(terms, range(len(terms))))
        out._columns.pop("", None)  # blank: a column whose term was not saved (see ``IndexRows.portable``)
        return out

    def blank(self, columns: list[int]) -> None:
        """Forget the terms of ``columns`` (no document holds them any more: an erasure): each column keeps
        its number and reads as "", and its term, if it comes again, gets a new column."""
        for column in columns:
            term = self.terms[column]
            if self._columns.get(term) == column:
                del self._columns[term]
            self.terms[column] = ""

    def copy(self) -> "Vocabulary":
        """A vocabulary numbering the same terms the same way, growing on its own."""
        out = Vocabulary()
        out._columns = dict(self._columns)
        out.terms = list(self.terms)
        out.shapes = self.shapes.copy()
        return out

    def counts(self, term_counts: Counter[str]) -> TermCounts:
        """Return ``term_counts`` as columns, adding unseen terms to the vocabulary."""
        return self.counts_of(list(term_counts), list(term_counts.values()))

    def counts_of(self, terms: list[str], counts) -> TermCounts:
        """``counts`` (a sequence of numbers) of distinct ``terms`` as columns, adding unseen terms in order."""
        columns = list(map(self._columns.get, terms))
        if None in columns:
            known, shapes = self._columns, self.shapes
            for i, column in enumerate(columns):
                if column is None:
                    term = terms[i]
                    column = known.get(term)  # a term seen earlier in this call
                    if column is None:
                        column = known[term] = len(self.terms)
                        self.terms.append(term)
                        shapes.add(term, column)
                    columns[i] = column
        column_array = np.array(columns, dtype=np.int64)
        count_array = np.asarray(counts, dtype=np.float64)
        order = np.argsort(column_array)
        return TermCounts(columns=column_array[order], counts=count_array[order])
