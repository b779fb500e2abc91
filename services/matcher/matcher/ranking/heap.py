"""The C allocator told to keep the large arrays a ranking frees for the next ranking (glibc; elsewhere nothing)."""

from __future__ import annotations

import ctypes
import logging
import os
from collections.abc import Mapping

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
KEPT_FROM_MMAP_BELOW = 64 << 20  # blocks below 64 MB come from the heap: a ranking's per-CV arrays up to 8M CVs
TRIMMED_ABOVE = 256 << 20  # the heap gives memory back only once more than 256 MB at its top is free
_OPERATOR_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


def keep_freed_arrays(environ: Mapping[str, str] = os.environ) -> bool:
    """Set glibc's thresholds so a ranking reuses the pages of the arrays the last one freed; whether they were set."""
    # At 1M CVs a ranking frees about 100 MB that glibc's own thresholds hand back and fault in again: p95
    # 54-65 ms without, 42-49 with. Left alone where the operator set the allocator's variables, or where
    # the C library has no ``mallopt``.
    if any(name in environ for name in _OPERATOR_SETTINGS):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # no C library to load by name (TypeError: Windows)
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    done = mallopt(M_MMAP_THRESHOLD, KEPT_FROM_MMAP_BELOW) == 1 and mallopt(M_TRIM_THRESHOLD, TRIMMED_ABOVE) == 1
    if not done:
        log.warning("the C allocator refused its thresholds: rankings at scale fault in fresh pages")
    return done
