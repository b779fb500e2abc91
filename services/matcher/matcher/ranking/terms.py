"""TF-IDF terms of a text and the shared vocabulary that numbers them."""

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

import numpy as np

from matcher.ranking.row_storage import with_room
from matcher.ranking.term_store import PairTable, pair_key, pair_of
from matcher.ranking.term_tally import TallyTerms, TermTally
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

    def add_all(self, columns: np.ndarray, lengths: np.ndarray, words: int) -> None:
        """Group new terms of ``words`` words each: ``columns`` (ascending, after every column grouped so far) and their lengths."""
        by_length = self._groups.setdefault(words, {})
        for column, length in zip(columns.tolist(), lengths.tolist()):
            group = by_length.get(length)
            if group is None:
                group = by_length[length] = array("i")
            group.append(column)

    def copy(self) -> "TermShapes":
        """The same groups, growing on their own."""
        out = TermShapes()
        out._groups = {words: {n: array("i", c) for n, c in by_length.items()} for words, by_length in self._groups.items()}
        return out

    def near_in_length(self, term: str, threshold: float, first: int, end: int) -> list[tuple[int, array]]:
        """(length, the columns ``first`` ≤ c < ``end``, a copy) of each group of terms of as many words
        as ``term`` whose length lets ``fuzz.ratio`` reach ``threshold``."""
        n = len(term)
        out = []
        for length, columns in list(self._groups.get(term.count(" ") + 1, {}).items()):
            if 200.0 * min(n, length) / (n + length) < threshold - SLACK:
                continue
            low, high = bisect_left(columns, first), bisect_left(columns, end)
            if low < high:
                out.append((length, columns[low:high]))
        return out


SLACK = 1e-6  # float rounding of a bound on fuzz.ratio: a term on the edge is compared, never skipped


_BLANK = np.iinfo(np.int64).min  # the key of a blanked column
_NEW_WORD = 1 << 31  # ids of words being added, above every column (``counts_all``)
_WORD_MARK = 0x7FFFFFFF << 32  # marks a word's identity among pairs': no column reaches 2³¹ - 1, new ids pass it


class TermList(Sequence[str]):
    """A vocabulary's terms by column, read through it ("" for a blanked column); columns below an
    earlier ``len`` stay readable while later terms are added."""

    def __init__(self, vocabulary: "Vocabulary") -> None:
        self._vocabulary = vocabulary

    def __len__(self) -> int:
        return len(self._vocabulary)

    def __getitem__(self, column: int) -> str:  # type: ignore[override]
        if not 0 <= column < len(self._vocabulary):
            raise IndexError(column)
        return self._vocabulary.term(column)

    def __iter__(self) -> Iterator[str]:
        return map(self._vocabulary.term, range(len(self._vocabulary)))


