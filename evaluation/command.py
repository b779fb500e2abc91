"""``python -m evaluation``: rank with jobmatch, TF-IDF and BM25 on each task and compare."""

import argparse
import importlib.util
import platform
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from evaluation.intervals import DEFAULT_RESAMPLES, DEFAULT_SEED
from evaluation.jobmatch_ranker import available_cores
from evaluation.report import SPLIT_NOTE, text_report, write_json
from evaluation.settings import DATA_DIR_VARIABLE, DEFAULT_BILINGUAL_DIR, RunSettings, resolve_data_dir
from evaluation.split import DEV_SHARE
from evaluation.task_runner import TASKS, run_task

NEEDS_DATA_DIR = ("livecareer", "onet", "ferr")  # the bilingual set lives in the repo
MIN_DEPTH = 10  # the @10 metrics need ten ranks
SYSTEM_DESCRIPTIONS = {
    "jobmatch": "matcher.ranking.MatchIndex via matcher.row_documents, rank_cvs_for_posting (the service's path)",
    "tfidf": "sklearn TfidfVectorizer() defaults fitted on the pool, cosine",
    "bm25": "bm25s.BM25() defaults, bm25s.tokenize(stopwords='en')",
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("--data-dir", help=f"real data (default: ${DATA_DIR_VARIABLE}, else <repo>/../shared/data)")
    parser.add_argument("--out", default="var/eval.json", help="JSON results file (default: %(default)s)")
    parser.add_argument("--tasks", nargs="+", choices=list(TASKS), default=list(TASKS),
                        help="tasks to run (default: all)")
    parser.add_argument("--bootstrap", type=int, default=DEFAULT_RESAMPLES, metavar="N",
                        help="bootstrap resamples (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="bootstrap seed (default: %(default)s)")
    parser.add_argument("--depth", type=int, default=MIN_DEPTH,
                        help="ranks returned per query; MRR is cut there (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=available_cores(),
                        help="processes ranking with jobmatch (default: cores, %(default)s)")
    parser.add_argument("--bilingual-dir", default=str(DEFAULT_BILINGUAL_DIR),
                        help="postings/cvs/qrels.jsonl of the bilingual set (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.bootstrap < 1 or args.jobs < 1 or args.depth < MIN_DEPTH:
        parser.error(f"--bootstrap and --jobs must be >= 1, --depth >= {MIN_DEPTH}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen tasks, print the table, write the JSON; 0 also when data is missing (skipped)."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = resolve_data_dir(args.data_dir)
    settings = RunSettings(data_dir, Path(args.bilingual_dir), args.depth, args.jobs, args.bootstrap, args.seed)
    if importlib.util.find_spec("bm25s") is None:
        print("error: the BM25 baseline needs bm25s: pip install -c constraints.txt -e '.[eval]'", file=sys.stderr)
        return 2
    started = time.perf_counter()
    have_data = data_dir.is_dir()
    if not have_data:
        print(f"skipped: data not found at {data_dir} (set --data-dir or ${DATA_DIR_VARIABLE})")
    results = {}
    for name in args.tasks:
        if name in NEEDS_DATA_DIR and not have_data:
            results[name] = {"status": "skipped", "reason": f"data not found at {data_dir}"}
        else:
            results[name] = run_task(name, settings, log=lambda line: print(line, file=sys.stderr))
    print(text_report(results))
    seconds = round(time.perf_counter() - started, 1)
    print(f"total {seconds}s")
    write_json(Path(args.out), {
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_dir": str(data_dir),
        "bilingual_dir": str(settings.bilingual_dir),
        "settings": {"depth": args.depth, "bootstrap": args.bootstrap, "seed": args.seed, "jobs": args.jobs,
                     "dev_share": DEV_SHARE, "confidence": 0.95},
        "systems": SYSTEM_DESCRIPTIONS,
        "reference": "jobmatch",
        "splits": SPLIT_NOTE,
        "versions": _versions(),
        "seconds": seconds,
        "tasks": results,
    })
    print(f"results written to {args.out}")
    return 0


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("scikit-learn", "bm25s", "numpy", "scipy", "rapidfuzz", "jobmatch"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions
