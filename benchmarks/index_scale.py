"""The matcher's index at N CVs against bm25s and the naive full refit, on the same texts in the same process.

For one N (``measure``, run by ``python -m benchmarks`` in a fresh process per N so memory is
its own):

- indexing rate: CVs/s upserting N CV documents (made from stored-row shapes by the service's
  ``row_documents``) into ``MatchIndex``, and CVs/s of ``bm25s.tokenize`` + ``BM25.index`` on
  the same texts;
- memory: resident memory (``VmRSS``) grown per indexed CV, each way (ours after its first
  ranking, which builds the view and the column copy rankings read);
- ranking one posting against the N CVs, top 10, median and p95 ms (this and what follows with the
  allocator's thresholds the matcher sets, ``matcher.ranking.heap``): ours with no write since
  the last ranking; a bm25s query (tokenize + retrieve) of the same posting; and the service's
  path for a new posting (upsert it, rank the CVs for it) on ours and, when asked (it is slow),
  on ``reference.full_refit.FullRefitIndex``, checking both rank alike;
- postings ranked while CVs come in (a fair day): rounds of ``writes_between`` new CVs each upserted
  and ranked against the postings (the service's path for a new CV), then one posting ranked against
  all the CVs; both timed (median and p95 ms);
- one CV against many postings (``cv_against_postings``, 10,000 by default): ranking a CV just
  upserted (the service's path for a new CV) and with no write since, against a bm25s query;
- start-up: seconds for ``matcher.bootstrap.load_index`` to rebuild the index from a SQLite
  database holding the N CVs and the postings, profiling every document; then the seconds to save
  the index snapshot, its size per CV, and the seconds to start again reading the snapshot back.

Each runs in a fresh process that compiles the ranking loops first, as the matcher does at start-up
(``compile_seconds`` says how long that took). Timings are reported, never asserted; the ratios
compare numbers taken here on the same data.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from benchmarks.corpus import Corpus, Text

TOP = 10


def rss_kib() -> int:
    """This process's resident memory in KiB (``VmRSS`` of /proc/self/status; 0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile by nearest rank (as ``benchmarks.page_speed``)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary_ms(seconds: list[float]) -> dict:
    """Median and p95 in milliseconds, and how many timings they summarise."""
    return {"median_ms": 1000 * statistics.median(seconds), "p95_ms": 1000 * percentile(seconds, 0.95),
            "count": len(seconds)}


def cv_row(text: Text) -> dict:
    """A stored CV row as the matcher keeps it (``matcher.tables.cvs``)."""
    return {"id": text.id, "candidate_token_hash": None, "status": "active", "shared_contact": None, "has_file": False,
            "fair_id": None, "text": text.text, "skills": list(text.skills), "location": None, "language_pref": "en",
            "received_at": datetime.now(timezone.utc)}


def posting_row(text: Text, posting_id: str | None = None) -> dict:
    """A stored open posting row as the matcher keeps it (``matcher.tables.postings``)."""
    return {"id": posting_id or text.id, "employer_id": None, "status": "open", "closed_at": None, "fair_id": None,
            "employer": "Bench employer", "title": text.title, "description": text.text, "skills": list(text.skills),
            "location": None, "constraints": {}, "received_at": datetime.now(timezone.utc)}


def _bar(total: int, desc: str, progress: bool):
    return tqdm(total=total, desc=desc, unit="CV", unit_scale=True, leave=False, disable=not progress, mininterval=1.0)


