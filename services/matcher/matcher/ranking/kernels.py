"""Compiled loops (numba) for what numpy would do in several passes, with the same float operations.

Imported only where a ranking needs it (``column_index`` asks for it the first time), so the
processes that only build profiles never load the compiler; ``compiled.kernels`` imports it and
compiles every loop, or reads them back from the disk cache an earlier process wrote
(``compiled.cache_dir``): about 8 CPU seconds the first time, half a second after. Nothing here may fuse or reorder
float operations: numba compiles without fast-math, so each ``a * b`` is rounded before it is
added, as numpy and scipy do, and results are the same to the bit.
"""

from __future__ import annotations

import contextlib

import numba
import numpy as np

_LOOPS: list = []  # every compiled function here


def _loop(**options):
    """``numba.njit`` without the GIL, cached on disk (``compiled.cache_dir``) where numba has a place to
    write, compiled in each process where it has none."""

    def compile_it(function):
        try:
            loop = numba.njit(nogil=True, cache=True, **options)(function)
        except RuntimeError:  # "no locator available": no directory numba may write to
            loop = numba.njit(nogil=True, cache=False, **options)(function)
        _LOOPS.append(loop)
        return loop

    return compile_it


def stop_caching(forget: bool = False) -> None:
    """Compile every loop anew from now on, reading and writing no cache; with ``forget`` (the cache
    failed), empty the index of what it holds where that can be written, so the next process writes it again."""
    for loop in _LOOPS:
        cached = loop._cache  # numba's FunctionCache (a NullCache when caching was refused)
        if forget:
            with contextlib.suppress(OSError):
                cached.flush()
        cached.disable()


@_loop()
def add_column_products(indptr, indices, codes, table, columns, weights, out, rows_at_once, first_row, end_row):
    """``out[r]`` = 0, then ``out[r] += table[code] × weights[k]`` for every entry (r, code) of each column
    ``columns[k]``, for ``first_row`` <= r < ``end_row``, the columns in the order given: a CSC matrix's
    product with a vector that is ``weights`` at ``columns`` and 0 elsewhere, as scipy's ``csc_matvec``
    adds it into zeros, reading only those columns and decoding each entry's value as it goes
    (``table``: the value of each code).

    Each column's rows are ascending (a canonical CSC matrix), so the columns are read a block of
    ``rows_at_once`` rows at a time (``column_index`` passes 65,536: 512 KB of ``out``, within a
    core's cache), every column for one block before the next: the block of ``out`` is zeroed and
    added into while it stays in cache (``out`` need not start at 0: no pass of its own zeroes it),
    and each row still gets its columns' products in the given order. Calls for disjoint row ranges
    may run at once (they write disjoint rows)."""
    at = np.empty(len(columns), dtype=np.int64)  # per column: its first entry not added yet
    for k in range(len(columns)):
        low, high = indptr[columns[k]], indptr[columns[k] + 1]
        while low < high:  # the first entry of a row >= first_row
            middle = (low + high) // 2
            if indices[middle] < first_row:
                low = middle + 1
            else:
                high = middle
        at[k] = low
    for first in range(first_row, end_row, rows_at_once):
        block_end = min(first + rows_at_once, end_row)
        out[first:block_end] = 0.0
        for k in range(len(columns)):
            weight = weights[k]
            entry = at[k]
            last = indptr[columns[k] + 1]
            while entry < last and indices[entry] < block_end:
                out[indices[entry]] += table[codes[entry]] * weight
                entry += 1
            at[k] = entry
    return out


@_loop()
def row_products(indptr, indices, codes, table, x, first_row, out):
    """``out[i]`` = row ``first_row + i`` of a CSR matrix (``indptr``, ``indices``, ``codes`` of ``table``'s
    values) times the dense vector ``x``, for every ``i`` of ``out``: each row's entries added in order
    from 0, ``value × x[column]``, as scipy's ``csr_matvec`` adds them, decoding each value as it goes
    (no decoded copy of the rows, no slice of them)."""
    for i in range(len(out)):
        row = first_row + i
        total = 0.0
        for entry in range(indptr[row], indptr[row + 1]):
            total += table[codes[entry]] * x[indices[entry]]
        out[i] = total
    return out


