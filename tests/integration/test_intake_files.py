"""CVs handed in as files: PDF, DOCX and text read to text (Bengali too), scans kept for review, hostile files refused."""

from __future__ import annotations

import io

import pytest

from intake import tables
from tests import document_fixtures as make
from tests.system_packages import require_noto_fonts

FIELDS = {"name": "Rahima Khatun", "phone": "01711000000", "language_pref": "bn", "notify_by_sms": "true",
          "skills": "টাইপিং, MS Word"}


def _hand_in(client, data: bytes, filename: str, headers=None, **fields):
    form = {**FIELDS, **fields, "file": (io.BytesIO(data), filename)}
    return client.post("/api/v1/cvs", data=form, headers=headers or {}, content_type="multipart/form-data")


def _count(callers) -> int:
    with callers.service.engine.connect() as conn:
        return len(conn.execute(tables.cvs.select()).all()) + len(conn.execute(tables.cv_files.select()).all())


def test_a_pdf_cv_is_read_published_like_a_typed_one_and_kept_for_its_candidate(callers):
    require_noto_fonts()
    pdf = make.english_pdf("Curriculum vitae\nWorked as a computer operator in Khulna.")
    created = _hand_in(callers.anonymous, pdf, "Rahima CV.pdf")
    assert created.status_code == 201, created.get_json()
    cv = created.get_json()
    assert cv["source"] == "pdf" and cv["extraction"] == "ok" and cv["extraction_reason"] is None
    assert "computer operator in Khulna" in cv["text"] and cv["skills"] == ["টাইপিং", "MS Word"]
    assert cv["consents"]["notify_by_sms"]["given"] is True and cv["candidate_token"]
    [received] = callers.events("cv.received")
    assert "computer operator" in received["text"]
    token = {"Authorization": f"Bearer {cv['candidate_token']}"}
    kept = callers.anonymous.get(f"/api/v1/cvs/{cv['id']}/file", headers=token)
    assert kept.status_code == 200 and kept.data == pdf and kept.content_type == "application/pdf"
    assert kept.headers["Content-Disposition"] == 'attachment; filename="Rahima CV.pdf"'
    assert callers.anonymous.get(f"/api/v1/cvs/{cv['id']}/file").status_code == 401


def test_bengali_from_a_pdf_and_a_docx_comes_out_as_unicode_bengali(callers):
    require_noto_fonts()
    sentence = "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি"
    from_pdf = _hand_in(callers.operator, make.bengali_pdf(sentence), "cv.pdf").get_json()
    assert sentence in from_pdf["text"], from_pdf["text"]
    from_docx = _hand_in(callers.operator, make.docx_with_everything(), "cv.docx", phone="01811000000").get_json()
    assert from_docx["source"] == "docx"
    for part in ("computer operator", "আমি কম্পিউটার অপারেটর", "টাইপিং", "Nested cell text", "Rahima Khatun CV",
                 "শিক্ষাগত যোগ্যতা: স্নাতক"):
        assert part in from_docx["text"], part


def test_a_scan_is_kept_for_review_and_matched_once_someone_supplies_its_text(callers):
    created = _hand_in(callers.anonymous, make.blank_image_pdf(), "scan.pdf")
    assert created.status_code == 201, created.get_json()
    cv = created.get_json()
    assert cv["extraction"] == "needs_review" and cv["extraction_reason"] and cv["text"] == ""
    assert callers.events("cv.received") == []  # nothing to match yet
    typed = callers.operator.patch(f"/api/v1/cvs/{cv['id']}", json={"text": "Data entry operator, 3 years."})
    assert typed.status_code == 200
    assert typed.get_json()["extraction"] == "ok" and typed.get_json()["extraction_reason"] == "text supplied by hand"
    [updated] = callers.events("cv.updated")
    assert updated["text"] == "Data entry operator, 3 years."


@pytest.mark.parametrize("data, filename, status", [
    (make.png_image(), "cv.pdf", 415),
    (make.exe_like(), "cv.exe", 415),
    (make.zip_not_docx(), "cv.docx", 415),
    (make.ole_doc(), "cv.doc", 415),
    (make.malformed_pdf(), "cv.pdf", 422),
    (make.encrypted_pdf(), "cv.pdf", 422),
    (make.dtd_docx(), "cv.docx", 422),
    (b"", "cv.txt", 422),
])
def test_a_hostile_or_broken_file_is_refused_and_nothing_is_stored(callers, data, filename, status):
    answer = _hand_in(callers.anonymous, data, filename)
    assert answer.status_code == status, answer.get_json()
    assert answer.content_type == "application/problem+json"
    assert _count(callers) == 0
    fine = _hand_in(callers.anonymous, "Typing, 40 words a minute.".encode(), "cv.txt")
    assert fine.status_code == 201  # the service is still healthy


