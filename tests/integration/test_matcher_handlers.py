"""Matcher handlers on SQLite: index, rank, publish each match once, survive a restart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher import tables
from matcher.handlers import handle_event, handle_events
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import matcher_service

POSTING = {
    "posting_id": "p1", "fair_id": None, "employer": "Bhairab Contact", "title": "কল সেন্টার এজেন্ট",
    "description": "ইনবাউন্ড কল সেন্টারে গ্রাহক সেবা, বাংলা ও ইংরেজিতে কথা বলা", "skills": ["গ্রাহক সেবা"], "location": "Jashore",
}
CV_MATCH = {"cv_id": "c1", "fair_id": None, "language_pref": "bn", "skills": ["গ্রাহক সেবা"], "location": "যশোর",
            "text": "আমি দুই বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি, বাংলা ও ইংরেজিতে কথা বলি"}
CV_OTHER = {"cv_id": "c2", "fair_id": None, "language_pref": "en", "skills": ["Photoshop"], "location": "Khulna",
            "text": "Graphic designer: clipping path and photo retouching in Photoshop"}


def _event(kind, data):
    return new_event(kind, data, producer="test")


def _outbox(service):
    """The domain events in the outbox (index.updated, for the other matcher replicas, left out)."""
    with service.engine.connect() as conn:
        return [r.event_type for r in conn.execute(select(tables.outbox.c.event_type)) if r.event_type != types.INDEX_UPDATED]


def test_a_cv_matching_an_open_posting_is_stored_and_published_once(tmp_path):
    service = matcher_service(tmp_path)
    handle_event(service, _event(types.POSTING_PUBLISHED, POSTING))
    cv_event = _event(types.CV_RECEIVED, CV_MATCH)
    handle_event(service, cv_event)
    handle_event(service, _event(types.CV_RECEIVED, CV_OTHER))
    handle_event(service, cv_event)  # a redelivery: no second effect

    with service.engine.connect() as conn:
        matches = conn.execute(select(tables.matches.c.posting_id, tables.matches.c.cv_id)).all()
        processed = conn.execute(select(tables.processed_events)).all()
    assert [tuple(m) for m in matches] == [("p1", "c1")]
    assert _outbox(service) == ["match.found"]
    assert len(processed) == 3
    ranked = service.index.rank_cvs_for_posting("p1")
    assert [m.cv_id for m in ranked][0] == "c1"
    assert "গ্রাহক সেবা" in ranked[0].explanation["matched_skills"]


def test_a_posting_arriving_after_cvs_ranks_them_and_publishes_the_match(tmp_path):
    service = matcher_service(tmp_path)
    handle_event(service, _event(types.CV_RECEIVED, CV_MATCH))
    handle_event(service, _event(types.CV_RECEIVED, CV_OTHER))
    assert _outbox(service) == []
    handle_event(service, _event(types.POSTING_PUBLISHED, POSTING))
    assert _outbox(service) == ["match.found"]


def test_the_index_is_rebuilt_from_the_database_after_a_restart(tmp_path):
    first = matcher_service(tmp_path)
    for kind, data in ((types.POSTING_PUBLISHED, POSTING), (types.CV_RECEIVED, CV_MATCH), (types.CV_RECEIVED, CV_OTHER)):
        handle_event(first, _event(kind, data))
    before = [(m.cv_id, m.score) for m in first.index.rank_cvs_for_posting("p1")]
    first.engine.dispose()

    restarted = matcher_service(tmp_path)
    assert restarted.index.count("posting") == 1 and restarted.index.count("cv") == 2
    assert [(m.cv_id, m.score) for m in restarted.index.rank_cvs_for_posting("p1")] == before


def test_a_posting_that_requires_its_district_excludes_a_cv_from_elsewhere_and_says_why(tmp_path):
    service = matcher_service(tmp_path)
    posting = dict(POSTING, location="Jashore", location_policy="require", required_languages=[],
                   language_policy=None, min_education=None, education_policy=None)
    handle_event(service, _event(types.POSTING_PUBLISHED, posting))
    handle_event(service, _event(types.CV_RECEIVED, CV_MATCH))                              # যশোর
    handle_event(service, _event(types.CV_RECEIVED, dict(CV_MATCH, cv_id="c9", location="Sylhet")))

    assert [m.cv_id for m in service.index.rank_cvs_for_posting("p1")] == ["c1"]
    [excluded] = [m for m in service.index.rank_cvs_for_posting("p1", include_excluded=True) if m.cv_id == "c9"]
    [failure] = excluded.explanation["failed_constraints"]
    assert failure["constraint"] == "location" and failure["effect"] == "excluded"
    with service.engine.connect() as conn:
        assert [r.cv_id for r in conn.execute(select(tables.matches.c.cv_id))] == ["c1"]


def _stored(service):
    with service.engine.connect() as conn:
        matches = sorted(tuple(m) for m in conn.execute(select(tables.matches.c.posting_id, tables.matches.c.cv_id, tables.matches.c.score)))
        cvs = sorted(conn.execute(select(tables.cvs.c.id)).scalars())
    return matches, cvs, sorted(_outbox(service))


def test_a_batch_gives_what_the_same_events_one_by_one_give_and_a_redelivered_batch_changes_nothing(tmp_path):
    events = [_event(types.POSTING_PUBLISHED, POSTING), _event(types.CV_RECEIVED, CV_MATCH), _event(types.CV_RECEIVED, CV_OTHER)]
    (tmp_path / "one").mkdir()
    (tmp_path / "batch").mkdir()
    one_by_one = matcher_service(tmp_path / "one")
    for event in events:
        handle_event(one_by_one, event)
    batched = matcher_service(tmp_path / "batch")

    handle_events(batched, events)
    handle_events(batched, events)  # redelivered

    assert _stored(batched) == _stored(one_by_one)
    assert [m.cv_id for m in batched.index.rank_cvs_for_posting("p1")] == [m.cv_id for m in one_by_one.index.rank_cvs_for_posting("p1")]


def test_a_failing_batch_leaves_nothing_in_the_database_or_the_index(tmp_path, monkeypatch):
    service = matcher_service(tmp_path)
    handle_event(service, _event(types.POSTING_PUBLISHED, POSTING))
    real = service.index.rank_postings_for_cv

    def fail_on_the_second_cv(cv_id, **options):
        if cv_id == "c2":
            raise RuntimeError("failed on purpose after the first CV was indexed and ranked")
        return real(cv_id, **options)

    monkeypatch.setattr(service.index, "rank_postings_for_cv", fail_on_the_second_cv)
    with pytest.raises(RuntimeError):
        handle_events(service, [_event(types.CV_RECEIVED, CV_MATCH), _event(types.CV_RECEIVED, CV_OTHER)])

    assert _stored(service) == ([], [], [])
    assert ("cv", "c1") not in service.index and ("cv", "c2") not in service.index
    assert service.index.rank_cvs_for_posting("p1") == []


def test_a_run_of_new_cvs_takes_as_many_statements_as_a_run_of_two(tmp_path):
    """A fair's CVs arrive in runs: the database work of a run does not grow with its CVs (only the index's does)."""
    from sqlalchemy import event

    def statements_for(service, cvs):
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(service.engine, "before_cursor_execute", listener)
        try:
            handle_events(service, cvs)
        finally:
            event.remove(service.engine, "before_cursor_execute", listener)
        return len(seen)

    service = matcher_service(tmp_path)
    handle_event(service, _event(types.POSTING_PUBLISHED, POSTING))
    two = [_event(types.CV_RECEIVED, dict(CV_MATCH, cv_id=f"a{i}")) for i in range(2)]
    eight = [_event(types.CV_RECEIVED, dict(CV_MATCH if i % 2 else CV_OTHER, cv_id=f"b{i}")) for i in range(8)]
    assert statements_for(service, eight) == statements_for(service, two)
    assert service.index.count("cv") == 10
