"""The matcher tells glibc to keep the large arrays a ranking frees, so the next ranking reuses their
pages instead of faulting in fresh ones; an operator's own allocator settings are left alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Ten 8 MB arrays (a ranking's per-CV arrays at 1M CVs) made, written and freed, five times: the page
# faults of the last four rounds.
_ROUNDS = """
import json, resource, sys
import numpy as np
from matcher.ranking.heap import keep_freed_arrays
kept = keep_freed_arrays() if sys.argv[1] == "keep" else None
faults = []
for _ in range(5):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    arrays = [np.ones(1_000_000) for _ in range(10)]
    del arrays
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
print(json.dumps({"kept": kept, "faults": sum(faults[1:])}))
"""


def _rounds(mode: str, **environ: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
                                                          "GLIBC_TUNABLES")}
    env.update(environ)
    done = subprocess.run([sys.executable, "-c", _ROUNDS, mode], env=env, capture_output=True, text=True, timeout=120,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_freed_ranking_arrays_are_reused_not_faulted_in_again():
    default = _rounds("default")
    kept = _rounds("keep")
    assert kept["kept"] is True
    pages = 10 * 8_000_000 // 4096  # the arrays' pages, per round
    assert default["faults"] > pages // 2  # glibc's own thresholds give freed memory back, and fault it in again
    assert kept["faults"] < pages // 10  # reused: a few stray pages, not the arrays


def test_an_operators_allocator_settings_are_left_alone():
    from matcher.ranking.heap import keep_freed_arrays

    for name in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES"):
        assert keep_freed_arrays({name: "1"}) is False
    assert _rounds("keep", MALLOC_TRIM_THRESHOLD_="131072")["kept"] is False
