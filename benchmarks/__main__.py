"""``make bench``: every comparison in one run, written to ``var/bench.json`` with the machine it ran on.

``python -m benchmarks [--quick | --full] [--out var/bench.json]`` runs, in order:

(a) index (``benchmarks.index_scale``), at N = 2,000 CVs (--quick), 10,000 and 100,000 (default),
    and 1,000,000 too with --full when the time budget and the memory allow: indexing rate and
    resident memory per CV of the matcher's index against bm25s on the same texts; ranking one
    posting against N CVs (median, p95) for ours, a bm25s query and, at the smallest N, the naive
    full refit (``reference/full_refit.py``); postings ranked while CVs come in (100 CVs upserted and
    ranked between two, ``--writes-between``); start-up (``load_index`` from SQLite holding N CVs).
    Each N runs in a fresh process, so its memory numbers are its own;
(b) the bulk import against raw inserts (``benchmarks.import_speed``) and the portal's pages and
    API against a bare round trip (``benchmarks.page_speed``), at quick sizes;
(c) raw RabbitMQ confirmed-publish and consume rates against CVs/s end to end through the three
    services, and the POST-to-match latency at half that rate (``benchmarks.broker_rate``); skipped,
    with the reason, when RabbitMQ is unreachable.

Every comparison is numbers and ratios measured in this run on the same data; nothing is asserted
about timings. ``python -m benchmarks.matcher_index`` (and the other modules) still run alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

from benchmarks import corpus as corpus_module
from benchmarks import index_scale


@dataclass(frozen=True)
class Settings:
    """What one run measures; the modes are presets, every field can be overridden on the command line."""

    mode: str
    sizes: tuple[int, ...]
    refit_at: int  # N at which the naive full refit is timed (the smallest N by default; 0: never)
    postings: int = 20
    rounds: int = 20  # rankings timed per path and N
    startup: bool = True
    import_rows: int = 1000
    page_cvs: int = 1000
    page_requests: int = 20
    broker_cvs: int = 600  # 0: the broker section is skipped
    broker_messages: int = 3000
    budget_minutes: float = 20.0
    data_dir: str | None = None
    cv_postings: int = 10_000  # postings one CV is ranked against (0: skipped)
    writes_between: int = 100  # new CVs upserted and ranked between two posting rankings (0: skipped)


MODES = {
    "quick": Settings("quick", (2_000,), 2_000, rounds=10, page_cvs=500, broker_cvs=200, broker_messages=1000,
                      budget_minutes=2.0, cv_postings=1_000),
    "default": Settings("default", (10_000, 100_000), 10_000),
    "full": Settings("full", (10_000, 100_000, 1_000_000), 10_000, budget_minutes=60.0),
}
# Seconds kept for sections (b) and (c) when deciding whether a larger N still fits the budget.
LATER_SECTIONS_S = {"quick": 40.0, "default": 120.0, "full": 120.0}


def machine() -> dict:
    """CPU model and cores, total and available memory, Python, OS, load when the run started."""
    info = {"cpu_model": platform.processor() or platform.machine(), "logical_cpus": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform()}
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines() if ":" in line)
        info["memory_total_gib"] = int(meminfo["MemTotal"].split()[0]) / 2**20
        info["memory_available_gib"] = int(meminfo["MemAvailable"].split()[0]) / 2**20
    except (OSError, KeyError, ValueError):
        pass
    try:
        info["load_average_1m"] = os.getloadavg()[0]
    except OSError:
        pass
    return info


def run_index(settings: Settings, started: float, progress: bool) -> dict:
    """Section (a): every N that fits the time budget and the memory, each in a fresh process."""
    section = {"sizes": {}, "skipped": []}
    t0 = time.perf_counter()
    previous: dict | None = None
    budget = settings.budget_minutes * 60 - LATER_SECTIONS_S.get(settings.mode, 60.0)
    for n in settings.sizes:
        if previous is not None:
            scale = n / previous["cvs"]
            projected_s = previous["duration_s"] * scale * 1.1
            projected_gib = previous["ours_index"]["kib_per_cv"] * n / 2**20 * 1.5  # texts and documents beside it
            available = machine().get("memory_available_gib", float("inf"))
            elapsed = time.perf_counter() - started
            if elapsed + projected_s > budget:
                section["skipped"].append({"cvs": n, "reason": (
                    f"projected {projected_s / 60:.0f} min from {previous['cvs']:,} CVs "
                    f"({previous['duration_s']:.0f} s) would exceed the {settings.budget_minutes:.0f} min budget "
                    f"({elapsed / 60:.1f} min spent)")})
                continue
            if projected_gib > 0.8 * available:
                section["skipped"].append({"cvs": n, "reason": (
                    f"projected {projected_gib:.1f} GiB resident ({previous['ours_index']['kib_per_cv']:.1f} KiB per CV "
                    f"at {previous['cvs']:,}) would not fit the {available:.1f} GiB available")})
                continue
        options = {"postings": settings.postings, "rounds": settings.rounds, "refit": n == settings.refit_at,
                   "startup": settings.startup, "progress": progress, "writes_between": settings.writes_between}
        print(f"  index: {n:,} CVs{' (with the full refit)' if options['refit'] else ''} ...", flush=True)
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            previous = pool.submit(index_scale.measure_in_process, settings.data_dir, n, options).result()
        section["sizes"][str(n)] = previous
    if settings.cv_postings:
        print(f"  index: one CV against {settings.cv_postings:,} postings ...", flush=True)
        options = {"rounds": max(settings.rounds, 20), "progress": progress}
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            section["cv_against_postings"] = pool.submit(index_scale.cv_against_postings_in_process, settings.data_dir,
                                                         settings.cv_postings, options).result()
    section["duration_s"] = time.perf_counter() - t0
    return section


def run_import(settings: Settings) -> dict:
    """Section (b1): bulk import CVs/s against raw inserts/s, SQLite and (when reachable) PostgreSQL."""
    from benchmarks import import_speed
    from benchmarks.broker_rate import POSTGRES_URL, unreachable

    if settings.import_rows <= 0:
        return {"skipped": "not asked for (--import-rows 0)"}
    t0 = time.perf_counter()
    section = {"rows": settings.import_rows, "databases": {}}
    with tempfile.TemporaryDirectory() as scratch:
        section["databases"]["sqlite"] = import_speed.measure(f"sqlite:///{scratch}/bench.sqlite3", settings.import_rows)
    reason = unreachable(POSTGRES_URL)
    if reason is None:
        with import_speed._fresh_postgres(POSTGRES_URL) as target:
            if target is None:
                reason = "could not create a database"
            else:
                url = target.replace("postgresql://", "postgresql+psycopg://", 1)
                section["databases"]["postgresql"] = import_speed.measure(url, settings.import_rows)
    if reason is not None:
        section["databases"]["postgresql"] = {"skipped": f"PostgreSQL {reason}"}
    section["duration_s"] = time.perf_counter() - t0
    return section


def run_pages(settings: Settings) -> dict:
    """Section (b2): p50/p95 of each portal page and API summary, and p95 over a bare round trip's p95."""
    import logging

    from benchmarks import page_speed

    if settings.page_cvs <= 0:
        return {"skipped": "not asked for (--page-cvs 0)"}
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        results = page_speed.measure(settings.page_cvs, settings.page_requests, Path(scratch))
    base = results["round trip (intake /healthz)"][1]
    pages = {name.strip(): {"p50_ms": p50, "p95_ms": p95, "p95_ratio_to_round_trip": p95 / base}
             for name, (p50, p95) in results.items()}
    return {"cvs": settings.page_cvs, "requests_per_page": settings.page_requests, "pages": pages,
            "duration_s": time.perf_counter() - t0}


