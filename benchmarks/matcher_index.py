"""``make bench``: the incremental index against the full refit it replaced, as ratios in one process.

(a) time of one write as the service handles it: upsert a new CV, rank the postings for
    it, rank the CVs for a posting (top 10), on ``MatchIndex`` and on ``FullRefitIndex``
    (the old path: the first ranking after a write refits everything);
(b) peak memory (tracemalloc) from profiled documents to a first ranking each way:
    appending them as rows, versus the full refit.

Documents are synthetic, drawn deterministically from English and Bengali words. Only
ratios between the two paths mean anything; absolute numbers are printed for information.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

from matcher.ranking import CV, POSTING, Document, MatchIndex
from reference.full_refit import FullRefitIndex, same_documents

ENGLISH = (
    "customer service call centre inbound outbound complaints crm ticket sales target follow up "
    "excel word typing data entry operator office computer accounts tally invoice vat payroll "
    "python django sql developer rest api javascript react web design photoshop illustrator "
    "driver delivery motorbike licence route warehouse inventory forklift supervisor store "
    "electrician wiring maintenance technician machine garment sewing quality line production "
    "teacher english mathematics tutor school marketing field survey report team shift night "
    "experience years month company training certificate diploma bachelor degree hsc ssc"
).split()
BENGALI = (
    "গ্রাহক সেবা কল সেন্টার অভিজ্ঞতা অভিযোগ বিক্রয় লক্ষ্যমাত্রা এক্সেল টাইপিং ডাটা এন্ট্রি অপারেটর "
    "হিসাব হিসাবরক্ষক ইনভয়েস বেতন গাড়ি চালক ডেলিভারি মোটরসাইকেল লাইসেন্স গুদাম মজুদ সুপারভাইজার "
    "ইলেকট্রিশিয়ান ওয়্যারিং রক্ষণাবেক্ষণ মেশিন পোশাক সেলাই মান উৎপাদন শিক্ষক গণিত ইংরেজি স্কুল "
    "মাঠ জরিপ প্রতিবেদন দল শিফট রাতের বছর মাস কোম্পানি প্রশিক্ষণ সনদ ডিপ্লোমা স্নাতক কাজ করেছি"
).split()
SKILLS = (
    "Customer Service", "MS Excel", "Data Entry", "Python", "Django", "Tally", "Photoshop",
    "Driving", "Electrical Wiring", "গ্রাহক সেবা", "ডাটা এন্ট্রি", "Sewing", "Teaching",
)
TOP = 10


def _words(rng: random.Random, n: int) -> str:
    pool = rng.choice((ENGLISH, BENGALI, ENGLISH + BENGALI))
    return " ".join(rng.choice(pool) for _ in range(n))


def synthetic_cv(number: int) -> Document:
    """CV ``number``: 60-140 English, Bengali or mixed words and a few listed skills."""
    rng = random.Random(f"cv-{number}")
    return Document(CV, f"cv-{number:06d}", _words(rng, rng.randint(60, 140)), tuple(rng.sample(SKILLS, 3)))


def synthetic_posting(number: int) -> Document:
    """Posting ``number``: a title line, 40-100 words and a few listed skills."""
    rng = random.Random(f"posting-{number}")
    text = f"{_words(rng, 3)}\n{_words(rng, rng.randint(40, 100))}"
    return Document(POSTING, f"posting-{number:04d}", text, tuple(rng.sample(SKILLS, 4)))


def _write_and_rank(index: MatchIndex, cv: Document, posting_id: str) -> tuple[list, float, float]:
    """What the service does for a new CV, and a posting's ranking: the rankings, seconds to upsert, to rank."""
    start = time.perf_counter()
    index.upsert(cv)
    upserted = time.perf_counter()
    rankings = [index.rank_postings_for_cv(cv.id, limit=TOP), index.rank_cvs_for_posting(posting_id, limit=TOP)]
    return rankings, upserted - start, time.perf_counter() - upserted


