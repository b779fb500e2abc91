"""A row store numbers its distinct values in the order first seen, whether a row's codes are looked
up value by value or, for a long row, in the sorted table at once."""

from __future__ import annotations

import math
import pickle
import random

import numpy as np
import pytest

from matcher.ranking.row_storage import _SEARCHED_FROM, ValueCodes


def numbered(rows: list[list[float]]) -> list[list[int]]:
    """Codes as a plain dict numbers the values, first seen first (a NaN is never seen again)."""
    code: dict[float, int] = {}
    out = []
    for row in rows:
        out.append([code.setdefault(v, len(code)) if not math.isnan(v) else code.setdefault(object(), len(code))
                    for v in row])
    return out


@pytest.mark.parametrize("seed", range(6))
def test_codes_of_short_and_long_rows_number_values_first_seen_first(seed):
    rng = random.Random(seed)
    pool = [1.0, 1.5, 2.0, 0.0, -0.0, 2.0986122886681096, 3.1, 1e-300, 7.25, float("nan")]
    rows = []
    for _ in range(60):
        length = rng.choice([0, 1, 5, _SEARCHED_FROM - 1, _SEARCHED_FROM, 200])
        extra = [round(rng.random() * 10, 1)] if rng.random() < 0.3 else []  # now and then a value never seen
        rows.append([rng.choice(pool[:-1] if rng.random() < 0.9 else pool) for _ in range(length)] + extra)
    codes = ValueCodes()
    got = [codes.codes(np.array(row, dtype=np.float64)).tolist() for row in rows]
    assert got == numbered(rows)
    for row, row_codes in zip(rows, got):
        values = codes.table[row_codes] if row_codes else np.empty(0)
        assert np.array_equal(values, np.array(row, dtype=np.float64), equal_nan=True)
    assert any(len(r) >= _SEARCHED_FROM and not any(map(math.isnan, r)) for r in rows)


def test_codes_pickled_without_their_sorted_table_go_on_numbering_alike():
    codes = ValueCodes()
    long_row = np.array([1.0, 2.0, 3.0] * _SEARCHED_FROM)
    first = codes.codes(long_row)
    codes.codes(long_row)  # the sorted table is made
    back = pickle.loads(pickle.dumps(codes))
    assert "_sorted" not in back.__dict__
    assert back.codes(long_row).tolist() == first.tolist() == codes.codes(long_row).tolist()
    assert back.codes(np.array([4.0] + [1.0] * _SEARCHED_FROM)).tolist() == [3] + [0] * _SEARCHED_FROM