def measure(corpus: Corpus, n: int, *, postings: int = 20, rounds: int = 20, refit: bool = False,
            refit_rounds: int = 5, startup: bool = True, progress: bool = True, writes_between: int = 100) -> dict:
    """Every number of this section for ``n`` CVs (see the module's docstring)."""
    from matcher.ranking import MatchIndex
    from matcher.row_documents import cv_document, posting_document

    started = time.perf_counter()
    texts = corpus.cvs(n)
    pool = corpus.postings
    indexed_postings = [pool[i % len(pool)] for i in range(postings)]
    posting_ids = [f"posting-{i:04d}" for i in range(postings)]
    posting_docs = [posting_document(posting_row(t, pid)) for t, pid in zip(indexed_postings, posting_ids)]
    new_postings = [(pool[(postings + r) % len(pool)], f"new-posting-{r:04d}") for r in range(rounds)]
    documents = [cv_document(cv_row(t)) for t in texts]
    result: dict = {"cvs": n, "postings": postings, "rounds": rounds}

    # Our index: postings first (as at a fair), then the N CVs.
    ours = MatchIndex()
    for doc in posting_docs:
        ours.upsert(doc)
    gc.collect()
    before = rss_kib()
    with _bar(n, f"ours: index {n:,} CVs", progress) as bar:
        t0 = time.perf_counter()
        for i, doc in enumerate(documents):
            ours.upsert(doc)
            if i % 256 == 255:
                bar.update(256)
        seconds = time.perf_counter() - t0
        bar.update(n - bar.n)
    # The first ranking builds what rankings read (the view, the rows' column copy): part of the memory.
    ours.rank_cvs_for_posting(posting_ids[0], limit=TOP)
    grown = rss_kib() - before
    result["ours_index"] = {"seconds": seconds, "cvs_per_s": n / seconds, "rss_growth_kib": grown,
                            "kib_per_cv": grown / n}

    # bm25s on the same texts (its own tokenizer, English stopwords, as evaluation/baseline_rankers.py).
    import bm25s

    gc.collect()
    before = rss_kib()
    t0 = time.perf_counter()
    tokens = bm25s.tokenize([t.text for t in texts], stopwords="en", show_progress=progress, leave=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=progress, leave_progress=False)
    seconds = time.perf_counter() - t0
    del tokens
    gc.collect()
    grown = rss_kib() - before
    result["bm25s_index"] = {"seconds": seconds, "cvs_per_s": n / seconds, "rss_growth_kib": grown, "kib_per_cv": grown / n}
    result["index_rate_ratio_ours_to_bm25s"] = result["ours_index"]["cvs_per_s"] / result["bm25s_index"]["cvs_per_s"]
    result["memory_ratio_ours_to_bm25s"] = _ratio(result["ours_index"]["kib_per_cv"], result["bm25s_index"]["kib_per_cv"])

    # Ranking one posting against the N CVs, from here on with the allocator's thresholds the matcher sets at
    # start (``matcher.ranking.heap``; after the memory above, which they would hold up to 256 MB more of).
    from matcher.ranking.heap import keep_freed_arrays

    result["allocator_as_the_matcher"] = keep_freed_arrays()
    ours.rank_cvs_for_posting(posting_ids[0], limit=TOP)  # the first ranking after the writes takes a view
    timings = []
    for r in range(rounds):
        t0 = time.perf_counter()
        ours.rank_cvs_for_posting(posting_ids[r % postings], limit=TOP)
        timings.append(time.perf_counter() - t0)
    result["ours_rank"] = summary_ms(timings)

    def bm25s_query(text: Text):
        return _bm25s_query(retriever, f"{text.title}\n{text.text}", min(TOP, n))

    bm25s_query(indexed_postings[0])
    timings = []
    for r in range(rounds):
        t0 = time.perf_counter()
        bm25s_query(indexed_postings[r % postings])
        timings.append(time.perf_counter() - t0)
    result["bm25s_rank"] = summary_ms(timings)
    result["rank_ratio_bm25s_to_ours"] = result["bm25s_rank"]["median_ms"] / result["ours_rank"]["median_ms"]

    # The service's path for a new posting: upsert it, rank the CVs for it (the write makes a new view).
    paths = {"ours": ours}
    if refit:
        from reference.full_refit import FullRefitIndex, same_documents

        paths["full_refit"] = same_documents([*posting_docs, *documents], ours, FullRefitIndex)
    timings = {name: [] for name in paths}
    agree = True
    for r, (text, pid) in enumerate(tqdm(new_postings, desc=f"new posting + rank at {n:,}", leave=False,
                                         disable=not progress)):
        doc = posting_document(posting_row(text, pid))
        rankings = {}
        for name in (list(paths) if r % 2 == 0 else list(paths)[::-1]):
            if name == "full_refit" and r >= refit_rounds:
                continue
            t0 = time.perf_counter()
            paths[name].upsert(doc)
            rankings[name] = paths[name].rank_cvs_for_posting(pid, limit=TOP)
            timings[name].append(time.perf_counter() - t0)
        if len(rankings) > 1 and rankings["ours"] != rankings["full_refit"]:
            agree = False
    result["ours_new_posting"] = summary_ms(timings["ours"])
    if refit:
        result["full_refit_new_posting"] = summary_ms(timings["full_refit"])
        result["full_refit_rankings_agree"] = agree
        result["new_posting_ratio_refit_to_ours"] = (
            result["full_refit_new_posting"]["median_ms"] / result["ours_new_posting"]["median_ms"])
    if writes_between:
        result["while_cvs_come_in"] = _while_cvs_come_in(ours, corpus, posting_ids, rounds, writes_between, progress)
    del paths, ours, retriever, documents
    gc.collect()

    if startup:
        result["startup"] = _startup(texts, indexed_postings, posting_ids, progress)
        result["startup"]["ratio_to_plain_indexing"] = result["startup"]["seconds"] / result["ours_index"]["seconds"]
    result["duration_s"] = time.perf_counter() - started
    return result