def test_big_files_bombs_and_huge_pdfs_are_refused_quickly(callers):
    assert _hand_in(callers.anonymous, make.big_text(6 * 1024 * 1024), "cv.txt").status_code == 413
    assert _hand_in(callers.anonymous, make.bomb_docx(), "cv.docx").status_code == 422
    assert _hand_in(callers.anonymous, make.many_pages_pdf(10_000), "cv.pdf").status_code == 422
    assert _count(callers) == 0


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "/etc/passwd", "cv\x00.pdf", "a/../b.txt"])
def test_a_file_name_with_a_path_is_refused_and_nothing_is_stored(callers, name):
    refused = _hand_in(callers.anonymous, "Typing and data entry.".encode(), name)
    assert refused.status_code == 422 and "plain name" in refused.get_json()["errors"]["file"][0]
    assert _count(callers) == 0


def test_the_kept_file_is_served_under_its_own_plain_name(callers):
    created = _hand_in(callers.anonymous, "Typing and data entry.".encode(), "Rahima's CV (final)")
    assert created.status_code == 201, created.get_json()
    token = {"Authorization": f"Bearer {created.get_json()['candidate_token']}"}
    kept = callers.anonymous.get(f"/api/v1/cvs/{created.get_json()['id']}/file", headers=token)
    assert kept.headers["Content-Disposition"] == 'attachment; filename="Rahima_s CV _final.txt"'
    bengali = _hand_in(callers.anonymous, "টাইপিং জানি।".encode(), "রহিমা সিভি.txt", phone="01811000000")
    token = {"Authorization": f"Bearer {bengali.get_json()['candidate_token']}"}
    kept = callers.anonymous.get(f"/api/v1/cvs/{bengali.get_json()['id']}/file", headers=token)
    assert kept.status_code == 200 and "filename*=UTF-8''" in kept.headers["Content-Disposition"]
    assert kept.data == "টাইপিং জানি।".encode()


def test_a_form_takes_text_or_a_file_but_not_both(callers):
    form = {**FIELDS, "text": "Typed.", "file": (io.BytesIO(b"Filed."), "cv.txt")}
    both = callers.anonymous.post("/api/v1/cvs", data=form, content_type="multipart/form-data")
    assert both.status_code == 422 and "text" in both.get_json()["errors"]
    neither = callers.anonymous.post("/api/v1/cvs", data=dict(FIELDS), content_type="multipart/form-data")
    assert neither.status_code == 422
    typed = callers.anonymous.post("/api/v1/cvs", data={**FIELDS, "text": "টাইপ করা সিভি।"}, content_type="multipart/form-data")
    assert typed.status_code == 201 and typed.get_json()["source"] == "typed"


def test_bengali_typed_with_bijoy_is_converted_whether_typed_or_in_a_file(callers):
    bijoy = "Avwg `yB eQi Kj †m›Uv‡i MÖvnK †mevi KvR K‡iwQ| Kw¤úDUvi Pvjv‡Z cvwi|"
    typed = callers.anonymous.post("/api/v1/cvs", json={**{k: v for k, v in FIELDS.items() if k != "skills"},
                                                         "notify_by_sms": True, "text": bijoy})
    assert typed.status_code == 201, typed.get_json()
    cv = typed.get_json()
    assert "কম্পিউটার" in cv["text"] and "গ্রাহক" in cv["text"]
    assert cv["source"] == "typed" and "Bijoy" in cv["extraction_reason"]
    assert "কম্পিউটার" in callers.events("cv.received")[0]["text"]
    document = make.docx_with_everything(english="Data entry operator.", bengali=bijoy, text_box="Typing")
    from_docx = _hand_in(callers.operator, document, "cv.docx", phone="01811000000").get_json()
    assert "কম্পিউটার চালাতে পারি" in from_docx["text"] and "Data entry operator." in from_docx["text"]
    assert "Bijoy" in from_docx["extraction_reason"]


def test_files_past_the_parallel_readers_wait_then_get_503_with_retry_after(callers, monkeypatch):
    from intake import cv_upload

    require_noto_fonts()
    monkeypatch.setattr(cv_upload, "WAIT_FOR_READER_SECONDS", 0.05)
    taken = [cv_upload._READERS.acquire(blocking=False) for _ in range(cv_upload.PARALLEL_READS)]
    try:
        assert all(taken)
        busy = _hand_in(callers.anonymous, make.english_pdf("Data entry."), "cv.pdf")
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "30"
    finally:
        for _ in taken:
            cv_upload._READERS.release()
    assert _hand_in(callers.anonymous, make.english_pdf("Data entry."), "cv.pdf").status_code == 201
