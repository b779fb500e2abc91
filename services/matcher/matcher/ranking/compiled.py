"""The compiled loops (``kernels``), loaded the first time a ranking asks for them."""

from __future__ import annotations

import threading
from functools import cache
from types import ModuleType


COMPILED_FROM = 4096  # a pass over at least this many candidates runs compiled (below, numpy costs little)


@cache
def kernels() -> ModuleType | None:
    """``matcher.ranking.kernels``, or None where numba cannot be imported (callers then use numpy and scipy)."""
    try:
        from matcher.ranking import kernels as loaded
    except ImportError:  # numba is a dependency: this keeps ranking going where it cannot load
        return None
    return loaded


def warm_up_in_background() -> threading.Thread:
    """Compile the loops (``kernels.warm_up``) in a daemon thread, started and returned: a process that
    will rank calls it early, so that its first ranking does not wait for the compiler."""
    thread = threading.Thread(target=_warm_up, name="compile-kernels", daemon=True)
    thread.start()
    return thread


def _warm_up() -> None:
    loaded = kernels()
    if loaded is not None:
        loaded.warm_up()