@_loop()
def row_squares(indptr, indices, codes, squared_table, factors, rows, out):
    """``out[i]`` = Σ ``squared_table[code] × (factors[column] × factors[column])`` over the entries of
    row ``rows[i]`` of a CSR matrix (``indptr``, ``indices``, ``codes``), added in order from 0: the float
    operations of scipy's ``csr_matvec`` of the squared values with the squared factors, reading the rows in
    place (no copy of them, no square of every factor)."""
    for i in range(len(rows)):
        row = rows[i]
        total = 0.0
        for entry in range(indptr[row], indptr[row + 1]):
            factor = factors[indices[entry]]
            total += squared_table[codes[entry]] * (factor * factor)
        out[i] = total
    return out


@_loop()
def _place_of(used, column):
    """Where ``column`` is in ``used`` (ascending), or -1."""
    low, high = 0, len(used)
    while low < high:
        middle = (low + high) // 2
        if used[middle] < column:
            low = middle + 1
        else:
            high = middle
    return low if low < len(used) and used[low] == column else -1


@_loop()
def rows_by_used_column(indptr, indices, codes, first_row, used, out_indptr, out_rows, out_codes):
    """The entries of rows ``first_row`` on (CSR ``indptr``, ``indices``, ``codes``, read in place) in the
    columns ``used`` (ascending, distinct), by column: ``out_indptr`` (one per place in ``used``, plus one)
    and each entry's row (counted from ``first_row``) and code, rows ascending within a column, as a stable
    sort of the row-major entries by place gives them. ``out_rows`` and ``out_codes`` are at least as long
    as the entries kept; returns how many were. A flag per low 16 bits of a column rules most columns
    out before any search."""
    seen = np.zeros(1 << 16, dtype=np.bool_)
    for k in range(len(used)):
        seen[used[k] & 0xFFFF] = True
    out_indptr[:] = 0
    for entry in range(indptr[first_row], indptr[len(indptr) - 1]):
        column = indices[entry]
        if seen[column & 0xFFFF]:
            place = _place_of(used, column)
            if place >= 0:
                out_indptr[place + 1] += 1
    for place in range(len(used)):
        out_indptr[place + 1] += out_indptr[place]
    at = out_indptr[:-1].copy()
    for row in range(first_row, len(indptr) - 1):
        for entry in range(indptr[row], indptr[row + 1]):
            column = indices[entry]
            if seen[column & 0xFFFF]:
                place = _place_of(used, column)
                if place >= 0:
                    out_rows[at[place]] = row - first_row
                    out_codes[at[place]] = codes[entry]
                    at[place] += 1
    return out_indptr[len(used)]


@_loop()
def add_rows_of_units(indptr, rows, codes, table, unit_column, first_row, unit_ptr, units, out, out_at):
    """For each group g of units (``units[unit_ptr[g]:unit_ptr[g + 1]]``), append to ``out`` from
    ``out_at[g]`` on (moving it) the row of every entry with a positive value in the units' columns:
    ``rows[entry] + first_row`` for the entries of column ``unit_column[unit]`` of a CSC matrix
    (``indptr``, ``rows``, ``codes`` of ``table``'s values); a unit with column -1 has none here.
    A row shown by several units of a group comes several times."""
    for group in range(len(unit_ptr) - 1):
        at = out_at[group]
        for k in range(unit_ptr[group], unit_ptr[group + 1]):
            column = unit_column[units[k]]
            if column < 0:
                continue
            for entry in range(indptr[column], indptr[column + 1]):
                if table[codes[entry]] > 0.0:
                    out[at] = rows[entry] + first_row
                    at += 1
        out_at[group] = at


