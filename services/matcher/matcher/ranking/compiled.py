"""The compiled loops (``kernels``), loaded the first time a ranking asks for them."""

from __future__ import annotations

from functools import cache
from types import ModuleType


@cache
def kernels() -> ModuleType | None:
    """``matcher.ranking.kernels``, or None where numba cannot be imported (callers then use numpy and scipy)."""
    try:
        from matcher.ranking import kernels as loaded
    except ImportError:  # numba is a dependency: this keeps ranking going where it cannot load
        return None
    return loaded
