"""Compiled loops (numba) for what numpy would do in several passes, with the same float operations.

Imported only where a ranking needs it (``column_index`` asks for it the first time), so the
processes that only build profiles never load the compiler. Nothing here may fuse or reorder
float operations: numba compiles without fast-math, so each ``a * b`` is rounded before it is
added, as numpy and scipy do, and results are the same to the bit.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(nogil=True, cache=False)
def add_column_products(indptr, indices, codes, table, columns, weights, out):
    """``out[r] += table[code] × weights[k]`` for every entry (r, code) of each column ``columns[k]``,
    the columns in the order given: a CSC matrix's product with a vector that is ``weights`` at
    ``columns`` and 0 elsewhere, as scipy's ``csc_matvec`` adds it, reading only those columns and
    decoding each entry's value as it goes (``table``: the value of each code)."""
    for k in range(len(columns)):
        column = columns[k]
        weight = weights[k]
        for entry in range(indptr[column], indptr[column + 1]):
            out[indices[entry]] += table[codes[entry]] * weight
    return out
