"""Registration codes: easy to read aloud, forgiving to type, Bengali digits read as digits."""

from shared.registration_codes import ALPHABET, LENGTH, grouped, new_code, parse_code


def test_codes_leave_out_the_characters_people_confuse():
    assert not set("0OQ1IL2Z5S8B") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 24
    codes = {new_code() for _ in range(2000)}
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert len(codes) == 2000  # 24^7 codes: two thousand draws do not repeat


def test_a_code_is_shown_grouped_and_read_back_however_it_is_typed():
    code = "K7M4XRP"
    assert grouped(code) == "K7M-4XRP"
    for typed in ("K7M-4XRP", " k7m 4xrp ", "k7m.4xrp", "K7M\u00a04XRP", "k৭m-৪xrp"):
        assert parse_code(typed) == code, typed


def test_what_cannot_be_a_code_is_refused():
    for typed in (None, "", "K7M-4XR", "K7M-4XRPP", "K0M-4XRP", "KOM-4XRP", "K7M-4XR!", "ক৭ম-৪xrp", "K7M4XRP" * 10, 7):
        assert parse_code(typed) is None, typed