def _peak_mib(build: Callable[[], object]) -> float:
    """Peak traced allocation while ``build`` runs, in MiB."""
    tracemalloc.start()
    try:
        build()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def time_writes(paths: dict[str, MatchIndex], first_cv: int, posting_ids: list[str], rounds: int) -> dict:
    """Median ms per (path, part) over ``rounds`` new CVs, the same on every path, alternating which goes first."""
    for index in paths.values():  # a first write and ranking warms each path up
        _write_and_rank(index, synthetic_cv(first_cv), posting_ids[0])
    seconds = {(name, part): [] for name in paths for part in ("both", "upsert", "rank")}
    for r in range(rounds):
        cv, posting_id = synthetic_cv(first_cv + 1 + r), posting_ids[r % len(posting_ids)]
        results = {}
        for name in list(paths) if r % 2 == 0 else list(paths)[::-1]:
            results[name], upsert, rank = _write_and_rank(paths[name], cv, posting_id)
            seconds[name, "both"].append(upsert + rank)
            seconds[name, "upsert"].append(upsert)
            seconds[name, "rank"].append(rank)
        if results["incremental"] != results["full refit"]:
            raise SystemExit(f"round {r}: the incremental index ranked differently from the full refit")
    return {key: 1000 * statistics.median(values) for key, values in seconds.items()}


def peak_memory(index: MatchIndex, documents: list[Document], posting_id: str) -> tuple[float, float]:
    """MiB from ``index``'s profiled ``documents`` to a first ranking each way: as rows, and by a full refit."""
    cv_id = synthetic_cv(0).id

    def first_rankings(copy: MatchIndex) -> None:
        copy.rank_postings_for_cv(cv_id, limit=TOP)
        copy.rank_cvs_for_posting(posting_id, limit=TOP)

    as_rows = _peak_mib(lambda: first_rankings(same_documents(documents, index, MatchIndex)))
    refit_index = same_documents(documents, index, FullRefitIndex)  # its rows are not counted: the old path had entries
    return as_rows, _peak_mib(lambda: first_rankings(refit_index))


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matcher_index", description=__doc__.split("\n")[0])
    parser.add_argument("--cvs", type=int, default=10_000, help="CVs in the index (default 10000)")
    parser.add_argument("--postings", type=int, default=200, help="postings in the index (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="new CVs written and ranked per path (default 5)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    incremental = MatchIndex()
    documents = [synthetic_posting(number) for number in range(args.postings)]
    documents += [synthetic_cv(number) for number in range(args.cvs)]
    for doc in documents:
        incremental.upsert(doc)
    print(f"{args.cvs} CVs and {args.postings} postings indexed in {time.perf_counter() - started:.0f} s")
    posting_ids = [synthetic_posting(n).id for n in range(args.postings)]
    mib = peak_memory(incremental, documents, posting_ids[0])
    paths = {"incremental": incremental, "full refit": same_documents(documents, incremental, FullRefitIndex)}
    ms = time_writes(paths, args.cvs, posting_ids, args.rounds)

    rows = [
        (f"upsert CV + rank both ways (ms, median of {args.rounds})", *(ms[name, "both"] for name in paths)),
        ("  upsert alone (ms)", *(ms[name, "upsert"] for name in paths)),
        ("  the two rankings alone (ms)", *(ms[name, "rank"] for name in paths)),
        ("peak memory to a first ranking (MiB)", *mib),
    ]
    print()
    print(f"{'':44} {'incremental':>12} {'full refit':>12} {'ratio':>8}")
    for label, mine, theirs in rows:
        print(f"{label:44} {mine:12.1f} {theirs:12.1f} {theirs / mine:7.1f}x")
    print()
    print(f"ratio: full refit / incremental. Rankings of all {args.rounds} rounds identical on both paths.")
    print(f"Total {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
