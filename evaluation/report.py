"""The plain-text results table and the JSON file of a run."""

import json
from pathlib import Path

from evaluation.scoring import REFERENCE, SYSTEMS

BASELINES = [s for s in SYSTEMS if s != REFERENCE]
SPLIT_NOTE = (
    "split: dev = the ~30% of queries whose SHA-256(query id) falls below 0.3 (for looking and tuning); "
    "test = the other ~70% (quote these). The bilingual set is all dev (the team keeps a held-out set)."
)


def _estimate(e: dict, signed: bool = False) -> str:
    sign = "+" if signed else ""
    low, high = e["ci"]
    text = f"{e['mean']:{sign}.3f} [{low:{sign}.3f}, {high:{sign}.3f}]"
    if signed and (low > 0 or high < 0):
        text += "*"  # the 95% interval excludes 0
    return text


def table(results: dict[str, dict]) -> str:
    """One row per task, split and metric: n, each system's mean [95% CI], jobmatch − each baseline."""
    header = ["task", "split", "metric", "n", *SYSTEMS, *(f"{REFERENCE}-{b}" for b in BASELINES)]
    rows = []
    for task, outcome in results.items():
        if outcome["status"] != "ok":
            continue
        for split, metrics in outcome["results"].items():
            for metric, r in metrics.items():
                rows.append([
                    task, split, metric, str(r["n"]),
                    *(_estimate(r["systems"][s]) for s in SYSTEMS),
                    *(_estimate(r["difference"][f"{REFERENCE}-{b}"], signed=True) for b in BASELINES),
                ])
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def text_report(results: dict[str, dict]) -> str:
    """The table, then what each number means, each task's notes and timings, and what was skipped."""
    parts = [table(results), "", "mean [95% paired bootstrap CI over queries]; * = the difference's CI excludes 0.",
             SPLIT_NOTE, ""]
    for task, outcome in results.items():
        if outcome["status"] != "ok":
            parts.append(f"{task}: skipped: {outcome['reason']}")
            continue
        parts.append(f"{task}: queries {outcome['queries']}, pool {outcome['pool']}; seconds {outcome['seconds']}")
        parts.extend(f"  - {note}" for note in outcome["notes"])
    return "\n".join(parts)


def write_json(path: Path, document: dict) -> None:
    """Write the run's results as UTF-8 JSON, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