def run_broker(settings: Settings, corpus, progress: bool) -> dict:
    """Section (c): raw RabbitMQ rates against CVs/s through the three services."""
    if settings.broker_cvs <= 0:
        return {"skipped": "not asked for (--broker-cvs 0)"}
    from benchmarks import broker_rate

    return broker_rate.measure(corpus, settings.broker_cvs, settings.broker_messages, settings.postings,
                               progress=progress)


def run(settings: Settings, out: Path, progress: bool = True) -> dict:
    """Every section in order; writes ``out`` and returns what it wrote."""
    started = time.perf_counter()
    corpus = corpus_module.load(Path(settings.data_dir) if settings.data_dir else None)
    report = {"mode": settings.mode, "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": machine(), "corpus": corpus.source, "settings": asdict(settings), "sections": {}}
    steps = [("index", lambda: run_index(settings, started, progress)),
             ("import_speed", lambda: run_import(settings)),
             ("page_speed", lambda: run_pages(settings)),
             ("broker", lambda: run_broker(settings, corpus, progress))]
    for name, step in steps:
        print(f"[{time.perf_counter() - started:6.0f} s] {name}", flush=True)
        try:
            report["sections"][name] = step()
        except Exception as error:  # one section failing must not lose the others' numbers
            traceback.print_exc()
            report["sections"][name] = {"failed": f"{type(error).__name__}: {error}"}
        _write(out, report)
    report["duration_s"] = time.perf_counter() - started
    _write(out, report)
    return report


