"""The index saved to a file, so a restart reads it back instead of profiling every stored document again.

A snapshot (``MatchIndex.save``) holds the index's rows, vocabulary and kept profiles, each
document only as a digest (no CV text). It is stamped with the code that builds profiles (the
ranking package, the text analysis and places it uses) and the Python, numpy and scipy versions;
a snapshot with another stamp, or one that cannot be read, is ignored. At start ``load_index``
keeps from it only the documents the database still holds unchanged and profiles the rest, so the
index is the database's whatever the snapshot's age. ``SnapshotWriter`` saves it when the index
changed, at most every ``interval`` seconds and once more at shutdown, and deletes the file as
soon as the index forgets a document (an erasure), so an erased CV's terms do not outlive it on disk;
the next file saves blank the vocabulary terms no stored row holds (the erased CV's own words).

The file is unpickled: it must be as private as the matcher's database (owner-only, like ``var/``).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import numpy
import scipy

import shared.places
import shared.text
from matcher import ranking
from matcher.ranking import Document, MatchIndex
from shared.workers import Worker

log = logging.getLogger(__name__)

_MAGIC = b"jobmatch matcher index snapshot 1\n"
# A temporary file this old was left by a process killed while saving (a save takes seconds).
_STALE_TEMPORARY_SECONDS = 3600


@functools.cache
def code_stamp() -> bytes:
    """A digest of the code and libraries a snapshot's contents depend on."""
    digest = hashlib.sha256(f"{sys.version} numpy {numpy.__version__} scipy {scipy.__version__}".encode())
    roots = (Path(ranking.__file__).parent, Path(shared.text.__file__).parent)
    files = [path for root in roots for path in sorted(root.rglob("*.py"))] + [Path(shared.places.__file__)]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest().encode()


class IndexSnapshot:
    """The snapshot file at ``path``, and whether the index it last saved or restored is still what it holds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._current: tuple[MatchIndex, int] | None = None  # (index, its writes) as the file holds it
        self._forgotten: tuple[MatchIndex, int] | None = None  # (index, its erasures) when last looked at
        self._lock = threading.Lock()

    def restore(self, documents: Mapping[tuple[str, str], Document]) -> tuple[MatchIndex, set[tuple[str, str]]] | None:
        """The saved index with only the ``documents`` it holds unchanged, and their keys; None without a usable file.

        When it held documents that are gone or changed, the file is deleted at once (it may hold an
        erased CV's terms); the writer saves a current one soon after.
        """
        try:
            file = open(self.path, "rb")
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("index snapshot %s cannot be read (%s): profiling every document", self.path, error)
            return None
        with file:
            if file.readline(len(_MAGIC)) != _MAGIC or file.readline(80) != code_stamp() + b"\n":
                log.info("index snapshot %s was made by other code: profiling every document", self.path)
                return None
            try:
                index, kept, dropped = MatchIndex.restore(file, documents)
            except Exception as error:  # a truncated or foreign file must not keep the matcher from starting
                log.warning("index snapshot %s is unusable (%s): profiling every document", self.path, type(error).__name__)
                return None
        if dropped:
            self.discard("it held documents that are gone or changed")
        else:
            self._current = (index, index.writes)
        self._forgotten = (index, index.forgotten)
        return index, kept

    def is_current(self, index: MatchIndex) -> bool:
        """Whether the file holds ``index`` as it is now."""
        current = self._current
        return current is not None and current[0] is index and current[1] == index.writes

    def save(self, index: MatchIndex) -> None:
        """Write ``index`` to the file: to a temporary file (owner-only) first, then renamed over it."""
        with self._lock:
            started = time.monotonic()
            writes = index.writes
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            self._remove_stale_temporaries()
            try:
                with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
                    file.write(_MAGIC + code_stamp() + b"\n")
                    count = index.save(file)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, self.path)
            finally:
                temporary.unlink(missing_ok=True)
            # Writes that came while it was saved may be in the file or not: only "no write since" counts as current.
            self._current = (index, writes) if index.writes == writes else None
            log.info("index snapshot saved: %d documents in %.1f s", count, time.monotonic() - started)

    def _remove_stale_temporaries(self) -> None:
        """Delete temporary files that processes killed while saving left beside the snapshot."""
        for path in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                if time.time() - path.stat().st_mtime > _STALE_TEMPORARY_SECONDS:
                    path.unlink()
                    log.info("deleted %s, left by a process stopped while saving", path.name)
            except OSError:  # another replica's, renamed or deleted meanwhile
                continue

    def forget_erased(self, index: MatchIndex) -> None:
        """Delete the file if ``index`` forgot a document (an erasure) since this was last asked."""
        seen = self._forgotten
        if seen is not None and seen[0] is index and seen[1] == index.forgotten:
            return
        if seen is not None and seen[0] is index:
            self.discard("a document was erased")
        self._forgotten = (index, index.forgotten)

    def discard(self, why: str) -> None:
        """Delete the file (it is saved again later)."""
        with self._lock:
            self._current = None
            try:
                self.path.unlink(missing_ok=True)
            except OSError as error:
                log.error("index snapshot %s could not be deleted (%s)", self.path, error)
                return
            log.info("index snapshot deleted: %s", why)


class SnapshotWriter(Worker):
    """Keeps the service's index snapshot: saved when the index changed (at most every ``interval`` seconds,
    and at shutdown), deleted at once when a document is erased."""

    def __init__(self, service, snapshot: IndexSnapshot, interval: float, check_every: float = 2.0) -> None:
        super().__init__("index-snapshot", min(check_every, interval))
        self.service = service
        self.snapshot = snapshot
        self.interval = interval
        self._last_save = float("-inf")

    def run(self) -> None:
        """Check every few seconds until stopped."""
        while not self.stopping:
            self.idle()
            if not self.stopping:
                self.check()

    def check(self, final: bool = False) -> None:
        """Delete the snapshot after an erasure; save it when the index changed and the interval passed (or ``final``)."""
        with self.service.index_lock:
            index = self.service.index
        self.snapshot.forget_erased(index)
        if self.snapshot.is_current(index) or not (final or time.monotonic() - self._last_save >= self.interval):
            return
        self._last_save = time.monotonic()
        try:
            self.snapshot.save(index)
        except Exception:  # a full disk must not stop the matcher: it only starts slower
            log.exception("index snapshot %s could not be saved", self.snapshot.path)

    def close(self) -> None:
        """At shutdown: save the index if it changed since the last save."""
        self.check(final=True)
