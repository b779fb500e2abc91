"""Row norms under column factors kept current column by column, so a write never needs a full pass.

A row's squared norm under factors g is S = Σ_c v_c² g_c². Every write moves every idf, so
every g moves, and working every S out again costs every stored entry. The memo keeps, for
the rows it covers, S under factors g⁰ of its own (one per column) and a bound on the float
error of each S. For a view's factors g:

- a column whose factor moved by more than ``MOVED`` (either way) is brought up to date in
  every row holding it: S += v² (g² − g⁰²), then g⁰ = g. That costs only that column's
  entries; the columns that move that much are a new document's rare terms (few entries) and,
  now and then, a common term that drifted (amortised over the many writes that moved it);
- every other column's g/g⁰ lies within [low, high] (close to 1), so each row's norm lies
  within [low, high] × √S (S being a sum of non-negative terms);
- rows added since are taken in with their S under g⁰.

So bounds cost the vocabulary's width, the rows' number and the entries of the columns that
moved far; no row needs its exact norm, and a ranking works out exactly only the candidates
near its cut (``ColumnIndex.norms_at``, the full pass's float operations, to the bit). A full
pass starts the memo afresh: when no memo is kept yet, when the far-moved columns hold more
than 1/``APPLY_SHARE`` of the entries, or when the float error kept grows past ``TIGHT``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from matcher.ranking.compiled import COMPILED_FROM, HALVES_FROM, in_two_halves, kernels

if TYPE_CHECKING:
    from matcher.ranking.column_index import ColumnIndex

MOVED = 1.0 / 128  # a factor that moved by at most this ratio (either way) is bounded, not brought up to date
APPLY_SHARE = 4  # a full pass is cheaper once the far-moved columns hold more than 1/4 of the entries
TIGHT = 1e-7  # a full pass starts afresh once some row's kept float error exceeds this share of its S
_UNIT = 2.0**-53  # the unit roundoff of float64
_ROUNDING = 1e-9  # relative slack for the square root and the ratios' products
_SPREAD_ROUNDING = 2.0**-46  # relative slack of a spread for the roundings between it and the quotients it bounds


class NormBounds(NamedTuple):
    """Per row, ``lo`` ≤ the row's norm ≤ ``hi``; and ``spread``, with which a quotient by ``lo`` is at most
    the quotient by ``hi`` times ``spread`` (fl(p / lo) ≤ fl(fl(p / hi) × spread) for any p ≥ 0 and row with
    lo > 0), so one division per row bounds a cosine from both sides."""

    lo: np.ndarray
    hi: np.ndarray
    spread: float


class NormMemo:
    """One row storage's squared row norms, each under the memo's own factor per column.

    One per row storage, shared by its views (in any thread: a lock serialises them). A
    view's factors may be older than the memo's: bounds hold for whatever factors are asked.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._factors: np.ndarray | None = None  # g⁰, one per column
        # S of the first rows under g⁰, and a bound on |S kept − S exact| per row: the first rows of
        # buffers with room for rows to come, so taking in new rows copies only them.
        self._squares = np.zeros(0)
        self._error = np.zeros(0)

    def keep(self, factors: np.ndarray, squares: np.ndarray, lengths: np.ndarray) -> None:
        """Start afresh from a full pass: ``squares`` of the first rows under ``factors``, rows of ``lengths`` entries."""
        with self._lock:
            self._factors = factors.copy()
            self._squares = squares.copy()
            self._error = _sum_error(squares, lengths)

    def bounds(self, index: ColumnIndex, factors: np.ndarray) -> NormBounds | None:
        """Per row of ``index``, bounds lo ≤ ‖row ∘ factors‖ ≤ hi; None when a full pass is due
        (no memo yet, the memo covers rows or columns ``index`` lacks, or bringing it up to date would
        cost about as much)."""
        with self._lock:
            if self._factors is None:
                return None
            n, known, width = index.shape[0], len(self._squares), len(self._factors)
            if known > n or width > len(factors):
                return None  # kept by a newer view: this older one works its own norms out
            moved, low, high = _moved(factors[:width], self._factors)
            if len(moved) and not self._bring_up_to_date(index, moved, factors, known):
                return None
            self._take_in(index, factors, n)
            return _bounds(self._squares, self._error, low * (1.0 - _ROUNDING), high * (1.0 + _ROUNDING))

    def _bring_up_to_date(self, index: ColumnIndex, moved: np.ndarray, factors: np.ndarray, known: int) -> bool:
        """S += v² (g² − g⁰²) over the entries of the ``moved`` columns in the first ``known`` rows, and
        g⁰ = g there; False (nothing changed) when those entries are too many to be worth it."""
        at_most = index.rows.nnz // APPLY_SHARE
        if index.sums_compiled:  # the same sums in one pass, no array per entry
            sums = index.moved_squares(moved, known, at_most, factors, self._factors)
            if sums is None:
                return False
            delta, size, terms = sums
        else:
            entries = index.entries_of(moved, known, at_most)
            if entries is None:
                return False
            rows, columns, values = entries
            squared = values * values
            new, old = factors[columns], self._factors[columns]
            new, old = new * new, old * old
            delta = np.bincount(rows, squared * (new - old), minlength=known)
            size = np.bincount(rows, squared * (new + old), minlength=known)  # bounds each term's rounding
            terms = np.bincount(rows, minlength=known)
        self._squares += delta  # in place: no array of this view's holds them
        # The sum of a row's terms errs by at most (terms + 4)·u·size, the addition by u·|S|.
        self._error += 4.0 * _UNIT * ((terms + 4) * size + np.abs(self._squares))
        self._factors[moved] = factors[moved]  # the memo's own array (copied on keep, grown by concatenation)
        return True

    def _take_in(self, index: ColumnIndex, factors: np.ndarray, n: int) -> None:
        """Cover columns and rows added since: new columns at ``factors``, rows up to ``n`` under g⁰."""
        width = len(self._factors)
        if len(factors) > width:
            self._factors = np.concatenate([self._factors, factors[width:]])  # no row covered so far holds them
        known = len(self._squares)
        if n > known:
            squares, lengths = index.squares_of_rows(known, n, self._factors)
            self._squares = _extended(self._squares, squares)
            self._error = _extended(self._error, _sum_error(squares, lengths))


