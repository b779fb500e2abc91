"""Erasure and retention on SQLite and PostgreSQL: intake keeps nothing personal of an erased candidate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from intake import tables
from intake.clock import utc_now
from intake.cli import main as intake_cli
from intake.purge_command import retention_age

CV = {"name": "Tahsin Ara", "email": "tahsin.ara@example.com", "phone": "01711234567", "language_pref": "bn",
      "text": "Inbound call centre agent in Khulna.", "share_with_employers": True}
PERSONAL = ("Tahsin", "tahsin.ara@example.com", "1711234567", "Inbound call centre agent")


def _dump(callers) -> str:
    """Everything intake stores, as one string."""
    out = []
    with callers.service.engine.connect() as conn:
        for table in tables.metadata.sorted_tables:
            out += [str(dict(row)) for row in conn.execute(select(table)).mappings()]
    return "\n".join(out)


def test_erasure_leaves_no_personal_data_and_publishes_candidate_erased(callers_on_both):
    callers = callers_on_both
    cv, token = callers.candidate(CV)
    other, _ = callers.candidate({**CV, "name": "Rakib Hasan", "email": None, "phone": "01812345678", "text": "Sales."})
    callers.anonymous.patch(f"/api/v1/cvs/{cv['id']}", json={"text": "Team lead, Tahsin Ara."}, headers=token)
    with callers.service.engine.begin() as conn:
        conn.execute(update(tables.outbox).where(tables.outbox.c.seq <= 2).values(sent_at=utc_now()))

    erased = callers.anonymous.delete(f"/api/v1/cvs/{cv['id']}", headers=token)

    assert erased.status_code == 204
    stored = _dump(callers)
    assert not any(p in stored for p in PERSONAL), "erased candidate's data is still stored"
    assert "Rakib Hasan" in stored, "the other candidate is kept"
    assert [e["type"] for e in callers.events() if e.get("cv_id") == cv["id"]] == ["candidate.erased"]
    assert [e["type"] for e in callers.events() if e.get("cv_id") == other["id"]] == ["candidate.registered", "cv.received"]
    assert callers.operator.get(f"/api/v1/cvs/{cv['id']}").status_code == 404
    assert callers.anonymous.get(f"/api/v1/cvs/{cv['id']}", headers=token).status_code == 401
    assert callers.operator.delete(f"/api/v1/cvs/{cv['id']}").status_code == 404


def test_an_idempotent_answer_kept_for_a_cv_is_erased_with_it(callers):
    created = callers.anonymous.post("/api/v1/cvs", json=CV, headers={"Idempotency-Key": "k-1"}).get_json()
    callers.operator.delete(f"/api/v1/cvs/{created['id']}")
    assert "Tahsin" not in _dump(callers)
    replay = callers.anonymous.post("/api/v1/cvs", json=CV, headers={"Idempotency-Key": "k-1"})
    assert replay.status_code == 201 and replay.get_json()["id"] != created["id"], "the key is free again; a new CV"


def test_purge_erases_every_candidate_older_than_the_retention_period(callers_on_both, monkeypatch, capsys):
    callers = callers_on_both
    old, _ = callers.candidate(CV)
    new, _ = callers.candidate({**CV, "email": "new@example.com", "phone": "01812345678"})
    with callers.service.engine.begin() as conn:
        conn.execute(update(tables.cvs).where(tables.cvs.c.id == old["id"]).values(created_at=utc_now() - timedelta(days=400)))
    monkeypatch.setenv("INTAKE_DATABASE_URL", str(callers.service.engine.url.render_as_string(hide_password=False)))

    assert intake_cli(["purge", "--older-than", "365d"]) == 0

    assert "erased 1 candidate(s)" in capsys.readouterr().out
    assert callers.operator.get(f"/api/v1/cvs/{old['id']}").status_code == 404
    assert callers.operator.get(f"/api/v1/cvs/{new['id']}").status_code == 200
    assert [e["cv_id"] for e in callers.events("candidate.erased")] == [old["id"]]
    with callers.service.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.cvs)).scalar_one() == 1


@pytest.mark.parametrize("text, days", [("365d", 365), ("48h", 2), (" 7d ", 7)])
def test_retention_ages_are_days_or_hours(text, days):
    assert retention_age(text) == timedelta(days=days)


@pytest.mark.parametrize("text", ["", "365", "0d", "1y", "-5d"])
def test_other_retention_ages_are_refused(text):
    with pytest.raises(Exception):
        retention_age(text)
