"""parse_event survives any bytes: whatever it cannot read is an InvalidEvent, never a crash."""

import json
import uuid

import pytest

from shared.events import types
from dataclasses import replace

from shared.events.envelope import MAX_NESTING_DEPTH, Envelope, InvalidEvent, new_event, parse_event


def _match_found(**data_changes) -> dict:
    event = new_event(
        types.MATCH_FOUND,
        {"posting_id": "p1", "cv_id": "c1", "score": 0.5, "posting_title": "Call centre agent", "employer": "Pran"},
        producer="test",
    )
    body = json.loads(event.to_json())
    body["data"].update(data_changes)
    return body


def test_an_envelope_read_back_from_storage_is_sent_as_the_very_json_stored():
    event = new_event(types.MATCH_FOUND, {"posting_id": "p1", "cv_id": "c1", "score": 0.5,
                                          "posting_title": "কল সেন্টার এজেন্ট", "employer": "র\u200c্যাব"}, producer="test")
    stored = event.to_json()
    back = Envelope.from_stored_json(stored)
    assert back == event and back.to_json() is stored
    # Stored text in another spelling of the same JSON (key order, spaces, escapes) goes out unchanged.
    other = json.dumps(json.loads(stored), ensure_ascii=True, indent=1, sort_keys=True)
    assert Envelope.from_stored_json(other).to_json() == other != stored


def test_a_changed_copy_of_a_stored_envelope_is_encoded_afresh():
    back = Envelope.from_stored_json(new_event(types.CANDIDATE_REGISTERED, {
        "cv_id": "c1", "name": "রাকিব হাসান", "language_pref": "bn", "verification_code": "482917"}, producer="test").to_json())
    scrubbed = replace(back, data={**back.data, "verification_code": None})
    assert "482917" not in scrubbed.to_json()
    assert parse_event(scrubbed.to_json()).data == {**back.data, "verification_code": None}


def _nested(depth: int):
    value: object = "deep"
    for _ in range(depth):
        value = {"next": value}
    return value


def test_a_valid_event_with_bengali_and_joiners_round_trips():
    body = _match_found(posting_title="কল সেন্টার এজেন্ট", employer="র\u200c্যাব")
    event = parse_event(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    assert (event.data["posting_title"], event.data["employer"]) == ("কল সেন্টার এজেন্ট", "র\u200c্যাব")


def test_nesting_up_to_the_limit_is_accepted():
    # The envelope is level 1, data level 2, explanation level 3.
    body = _match_found(explanation=_nested(MAX_NESTING_DEPTH - 3))
    assert parse_event(json.dumps(body)).data["explanation"]


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"[" * 100_000, "nested deeper"),
        (b'{"a":' * 100_000, "nested deeper"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
        (b"1" * 10_000, "not JSON"),
        (b'{"id": ' + b"9" * 10_000 + b"}", "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"", "not JSON"),
        (b"null", "not a JSON object"),
    ],
    ids=["open-arrays", "open-objects", "closed-arrays", "huge-integer", "huge-integer-in-object", "not-utf8", "empty", "null"],
)
def test_hostile_bytes_are_an_invalid_event(raw, reason):
    with pytest.raises(InvalidEvent, match=reason):
        parse_event(raw)


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"explanation": _nested(MAX_NESTING_DEPTH)}, "nested deeper"),
        ({"explanation": json.loads("[" * 500 + "]" * 500)}, "nested deeper"),
        ({"employer": "Pran\ud800"}, "lone surrogate"),
        ({"posting_title": "Agent\x00"}, "NUL"),
        ({"explanation": {"\udfff": 1}}, "lone surrogate"),
        ({"score": 1e400}, "invalid event"),
        ({"score": "NaN"}, "invalid event"),
    ],
    ids=["deep-explanation", "deep-array", "surrogate", "nul", "surrogate-key", "infinite-score", "nan-score"],
)
def test_data_no_consumer_can_store_is_an_invalid_event(changes, reason):
    body = json.dumps(_match_found(**changes)).replace("1e+400", "1e400").replace("Infinity", "1e400")
    with pytest.raises(InvalidEvent, match=reason):
        parse_event(body.encode("utf-8"))


def test_a_dict_body_is_checked_like_a_decoded_one():
    body = _match_found(employer="\ud800")
    with pytest.raises(InvalidEvent, match="lone surrogate"):
        parse_event(body)
    with pytest.raises(InvalidEvent, match="nested deeper"):
        parse_event({"id": str(uuid.uuid4()), "data": _nested(MAX_NESTING_DEPTH + 1)})


def test_envelopes_parsed_at_once_in_many_threads_each_come_back_whole():
    # One envelope schema instance serves every message (building one per message cost twice the load).
    from concurrent.futures import ThreadPoolExecutor

    sent = [new_event(types.CV_WITHDRAWN, {"cv_id": f"cv-{k}"}, producer=f"p{k % 7}") for k in range(400)]
    with ThreadPoolExecutor(8) as pool:
        parsed = list(pool.map(lambda e: parse_event(e.to_json()), sent))
    assert [(e.id, e.producer, e.data["cv_id"]) for e in parsed] == [(e.id, e.producer, e.data["cv_id"]) for e in sent]
    with pytest.raises(InvalidEvent):  # a bad envelope is still refused after all that
        parse_event(json.dumps({"id": "x", "type": types.CV_WITHDRAWN, "data": {"cv_id": "c"}}))
