"""The compiled loops (``kernels``), loaded the first time a ranking asks for them."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from functools import cache
from types import ModuleType


COMPILED_FROM = 4096  # a pass over at least this many candidates runs compiled (below, numpy costs little)
HALVES_FROM = 1 << 17  # a compiled pass over at least this many rows runs as two halves at once, where there are cores


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


def check_compiled(thread: threading.Thread) -> None:
    """Raise while ``thread`` (``warm_up_in_background``'s) is still compiling: an informational readiness
    check, so an operator or a benchmark can tell when rankings run at full speed rather than beside the compiler."""
    if thread.is_alive():
        raise RuntimeError("the ranking loops are still compiling")


def _warm_up() -> None:
    loaded = kernels()
    if loaded is not None:
        loaded.warm_up()


_HELPER_FREE = threading.Lock()  # held while the helper runs a half


@cache
def _helper() -> ThreadPoolExecutor | None:
    """The thread that runs second halves, or None on a machine with one core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return ThreadPoolExecutor(1, thread_name_prefix="ranking-half") if cores > 1 else None


def in_two_halves(run: Callable[[int, int], object], n: int, at_least: int) -> None:
    """``run(0, n)``: as ``run(0, m)`` here and ``run(m, n)`` on a helper thread at once when ``n`` is at
    least ``at_least``, there is more than one core and the helper is free (another ranking's half
    may hold it; then all here). ``run`` must release the GIL (a compiled loop) and must give the same
    result whether the rows come in one range or two (its halves write disjoint rows)."""
    helper = _helper() if n >= at_least else None
    if helper is None or not _HELPER_FREE.acquire(blocking=False):
        run(0, n)
        return
    try:
        middle = n // 2
        second = helper.submit(run, middle, n)
        try:
            run(0, middle)
        finally:
            wait([second])  # the helper is done with the rows before anyone reads them (or the lock is free again)
        second.result()
    finally:
        _HELPER_FREE.release()
