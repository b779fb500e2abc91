"""Matcher start-up on SQLite: a stored document that fails to index is skipped, logged and counted."""

from __future__ import annotations

import logging

from matcher.app import create_app
from matcher.handlers import handle_event
from matcher.ranking import MatchIndex, profile_batch
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import OPERATOR, matcher_service

POSTING = {
    "posting_id": "p1", "fair_id": None, "employer": "Bhairab Contact", "title": "Call centre agent",
    "description": "Inbound customer service in Bangla and English", "skills": ["customer service"],
    "location": "Jashore",
}
CV_GOOD = {"cv_id": "c1", "fair_id": None, "language_pref": "en", "skills": ["customer service"],
           "location": "Jashore", "text": "Two years of customer service in an inbound call centre"}
SECRET = "Rahima Khatun, 01711-234567"
CV_BAD = dict(CV_GOOD, cv_id="c2", text=f"Name: {SECRET}. Customer service")


def _store(tmp_path):
    service = matcher_service(tmp_path)
    for kind, data in ((types.POSTING_PUBLISHED, POSTING), (types.CV_RECEIVED, CV_GOOD), (types.CV_RECEIVED, CV_BAD)):
        handle_event(service, new_event(kind, data, producer="test"))
    service.engine.dispose()


def _failing_for(doc_id, monkeypatch):
    """Profiling ``doc_id`` fails (start-up profiles in bulk, one by one below the worker threshold)."""
    build = profile_batch.build_profile

    def build_or_fail(doc, lexicon, *, blind=True):
        if doc.id == doc_id:
            raise ValueError(f"cannot index {doc.text}")  # a message with personal data in it
        return build(doc, lexicon, blind=blind)

    monkeypatch.setattr(profile_batch, "build_profile", build_or_fail)


def test_a_document_that_fails_to_index_is_skipped_and_the_service_still_starts(tmp_path, monkeypatch, caplog):
    _store(tmp_path)
    _failing_for("c2", monkeypatch)

    with caplog.at_level(logging.ERROR, logger="matcher.bootstrap"):
        service = matcher_service(tmp_path)

    assert service.index.count("posting") == 1 and service.index.count("cv") == 1
    assert ("cv", "c1") in service.index and ("cv", "c2") not in service.index
    assert [m.cv_id for m in service.index.rank_cvs_for_posting("p1")] == ["c1"]
    assert service.index_load_failures == 1
    assert service.metrics.registry.get_sample_value("jobmatch_index_load_failures") == 1
    stats = create_app(service).test_client().get("/api/v1/stats", headers=OPERATOR).get_json()
    assert stats["index_load_failures"] == 1 and stats["cvs"] == 1
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("cv c2" in line for line in logged)
    assert not any(part in line for line in caplog.text.splitlines() for part in ("Rahima", "01711", "Customer"))


def test_a_clean_start_reports_no_failures(tmp_path):
    _store(tmp_path)
    service = matcher_service(tmp_path)
    assert service.index_load_failures == 0
    assert service.metrics.registry.get_sample_value("jobmatch_index_load_failures") == 0
    assert create_app(service).test_client().get("/api/v1/stats", headers=OPERATOR).get_json()["index_load_failures"] == 0


def test_start_up_prepares_the_loaded_index_before_the_first_request(tmp_path, monkeypatch):
    _store(tmp_path)
    prepared = []
    prepare = MatchIndex.prepare
    monkeypatch.setattr(MatchIndex, "prepare", lambda self: prepared.append(self.count("cv")) or prepare(self))

    service = matcher_service(tmp_path)

    assert prepared == [2]  # once, with every stored CV loaded
    assert service.index.count("cv") == 2


def test_readiness_reports_the_ranking_loops_compiling_without_making_the_matcher_unready(tmp_path):
    import time

    service = matcher_service(tmp_path)
    assert "ranking" not in service.readiness.checks  # /readyz stays 200 while the loops compile...
    check = service.readiness.informational["ranking"]  # ...and says whether they have
    deadline = time.monotonic() + 120
    while True:
        try:
            check()
            return
        except RuntimeError:
            assert time.monotonic() < deadline, "the ranking loops did not compile within 120 s"
            time.sleep(0.05)  # polling the compiler thread's state, with a deadline