class Vocabulary:
    """Term → column, assigned on first sight and never reused; callers serialise writes.

    A word pair ("call centre") whose two words are terms is kept as its words' columns
    (``term_store``), about 20 bytes instead of a Python string, dict entry and int (about 130):
    most terms are pairs. Other terms (single words) are strings. Each column has a key:
    a pair's (≥ 0) or its string's place (-1 - place).

    Terms only grow, so a column handed out stays readable without the lock while later terms
    are added. Terms of removed documents keep their (empty) columns; an erasure blanks the
    terms no document holds any more (they read as "", and no row holds their columns).
    """

    def __init__(self) -> None:
        self._words: dict[str, int] = {}  # string term → column
        self._strings: list[str] = []  # string terms by place
        self._keys = np.empty(16, dtype=np.int64)  # column → key (first ``_size``)
        self._size = 0
        self._pairs = PairTable()
        self.shapes = TermShapes()
        self._spaced = False  # whether a string term has a space: a pair that came before its words

    def __getstate__(self) -> dict:
        """What is pickled: the terms and shapes; the lookups are rebuilt (string hashes differ between processes)."""
        return {"keys": self._keys[: self._size].copy(), "strings": self._strings, "shapes": self.shapes}

    def __setstate__(self, state: dict) -> None:
        self.__init__()
        keys = state["keys"]
        self._keys, self._size, self._strings, self.shapes = keys, len(keys), state["strings"], state["shapes"]
        columns = np.flatnonzero((keys < 0) & (keys != _BLANK))
        self._words = dict(zip([self._strings[p] for p in (-1 - keys[columns]).tolist()], columns.tolist()))
        self._pairs = PairTable.rebuilt(keys)
        self._spaced = any(" " in term for term in self._strings)

    def __len__(self) -> int:
        return self._size

    @property
    def terms(self) -> TermList:
        """The terms by column."""
        return TermList(self)

    def term(self, column: int) -> str:
        """The term of ``column`` ("" once blanked)."""
        key = int(self._keys[column])
        if key >= 0:
            first, second = pair_of(key)
            return f"{self._strings[-1 - int(self._keys[first])]} {self._strings[-1 - int(self._keys[second])]}"
        return "" if key == _BLANK else self._strings[-1 - key]

    def terms_at(self, columns) -> list[str]:
        """The terms of ``columns`` (a sequence of ints), as ``term`` reads them, all at once."""
        keys = self._keys[np.asarray(columns, dtype=np.int64)]
        places = -1 - keys  # string terms' places (nonsense for pairs and blanks, not read)
        strings = self._strings
        if len(keys) > 1 and bool((keys < 0).all()) and not bool((keys == _BLANK).any()):
            return list(itemgetter(*places.tolist())(strings))  # string terms only: no pair to join
        pair, first, second = self._pair_places(keys)
        return [
            f"{strings[a]} {strings[b]}" if is_pair else "" if key == _BLANK else strings[place]
            for is_pair, key, place, a, b in zip(
                pair.tolist(), keys.tolist(), places.tolist(), first.tolist(), second.tolist()
            )
        ]

    def pair_words(self, columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which of ``columns`` (ints) are word pairs, and for those the places of their two words in
        ``strings()`` (the others' places are nonsense, not to be read)."""
        return self._pair_places(self._keys[np.asarray(columns, dtype=np.int64)])

    def _pair_places(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pair = keys >= 0
        first = -1 - self._keys[np.where(pair, keys >> 32, 0)]
        second = -1 - self._keys[np.where(pair, keys & 0xFFFFFFFF, 0)]
        return pair, first, second

    def strings(self) -> list[str]:
        """The string terms by place (a copy: later writes do not change it)."""
        return list(self._strings)

    def column(self, term: str) -> int | None:
        """The column of ``term``, or None when it has none."""
        column = self._words.get(term)
        if column is None:
            key = self._pair_key(term)
            if key is not None:
                column = self._pairs.find(key, self._keys[: self._size])
        return column

    def _pair_key(self, term: str) -> int | None:
        """``term``'s key as a pair (two words, each a string term); None for any other term."""
        first, space, second = term.partition(" ")
        if not space or " " in second:
            return None
        first_column, second_column = self._words.get(first), self._words.get(second)
        if first_column is None or second_column is None:
            return None
        return pair_key(first_column, second_column)

    def blank(self, columns: list[int]) -> None:
        """Forget the terms of ``columns`` (no document holds them any more: an erasure): each column keeps
        its number and reads as "", and its term, if it comes again, gets a new column. A word that a
        pair not blanked is made of stays (the pair's document holds it)."""
        keys = self._keys
        wanted = np.asarray(columns, dtype=np.int64)
        keys[wanted[keys[wanted] >= 0]] = _BLANK  # pairs first: their slots stay taken and match no key
        held = keys[: self._size]
        pairs = held[held >= 0]
        kept = np.union1d(pairs >> 32, pairs & 0xFFFFFFFF)
        for column in np.setdiff1d(wanted, kept).tolist():
            key = int(keys[column])
            if key != _BLANK:
                if self._words.get(self._strings[-1 - key]) == column:
                    del self._words[self._strings[-1 - key]]
                self._strings[-1 - key] = ""
                keys[column] = _BLANK

    def copy(self) -> "Vocabulary":
        """A vocabulary numbering the same terms the same way, growing on its own."""
        out = Vocabulary()
        out._keys = self._keys[: self._size].copy()
        out._size = self._size
        out._strings = list(self._strings)
        out._words = {term: column for term, column in self._words.items() if column < out._size}
        out._pairs = self._pairs.copy()
        out.shapes = self.shapes.copy()
        out._spaced = self._spaced
        return out

    def kept(self, used: np.ndarray) -> "Vocabulary":
        """A copy with every term blank but those of columns where ``used`` (and the words of their pairs)."""
        out = self.copy()
        out.blank(np.flatnonzero(~used[: out._size] & (out._keys != _BLANK)).tolist())
        return out

    def counts(self, term_counts: Counter[str] | TermTally) -> TermCounts:
        """Return ``term_counts`` as columns, adding unseen terms to the vocabulary in their order."""
        if isinstance(term_counts, TermTally):
            return self.counts_all([term_counts])[0]
        return self.counts_of(list(term_counts), list(term_counts.values()))

    def counts_all(self, tallies: list[TermTally]) -> list[TermCounts]:
        """``counts`` of each tally, as if one after another, all at once: words are looked up by
        string, pairs by key, and unseen terms are added together."""
        if not tallies:
            return []
        terms = TallyTerms.of(tallies)
        words, first, second = terms.words, terms.first, terms.second
        is_pair = terms.is_pair
        word_columns = np.fromiter(map(self._words.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        columns = np.where(is_pair, -1, word_columns[first])
        known = np.flatnonzero(is_pair & (word_columns[first] >= 0) & (word_columns[second] >= 0))
        if len(known):
            pair_keys = word_columns[first[known]] << 32 | word_columns[second[known]]
            columns[known] = self._pairs.find_all(pair_keys, self._keys[: self._size])
        if self._spaced:  # a pair may be a string term (it came before its words did)
            for at in np.flatnonzero(is_pair & (columns < 0)).tolist():
                columns[at] = self._words.get(f"{words[first[at]]} {words[second[at]]}", -1)
        new = np.flatnonzero(columns < 0)
        if len(new):
            new = new[np.argsort(terms.seen[new])]  # added as first seen
            columns[new] = self._add_all(words, word_columns, first[new], second[new], is_pair[new])
        order = np.argsort(terms.owner << 32 | columns, kind="stable")  # distinct keys: as any sort, but faster here
        cuts = np.cumsum(np.bincount(terms.owner, minlength=len(tallies)))[:-1]
        return [TermCounts(columns=c, counts=n)
                for c, n in zip(np.split(columns[order], cuts), np.split(terms.counts[order], cuts))]

    def _add_all(self, words: list[str], word_columns: np.ndarray, first: np.ndarray, second: np.ndarray,
                 is_pair: np.ndarray) -> np.ndarray:
        """Add terms found nowhere, in order: words (``first`` = ``second``: a place in ``words``) and pairs
        (``first``, ``second``), each term once, however often it comes; return each one's column.
        ``word_columns``: the column of each place's word, -1 for a new one."""
        # A new word is known by its string, the same in every place: number them, above any column.
        unseen = np.flatnonzero(word_columns < 0)
        numbers: dict[str, int] = {}
        word_ids = word_columns.copy()
        word_ids[unseen] = _NEW_WORD + np.fromiter(
            (numbers.setdefault(words[p], len(numbers)) for p in unseen.tolist()), dtype=np.int64, count=len(unseen))
        # A term's identity: a pair's two word ids, or a word's id under a mark no pair has.
        identity = np.where(is_pair, word_ids[first] << 32, _WORD_MARK) | word_ids[second]
        distinct, first_seen, inverse = np.unique(identity, return_index=True, return_inverse=True)
        in_order = np.argsort(first_seen)  # the distinct terms as first seen
        rank = np.empty(len(distinct), dtype=np.int64)
        rank[in_order] = np.arange(len(distinct))
        start = self._size
        added = start + np.arange(len(distinct), dtype=np.int64)  # column of each distinct term, in order
        shown = first_seen[in_order]  # where each is first seen
        pair, one, other = is_pair[shown], first[shown], second[shown]
        new_word_columns = np.empty(len(numbers), dtype=np.int64)
        new_word_columns[word_ids[one[~pair]] - _NEW_WORD] = added[~pair]
        word_ids[unseen] = new_word_columns[word_ids[unseen] - _NEW_WORD]  # now every place's column
        strings = [words[p] for p in one[~pair].tolist()]
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        self._keys = with_room(self._keys, start + len(distinct))
        held = self._keys[start : start + len(distinct)]
        held[pair] = word_ids[one[pair]] << 32 | word_ids[other[pair]]
        held[~pair] = -1 - np.arange(len(self._strings), len(self._strings) + len(strings), dtype=np.int64)
        self._strings.extend(strings)
        self._words.update(zip(strings, added[~pair].tolist()))
        self._pairs.add_all(added[pair], self._keys[: start + len(distinct)])
        self.shapes.add_all(added[~pair], lengths[one[~pair]], 1)
        self.shapes.add_all(added[pair], lengths[one[pair]] + 1 + lengths[other[pair]], 2)
        self._size = start + len(distinct)
        return added[rank[inverse.reshape(-1)]]

    def counts_of(self, terms: list[str], counts) -> TermCounts:
        """``counts`` (a sequence of numbers) of distinct ``terms`` as columns, adding unseen terms in order.
        Terms as strings, one by one: documents' terms go through ``counts_all``."""
        columns = []
        for term in terms:
            column = self.column(term)
            columns.append(self._add(term) if column is None else column)
        column_array = np.array(columns, dtype=np.int64)
        count_array = np.asarray(counts, dtype=np.float64)
        order = np.argsort(column_array)
        return TermCounts(columns=column_array[order], counts=count_array[order])

    def _add(self, term: str) -> int:
        """Give ``term`` (found nowhere) the next column."""
        column = self._size
        pair = self._pair_key(term)
        if pair is None:
            key = -1 - len(self._strings)
            self._strings.append(term)
            self._spaced = self._spaced or " " in term
        else:
            key = pair
        self._keys = with_room(self._keys, column + 1)
        self._keys[column] = key
        if pair is None:
            self._words[term] = column
        else:
            self._pairs.add_all(np.array([column]), self._keys[: column + 1])
        self.shapes.add(term, column)
        self._size = column + 1
        return column
