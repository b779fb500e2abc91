"""Every CV gets a registration code for a fair's gate: in the answer, its own view and its events; old CVs get one too."""

from __future__ import annotations

from sqlalchemy import select

from intake import tables
from intake.migrations import MIGRATIONS
from shared.db.engine import make_engine
from shared.registration_codes import parse_code

CV = {"name": "মোছাম্মৎ রুমানা আক্তার", "phone": "০১৭১২৩৪৫৬৭৮", "language_pref": "bn", "institution": "খুলনা বিশ্ববিদ্যালয়",
      "text": "কল সেন্টারে দুই বছর গ্রাহক সেবার কাজ করেছি।", "skills": ["গ্রাহক সেবা"], "location": "খুলনা"}


def test_a_new_cv_has_a_code_in_its_answer_its_own_view_and_its_events(callers):
    cv, token = callers.candidate(CV)
    code = cv["registration_code"]
    assert parse_code(code) is not None and code[3] == "-"
    assert callers.anonymous.get(f"/api/v1/cvs/{cv['id']}", headers=token).get_json()["registration_code"] == code
    registered, received = callers.events("candidate.registered", "cv.received")
    assert registered["registration_code"] == received["registration_code"] == code
    assert received["institution"] == "খুলনা বিশ্ববিদ্যালয়"


def test_two_cvs_never_share_a_code(callers):
    first, _ = callers.candidate(CV)
    second, _ = callers.candidate({**CV, "phone": "01812345678"})
    assert first["registration_code"] != second["registration_code"]


def test_cvs_made_before_codes_get_distinct_codes_and_keep_their_files(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'intake.db'}")
    MIGRATIONS.upgrade(engine, "0002")
    cv_columns = [c for c in tables.cvs.columns if c.name != "registration_code"]
    with engine.begin() as conn:
        for n in range(30):
            row = {c.name: None for c in cv_columns}
            row.update(id=f"cv-{n}", name="রুমানা", language_pref="bn", text="কাজ", skills=[], status="active",
                       source="pdf", channel="kiosk", extraction="ok", candidate_token_hash=f"{n:064d}",
                       share_with_employers=False, notify_by_sms=False, notify_by_email=False, contact_verified=False,
                       verification_attempts=0, pending_attempts=0, created_at=_now(), updated_at=_now())
            conn.execute(tables.cvs.insert().values(row))
            conn.execute(tables.cv_files.insert().values(cv_id=f"cv-{n}", filename="সিভি.pdf", media_type="application/pdf",
                                                         size=3, sha256="0" * 64, data=b"pdf", created_at=_now()))
    MIGRATIONS.upgrade(engine)
    with engine.connect() as conn:
        codes = conn.execute(select(tables.cvs.c.registration_code)).scalars().all()
        files = conn.execute(select(tables.cv_files.c.cv_id)).scalars().all()
    engine.dispose()
    assert len(codes) == 30 and len(set(codes)) == 30
    assert all(parse_code(c) == c for c in codes)
    assert len(files) == 30, "recreating the cvs table would have cascade-deleted its files"


def _now():
    from datetime import datetime, timezone

    return datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
