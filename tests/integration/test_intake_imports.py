"""Bulk imports: a fair's sheet (CSV or XLSX) and ZIP of CV files become CVs, with a report for every row."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook

from intake import imports

HEADER = ["name", "phone", "email", "language_pref", "location", "skills", "consents", "text"]
ROWS = [
    ["Nusrat Jahan", "01712345678", "nusrat@example.com", "en", "Khulna", "customer service; CRM", "sms; share",
     "Two years as an inbound call centre agent."],
    ["রাকিব হাসান", "০১৮১২৩৪৫৬৭৮", "", "bn", "খুলনা", "ফটোশপ, ক্লিপিং পাথ", "notify_by_email",
     "আমি দুই বছর ফটোশপে ছবি সম্পাদনার কাজ করেছি।"],
    ["Bad Phone", "12345", "", "en", "", "", "", "Data entry."],
    ["No Text", "01912345678", "", "en", "", "", "", ""],
    ["Nusrat Again", "01712345678", "", "en", "", "", "", "Two years as an inbound call centre agent."],
    ["No Contact", "", "", "en", "", "", "", "Typing, 40 words a minute."],
    ["Unknown Consent", "01612345678", "", "en", "", "", "telepathy", "Typing."],
]


def _csv(rows=ROWS, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _fair(callers) -> str:
    return callers.operator.post("/api/v1/fairs", json={"name": "Khulna BPO Summit", "division": "Khulna"}).get_json()["id"]


def _upload(callers, fair_id: str, sheet: bytes, name: str = "fair.csv", files: bytes | None = None):
    data = {"sheet": (io.BytesIO(sheet), name)}
    if files is not None:
        data["files"] = (io.BytesIO(files), "cvs.zip")
    return callers.operator.post(f"/api/v1/fairs/{fair_id}/imports", data=data, content_type="multipart/form-data")


def _run(callers, answer) -> dict:
    assert answer.status_code == 202, answer.get_json()
    callers.service.imports.run_waiting()
    return callers.operator.get(answer.headers["Location"]).get_json()


def test_a_sheet_becomes_cvs_with_a_report_for_every_row(callers):
    fair_id = _fair(callers)
    report = _run(callers, _upload(callers, fair_id, _csv()))
    assert report["status"] == "done" and report["total"] == report["done"] == len(ROWS)
    statuses = [(r["row"], r["status"]) for r in report["rows"]]
    assert statuses == [(1, "accepted"), (2, "accepted"), (3, "rejected"), (4, "rejected"), (5, "duplicate"),
                        (6, "rejected"), (7, "rejected")]
    rows = {r["row"]: r for r in report["rows"]}
    assert rows[3]["reason"].startswith("phone:") and "12345" not in rows[3]["reason"]
    assert rows[4]["reason"].startswith("text:")
    assert rows[5]["cv_id"] == rows[1]["cv_id"]
    assert "no phone or email" in rows[6]["reason"] and rows[7]["reason"].startswith("consents:")
    assert report["counts"] == {"accepted": 2, "duplicate": 1, "rejected": 4}

    bengali = callers.operator.get(f"/api/v1/cvs/{rows[2]['cv_id']}").get_json()
    assert bengali["phone"] == "+8801812345678" and bengali["skills"] == ["ফটোশপ", "ক্লিপিং পাথ"]
    assert bengali["contact_verified"] is True and bengali["consents"]["notify_by_email"]["given"] is True
    assert bengali["consents"]["notify_by_sms"]["given"] is False and bengali["fair_id"] == fair_id
    first = callers.operator.get(f"/api/v1/cvs/{rows[1]['cv_id']}").get_json()
    assert first["consents"]["share_with_employers"]["given"] and first["consents"]["notify_by_sms"]["given"]
    assert len(callers.events("cv.received")) == 2
    assert all(e["verification_code"] is None for e in callers.events("candidate.registered"))  # the organiser vouches


def test_the_same_sheet_again_adds_nobody(callers):
    fair_id = _fair(callers)
    _run(callers, _upload(callers, fair_id, _csv()))
    again = _run(callers, _upload(callers, fair_id, _csv()))
    assert again["counts"] == {"accepted": 0, "duplicate": 3, "rejected": 4}
    assert len(callers.events("cv.received")) == 2 and len(callers.events("candidate.registered")) == 2


def test_an_xlsx_with_bengali_column_names_is_read(callers):
    fair_id = _fair(callers)
    book = Workbook()
    sheet = book.active
    sheet.append(["নাম", "মোবাইল", "ভাষা", "দক্ষতা", "সিভি"])
    sheet.append(["সুমাইয়া আক্তার", 1712345679, "বাংলা", "ডাটা এন্ট্রি", "আমি ডাটা এন্ট্রির কাজ জানি।"])
    out = io.BytesIO()
    book.save(out)
    report = _run(callers, _upload(callers, fair_id, out.getvalue(), "fair.xlsx"))
    [row] = report["rows"]
    assert row["status"] == "accepted", row
    cv = callers.operator.get(f"/api/v1/cvs/{row['cv_id']}").get_json()
    assert cv["phone"] == "+8801712345679" and cv["language_pref"] == "bn" and cv["text"] == "আমি ডাটা এন্ট্রির কাজ জানি।"


def test_rows_naming_files_read_them_from_the_zip(callers):
    fair_id = _fair(callers)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("cvs/nusrat.txt", "Inbound call centre agent, two years.".encode("utf-16"))
        z.writestr("cvs/garbage.pdf", b"%PDF-1.7\nnot really a pdf")
    header = ["name", "phone", "language_pref", "file"]
    rows = [["Nusrat Jahan", "01712345678", "en", "nusrat.txt"], ["Broken", "01812345678", "en", "garbage.pdf"],
            ["Missing", "01912345678", "en", "nobody.pdf"]]
    report = _run(callers, _upload(callers, fair_id, _csv(rows, header), files=archive.getvalue()))
    first, broken, missing = report["rows"]
    assert first["status"] == "accepted" and broken["status"] == missing["status"] == "rejected"
    assert broken["reason"].startswith("file:") and "not in the ZIP" in missing["reason"]
    cv = callers.operator.get(f"/api/v1/cvs/{first['cv_id']}").get_json()
    assert cv["source"] == "text" and cv["text"] == "Inbound call centre agent, two years."
    kept = callers.operator.get(f"/api/v1/cvs/{first['cv_id']}/file")
    assert kept.status_code == 200 and kept.data == "Inbound call centre agent, two years.".encode("utf-16")


@pytest.mark.parametrize("sheet, name, says", [
    (b"name,phnoe\nA,017\n", "typo.csv", "unknown column"),
    (b"phone\n01712345678\n", "noname.csv", "no 'name' column"),
    (b"", "empty.csv", "empty"),
    (b"name\n", "header-only.csv", "no rows"),
    (b"PK\x03\x04 not a workbook", "fake.xlsx", "cannot be read"),
    (b"\xff\xd8\xff\xe0 jpeg", "photo.csv", "UTF-8"),
])
def test_a_sheet_that_cannot_be_imported_is_refused_at_once(callers, sheet, name, says):
    answer = _upload(callers, _fair(callers), sheet, name)
    assert answer.status_code == 422 and says in answer.get_json()["errors"]["sheet"][0]


def test_an_import_needs_a_fair_the_operator_and_a_form(callers):
    assert _upload(callers, "no-such-fair", _csv()).status_code == 404
    fair_id = _fair(callers)
    assert callers.anonymous.post(f"/api/v1/fairs/{fair_id}/imports").status_code == 401
    not_a_form = callers.operator.post(f"/api/v1/fairs/{fair_id}/imports", json={"sheet": "x"})
    assert not_a_form.status_code == 422 and "sheet" in not_a_form.get_json()["errors"]


def test_an_import_cut_short_goes_on_where_it_stopped(callers, monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 2)
    fair_id = _fair(callers)
    rows = [[f"Candidate {i}", f"0171000{i:04d}", "", "en", "", "", "", f"Data entry, {i} years."] for i in range(7)]
    answer = _upload(callers, fair_id, _csv(rows))
    import_id = answer.get_json()["id"]
    batches = iter([False, True])  # stop before the second batch, as a restart would
    imports.claim(callers.service.engine, import_id)
    imports.run_import(callers.service.engine, import_id, max_file_bytes=10**6, should_stop=lambda: next(batches))
    halfway = callers.operator.get(f"/api/v1/imports/{import_id}").get_json()
    assert halfway["status"] == "running" and halfway["done"] == 2
    with callers.service.engine.begin() as conn:  # the first runner's lease ran out
        conn.execute(imports.tables.imports.update().values(lease_until=None))
    callers.service.imports.run_waiting()
    done = callers.operator.get(f"/api/v1/imports/{import_id}").get_json()
    assert done["status"] == "done" and [r["row"] for r in done["rows"]] == list(range(1, 8))
    assert done["counts"]["accepted"] == 7 and len(callers.events("cv.received")) == 7
    with callers.service.engine.connect() as conn:  # the uploaded sheet (personal data) is not kept once done
        assert conn.execute(imports.tables.imports.select()).mappings().one()["sheet"] is None


def test_the_report_downloads_as_csv(callers):
    fair_id = _fair(callers)
    report = _run(callers, _upload(callers, fair_id, _csv()))
    answer = callers.operator.get(f"/api/v1/imports/{report['id']}/report.csv")
    assert answer.status_code == 200 and answer.content_type.startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert [line["status"] for line in lines] == [r["status"] for r in report["rows"]]


def test_the_command_line_imports_with_a_report_file(tmp_path, callers):
    fair_id = _fair(callers)
    sheet = tmp_path / "fair.csv"
    sheet.write_bytes(_csv())
    env = {**os.environ, "INTAKE_DATABASE_URL": str(callers.service.engine.url)}
    done = subprocess.run([sys.executable, "-m", "intake", "import", "--fair", fair_id, str(sheet)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2 accepted, 1 duplicate, 4 rejected" in done.stdout
    report = list(csv.DictReader(io.StringIO((tmp_path / "fair.csv.report.csv").read_text(encoding="utf-8-sig"))))
    assert len(report) == len(ROWS) and report[0]["status"] == "accepted"
    refused = subprocess.run([sys.executable, "-m", "intake", "import", "--fair", "nope", str(sheet)],
                             env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "no such fair" in refused.stderr
