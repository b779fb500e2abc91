"""A posting's skill credit added up for every CV, in compiled loops that visit only the CVs that earn some.

The array path (``skill_credit``) makes, per listed skill, a credit array over every CV and adds
them up: several passes over a million slots per skill, though most CVs earn nothing for most
skills. Here each skill visits only the slots its concepts' credit, its parts' and its words'
columns reach (the entries of those columns), with the same float operations per slot, so the
totals are the same to the bit (see ``kernels.add_credit_totals``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from matcher.ranking.compiled import HALVES_FROM, in_two_halves, kernels
from matcher.ranking.index_rows import IndexView
from matcher.ranking.profile import Requirement


def credit_totals(
    view: IndexView, requirements: Sequence[Requirement], terms: list[list[int]], columns: dict[str, int], partial: float
) -> np.ndarray | None:
    """Per CV slot, the credit of each of ``requirements`` added up in turn; None where the compiled
    loops cannot run (numba missing, rows stored without value codes).

    ``terms``: each skill's terms in turn (a free phrase's parts, then its words when ``partial``),
    each as the vocabulary columns that count as it; ``columns``: each concept's credit column.
    """
    loaded = kernels()
    if loaded is None or any(m.table is None for m in (*view.evidence, view.credit)):
        return None
    if any(req.free is not None and not req.free.parts for req in requirements):
        return None  # a phrase of no parts is shown by every CV: not a visit of some slots
    n = view.evidence[0].shape[0]
    if any(m.shape[0] != n for m in (*view.evidence, view.credit)):
        return None  # the loops read every matrix's slots as one range (without bounds checks)
    slots, term_start, term_end = _term_slots(loaded, view, terms)

    is_free = np.array([req.free is not None for req in requirements], dtype=np.bool_)
    n_parts = np.array([len(req.free.parts) if req.free is not None else 0 for req in requirements], dtype=np.int64)
    n_words = np.array([len(req.words) if partial else 0 for req in requirements], dtype=np.int64)
    first_term = np.zeros(len(requirements), dtype=np.int64)
    np.cumsum((n_parts + n_words)[:-1], out=first_term[1:])
    concept_columns = [sorted({columns[cid] for cid in req.concepts}) if req.free is None else [] for req in requirements]
    concept_ptr = np.zeros(len(requirements) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in concept_columns], out=concept_ptr[1:])
    concept_weight = np.array([1.0 / len(req.concepts) if req.free is None else 0.0 for req in requirements])
    vectors = np.zeros((view.credit.shape[1], len(requirements)))
    for j, (found, weight) in enumerate(zip(concept_columns, concept_weight.tolist())):
        vectors[found, j] = weight
    indptr, rows, codes, sealed = view.credit.column_copy()
    totals = np.zeros(n)
    arrays = (float(partial), is_free, n_parts, n_words, first_term, term_start, term_end, slots, concept_ptr,
              np.array([c for found in concept_columns for c in found], dtype=np.int64), concept_weight,
              indptr, rows, codes, view.credit.table, view.credit.newest_products(vectors), sealed, totals)
    with _scratch(n, len(terms) + len(requirements) + 1) as scratch:
        marks = (scratch.marks, scratch.whole, scratch.shown)
        in_two_halves(lambda first, end: loaded.add_credit_totals(
            *arrays, *marks, scratch.touched[first:end], scratch.first_mark, first, end), n, HALVES_FROM)
        scratch.first_mark += len(terms) + len(requirements) + 1  # the marks the loops used
    return totals


class _Scratch:
    """The compiled loop's per-slot scratch, kept between rankings (made again only when there are more
    slots), so a ranking does not fault in fresh pages for every CV slot."""

    def __init__(self) -> None:
        self.marks = np.zeros((0, 2), dtype=np.int32)
        self.whole = np.zeros(0)
        self.shown = np.zeros((0, 2), dtype=np.int32)
        self.touched = np.zeros(0, dtype=np.int32)
        self.first_mark = 0


_FREE: list[_Scratch] = []  # scratch no ranking holds: as many as rankings ever added up credit at once
_FREE_LOCK = threading.Lock()
_MARKS_LIMIT = 1 << 31  # marks are 32-bit: made again before they would pass it


@contextmanager
def _scratch(n: int, marks: int) -> Iterator[_Scratch]:
    """Scratch for ``n`` slots and ``marks`` more marks, held by this caller alone while in it."""
    with _FREE_LOCK:
        scratch = _FREE.pop() if _FREE else _Scratch()
    if len(scratch.whole) < n or scratch.first_mark + marks >= _MARKS_LIMIT:
        size = max(n, len(scratch.whole))
        size += size // 8
        scratch.marks = np.zeros((size, 2), dtype=np.int32)
        scratch.whole = np.zeros(size)
        scratch.shown = np.zeros((size, 2), dtype=np.int32)
        scratch.touched = np.empty(size, dtype=np.int32)
        scratch.first_mark = 0
    try:
        yield scratch
    finally:
        with _FREE_LOCK:
            _FREE.append(scratch)


def _term_slots(loaded, view: IndexView, terms: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(slots, start, end): term t is shown by ``slots[start[t]:end[t]]`` (a slot perhaps more than once),
    from every evidence matrix."""
    lengths = [len(found) for found in terms]
    unit_ptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(lengths, out=unit_ptr[1:])
    every = np.array([c for found in terms for c in found], dtype=np.int64)
    used, units = np.unique(every, return_inverse=True)
    units = units.reshape(-1).astype(np.int64)
    parts = [(part, matrix.table) for matrix in view.evidence for part in matrix.parts_by_column(used)]
    room = np.zeros(len(terms), dtype=np.int64)  # per term: at most this many slots
    for (indptr, _, _, unit_column, _), _ in parts:
        present = unit_column >= 0
        place_lengths = np.zeros(len(used), dtype=np.int64)
        held = unit_column[present]
        place_lengths[present] = indptr[held + 1] - indptr[held]
        per_unit = np.concatenate([[0], np.cumsum(place_lengths[units])])
        room += per_unit[unit_ptr[1:]] - per_unit[unit_ptr[:-1]]
    start = np.zeros(len(terms), dtype=np.int64)
    np.cumsum(room[:-1], out=start[1:])
    slots = np.empty(int(room.sum()), dtype=np.int64)
    end = start.copy()
    # Two runs of terms with about as many places each, one on the helper thread (they write disjoint places).
    halves = [0, int(np.searchsorted(start, len(slots) // 2)), len(terms)]

    def gather(first: int, last: int) -> None:
        terms_from, terms_to = halves[first], halves[last]
        for (indptr, rows, codes, unit_column, first_row), table in parts:
            loaded.add_rows_of_units(indptr, rows, codes, table, unit_column, first_row,
                                     unit_ptr[terms_from : terms_to + 1], units, slots, end[terms_from:terms_to])

    in_two_halves(gather, 2, 2 if len(slots) >= HALVES_FROM else 3)  # (0, 1) here, (1, 2) there; or (0, 2)
    return slots, start, end
