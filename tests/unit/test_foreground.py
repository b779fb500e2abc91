"""Rankings in flight and background work that steps aside for them (``matcher.ranking.foreground``)."""

import threading

import pytest

from matcher.ranking import MatchIndex, UnknownDocument, foreground
from matcher.ranking.documents import CV, POSTING, Document


def test_stepping_aside_waits_for_every_running_ranking_to_end():
    outcome, done = [], threading.Event()
    with foreground.ranking():
        with foreground.ranking():
            assert foreground.step_aside(at_most=0.01) is False  # waited its bound: a ranking runs
            waiter = threading.Thread(target=lambda: (outcome.append(foreground.step_aside(at_most=60)), done.set()))
            waiter.start()
        assert not done.wait(0.2)  # one ranking still runs
    assert done.wait(30) and outcome == [True]
    waiter.join()
    assert foreground.step_aside(at_most=0) is True


def test_a_ranking_counts_while_it_runs_and_stops_counting_when_it_fails(monkeypatch):
    index = MatchIndex()
    index.upsert(Document(POSTING, "p", "Call Centre Agent\ncustomer service গ্রাহক সেবা", ("Customer Service",)))
    index.upsert(Document(CV, "c", "customer service call centre কল সেন্টার", ("গ্রাহক সেবা",)))
    seen, rank = [], index._rank
    monkeypatch.setattr(index, "_rank", lambda *args: seen.append(foreground._running) or rank(*args))
    assert index.rank_cvs_for_posting("p") and index.rank_postings_for_cv("c")
    assert seen == [1, 1] and foreground._running == 0
    with pytest.raises(UnknownDocument):
        index.rank_cvs_for_posting("absent")
    assert foreground._running == 0
