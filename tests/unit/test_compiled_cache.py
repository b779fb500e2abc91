"""The ranking loops are compiled once per machine and read back by the next process (numba's disk cache in
``compiled.cache_dir``); processes starting together do not compile them twice, and a cache that cannot be
kept or read leaves the loops compiled in the process, never missing. Each case runs fresh processes: a
process compiles its loops once."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.ranking import compiled

# Loads the loops as the matcher does and prints what the disk cache gave, with one loop's result.
LOAD = """
import json, logging, sys
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
import numpy as np
from matcher.ranking import compiled
if len(sys.argv) > 1:
    compiled.LOCK_WAIT_S = float(sys.argv[1])
loaded = compiled.kernels()
out = np.full(3, -1.0)
loaded.quotients(np.array([1.0, 3.0, 5.0]), np.array([2.0, 4.0, 0.0]), out)
print(json.dumps({
    "read_back": sum(sum(loop.stats.cache_hits.values()) for loop in loaded._LOOPS),
    "compiled": sum(sum(loop.stats.cache_misses.values()) for loop in loaded._LOOPS),
    "quotients": out.tolist(),
}))
"""
QUOTIENTS = [0.5, 0.75, 0.0]


def _start(cache: str, var: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache, JOBMATCH_VAR_DIR=var)
    return subprocess.Popen([sys.executable, "-c", LOAD, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _outcome(process: subprocess.Popen) -> tuple[dict, str]:
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1]), err


@pytest.fixture(scope="module")
def two_at_once(tmp_path_factory):
    """(cache directory, both outcomes) of two processes started together on an empty cache."""
    root = tmp_path_factory.mktemp("compiled")
    cache = root / "cache"
    processes = [_start(str(cache), str(root / f"var{i}")) for i in range(2)]
    return cache, [_outcome(p)[0] for p in processes]


def test_of_two_processes_starting_together_one_compiles_and_the_other_reads_its_loops_back(two_at_once):
    cache, outcomes = two_at_once
    first, second = sorted(outcomes, key=lambda o: o["read_back"])
    assert first["compiled"] > 0 and first["read_back"] == 0  # it compiled every loop
    assert second["compiled"] == 0 and second["read_back"] > 0  # it waited, then compiled nothing
    assert first["quotients"] == second["quotients"] == QUOTIENTS
    assert list(cache.rglob("*.nbi")) and list(cache.rglob("*.nbc"))


def test_a_cache_numba_cannot_read_leaves_the_loops_compiled_in_the_process(two_at_once, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(two_at_once[0], cache)
    for index in cache.rglob("*.nbi"):
        index.write_bytes(b"not what numba wrote")
    outcome, log = _outcome(_start(str(cache), str(tmp_path / "var")))
    assert "could not be read or written" in log
    assert outcome["compiled"] > 0 and outcome["read_back"] == 0
    assert outcome["quotients"] == QUOTIENTS


def test_where_no_cache_directory_can_be_made_the_process_compiles_its_loops(tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    beside_the_code = _cached_files(Path(compiled.__file__).parent / "__pycache__")  # where numba would go instead
    outcome, log = _outcome(_start(str(in_the_way / "compiled"), str(tmp_path / "var")))
    assert "compiled in each process" in log
    assert outcome["compiled"] > 0 and outcome["read_back"] == 0
    assert outcome["quotients"] == QUOTIENTS
    assert _cached_files(Path(compiled.__file__).parent / "__pycache__") == beside_the_code  # nothing kept there
    assert not (tmp_path / "var" / "compiled").exists()


def _cached_files(directory: Path) -> dict[str, int]:
    """Numba's files in ``directory``, with when each was last written."""
    return {path.name: path.stat().st_mtime_ns for path in directory.glob("*.nb[ic]")}


def test_the_cache_directory_is_numbas_setting_else_compiled_in_the_var_directory(tmp_path):
    from matcher.ranking.compiled import cache_dir

    assert cache_dir({"JOBMATCH_VAR_DIR": str(tmp_path / "var")}) == (tmp_path / "var" / "compiled").resolve()
    assert cache_dir({"NUMBA_CACHE_DIR": str(tmp_path / "numba"), "JOBMATCH_VAR_DIR": str(tmp_path)}) == tmp_path / "numba"
    assert (tmp_path / "numba").is_dir() and oct((tmp_path / "numba").stat().st_mode & 0o777) == oct(0o700)


def test_a_process_that_holds_the_lock_too_long_does_not_stop_another_from_ranking(tmp_path):
    from matcher.ranking.compiled import LOCK_NAME

    cache = tmp_path / "cache"
    cache.mkdir()
    with open(cache / LOCK_NAME, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a process stuck while compiling
        outcome, log = _outcome(_start(str(cache), str(tmp_path / "var"), "1"))
    assert "compiling them here without the cache" in log
    assert outcome["compiled"] > 0 and outcome["read_back"] == 0
    assert outcome["quotients"] == QUOTIENTS
    assert not list(cache.rglob("*.nbi"))  # it wrote nothing beside the one that holds the lock
