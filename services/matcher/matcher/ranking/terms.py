"""TF-IDF terms of a text and the shared vocabulary that numbers them."""

from collections import Counter
from dataclasses import dataclass

import numpy as np

from shared.text.analyse import analyse_stems


def document_terms(text: str) -> list[str]:
    """Return the TF-IDF terms of a text: its stemmed unigrams, then adjacent bigrams.

    Stems merge inflected forms ("গ্রাহকের", "গ্রাহকদের" → "গ্রাহক"; "calls" → "call").
    """
    words = analyse_stems(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@dataclass(frozen=True, eq=False)
class TermCounts:
    """One document's term counts as sorted column numbers of a vocabulary."""

    columns: np.ndarray  # int64, ascending
    counts: np.ndarray  # float64, same length


class Vocabulary:
    """Term → column, assigned on first sight and never reused; callers serialise access."""

    # ``terms`` only ever grows, so a column handed out stays readable without the lock
    # while later terms are appended. Terms of removed documents keep their (empty) columns.

    def __init__(self) -> None:
        self._columns: dict[str, int] = {}
        self.terms: list[str] = []

    def __len__(self) -> int:
        return len(self.terms)

    def column(self, term: str) -> int | None:
        """The column of ``term``, or None when it has none."""
        return self._columns.get(term)

    def copy(self) -> "Vocabulary":
        """A vocabulary numbering the same terms the same way, growing on its own."""
        out = Vocabulary()
        out._columns = dict(self._columns)
        out.terms = list(self.terms)
        return out

    def counts(self, term_counts: Counter[str]) -> TermCounts:
        """Return ``term_counts`` as columns, adding unseen terms to the vocabulary."""
        known = self._columns
        columns = []
        for term in term_counts:
            column = known.get(term)
            if column is None:
                column = known[term] = len(self.terms)
                self.terms.append(term)
            columns.append(column)
        column_array = np.array(columns, dtype=np.int64)
        counts = np.fromiter(term_counts.values(), dtype=np.float64, count=len(term_counts))
        order = np.argsort(column_array)
        return TermCounts(columns=column_array[order], counts=counts[order])