def _extended(kept: np.ndarray, more: np.ndarray) -> np.ndarray:
    """``kept`` then ``more``: written into the room after ``kept`` in its buffer when there is enough,
    else into a new buffer with room (an eighth more, at least 64 rows), so a memo taking in rows after
    every write copies those rows, not all of them again."""
    n = len(kept) + len(more)
    buffer = kept.base  # the buffer when ``kept`` is one this made (its first rows)
    if not (isinstance(buffer, np.ndarray) and buffer.ndim == 1 and len(buffer) >= n and buffer.dtype == kept.dtype
            and buffer.ctypes.data == kept.ctypes.data and buffer.strides == kept.strides):
        buffer = np.empty(n + max(n // 8, 64), dtype=kept.dtype)
        buffer[: len(kept)] = kept
    buffer[len(kept) : n] = more
    return buffer[:n]


def _moved(now: np.ndarray, kept: np.ndarray) -> tuple[np.ndarray, float, float]:
    """(the columns whose factor moved by more than ``MOVED`` from the memo's, ascending; the lowest
    and highest ratio now / kept of the others and 1): one compiled pass where there are many columns."""
    loaded = kernels() if len(kept) >= COMPILED_FROM else None
    if loaded is not None:
        out = np.empty(len(kept), dtype=np.int64)  # only the pages of the moved columns are ever touched
        count, low, high = loaded.moved_columns(now, kept, MOVED, out)
        return out[:count], low, high
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = now / kept  # inf or 0 where a factor is or was 0; nan where both are
    moved = np.flatnonzero(np.abs(ratio - 1.0) > MOVED)  # nan (0 then and now) stays
    ratio[moved] = 1.0  # to be brought up to date: exact then
    low, high = _range(ratio)
    return moved, low, high


def _bounds(squares: np.ndarray, error: np.ndarray, low: float, high: float) -> NormBounds | None:
    """(lo, hi) = (sqrt(max(S − error, 0)) × ``low``, sqrt(S + error) × ``high``) per row; None once some
    row's error exceeds ``TIGHT`` × S. One compiled pass where there are many rows; the same floats.

    Spread: with error ≤ TIGHT × S, hi / lo ≤ (high / low) × sqrt((1 + TIGHT) / (1 − TIGHT)), below
    (high / low) × (1 + 2 TIGHT); 2⁻⁴⁶ more (128 units of 2⁻⁵³) covers the roundings of the square roots,
    products and quotients involved, a dozen units at most."""
    spread = high / low * (1.0 + 4.0 * TIGHT + _SPREAD_ROUNDING)
    loaded = kernels() if len(squares) >= COMPILED_FROM else None
    if loaded is not None:
        lo, hi = np.empty(len(squares)), np.empty(len(squares))
        tight = []  # per range of rows: whether every error is within TIGHT
        in_two_halves(lambda first, end: tight.append(loaded.norm_bounds(
            squares[first:end], error[first:end], TIGHT, low, high, lo[first:end], hi[first:end])),
            len(squares), HALVES_FROM)
        return NormBounds(lo, hi, spread) if all(tight) else None
    if (error > TIGHT * squares).any():
        return None
    return NormBounds(np.sqrt(np.maximum(squares - error, 0.0)) * low, np.sqrt(squares + error) * high, spread)


def _range(ratio: np.ndarray) -> tuple[float, float]:
    """(lowest, highest) of ``ratio`` and 1, leaving out nan."""
    if not len(ratio):
        return 1.0, 1.0
    low, high = float(np.fmin.reduce(ratio)), float(np.fmax.reduce(ratio))  # nan only when all are
    return (1.0, 1.0) if low != low else (min(low, 1.0), max(high, 1.0))


def _sum_error(squares: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A bound on the float error of sums of ``lengths`` non-negative products that came to ``squares``."""
    return 4.0 * _UNIT * (lengths + 4) * squares