def _while_cvs_come_in(index, corpus: Corpus, posting_ids: list[str], rounds: int, writes_between: int,
                       progress: bool) -> dict:
    """Rounds of ``writes_between`` new CVs, each upserted and ranked against the postings, then one of
    ``posting_ids`` ranked against every CV: both timed."""
    from matcher.row_documents import cv_document

    texts = corpus.cvs(rounds * writes_between, first=30_000_000)  # not the CVs indexed so far
    timings: dict[str, list[float]] = {"cv_upsert_and_rank": [], "posting_rank": []}
    for r in tqdm(range(rounds), desc=f"postings ranked while CVs come in ({writes_between} CVs between)", leave=False,
                  disable=not progress):
        for text in texts[r * writes_between:(r + 1) * writes_between]:
            doc = cv_document(cv_row(text))
            t0 = time.perf_counter()
            index.upsert(doc)
            index.rank_postings_for_cv(doc.id, limit=TOP)
            timings["cv_upsert_and_rank"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        index.rank_cvs_for_posting(posting_ids[r % len(posting_ids)], limit=TOP)
        timings["posting_rank"].append(time.perf_counter() - t0)
    return {"cv_writes_between": writes_between, **{name: summary_ms(values) for name, values in timings.items()}}


def cv_against_postings(corpus: Corpus, n_postings: int, *, cvs: int = 100, rounds: int = 40,
                        progress: bool = True) -> dict:
    """One CV ranked against ``n_postings`` postings (top 10), median and p95 ms: ours (the CV just
    upserted, as the service ranks a new CV, and with no write since) and a bm25s query of the CV's text."""
    import bm25s

    from matcher.ranking import MatchIndex
    from matcher.row_documents import cv_document, posting_document

    started = time.perf_counter()
    pool = corpus.postings
    postings = [(pool[i % len(pool)], f"posting-{i:06d}") for i in range(n_postings)]
    ours = MatchIndex()
    ours.upsert_many([posting_document(posting_row(text, pid)) for text, pid in postings])
    texts = corpus.cvs(cvs)
    timings: dict[str, list[float]] = {"new_cv": [], "no_write_since": []}
    for r in tqdm(range(rounds), desc=f"one CV against {n_postings:,} postings", leave=False, disable=not progress):
        doc = cv_document(cv_row(texts[r % cvs]))
        t0 = time.perf_counter()
        ours.upsert(doc)
        ours.rank_postings_for_cv(doc.id, limit=TOP)
        timings["new_cv"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ours.rank_postings_for_cv(doc.id, limit=TOP)
        timings["no_write_since"].append(time.perf_counter() - t0)
    tokens = bm25s.tokenize([f"{text.title}\n{text.text}" for text, _ in postings], stopwords="en", show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    bm25s_times = []
    for r in range(rounds):
        t0 = time.perf_counter()
        _bm25s_query(retriever, texts[r % cvs].text, min(TOP, n_postings))
        bm25s_times.append(time.perf_counter() - t0)
    result = {"postings": n_postings, "rounds": rounds,
              "ours_new_cv": summary_ms(timings["new_cv"]), "ours_no_write_since": summary_ms(timings["no_write_since"]),
              "bm25s_query": summary_ms(bm25s_times)}
    result["ratio_ours_new_cv_to_bm25s"] = result["ours_new_cv"]["median_ms"] / result["bm25s_query"]["median_ms"]
    result["duration_s"] = time.perf_counter() - started
    return result


def _bm25s_query(retriever, text: str, k: int):
    """A bm25s query of ``text`` (its tokenizer, English stopwords): the ``k`` best of ``retriever``'s documents."""
    import bm25s

    query = bm25s.tokenize([text], stopwords="en", return_ids=False, show_progress=False)[0]
    return retriever.retrieve([[t for t in query if t] or ["nothing"]], k=k, show_progress=False)


def cv_against_postings_in_process(data_dir: str | None, n_postings: int, options: dict) -> dict:
    """``cv_against_postings`` for the corpus at ``data_dir``, in the fresh process it runs in (loops compiled first)."""
    from benchmarks.corpus import load

    compile_seconds = _compile_loops()
    return {**cv_against_postings(load(Path(data_dir) if data_dir else None), n_postings, **options),
            "compile_seconds": compile_seconds}


def measure_in_process(data_dir: str | None, n: int, options: dict) -> dict:
    """``measure`` for the corpus at ``data_dir``: the entry point of the fresh process each N runs in (loops compiled first)."""
    from benchmarks.corpus import load

    compile_seconds = _compile_loops()
    return {**measure(load(Path(data_dir) if data_dir else None), n, **options), "compile_seconds": compile_seconds}


def _compile_loops() -> float:
    """Load the ranking loops now, as the matcher does at start-up (``compiled.warm_up_in_background``), so
    the first timing that runs one does not time the compiler instead; the seconds it took (compiling, or
    reading them back from the disk cache an earlier run wrote)."""
    from matcher.ranking.compiled import kernels

    t0 = time.perf_counter()
    kernels()
    return time.perf_counter() - t0


def _ratio(a: float, b: float) -> float | None:
    return a / b if b > 0 else None


def _startup(texts: list[Text], postings: list[Text], posting_ids: list[str], progress: bool) -> dict:
    """Seconds for ``load_index`` to rebuild the index from a SQLite database of these CVs and postings:
    profiling every document, then (after saving the index snapshot) reading it back from the snapshot."""
    from sqlalchemy import insert

    from matcher import bootstrap, tables
    from matcher.index_snapshot import IndexSnapshot
    from shared.db.engine import create_schema, make_engine

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'matcher.sqlite3'}"
        engine = make_engine(url)
        create_schema(engine, tables.metadata)
        with engine.begin() as conn:
            conn.execute(insert(tables.postings), [posting_row(t, pid) for t, pid in zip(postings, posting_ids)])
            for start in range(0, len(texts), 5000):
                conn.execute(insert(tables.cvs), [cv_row(t) for t in texts[start:start + 5000]])
        engine.dispose()
        engine = make_engine(url)
        snapshot = IndexSnapshot(Path(scratch) / "matcher-index.snapshot")
        try:
            with _counting_index(bootstrap, len(texts) + len(postings), progress):
                t0 = time.perf_counter()
                index, failures = bootstrap.load_index(engine)
                seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            snapshot.save(index)
            save_seconds = time.perf_counter() - t0
            size = snapshot.path.stat().st_size
            del index
            gc.collect()
            t0 = time.perf_counter()
            index, failures_again = bootstrap.load_index(engine, snapshot=snapshot)
            snapshot_seconds = time.perf_counter() - t0
        finally:
            engine.dispose()
    cvs = index.count("cv")
    return {"seconds": seconds, "cvs_indexed": cvs, "postings_indexed": index.count("posting"),
            "skipped": failures, "cvs_per_s": cvs / seconds,
            "snapshot": {"save_seconds": save_seconds, "bytes_per_cv": size / max(cvs, 1),
                         "restart_seconds": snapshot_seconds, "skipped": failures_again,
                         "ratio_to_profiling_every_document": snapshot_seconds / seconds}}


@contextmanager
def _counting_index(bootstrap, total: int, progress: bool):
    """While in it, ``load_index`` builds an index that moves a progress bar (per bulk upsert)."""
    if not progress:
        yield
        return
    original = bootstrap.MatchIndex
    bar = _bar(total, f"start-up: load_index of {total:,} rows", progress)

    class CountingIndex(original):
        def upsert_many(self, docs, **options):
            failed = super().upsert_many(docs, **options)
            bar.update(len(docs))
            return failed

    bootstrap.MatchIndex = CountingIndex
    try:
        yield
    finally:
        bootstrap.MatchIndex = original
        bar.close()
