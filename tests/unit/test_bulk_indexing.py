"""Bulk indexing on worker processes builds the same index as upserting one by one, and skips only the bad documents."""

import gc
import random

import pytest

from matcher.ranking import CV, POSTING, Constraints, Document, MatchIndex
from matcher.ranking import profile_batch
from tests.unit.test_incremental_index import every_ranking, random_doc


def _documents():
    rng = random.Random(11)
    docs = [random_doc(rng, POSTING, f"p{i}") for i in range(8)]
    docs += [random_doc(rng, CV, f"c{i}") for i in range(60)]
    docs.append(random_doc(rng, CV, "c3"))  # the same id again: the later one wins, as one by one
    return docs


def test_bulk_upsert_on_workers_ranks_and_explains_as_one_by_one(monkeypatch):
    monkeypatch.setattr(profile_batch, "MIN_DOCUMENTS_FOR_WORKERS", 10)
    docs = _documents()
    bad = Document(POSTING, "p-bad", "Night shift\nকল সেন্টার", constraints=Constraints(location_policy="require"))
    one_by_one, bulk = MatchIndex(), MatchIndex()
    for doc in docs:
        one_by_one.upsert(doc)
    failed = bulk.upsert_many([*docs[:5], bad, *docs[5:]], workers=2)
    assert [(doc.id, type(error)) for doc, error in failed] == [("p-bad", ValueError)]
    live = {kind: {d.id: d for d in docs if d.kind == kind} for kind in (POSTING, CV)}
    assert every_ranking(bulk, live) == every_ranking(one_by_one, live)
    assert list(bulk._vocabulary.terms) == list(one_by_one._vocabulary.terms)  # numbered alike, batch or not


def test_a_small_batch_is_profiled_in_this_process(monkeypatch):
    monkeypatch.setattr(profile_batch, "ProcessPoolExecutor", None)  # would fail if a pool were started
    index = MatchIndex()
    assert index.upsert_many(_documents()[:20], workers=2) == []
    assert index.count(CV) == 12 and index.count(POSTING) == 8


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_during_a_bulk_load_and_left_as_it_was(monkeypatch, enabled):
    seen = []
    real = profile_batch.profiles_of

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        yield from real(*args, **kwargs)

    monkeypatch.setattr("matcher.ranking.index.profiles_of", watched)
    (gc.enable if enabled else gc.disable)()
    try:
        assert MatchIndex().upsert_many(_documents()[:5]) == []
        assert seen == [False] and gc.isenabled() == enabled
    finally:
        gc.enable()


def test_workers_kept_for_many_batches_start_once_and_build_the_index_one_by_one_would(monkeypatch):
    monkeypatch.setattr(profile_batch, "MIN_DOCUMENTS_FOR_WORKERS", 10)
    started = []
    real = profile_batch.ProcessPoolExecutor

    def counted(*args, **kwargs):
        started.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(profile_batch, "ProcessPoolExecutor", counted)
    docs = _documents()
    one_by_one, bulk = MatchIndex(), MatchIndex()
    for doc in docs:
        one_by_one.upsert(doc)
    with bulk.profile_workers(2) as profilers:
        for start in range(0, len(docs), 20):  # batches of 20, the last of 9 (too few for workers: here)
            assert bulk.upsert_many(docs[start : start + 20], profilers=profilers) == []
    assert len(started) == 1
    assert profilers._pool is None  # stopped on leaving
    live = {kind: {d.id: d for d in docs if d.kind == kind} for kind in (POSTING, CV)}
    assert every_ranking(bulk, live) == every_ranking(one_by_one, live)


def test_a_batch_whose_workers_fail_is_finished_here_and_the_next_batch_starts_new_ones(monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    monkeypatch.setattr(profile_batch, "MIN_DOCUMENTS_FOR_WORKERS", 10)
    pools = []

    class Failing:
        """A pool whose processes die after the third profile."""

        def __init__(self, *args, **kwargs):
            pools.append(self)

        def map(self, fn, docs, chunksize):
            for doc in docs[:3]:
                yield profile_batch._profile_or_error(doc, MatchIndex().lexicon, True)
            raise BrokenProcessPool("a worker died")

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(profile_batch, "ProcessPoolExecutor", Failing)
    docs = [d for d in _documents() if d.kind == CV][:40]
    one_by_one, bulk = MatchIndex(), MatchIndex()
    for doc in docs:
        one_by_one.upsert(doc)
    with bulk.profile_workers(2) as profilers:
        assert bulk.upsert_many(docs[:20], profilers=profilers) == []
        assert bulk.upsert_many(docs[20:], profilers=profilers) == []
    assert len(pools) == 2
    live = {CV: {d.id: d for d in docs}, POSTING: {}}
    assert every_ranking(bulk, live) == every_ranking(one_by_one, live)