def _write(out: Path, report: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def table(report: dict) -> str:
    """The report as a readable text table."""
    m = report["machine"]
    lines = [f"jobmatch benchmarks, {report['mode']} run, {report['started_at']}",
             f"machine: {m.get('cpu_model')}, {m.get('usable_cpus', m.get('logical_cpus'))} CPUs, "
             f"{m.get('memory_total_gib', 0):.1f} GiB, Python {m['python']}; load {m.get('load_average_1m', 0):.1f} at start",
             f"texts: {report['corpus']}", ""]
    sections = report["sections"]
    index = sections.get("index", {})
    if "sizes" in index:
        lines.append(f"(a) index, one posting ranked against N CVs (top 10; ms median / p95)")
        lines.append(f"{'N CVs':>9} {'ours CVs/s':>10} {'bm25s CVs/s':>11} {'ours KiB/CV':>11} {'bm25s KiB/CV':>12} "
                     f"{'ours rank':>15} {'bm25s query':>13} {'ours new posting':>16} {'full refit':>15} {'start-up s':>10}")
        for n, r in index["sizes"].items():
            refit = r.get("full_refit_new_posting")
            lines.append(
                f"{int(n):>9,} {r['ours_index']['cvs_per_s']:>10.0f} {r['bm25s_index']['cvs_per_s']:>11.0f} "
                f"{r['ours_index']['kib_per_cv']:>11.1f} {r['bm25s_index']['kib_per_cv']:>12.1f} "
                f"{_ms(r['ours_rank']):>15} {_ms(r['bm25s_rank']):>13} {_ms(r['ours_new_posting']):>16} "
                f"{_ms(refit) if refit else '-':>15} {r['startup']['seconds'] if 'startup' in r else float('nan'):>10.1f}")
        for n, r in index["sizes"].items():
            ratios = [f"indexing ours/bm25s {r['index_rate_ratio_ours_to_bm25s']:.3f}",
                      f"memory ours/bm25s {r['memory_ratio_ours_to_bm25s'] or float('nan'):.1f}",
                      f"query bm25s/ours {r['rank_ratio_bm25s_to_ours']:.3f}"]
            if "new_posting_ratio_refit_to_ours" in r:
                agree = "same rankings" if r["full_refit_rankings_agree"] else "RANKINGS DIFFER"
                ratios.append(f"new posting refit/ours {r['new_posting_ratio_refit_to_ours']:.1f} ({agree})")
            if "startup" in r:
                snap = r["startup"]["snapshot"]
                ratios.append(f"start-up/plain indexing {r['startup']['ratio_to_plain_indexing']:.2f}")
                ratios.append(f"restart from the snapshot {snap['restart_seconds']:.1f} s "
                              f"({snap['ratio_to_profiling_every_document']:.3f} of profiling all; saved in "
                              f"{snap['save_seconds']:.1f} s, {snap['bytes_per_cv'] / 1024:.1f} KiB/CV)")
            lines.append(f"{int(n):>9,} ratios: " + "; ".join(ratios))
        for n, r in index["sizes"].items():
            if "while_cvs_come_in" in r:
                w = r["while_cvs_come_in"]
                lines.append(f"{int(n):>9,} while CVs come in ({w['cv_writes_between']} between postings ranked; ms median / "
                             f"p95): a posting ranked {_ms(w['posting_rank'])}, a CV upserted and ranked against the "
                             f"postings {_ms(w['cv_upsert_and_rank'])}")
        if "cv_against_postings" in index:
            c = index["cv_against_postings"]
            lines.append(f"one CV against {c['postings']:,} postings (top 10; ms median / p95): ours, the CV just upserted "
                         f"{_ms(c['ours_new_cv'])}, no write since {_ms(c['ours_no_write_since'])}; bm25s query "
                         f"{_ms(c['bm25s_query'])} (ratio {c['ratio_ours_new_cv_to_bm25s']:.1f})")
        for skipped in index.get("skipped", []):
            lines.append(f"{skipped['cvs']:>9,} skipped: {skipped['reason']}")
    else:
        lines.append(f"(a) index: {index}")
    lines.append("")
    imports = sections.get("import_speed", {})
    if "databases" in imports:
        lines.append(f"(b) bulk import of {imports['rows']:,} CVs against raw inserts")
        for name, r in imports["databases"].items():
            if "skipped" in r:
                lines.append(f"    {name:<11} skipped: {r['skipped']}")
            else:
                lines.append(f"    {name:<11} import {r['import_cvs_per_s']:>7.0f} CVs/s, raw {r['raw_rows_per_s']:>7.0f} "
                             f"rows/s, ratio {r['ratio']:.3f}")
    else:
        lines.append(f"(b) import: {imports}")
    pages = sections.get("page_speed", {})
    if "pages" in pages:
        lines.append(f"(b) pages and API with {pages['cvs']:,} CVs, {pages['requests_per_page']} requests each")
        lines.append(f"    {'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'p95 / round trip':>17}")
        for name, r in pages["pages"].items():
            lines.append(f"    {name:<28} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p95_ratio_to_round_trip']:>17.1f}")
    else:
        lines.append(f"(b) pages: {pages}")
    broker = sections.get("broker", {})
    if "raw" in broker:
        raw, e2e = broker["raw"], broker["end_to_end"]
        lines.append(f"(c) RabbitMQ raw ({raw['messages']:,} messages of {raw['body_bytes']} B): "
                     f"{raw['confirmed_publishes_per_s']:.0f} confirmed publishes/s, {raw['acked_consumes_per_s']:.0f} acked consumes/s")
        lines.append(f"    end to end ({e2e['cvs_accepted']} CVs, {e2e['postings']} postings, {e2e['database']}): "
                     f"{e2e['end_to_end_cvs_per_s']:.1f} CVs/s (intake accepted {e2e['intake_accept_cvs_per_s']:.0f}/s; "
                     f"{e2e['cvs_with_a_recorded_match']} with a recorded match)")
        lines.append(f"    ratio end to end / raw publish {broker['ratio_end_to_end_to_raw_publish']:.3f}, "
                     f"/ raw consume {broker['ratio_end_to_end_to_raw_consume']:.4f}")
        cpu = e2e.get("cpu_per_cv")
        if cpu:
            shares = ", ".join(f"{group} {ms:.1f}" for group, ms in cpu["cpu_ms_per_item"].items())
            lines.append(f"    CPU per CV meanwhile: {cpu['cpu_ms_per_item_total']:.1f} ms ({shares}); "
                         f"cores busy {100 * (cpu['machine_busy_share'] or 0):.0f}% of {cpu['cores']}")
        half = e2e.get("half_saturation")
        if half:
            lines.append(f"    at half that rate ({half['rate_cvs_per_s']:.1f} CVs/s, {half['cvs']} CVs): POST to recorded match "
                         f"p50 {half['p50_seconds'] * 1000:.0f} ms, p95 {half['p95_seconds'] * 1000:.0f} ms, "
                         f"max {half['max_seconds'] * 1000:.0f} ms")
    else:
        lines.append(f"(c) broker: {broker}")
    lines.append("")
    lines.append(f"total {report.get('duration_s', 0):.0f} s")
    return "\n".join(lines)


def _ms(summary: dict) -> str:
    return f"{summary['median_ms']:.1f} / {summary['p95_ms']:.1f}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, write the JSON and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_const", const="quick", dest="mode",
                      help="2,000 CVs, 200 CVs end to end (about a minute and a half)")
    mode.add_argument("--full", action="store_const", const="full", dest="mode",
                      help="also 1,000,000 CVs when the budget and the memory allow")
    parser.add_argument("--out", type=Path, default=Path("var/bench.json"), help="the JSON report (default var/bench.json)")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")), help="N CVs, comma-separated")
    parser.add_argument("--refit-at", type=int, help="N at which the full refit is timed (default: the smallest; 0 none)")
    parser.add_argument("--rounds", type=int, help="rankings timed per path and N")
    parser.add_argument("--no-startup", action="store_false", dest="startup", default=None, help="skip the start-up timing")
    parser.add_argument("--cv-postings", type=int, help="postings one CV is ranked against (0: skip)")
    parser.add_argument("--writes-between", type=int,
                        help="new CVs upserted and ranked between two posting rankings, while CVs come in (0: skip)")
    parser.add_argument("--import-rows", type=int, help="CVs in the bulk import (0: skip)")
    parser.add_argument("--page-cvs", type=int, help="CVs behind the pages timed (0: skip)")
    parser.add_argument("--page-requests", type=int)
    parser.add_argument("--broker-cvs", type=int, help="CVs end to end (0: skip the broker section)")
    parser.add_argument("--broker-messages", type=int, help="messages for the raw broker rates")
    parser.add_argument("--budget-minutes", type=float, help="larger N are skipped when projected to exceed it")
    parser.add_argument("--data-dir", help="the shared data (default: as make eval, $JOBMATCH_DATA_DIR or ../shared/data)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    settings = MODES[args.mode or "default"]
    overrides = {k: v for k, v in vars(args).items() if k in Settings.__dataclass_fields__ and v is not None}
    if args.sizes and args.refit_at is None:
        overrides["refit_at"] = min(args.sizes)
    settings = replace(settings, **overrides)
    report = run(settings, args.out, progress=not args.no_progress)
    print()
    print(table(report))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