@_loop()
def add_credit_totals(partial, is_free, n_parts, n_words, first_term, term_start, term_end, slots,
                      concept_ptr, concept_columns, concept_weight, indptr, rows, codes, table, newest_whole,
                      sealed, totals, marks, whole, shown, touched, first_mark, first, end):
    """``totals[r] += credit`` of each listed skill of a posting in turn, for the CV slots r that can
    earn any (the others earn 0, and x + 0.0 is x), with the float operations of ``skill_credit``'s
    array path, so totals are the same to the bit.

    Skill j: its terms are ``first_term[j]`` on, ``n_parts[j]`` parts (a free phrase) then ``n_words[j]``
    words; term t's slots are ``slots[term_start[t]:term_end[t]]`` (a slot may come more than once,
    it counts once). Whole credit: for a free phrase 1 where every part is shown; for a known skill,
    the sum over its concept columns (``concept_columns[concept_ptr[j]:concept_ptr[j + 1]]``,
    ascending) of the credit (CSC ``indptr``, ``rows``, ``codes`` of ``table`` for slots < ``sealed``)
    times ``concept_weight[j]``, and ``newest_whole[j, r - sealed]`` for slots from ``sealed`` on.
    Then, with words, the larger of that and ``partial`` × the share of its words shown.

    Scratch, at least as long as ``totals``, kept between calls: ``marks`` (2 columns: the last term
    that counted a slot, the last skill that reached it; every mark here is above ``first_mark``, and
    the marks used are returned, so the next call starts above them); ``whole``, ``shown`` (2 columns:
    parts, words) all 0, and left 0; ``touched`` (any values, at least ``end - first`` long).

    Only the slots ``first`` <= r < ``end`` are added up (a column's entries are in slot order, so each
    column is entered where that range starts): two calls on two ranges at once write disjoint slots
    of ``totals`` and of the scratch, and give what one call on both gives, to the bit.
    """
    n = min(len(totals), end)
    n_terms = len(term_start)
    for j in range(len(is_free)):
        mark = first_mark + n_terms + j + 1
        reached = 0
        if not is_free[j]:
            weight = concept_weight[j]
            for k in range(concept_ptr[j], concept_ptr[j + 1]):
                column = concept_columns[k]
                if column + 1 >= len(indptr):
                    continue  # a column the column copy does not have: none of its slots hold it
                start, stop = indptr[column], indptr[column + 1]
                if first > 0:
                    start += np.searchsorted(rows[start:stop], first)
                for entry in range(start, stop):
                    r = rows[entry]
                    if r >= n:
                        break
                    if marks[r, 1] != mark:
                        marks[r, 1] = mark
                        touched[reached] = r
                        reached += 1
                    whole[r] += table[codes[entry]] * weight
            for r in range(max(sealed, first), n):
                value = newest_whole[j, r - sealed]
                if value != 0.0:
                    if marks[r, 1] != mark:
                        marks[r, 1] = mark
                        touched[reached] = r
                        reached += 1
                    whole[r] = value
        t = first_term[j]
        for group in range(2):
            for _ in range(n_parts[j] if group == 0 else n_words[j]):
                term_mark = first_mark + t + 1
                for k in range(term_start[t], term_end[t]):
                    r = slots[k]
                    if r < first or r >= n:
                        continue
                    if marks[r, 0] != term_mark:
                        marks[r, 0] = term_mark
                        shown[r, group] += 1
                        if marks[r, 1] != mark:
                            marks[r, 1] = mark
                            touched[reached] = r
                            reached += 1
                t += 1
        for k in range(reached):
            r = touched[k]
            if is_free[j]:
                credit = 1.0 if shown[r, 0] == n_parts[j] else 0.0
            else:
                credit = whole[r]
            if partial > 0.0 and n_words[j] > 0:
                share = partial * (shown[r, 1] / n_words[j])
                if share > credit:
                    credit = share
            totals[r] += credit
            whole[r] = 0.0
            shown[r, 0] = 0
            shown[r, 1] = 0
    return first_mark + n_terms + len(is_free) + 1


@_loop()
def _clipped(x):
    """``np.clip(x, 0.0, 1.0)`` of one value as numpy does it: (x > 0 ? x : 0), then (x < 1 ? x : 1), NaN kept."""
    if not (x > 0.0 or x != x):
        x = 0.0
    if x >= 1.0:
        x = 1.0
    return x


