"""Word pairs kept as numbers: a pair of vocabulary columns found through an open-addressing table.

Most of a vocabulary's terms are word pairs ("call centre", "গ্রাহক সেবা"), and each pair's
two words are terms of their own. As Python objects a term costs about 130 bytes (a str, a
dict entry, an int, a list slot); a pair kept as its two words' columns costs an 8-byte key
and its share of this table (4-byte slots, at most half of them taken): about 20 bytes, and a
lookup compares numbers, so no hash collision can merge two pairs.
"""

from __future__ import annotations

import numpy as np

_MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing: a key times this, top bits, spreads any keys evenly
_MASK64 = (1 << 64) - 1
_FIRST_BITS = 4
_ONE_BY_ONE = 8  # keys still probing when this few are left are probed one by one, not by array


def pair_key(first: int, second: int) -> int:
    """The key of the pair of columns ``first``, ``second`` (each below 2³¹)."""
    return first << 32 | second


def pair_of(key: int) -> tuple[int, int]:
    """The two columns of a pair's key."""
    return key >> 32, key & 0xFFFFFFFF


class PairTable:
    """Pair key → column: an open-addressing table (linear probing) over the keys' columns.

    The keys themselves live in the caller's array (column → key, ``keys``); the table holds
    column + 1 per slot (0: empty). Callers serialise ``add_all`` and ``find_all``; ``find`` may run
    beside them, with the keys it can see (a grown table is swapped in whole, and a column being
    added is passed over).
    """

    def __init__(self, bits: int = _FIRST_BITS) -> None:
        self._slots = np.zeros(1 << bits, dtype=np.int32)  # its length gives the bits a key's start takes
        self._held = 0

    def find(self, key: int, keys: np.ndarray) -> int | None:
        """The column holding ``key`` (``keys``: column → key), or None."""
        slots = self._slots
        return self._probe(key, ((key * _MIX) & _MASK64) >> (65 - len(slots).bit_length()), slots, keys)

    @staticmethod
    def _probe(key: int, at: int, slots: np.ndarray, keys: np.ndarray) -> int | None:
        """``find`` from slot ``at`` on."""
        mask = len(slots) - 1
        while taken := int(slots[at]):
            # A column past ``keys`` is being added by a writer now: not there yet for this reader.
            if taken <= len(keys) and keys[taken - 1] == key:
                return taken - 1
            at = (at + 1) & mask
        return None

    def find_all(self, wanted: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """The column holding each key of ``wanted`` (int64), -1 where none does."""
        slots = self._slots
        found = np.full(len(wanted), -1, dtype=np.int64)
        if not self._held:
            return found
        mask = len(slots) - 1
        at = _starts(wanted, len(slots))
        column = slots[at] - 1
        same = (column >= 0) & (keys[column] == wanted)  # column -1 reads the last key: not taken anyway
        found[same] = column[same]
        pending = np.flatnonzero((column >= 0) & ~same)  # its first slot holds another key: probe on
        while len(pending) > _ONE_BY_ONE:
            at[pending] = (at[pending] + 1) & mask
            column = slots[at[pending]] - 1
            same = (column >= 0) & (keys[column] == wanted[pending])
            found[pending[same]] = column[same]
            pending = pending[(column >= 0) & ~same]
        for i in pending.tolist():  # the few left go one by one
            column = self._probe(int(wanted[i]), (int(at[i]) + 1) & mask, slots, keys)
            found[i] = -1 if column is None else column
        return found

    def add_all(self, columns: np.ndarray, keys: np.ndarray) -> None:
        """Hold each of ``columns`` (distinct; ``keys[c]`` is column c's key, found nowhere yet); grows the
        table first (at least twice as many slots) when they would take more than half of its slots."""
        if not len(columns):
            return
        if 2 * (self._held + len(columns)) > len(self._slots):  # at least twice as many slots, at most half full
            bits = len(self._slots).bit_length()
            while 2 * (self._held + len(columns)) > 1 << bits:
                bits += 1
            grown = self._filled(bits, keys)  # the columns with the others
            self._slots, self._held = grown._slots, grown._held
            return
        _place(self._slots, _starts(keys[columns], len(self._slots)), columns)
        self._held += len(columns)

    def copy(self) -> PairTable:
        """The same table, growing on its own."""
        out = PairTable()
        out._slots = self._slots.copy()
        out._held = self._held
        return out

    @classmethod
    def rebuilt(cls, keys: np.ndarray) -> PairTable:
        """The table of every column whose key is a pair's (≥ 0) in ``keys`` (column → key)."""
        bits = _FIRST_BITS
        held = int(np.count_nonzero(keys >= 0))
        while 2 * held > 1 << bits:
            bits += 1
        return cls._filled(bits, keys)

    @classmethod
    def _filled(cls, bits: int, keys: np.ndarray) -> PairTable:
        out = cls(bits)
        columns = np.flatnonzero(keys >= 0)
        _place(out._slots, _starts(keys[columns], len(out._slots)), columns)
        out._held = len(columns)
        return out


def _place(slots: np.ndarray, at: np.ndarray, columns: np.ndarray) -> None:
    """Put each of ``columns`` (distinct, none in ``slots`` yet) in the first free slot from its start ``at`` on."""
    mask = len(slots) - 1
    pending = np.arange(len(columns))
    while len(pending) > _ONE_BY_ONE:
        free = pending[slots[at[pending]] == 0]
        # Of the columns probing one free slot now, the first (lowest place) takes it; the rest probe on.
        first = free[np.unique(at[free], return_index=True)[1]]
        slots[at[first]] = columns[first] + 1
        placed = np.zeros(len(columns), dtype=bool)
        placed[first] = True
        pending = pending[~placed[pending]]
        at[pending] = (at[pending] + 1) & mask
    for i in pending.tolist():  # the few left go one by one
        place = int(at[i])
        while slots[place]:
            place = (place + 1) & mask
        slots[place] = columns[i] + 1


def _starts(keys: np.ndarray, size: int) -> np.ndarray:
    """Each key's first slot in a table of ``size`` (a power of two) slots."""
    return ((keys.astype(np.uint64) * np.uint64(_MIX)) >> np.uint64(65 - size.bit_length())).astype(np.int64)
