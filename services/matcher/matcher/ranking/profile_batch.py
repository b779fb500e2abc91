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
    documents, the profiles are built in that many fresh processes (spawned, so a running
    service's threads are not forked), each with its own copy of the lexicon; the result is the
    same as one by one. Taking them as they come keeps only a few in memory at a time.
    """
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(docs) < MIN_DOCUMENTS_FOR_WORKERS:
        yield from (_profile_or_error(doc, lexicon, blind) for doc in docs)
        return
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                                 initargs=(lexicon.entries, lexicon.rules, blind)) as pool:
            for profile in pool.map(_worker_profile, docs, chunksize=_CHUNK):
                done += 1
                yield profile
    except (BrokenProcessPool, OSError) as error:  # no processes to be had: the rest of the work, here
        log.warning("profiling %d documents in this process: worker processes failed (%s)", len(docs) - done,
                    type(error).__name__)
        yield from (_profile_or_error(doc, lexicon, blind) for doc in docs[done:])


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