@_loop()
def one_posting_scores(tfidf, concepts, credit_totals, theirs, text_out, base_out, n_requirements, mine, strength,
                       concept_scale, w_text, w_skills, w_concepts, total, rounding):
    """``score.score_posting_pairs`` in one pass: per pair, the coverage (credit total ÷ requirements,
    clipped), the language gap (``score.language_gap``) and ``score.score_pairs`` with one ``strength``,
    weights and ``total``, with the same float operations in the same order; the score clipped as
    ``np.clip`` and rounded as ``np.round(x, digits)`` does it (× ``rounding``, which is 10 ** digits,
    then rint, then ÷ ``rounding``)."""
    for i in range(len(tfidf)):
        coverage = _clipped(credit_totals[i] / n_requirements)
        gap = _clipped(1.0 - (mine * theirs[i] + (1.0 - mine) * (1.0 - theirs[i])))
        stand_in = gap * strength
        text = (1.0 - stand_in) * tfidf[i]
        scaled = concepts[i] / concept_scale
        if scaled > 1.0:
            scaled = 1.0
        text = text + scaled * stand_in
        score = text * w_text
        score = score + coverage * w_skills
        score = score + concepts[i] * w_concepts
        text_out[i] = text
        base_out[i] = np.rint(_clipped(score / total if total > 0.0 else tfidf[i]) * rounding) / rounding


@_loop()
def _score_between(tfidf, concepts, stand_in, fixed, per_concept_scale, w_text, w_concepts, per_total):
    """One pair's score as ``one_posting_scores`` works it out before rounding, its cosines first clipped to
    0..1, with products by the inverses of the concept scale and the total: within a few units of 2⁻⁵³ of
    that value, not to the bit."""
    tfidf = min(max(tfidf, 0.0), 1.0)
    concepts = min(max(concepts, 0.0), 1.0)
    text = (1.0 - stand_in) * tfidf + min(concepts * per_concept_scale, 1.0) * stand_in
    return (text * w_text + fixed + concepts * w_concepts) * per_total


@_loop(error_model="numpy")
def one_posting_score_bounds(text_products, text_norms, text_spread, concept_products, concept_norms, concept_spread,
                             credit_totals, theirs, low_out, high_out, per_requirement, mine, strength,
                             per_concept_scale, w_text, w_skills, w_concepts, per_total, slack):
    """For ``score.posting_score_bounds``: per CV, bounds of its score (``one_posting_scores`` of its exact
    cosines) from one division per cosine: the products ÷ the high norms give the lowest cosines, those ×
    the spread the highest; each bound then widened by ``slack`` (more than rounding to 10⁻⁶ moves a score)."""
    for i in range(len(text_products)):
        coverage = min(max(credit_totals[i] * per_requirement, 0.0), 1.0)
        their_share = theirs[i]
        gap = min(max(1.0 - (mine * their_share + (1.0 - mine) * (1.0 - their_share)), 0.0), 1.0)
        stand_in = gap * strength
        fixed = coverage * w_skills
        norm = text_norms[i]
        text = text_products[i] / norm if norm > 0.0 else 0.0
        norm = concept_norms[i]
        concept = concept_products[i] / norm if norm > 0.0 else 0.0
        low_out[i] = _score_between(text, concept, stand_in, fixed, per_concept_scale, w_text, w_concepts,
                                    per_total) - slack
        high_out[i] = _score_between(text * text_spread, concept * concept_spread, stand_in, fixed,
                                     per_concept_scale, w_text, w_concepts, per_total) + slack


@_loop()
def quotients(products, norms, out):
    """``out[i] = products[i] / norms[i]``, 0 where a norm is not above 0 (an empty row), as
    ``np.divide(products, norms, out=zeros, where=norms > 0)`` gives it, in one pass."""
    for i in range(len(products)):
        out[i] = products[i] / norms[i] if norms[i] > 0.0 else 0.0
    return out


