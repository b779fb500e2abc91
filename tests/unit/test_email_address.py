import pytest

from shared.email_address import check_email_address


@pytest.mark.parametrize(
    "value", ["rahim@example.com", "Rahim Uddin <rahim@example.com>", "রহিম উদ্দিন <rahim@example.com>", "a.b+fair@jessore.ac.bd"]
)
def test_sendable_addresses_are_returned_unchanged(value):
    assert check_email_address(value) == value


@pytest.mark.parametrize(
    "value, problem",
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("not an address", "valid email address"),
        ("rahim@", "valid email address"),
        ("a@example.com, b@example.com", "exactly one"),
        ("রহিম@example.com", "non-ASCII"),
        ("rahim@example.com\x00", "control characters"),
        ("rahim@example.com\r\nBcc: victim@example.com", "control characters"),
        ("r" * 250 + "@example.com", "longer than 254"),
    ],
)
def test_unsendable_addresses_are_a_value_error_that_does_not_repeat_them(value, problem):
    with pytest.raises(ValueError, match=problem) as caught:
        check_email_address(value)
    assert value.strip() == "" or value not in str(caught.value)
    assert "example.com" not in str(caught.value)
