"""``python -m matcher rank``: JSON Lines in, ranked JSON Lines out, clear errors on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.cli import COMMANDS
from matcher.cli import main as cli_main
from matcher.offline_rank import cv_from_record

ROOT = Path(__file__).resolve().parents[2]

POSTINGS = [
    {
        "id": "p-cs",
        "title": "Call Centre Agent",
        "description": "Inbound customer service for a telecom client; log calls in the CRM.",
        "skills": ["customer service", "CRM"],
        "location": "Jashore",
        "employer": "ignored",
    },
    {
        "id": "p-gd",
        "title": "গ্রাফিক ডিজাইনার",
        "description": "অ্যাডোবি ফটোশপে ক্লিপিং পাথ ও ব্যাকগ্রাউন্ড রিমুভের কাজ।",
        "skills": ["ফটোশপ", "ক্লিপিং পাথ"],
        "location": "Khulna",
        "location_policy": "require",
    },
]
CVS = [
    {"id": "c-cs", "text": "আমি ২ বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি, সিআরএম-এ কল লগ করেছি।", "skills": [],
     "location": "যশোর", "language_pref": "bn"},
    {"id": "c-gd", "text": "Image editor: clipping path and background removal in Adobe Photoshop.",
     "skills": ["Photoshop"], "location": "Khulna", "language_pref": "en"},
    {"id": "c-far", "text": "Photoshop clipping path expert.", "location": "Sylhet"},
]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "postings.jsonl", POSTINGS), write_jsonl(tmp_path / "cvs.jsonl", CVS)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_registered_in_the_cli():
    assert COMMANDS["rank"] == ("matcher.offline_rank", "rank postings and CVs from JSON Lines files")


def test_top_cvs_for_each_posting(files, tmp_path):
    postings, cvs = files
    out = tmp_path / "out.jsonl"
    assert cli_main(["rank", "--postings", str(postings), "--cvs", str(cvs), "--top", "2", "--out", str(out)]) == 0
    lines = read_jsonl(out)
    assert [(r["posting_id"], r["rank"]) for r in lines] == [("p-cs", 1), ("p-cs", 2), ("p-gd", 1), ("p-gd", 2)]
    assert lines[0]["cv_id"] == "c-cs"  # Bengali CV for the English posting
    assert lines[2]["cv_id"] == "c-gd"  # English CV for the Bengali posting
    assert "c-far" not in {r["cv_id"] for r in lines if r["posting_id"] == "p-gd"}  # excluded: Sylhet
    for r in lines:
        assert set(r) == {"posting_id", "cv_id", "rank", "score", "explanation"}
        assert r["explanation"]["score"] == r["score"]
    assert lines[0]["explanation"]["matched_skills"] == ["customer service", "CRM"]


def test_top_postings_for_each_cv_with_excluded_pairs(files, tmp_path):
    postings, cvs = files
    out = tmp_path / "out.jsonl"
    argv = ["rank", "--postings", str(postings), "--cvs", str(cvs), "--direction", "cv", "--top", "5",
            "--include-excluded", "--out", str(out)]
    assert cli_main(argv) == 0
    lines = read_jsonl(out)
    assert [r["cv_id"] for r in lines] == ["c-cs", "c-cs", "c-gd", "c-gd", "c-far", "c-far"]
    excluded = [r for r in lines if r["explanation"]["excluded"]]
    assert [(r["posting_id"], r["cv_id"], r["score"]) for r in excluded] == [("p-gd", "c-far", 0.0)]
    [why] = excluded[0]["explanation"]["failed_constraints"]
    assert (why["constraint"], why["required"], why["found"], why["effect"]) == ("location", "Khulna", "Sylhet", "excluded")


@pytest.mark.parametrize(
    "postings_text, message",
    [
        ('{"id": "p", "title": "x", "description": "y"}\nnot json\n', "postings.jsonl:2: not valid JSON"),
        ('{"id": "p", "title": "x"}\n', "postings.jsonl:1: missing field 'description'"),
        ('\n\n{"id": "p", "title": 3, "description": "y"}\n', "postings.jsonl:3: field 'title' must be a string"),
        ('[1, 2]\n', "postings.jsonl:1: expected a JSON object"),
        ('{"id": "p", "title": "x", "description": "y", "skills": "Excel"}\n', "field 'skills' must be a list"),
        ('{"id": "p", "title": "x", "description": "y", "location_policy": "maybe"}\n', "postings.jsonl:1: location_policy"),
        ('{"id": "p", "title": "x", "description": "y", "required_languages": ["Klingon"]}\n', "unknown language"),
        ('{"id": "p", "title": "x", "description": "y", "location_policy": "require"}\n', "needs a known location"),
        (
            '{"id": "p", "title": "x", "description": "y"}\n{"id": "p", "title": "z", "description": "w"}\n',
            "postings.jsonl:2: duplicate id 'p' (first on line 1)",
        ),
    ],
)
def test_bad_input_exits_2_naming_file_and_line(tmp_path, capsys, postings_text, message):
    postings = tmp_path / "postings.jsonl"
    postings.write_text(postings_text, encoding="utf-8")
    cvs = write_jsonl(tmp_path / "cvs.jsonl", CVS)
    assert cli_main(["rank", "--postings", str(postings), "--cvs", str(cvs)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err


def test_bad_cv_and_missing_file(tmp_path, capsys, files):
    postings, _ = files
    cvs = tmp_path / "cvs.jsonl"
    cvs.write_text('{"id": "c", "text": "ok"}\n{"id": "", "text": "no id"}\n', encoding="utf-8")
    assert cli_main(["rank", "--postings", str(postings), "--cvs", str(cvs)]) == 2
    assert "cvs.jsonl:2: field 'id' must not be empty" in capsys.readouterr().err
    assert cli_main(["rank", "--postings", str(tmp_path / "nope.jsonl"), "--cvs", str(cvs)]) == 2
    assert "nope.jsonl: cannot read" in capsys.readouterr().err
    assert cli_main(["rank", "--postings", str(postings), "--cvs", str(cvs), "--top", "0"]) == 2


def test_runs_as_a_module_in_a_subprocess(files):
    postings, cvs = files
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "services" / "matcher")]))
    done = subprocess.run(
        [sys.executable, "-m", "matcher", "rank", "--postings", str(postings), "--cvs", str(cvs), "--top", "1"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["posting_id"], r["cv_id"], r["rank"]) for r in lines] == [("p-cs", "c-cs", 1), ("p-gd", "c-gd", 1)]

    bad = subprocess.run(
        [sys.executable, "-m", "matcher", "rank", "--postings", str(cvs), "--cvs", str(cvs)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
    )
    assert bad.returncode == 2
    assert "cvs.jsonl:1: missing field 'title'" in bad.stderr


def _named_cv(cv_id: str, name: str, email: str, phone: str, *, with_columns: bool) -> dict:
    first = name.split()[0]
    text = (f"CURRICULUM VITAE\n{name}\nI, {name}, worked two years in inbound customer service at a telecom "
            f"call centre; {first}'s calls were logged in the CRM. Email: {email}, phone {phone}.\nReligion: Islam")
    record = {"id": cv_id, "text": text, "skills": ["customer service"], "location": "Jashore"}
    return {**record, "name": name, "email": email, "phone": phone} if with_columns else record


@pytest.mark.parametrize("with_columns", [True, False])
def test_name_email_and_phone_columns_redact_the_cv_text_before_ranking(tmp_path, with_columns):
    postings = write_jsonl(tmp_path / "postings.jsonl", POSTINGS[:1])
    cvs = write_jsonl(tmp_path / "cvs.jsonl", [
        _named_cv("c-a", "Tahsin Ara", "tahsin.ara@gmail.com", "01711-234567", with_columns=with_columns),
        _named_cv("c-b", "Rubel Chowdhury Mia", "rubel99@yahoo.com", "+880 1911 765432", with_columns=with_columns),
    ])
    out = tmp_path / "out.jsonl"
    assert cli_main(["rank", "--postings", str(postings), "--cvs", str(cvs), "--out", str(out)]) == 0
    scores = {r["cv_id"]: r["score"] for r in read_jsonl(out)}
    assert (scores["c-a"] == scores["c-b"]) is with_columns


def test_a_cv_record_with_a_name_is_indexed_without_it_and_a_bad_name_is_named():
    doc = cv_from_record(_named_cv("c", "Tahsin Ara", "tahsin.ara@gmail.com", "01711234567", with_columns=True))
    assert "tahsin" not in doc.text.casefold() and "1711" not in doc.text and "Islam" not in doc.text
    assert "inbound customer service" in doc.text
    with pytest.raises(ValueError, match="field 'name' must be a string"):
        cv_from_record({"id": "c", "text": "ok", "name": ["Tahsin"]})