@_loop()
def extend_columns(old_indptr, old_rows, old_codes, old_width, new_indptr, new_rows, new_codes, first_new_row,
                   out_indptr, first_column, end_column, out_rows, out_codes):
    """Fill columns ``first_column`` to ``end_column`` (excluded) of ``out`` (CSC: ``out_indptr``, already
    made, one longer than its columns; ``out_rows`` and ``out_codes`` as long as both parts' entries) with,
    per column, the old part's entries (CSC, ``old_width`` columns) and then the new part's (CSC of the
    rows from ``first_new_row`` on, its row numbers counted from there): the column copy of all the rows,
    as ``tocsc`` of them gives it, when the old part holds the rows before ``first_new_row`` and
    ``out_indptr`` adds both parts' offsets (see ``column_index.extended_column_copy``). Costs one copy
    of each entry of those columns, in order, and nothing per row."""
    for column in range(first_column, end_column):
        at = out_indptr[column]
        if column < old_width:
            for entry in range(old_indptr[column], old_indptr[column + 1]):
                out_rows[at] = old_rows[entry]
                out_codes[at] = old_codes[entry]
                at += 1
        for entry in range(new_indptr[column], new_indptr[column + 1]):
            out_rows[at] = new_rows[entry] + first_new_row
            out_codes[at] = new_codes[entry]
            at += 1


@_loop(error_model="numpy")
def moved_columns(now, kept, moved_by, out):
    """For ``norm_memo.NormMemo.bounds`` in one pass over the columns: the columns whose ratio
    ``now / kept`` lies further than ``moved_by`` from 1 (inf and 0 included, nan not) into ``out``,
    ascending, and (their count, the lowest and the highest of the other ratios and 1, nan left out),
    with numpy's division (x/0 is inf, 0/0 nan) and comparisons."""
    low = 1.0
    high = 1.0
    count = 0
    for column in range(len(kept)):
        ratio = now[column] / kept[column]
        if abs(ratio - 1.0) > moved_by:
            out[count] = column
            count += 1
        elif ratio == ratio:
            if ratio < low:
                low = ratio
            if ratio > high:
                high = ratio
    return count, low, high


@_loop()
def looked_up(counts, by_count, out, above):
    """``out[i] = by_count[counts[i]]`` for every ``i`` of ``counts`` whose count the table holds; the
    others' ``i`` into ``above``, ascending (``out`` left as it was there); returns how many those are."""
    largest = len(by_count) - 1
    count = 0
    for i in range(len(counts)):
        held = counts[i]
        if held <= largest:
            out[i] = by_count[held]
        else:
            above[count] = i
            count += 1
    return count


@_loop()
def norm_bounds(squares, error, tight, low_factor, high_factor, lo, hi):
    """``lo = sqrt(max(S − error, 0)) × low_factor`` and ``hi = sqrt(S + error) × high_factor`` per row,
    as numpy works them out, in one pass that checks each row's error as it goes (a pass of its own
    would read every row twice); False (``lo``, ``hi`` unfinished) once some row's error exceeds ``tight × S``."""
    for row in range(len(squares)):
        if error[row] > tight * squares[row]:
            return False
        low = squares[row] - error[row]
        if low < 0.0:
            low = 0.0
        lo[row] = np.sqrt(low) * low_factor
        hi[row] = np.sqrt(squares[row] + error[row]) * high_factor
    return True


@_loop()
def _add_moved_square(row, column, value, now, then, delta, size, terms):
    """One entry's part of ``add_moved_squares``."""
    new = now[column]
    new = new * new
    old = then[column]
    old = old * old
    squared = value * value
    delta[row] += squared * (new - old)
    size[row] += squared * (new + old)
    terms[row] += 1


