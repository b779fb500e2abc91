"""match.found in its two versions: the matcher's version 2 (one event per ranking) and version 1 still read."""

import json

import pytest

from shared.events import types
from shared.events.envelope import InvalidEvent, new_event, parse_event
from shared.events.match_found import match_events, matches_in, payload_without_cv
from shared.events.schemas import MATCHES_PER_EVENT


def _match(k: int, cv_id: str | None = None, posting_id: str = "p1") -> dict:
    return {"posting_id": posting_id, "cv_id": cv_id or f"c{k}", "score": round(0.9 - k / 1000, 4),
            "posting_title": "কল সেন্টার এজেন্ট", "employer": "র\u200c্যাব", "explanation": {"matched_skills": ["গ্রাহক সেবা"]}}


def _read(wire: str):
    return parse_event(wire.encode("utf-8"))


def test_a_ranking_is_one_event_of_version_2_that_a_consumer_reads_in_order():
    matches = [_match(k) for k in range(10)]
    [event] = match_events(matches, producer="matcher", correlation_id="req-1")
    assert (event.type, event.version, event.correlation_id) == (types.MATCH_FOUND, 2, "req-1")
    assert matches_in(_read(event.to_json())) == matches


def test_a_long_ranking_is_cut_into_events_of_at_most_the_limit_keeping_its_order():
    matches = [_match(k) for k in range(2 * MATCHES_PER_EVENT + 7)]
    events = match_events(matches, producer="matcher", correlation_id=None)
    assert [len(matches_in(e)) for e in events] == [MATCHES_PER_EVENT, MATCHES_PER_EVENT, 7]
    assert [m for e in events for m in matches_in(_read(e.to_json()))] == matches
    assert len({e.id for e in events}) == 3
    assert match_events([], producer="matcher", correlation_id=None) == []


def test_version_1_is_still_read_as_one_match():
    event = _read(new_event(types.MATCH_FOUND, _match(1), producer="matcher").to_json())
    assert event.version == 1 and matches_in(event) == [_match(1)]


@pytest.mark.parametrize("matches", [[], [_match(k) for k in range(MATCHES_PER_EVENT + 1)], [{"cv_id": "c1"}]],
                         ids=["none", "over-the-limit", "a-match-without-its-fields"])
def test_a_version_2_event_without_valid_matches_is_refused_both_ways(matches):
    with pytest.raises(InvalidEvent):
        new_event(types.MATCH_FOUND, {"matches": matches}, producer="matcher", version=2)
    body = json.loads(new_event(types.MATCH_FOUND, {"matches": [_match(1)]}, producer="matcher", version=2).to_json())
    body["data"]["matches"] = matches
    with pytest.raises(InvalidEvent):
        parse_event(json.dumps(body))


def test_erasing_a_candidate_takes_out_their_matches_only():
    ranking = [_match(1, "c1"), _match(2, "c2"), _match(3, "c1", posting_id="p2")]
    [event] = match_events(ranking, producer="matcher", correlation_id="req-1")
    kept = payload_without_cv(event.to_json(), "c1")
    assert "কল সেন্টার এজেন্ট" in kept  # rewritten as UTF-8, not escaped
    read = _read(kept)
    assert (read.id, read.version, read.correlation_id) == (event.id, 2, "req-1")
    assert matches_in(read) == [_match(2, "c2")]
    assert payload_without_cv(event.to_json(), "c9") == event.to_json()
    [only_theirs] = match_events([_match(1, "c1")], producer="matcher", correlation_id=None)
    assert payload_without_cv(only_theirs.to_json(), "c1") is None
    one = new_event(types.MATCH_FOUND, _match(1, "c1"), producer="matcher").to_json()
    assert payload_without_cv(one, "c1") is None and payload_without_cv(one, "c2") == one
