"""Bangladeshi mobile numbers, written any common way, brought to one E.164 form.

People type the same number as ``01711234567``, ``+880 1711-234567``, ``8801711234567`` or in
Bengali digits ``০১৭১১২৩৪৫৬৭``; matching, de-duplication and SMS delivery need one spelling:
``+8801711234567``.
"""

import re

from shared.text.digits import to_ascii_digits

COUNTRY_CODE = "880"
# Separators people put between digit groups; removed before the digits are checked.
_SEPARATORS = re.compile(r"[\s\-.()/\u00a0\u200b]+")
# Optional international prefix ("+" or "00"), then ASCII digits only.
_SHAPE = re.compile(r"(?P<prefix>\+|00)?(?P<digits>[0-9]+)")
# National form: trunk 0, mobile prefix 1, operator digit 3-9, then eight digits.
_NATIONAL_MOBILE = re.compile(r"01[3-9][0-9]{8}")


class InvalidPhoneNumber(ValueError):
    """A string that is not a Bangladeshi mobile number."""


def normalise_bd_phone(raw: str) -> str:
    """Return the E.164 form ``+8801XXXXXXXXX`` of a Bangladeshi mobile number.

    Accepts Bengali, ASCII or mixed digits; spaces, hyphens, dots, slashes and parentheses
    between digit groups; and a country code written as ``+880``, ``00880`` or ``880``
    (``+88 01711...`` works too, since its digits are the same).

    Raises ``InvalidPhoneNumber`` (a ``ValueError``) when ``raw`` holds anything else: letters
    or other symbols, a foreign country code, a number that is not exactly 11 national digits
    (``01`` + operator digit + 8 digits), or an operator digit outside 3-9 (e.g. ``012...``).
    Raises ``TypeError`` when ``raw`` is not a ``str``.
    """
    if not isinstance(raw, str):
        raise TypeError(f"phone number must be a str, not {type(raw).__name__}")
    compact = _SEPARATORS.sub("", to_ascii_digits(raw))
    if not compact:
        raise InvalidPhoneNumber("phone number is empty")
    shape = _SHAPE.fullmatch(compact)
    if shape is None:
        raise InvalidPhoneNumber(
            f"phone number {raw!r} may hold only digits, an optional leading '+' "
            "and the separators space, '-', '.', '/', '(' and ')'"
        )
    digits = shape["digits"]
    if shape["prefix"] is not None:
        if not digits.startswith(COUNTRY_CODE):
            raise InvalidPhoneNumber(
                f"phone number {raw!r} is not Bangladeshi: after '{shape['prefix']}' "
                f"the country code must be {COUNTRY_CODE}"
            )
        national = "0" + digits[len(COUNTRY_CODE):]
    elif digits.startswith(COUNTRY_CODE) and len(digits) == len(COUNTRY_CODE) + 10:
        national = "0" + digits[len(COUNTRY_CODE):]
    else:
        national = digits
    if len(national) != 11:
        raise InvalidPhoneNumber(
            f"phone number {raw!r} has {len(national)} national digits; "
            "a Bangladeshi mobile number has exactly 11 (01XXXXXXXXX)"
        )
    if not _NATIONAL_MOBILE.fullmatch(national):
        raise InvalidPhoneNumber(
            f"phone number {raw!r} is not a Bangladeshi mobile number: "
            "it must start 013-019 (01 then an operator digit 3-9)"
        )
    return f"+{COUNTRY_CODE}{national[1:]}"