@_loop()
def add_moved_squares(indptr, rows, codes, table, inside, sealed, tail_indptr, tail_columns, tail_codes, flagged,
                      first_tail_row, now, then, at_most, delta, size, terms):
    """For ``norm_memo``: per row r, ``delta[r] += v² (now[c]² − then[c]²)``, ``size[r] += v² (now[c]² + then[c]²)``
    and ``terms[r] += 1`` for every entry (r, c, v) of the columns ``inside`` (CSC ``indptr``, ``rows``,
    ``codes`` of ``table``'s values) in rows below ``sealed``, column by column, then for every entry of a
    ``flagged`` column in the rows after them (CSR ``tail_*``, its first row ``first_tail_row``), row by row:
    the entries of ``ColumnIndex.entries_of`` in its order, with the same float operations as the bincounts
    over them. False (the sums unfinished) once there are more than ``at_most`` entries."""
    count = 0
    for k in range(len(inside)):
        column = inside[k]
        for entry in range(indptr[column], indptr[column + 1]):
            if rows[entry] >= sealed:  # a column's rows ascend
                break
            _add_moved_square(rows[entry], column, table[codes[entry]], now, then, delta, size, terms)
            count += 1
            if count > at_most:
                return False
    for i in range(len(tail_indptr) - 1):
        for entry in range(tail_indptr[i], tail_indptr[i + 1]):
            if flagged[tail_columns[entry]]:
                _add_moved_square(first_tail_row + i, tail_columns[entry], table[tail_codes[entry]], now, then, delta,
                                  size, terms)
                count += 1
                if count > at_most:
                    return False
    return True


def warm_up() -> None:
    """Compile every loop here (or read it back from the cache) for the array types rankings pass them
    (32-bit row and column numbers, one- and two-byte value codes): better at start-up than on a first ranking."""
    i32, i64, f64 = np.int32, np.int64, np.float64
    one = np.zeros(1, dtype=f64)
    for code_type in (np.uint8, np.uint16):
        indptr, rows, codes = np.zeros(2, dtype=i32), np.zeros(1, dtype=i32), np.zeros(1, dtype=code_type)
        add_column_products(indptr, rows, codes, one, np.zeros(1, dtype=i32), one, np.zeros(1, dtype=f64), 1, 0, 1)
        row_products(indptr, rows, codes, one, one, 0, np.zeros(1, dtype=f64))
        row_squares(indptr, rows, codes, one, one, np.zeros(1, dtype=i64), np.zeros(1, dtype=f64))
        rows_by_used_column(indptr, rows, codes, 0, np.zeros(1, dtype=i64), np.zeros(2, dtype=i32), np.zeros(1, dtype=i32),
                            np.zeros(1, dtype=code_type))
        groups = np.zeros(1, dtype=i64)
        add_rows_of_units(indptr, rows, codes, one, groups, 0, np.zeros(1, dtype=i64), groups, groups, groups)
        extend_columns(indptr, rows, codes, 1, indptr, rows, codes, 1, np.zeros(2, dtype=i32), 0, 1,
                       np.zeros(2, dtype=i32), np.zeros(2, dtype=code_type))
        add_moved_squares(indptr, rows, codes, one, np.zeros(1, dtype=i64), 1, indptr, rows, codes,
                          np.zeros(1, dtype=np.bool_), 1, one, one, 10, np.zeros(2), np.zeros(2), np.zeros(2, dtype=i64))
        add_credit_totals(0.5, np.zeros(0, dtype=np.bool_), groups[:0], groups[:0], groups[:0], groups[:0], groups[:0],
                          groups[:0], groups, groups[:0], one[:0], indptr, rows, codes, one, np.zeros((0, 1)), 0,
                          np.zeros(1), np.zeros((1, 2), dtype=i32), np.zeros(1), np.zeros((1, 2), dtype=i32),
                          np.zeros(1, dtype=i32), 0, 0, 1)
    one_posting_scores(one, one, one, one, np.zeros(1), np.zeros(1), 1.0, 0.0, 0.0, 4.0, 0.5, 0.5, 0.0, 1.0, 1e6)
    one_posting_score_bounds(one, one, 1.0, one, one, 1.0, one, one, np.zeros(1), np.zeros(1), 1.0, 0.0, 0.0, 0.25,
                             0.5, 0.5, 0.0, 1.0, 1e-6)
    quotients(one, one, np.zeros(1))
    moved_columns(one, one, 0.5, np.zeros(1, dtype=i64))
    looked_up(np.zeros(1, dtype=np.int32), one, np.zeros(1), np.zeros(1, dtype=i64))
    norm_bounds(one, one, 1e-7, 1.0, 1.0, np.zeros(1), np.zeros(1))
