import pytest

from shared.phone import InvalidPhoneNumber, normalise_bd_phone

E164 = "+8801711234567"


@pytest.mark.parametrize(
    "raw",
    [
        "01711234567",
        "+8801711234567",
        "8801711234567",
        "008801711234567",
        "01711-234567",
        "+880 1711 234 567",
        "+880-1711-234567",
        "+88 01711-234567",
        "(+880) 1711.234.567",
        "  01711234567\n",
        "0171\u00a01234567",
        "1711234567",  # trunk 0 left out: the numbering plan allows it
        "+88001711234567",  # trunk 0 kept after the country code
    ],
)
def test_common_spellings_give_e164(raw):
    assert normalise_bd_phone(raw) == E164


@pytest.mark.parametrize(
    "raw",
    [
        "০১৭১১২৩৪৫৬৭",
        "+৮৮০১৭১১২৩৪৫৬৭",
        "৮৮০ ১৭১১-২৩৪৫৬৭",
        "০১৭১১-২৩৪৫৬৭",
        "০১৭11234৫৬৭",  # mixed Bengali and ASCII digits
        "+880১৭১১২৩৪৫৬৭",
    ],
)
def test_bengali_and_mixed_digits(raw):
    assert normalise_bd_phone(raw) == E164


@pytest.mark.parametrize("operator", "3456789")
def test_every_operator_digit_3_to_9(operator):
    assert normalise_bd_phone(f"01{operator}12345678") == f"+8801{operator}12345678"


def test_result_is_idempotent():
    assert normalise_bd_phone(normalise_bd_phone("০১৯১২-৩৪৫৬৭৮")) == "+8801912345678"


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("01211234567", "operator digit 3-9"),
        ("01011234567", "operator digit 3-9"),
        ("০১২১১২৩৪৫৬৭", "operator digit 3-9"),
        ("02711234567", "operator digit 3-9"),  # Dhaka landline shape
        ("+880 2 9123456", "operator digit 3-9"),  # a valid Dhaka landline is not a mobile
        ("0171123456", "11 digits"),
        ("017112345678", "11 digits"),
        ("+447911123456", "not Bangladeshi"),
        ("+01711234567", "not a Bangladeshi mobile"),
        ("0171123456a", "only digits"),
        ("017 1123 4567 ext 2", "only digits"),
        ("01711+234567", "only digits"),
        ("+", "only digits"),
        ("٠١٧١١٢٣٤٥٦٧", "only digits"),  # Arabic-Indic digits are not accepted
    ],
)
def test_invalid_numbers_raise_with_clear_message(raw, fragment):
    with pytest.raises(InvalidPhoneNumber, match=fragment):
        normalise_bd_phone(raw)


def test_invalid_phone_number_is_a_value_error():
    with pytest.raises(ValueError):
        normalise_bd_phone("12345")


@pytest.mark.parametrize("raw", ["01211234567", "+447911123456", "0171123456a", "+০১৭১১"])
def test_message_does_not_repeat_the_number(raw):
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalise_bd_phone(raw)
    assert not any(run in str(caught.value) for run in ("1211234567", "7911123456", "171123456", "০১৭১১"))


def test_non_str_is_a_type_error():
    with pytest.raises(TypeError):
        normalise_bd_phone(1711234567)  # type: ignore[arg-type]
