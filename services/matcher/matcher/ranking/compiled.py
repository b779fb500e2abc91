"""The compiled loops (``kernels``), loaded the first time a ranking asks for them, and kept compiled
on disk between processes."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from functools import cache
from pathlib import Path
from types import ModuleType

from shared.config import var_dir

try:
    import fcntl
except ImportError:  # not on a POSIX system: processes compile without waiting for each other
    fcntl = None

log = logging.getLogger(__name__)

COMPILED_FROM = 4096  # a pass over at least this many candidates runs compiled (below, numpy costs little)
HALVES_FROM = 1 << 17  # a compiled pass over at least this many rows runs as two halves at once, where there are cores
LOCK_NAME = "compiling.lock"
LOCK_WAIT_S = 120.0  # longer than a first compile on a busy machine takes (about 30 s)
LOCK_POLL_S = 0.1

_LOADING = threading.Lock()
_loaded: list[ModuleType | None] = []  # the outcome of the one load


def cache_dir(environ=os.environ) -> Path | None:
    """Where the compiled loops are kept for the next process: ``NUMBA_CACHE_DIR``, else ``compiled`` in
    the var directory (``JOBMATCH_VAR_DIR``); None when that directory cannot be made (then every
    process compiles them, about 8 CPU seconds)."""
    try:
        directory = Path(environ.get("NUMBA_CACHE_DIR") or var_dir(environ) / "compiled")  # numba's own setting
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        log.warning("the ranking loops will be compiled in each process: no directory to keep them (%s)", error)
        return None
    return directory


def kernels() -> ModuleType | None:
    """``matcher.ranking.kernels`` with every loop compiled (read back from ``cache_dir`` when an earlier
    process compiled them there), or None where numba cannot be imported (callers then use numpy and scipy).
    Loaded once; a thread that asks while another loads waits for it."""
    if not _loaded:
        with _LOADING:
            if not _loaded:
                _loaded.append(_load())
    return _loaded[0]


def _load() -> ModuleType | None:
    directory = cache_dir()
    if directory is not None and not os.environ.get("NUMBA_CACHE_DIR"):
        os.environ["NUMBA_CACHE_DIR"] = str(directory)  # numba reads its settings from the environment
        if "numba" in sys.modules:
            sys.modules["numba"].core.config.reload_config()
    try:
        from matcher.ranking import kernels as loaded
    except ImportError:  # numba is a dependency: this keeps ranking going where it cannot load
        return None
    if directory is None:
        loaded.stop_caching()  # not in a place numba would pick instead (next to the code)
    with _one_process_compiling(directory) as alone:  # the others then read what it wrote
        if not alone:
            log.warning("another process has been compiling the ranking loops in %s for %.0f s: compiling them "
                        "here without the cache", directory, LOCK_WAIT_S)
            loaded.stop_caching()
        try:
            loaded.warm_up()
        except Exception as error:  # noqa: BLE001 - a cache numba cannot read or write: compile without it
            log.warning("the compiled ranking loops in %s could not be read or written (%r): compiling them "
                        "without the cache", directory, error)
            loaded.stop_caching(forget=True)
            loaded.warm_up()
    return loaded


@contextlib.contextmanager
def _one_process_compiling(directory: Path | None) -> Iterator[bool]:
    """Hold an exclusive lock on ``directory``'s lock file, so that processes starting together do not
    write the same cached functions at once (numba does not guard against that); gives False when
    another process held it for ``LOCK_WAIT_S`` (a stuck process: the caller then keeps off the cache),
    True otherwise (also where there is no lock file to take)."""
    if directory is None or fcntl is None:
        yield True
        return
    try:
        lock = open(directory / LOCK_NAME, "a")  # noqa: SIM115 - closed below, after the lock
    except OSError:
        yield True
        return
    with lock:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(LOCK_POLL_S)
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def warm_up_in_background() -> threading.Thread:
    """Load the compiled loops (``kernels``) in a daemon thread, started and returned: a process that
    will rank calls it early, so that its first ranking does not wait for the compiler."""
    thread = threading.Thread(target=kernels, name="compile-kernels", daemon=True)
    thread.start()
    return thread


def check_compiled(thread: threading.Thread) -> None:
    """Raise while ``thread`` (``warm_up_in_background``'s) is still compiling: an informational readiness
    check, so an operator or a benchmark can tell when rankings run at full speed rather than beside the compiler."""
    if thread.is_alive():
        raise RuntimeError("the ranking loops are still compiling")


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
