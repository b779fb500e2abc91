"""Profiles of many documents at once, on every core: the bulk path of start-up and large loads."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from matcher.ranking.documents import Document
from matcher.ranking.lexicon import Lexicon
from matcher.ranking.profile import Profile, build_profile

log = logging.getLogger(__name__)

MIN_DOCUMENTS_FOR_WORKERS = 2_000  # below this, starting worker processes costs more than it saves
_CHUNK = 64

_worker_lexicon: Lexicon | None = None
_worker_blind = True


def default_workers() -> int:
    """The cores this process may run on, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def profiles_of(
    docs: Sequence[Document], lexicon: Lexicon, *, blind: bool = True, workers: int | None = None
) -> Iterator[Profile | Exception]:
    """Each document's profile, in order, as it is built, or the error that kept it from one (the others go on).

    With ``workers`` > 1 (default: ``default_workers()``) and at least ``MIN_DOCUMENTS_FOR_WORKERS``
    documents, the profiles are built in that many fresh processes (see ``ProfileWorkers``); the
    result is the same as one by one. Taking them as they come keeps only a few in memory at a time.
    """
    with ProfileWorkers(lexicon, blind=blind, workers=workers) as profilers:
        yield from profilers.profiles(docs)


class ProfileWorkers:
    """Worker processes that build profiles, kept for batch after batch: each keeps its lexicon's
    caches warm and is started once, not once a batch. Use as a context manager (``close``).

    Processes are spawned (so a running service's threads are not forked) when a batch first has at
    least ``MIN_DOCUMENTS_FOR_WORKERS`` documents and ``workers`` (default: ``default_workers()``) is
    more than 1; each has its own copy of the lexicon. If they fail, the rest of that batch is built
    here and the next batch starts new ones.
    """

    def __init__(self, lexicon: Lexicon, *, blind: bool = True, workers: int | None = None) -> None:
        self.lexicon = lexicon
        self.blind = blind
        self.workers = default_workers() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProfileWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def profiles(self, docs: Sequence[Document]) -> Iterator[Profile | Exception]:
        """Each document's profile (or its error), in order, as it is built (see ``profiles_of``)."""
        if self.workers <= 1 or len(docs) < MIN_DOCUMENTS_FOR_WORKERS:
            yield from (_profile_or_error(doc, self.lexicon, self.blind) for doc in docs)
            return
        done = 0
        try:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"), initializer=_start_worker,
                                                 initargs=(self.lexicon.entries, self.lexicon.rules, self.blind))
            for profile in self._pool.map(_worker_profile, docs, chunksize=_CHUNK):
                done += 1
                yield profile
        except (BrokenProcessPool, OSError) as error:  # no processes to be had: the rest of the work, here
            log.warning("profiling %d documents in this process: worker processes failed (%s)", len(docs) - done,
                        type(error).__name__)
            self.close()
            yield from (_profile_or_error(doc, self.lexicon, self.blind) for doc in docs[done:])


def _profile_or_error(doc: Document, lexicon: Lexicon, blind: bool) -> Profile | Exception:
    try:
        return build_profile(doc, lexicon, blind=blind)
    except Exception as error:  # reported per document by the caller
        return error


def _start_worker(entries, rules, blind: bool) -> None:
    global _worker_lexicon, _worker_blind
    _worker_lexicon = Lexicon(entries, rules)
    _worker_blind = blind


def _worker_profile(doc: Document) -> Profile | Exception:
    return _profile_or_error(doc, _worker_lexicon, _worker_blind)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk load runs (reference counting still frees
    what is dropped): the load keeps millions of new objects and makes no cycles, and every full
    collection on the way would walk all of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
