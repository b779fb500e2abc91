"""``python -m evaluation`` on a tiny synthetic data dir: JSON shape, skipped sets, missing data."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from evaluation.command import main

ROOT = Path(__file__).resolve().parents[2]  # evaluation/ is a top-level folder there, not installed

SYSTEMS = {"jobmatch", "tfidf", "bm25"}
DIFFERENCES = {"jobmatch-tfidf", "jobmatch-bm25"}

TOPICS = {
    "ACCOUNTANT": "accountant general ledger reconciliation tax returns audit balance sheet payroll",
    "CHEF": "chef kitchen menu cooking food safety line cook catering pastry sous chef",
    "INFORMATION-TECHNOLOGY": "software developer python java sql databases network servers cloud",
    "BPO": "realtor listings network engineer",  # incoherent on purpose, as in the real data
}
OCCUPATIONS = [
    ("13-2011.00", "Accountants and Auditors", "Examine financial statements, ledgers and tax returns."),
    ("35-1011.00", "Chefs and Head Cooks", "Direct the kitchen, plan menus and cook food."),
    ("15-1252.00", "Software Developers", "Design software in Python and Java with SQL databases."),
    ("11-1011.00", "Chief Executives", "Not mapped to any category."),
]
JOBS = {
    "job-acc": "accounting | tax returns | balance sheet",
    "job-it": "python | sql | software development",
}
BILINGUAL_POSTINGS = [
    {"id": "p-en", "title": "Call Centre Agent", "description": "Answer customer calls in English and Bengali.",
     "skills": ["customer service", "MS Excel"], "location": "Dhaka", "language": "en"},
    {"id": "p-bn", "title": "কল সেন্টার এজেন্ট", "description": "গ্রাহক সেবা, ফোনে কথা বলা", "skills": ["গ্রাহক সেবা"],
     "location": "যশোর", "language": "bn"},
    {"id": "p-mixed", "title": "Data Entry Operator", "description": "ডাটা এন্ট্রি, MS Excel, typing speed",
     "skills": ["data entry"], "location": "Khulna", "language": "mixed"},
]
BILINGUAL_CVS = [
    {"id": "c-en", "text": "Two years answering customer calls in a call centre.", "skills": ["customer service"],
     "location": "Dhaka", "language_pref": "en", "language": "en"},
    {"id": "c-bn", "text": "আমি দুই বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি", "skills": ["গ্রাহক সেবা"], "location": "যশোর",
     "language_pref": "bn", "language": "bn"},
    {"id": "c-mixed", "text": "ডাটা এন্ট্রি ও MS Excel এ ৩ বছর, typing 40 wpm", "skills": [], "location": "Khulna",
     "language_pref": "bn", "language": "mixed"},
    {"id": "c-banglish", "text": "ami call center e customer service korechi", "skills": ["customer service"],
     "location": "Jessore", "language_pref": "bn", "language": "banglish"},
    {"id": "c-other", "text": "Graphic designer, Photoshop clipping path.", "skills": ["Photoshop"],
     "location": "Dhaka", "language_pref": "en", "language": "en"},
]
BILINGUAL_QRELS = [
    ("p-en", "c-en", 3), ("p-en", "c-bn", 3), ("p-en", "c-banglish", 2),
    ("p-bn", "c-bn", 3), ("p-bn", "c-en", 3), ("p-bn", "c-banglish", 3),
    ("p-mixed", "c-mixed", 3), ("p-mixed", "c-en", 1),
]


def write_data_dir(root: Path, sets: tuple[str, ...] = ("livecareer", "onet", "ferr")) -> Path:
    """A data dir shaped like ../shared/data, with a handful of made-up documents per set."""
    data = root / "data"
    data.mkdir()
    resume_ids = []
    if "livecareer" in sets:
        folder = data / "livecareer-resumes"
        folder.mkdir()
        with (folder / "livecareer_resumes_2484.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["ID", "Category", "source_path", "git_blob_sha", "Resume_str"])
            for c, (category, words) in enumerate(TOPICS.items()):
                for i in range(2 if category == "BPO" else 4):
                    rid = str(10_000_000 + 100 * c + i)
                    resume_ids.append((rid, category))
                    text = f"{category}\nCompany Name ï¼\u200b City\n{words} {words.split()[i]} years {i}"
                    writer.writerow([rid, category, f"data/{category}/{rid}.pdf", "0" * 40, text])
    if "onet" in sets:
        folder = data / "onet"
        folder.mkdir()
        with (folder / "onet_occupation_data.tsv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, delimiter="\t")
            writer.writerow(["O*NET-SOC Code", "Title", "Description"])
            writer.writerows(OCCUPATIONS)
    if "ferr" in sets:
        folder = data / "ferr-human-labels"
        folder.mkdir()
        with (folder / "ferr_jd_keyword_queries.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["jd_id", "jd_key_skills"])
            writer.writerows(JOBS.items())
        ids = {category: [rid for rid, c in resume_ids if c == category] for category in TOPICS}
        with (folder / "label_interaction.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "hr_id", "jd_id", "resume_id", "score"])
            rows = [
                ("job-acc", ids["ACCOUNTANT"][0], 7), ("job-acc", ids["ACCOUNTANT"][0], 5),  # two judges
                ("job-acc", ids["ACCOUNTANT"][1], 6), ("job-acc", ids["CHEF"][0], 1), ("job-acc", ids["BPO"][0], 2),
                ("job-it", ids["INFORMATION-TECHNOLOGY"][0], 7), ("job-it", ids["CHEF"][1], 1),
                ("job-it", ids["ACCOUNTANT"][2], 2),
            ]
            for n, (job, rid, grade) in enumerate(rows, start=1):
                writer.writerow([n, n % 3, job, rid, grade])
    return data


def write_bilingual_dir(root: Path) -> Path:
    """The tiny bilingual fixture: 3 postings (en, bn, mixed), 5 CVs, graded pairs."""
    folder = root / "bilingual"
    folder.mkdir()
    for name, records in (
        ("postings.jsonl", BILINGUAL_POSTINGS),
        ("cvs.jsonl", BILINGUAL_CVS),
        ("qrels.jsonl", [{"posting_id": p, "cv_id": c, "grade": g} for p, c, g in BILINGUAL_QRELS]),
    ):
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_command(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "evaluation", *args],
        cwd=cwd, capture_output=True, text=True, timeout=240, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
    )


def assert_estimate(e):
    assert set(e) == {"mean", "ci"}
    low, high = e["ci"]
    assert low <= e["mean"] + 1e-12 and e["mean"] <= high + 1e-12


def test_runs_every_task_and_writes_the_json(tmp_path):
    data = write_data_dir(tmp_path)
    bilingual = write_bilingual_dir(tmp_path)
    result = run_command(tmp_path, "--data-dir", str(data), "--bilingual-dir", str(bilingual),
                         "--bootstrap", "50", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "jobmatch-bm25" in result.stdout  # the table's header

    document = json.loads((tmp_path / "var" / "eval.json").read_text(encoding="utf-8"))  # the default --out
    assert set(document["systems"]) == SYSTEMS
    assert document["settings"]["bootstrap"] == 50
    tasks = document["tasks"]
    assert set(tasks) == {"livecareer", "onet", "ferr", "bilingual"}
    for name, task in tasks.items():
        assert task["status"] == "ok", (name, task)
        assert task["results"], name
        for split, metrics in task["results"].items():
            assert split in {"dev", "test"}
            for metric, r in metrics.items():
                assert r["n"] >= 1
                assert set(r["systems"]) == SYSTEMS and set(r["difference"]) == DIFFERENCES
                for e in (*r["systems"].values(), *r["difference"].values()):
                    assert_estimate(e)

    def metrics_of(name):
        return {m for split in tasks[name]["results"].values() for m in split}

    assert metrics_of("livecareer") == {"P@10", "nDCG@10", "MRR@10"}
    assert metrics_of("onet") == {"P@10", "nDCG@10", "MRR@10"}
    assert metrics_of("ferr") == {"nDCG@5"}
    assert {"nDCG@10", "nDCG@10 [en]", "nDCG@10 [bn]", "nDCG@10 [mixed]", "xR@10"} <= metrics_of("bilingual")
    assert set(tasks["bilingual"]["results"]) == {"dev"}

    # BPO resumes are in the pool but never queries; the unmapped occupation is no query
    livecareer_queries = {q for split in tasks["livecareer"]["per_query"].values() for q in split["P@10"]}
    assert livecareer_queries == {str(10_000_000 + 100 * c + i) for c in range(3) for i in range(4)}
    assert tasks["livecareer"]["pool"] == 14
    onet_queries = {q for split in tasks["onet"]["per_query"].values() for q in split["P@10"]}
    assert onet_queries == {"13-2011.00", "35-1011.00", "15-1252.00"}
    # cross-lingual recall: only the en and bn postings (the mixed one has no other language)
    xr = tasks["bilingual"]["per_query"]["dev"]["xR@10"]
    assert set(xr) == {"p-en", "p-bn"}
    # every CV is in a 5-CV top 10
    assert all(v == {"jobmatch": 1.0, "tfidf": 1.0, "bm25": 1.0} for v in xr.values())


def test_a_missing_set_skips_only_its_task(tmp_path, capsys):
    data = write_data_dir(tmp_path, sets=("livecareer",))
    out = tmp_path / "out" / "eval.json"
    code = main(["--data-dir", str(data), "--bilingual-dir", str(tmp_path / "no-bilingual"), "--out", str(out),
                 "--tasks", "livecareer", "onet", "ferr", "bilingual", "--bootstrap", "20", "--jobs", "1"])
    assert code == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))["tasks"]
    assert tasks["livecareer"]["status"] == "ok"
    for name in ("onet", "ferr", "bilingual"):
        assert tasks[name]["status"] == "skipped" and "not found" in tasks[name]["reason"]
    printed = capsys.readouterr().out
    assert "onet: skipped: O*NET occupations not found at" in printed
    assert "bilingual: skipped: bilingual set not found at" in printed


def test_missing_data_dir_is_skipped_with_exit_0(tmp_path):
    nowhere = tmp_path / "nowhere"
    result = run_command(tmp_path, "--data-dir", str(nowhere), "--bilingual-dir", str(tmp_path / "no-bilingual"),
                         "--out", str(tmp_path / "eval.json"))
    assert result.returncode == 0, result.stderr
    assert f"skipped: data not found at {nowhere}" in result.stdout
    tasks = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))["tasks"]
    assert {task["status"] for task in tasks.values()} == {"skipped"}
