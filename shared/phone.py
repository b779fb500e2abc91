"""Bangladeshi mobile numbers, written any common way, brought to one E.164 form.

People type the same number as ``01711234567``, ``+880 1711-234567``, ``8801711234567`` or in
Bengali digits ``০১৭১১২৩৪৫৬৭``; matching, de-duplication and SMS delivery need one spelling:
``+8801711234567``. Google's numbering metadata (the ``phonenumbers`` library) decides what a
Bangladeshi mobile number is; this module brings Bengali digits to ASCII first and refuses
letters, so no vanity-number letter or other script's digit is read as a digit.
"""

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from shared.text.digits import to_ascii_digits

COUNTRY_CODE = 880
REGION = "BD"
# Separators people put between digit groups; removed before the digits are checked.
_SEPARATORS = re.compile(r"[\s\-.()/\u00a0\u200b]+")
# Optional international prefix ("+" or "00"), then ASCII digits only.
_SHAPE = re.compile(r"(?:\+|00)?[0-9]+")
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


class InvalidPhoneNumber(ValueError):
    """A string that is not a Bangladeshi mobile number; its message never repeats the number."""


def normalise_bd_phone(raw: str) -> str:
    """Return the E.164 form ``+8801XXXXXXXXX`` of a Bangladeshi mobile number.

    Accepts Bengali, ASCII or mixed digits; spaces, hyphens, dots, slashes and parentheses
    between digit groups; a country code written as ``+880``, ``00880`` or ``880`` (``+88
    01711...`` too); and, as the numbering plan allows, the ten digits without the trunk ``0``
    (``1711234567``) or a trunk ``0`` after the country code (``+88001711234567``).

    Raises ``InvalidPhoneNumber`` (a ``ValueError``, whose message does not repeat ``raw``) when
    ``raw`` is empty, holds letters, other symbols or another script's digits, has a foreign
    country code, or is not a valid Bangladeshi mobile number (``01`` + operator digit 3-9 + 8
    digits; landlines are refused). Raises ``TypeError`` when ``raw`` is not a ``str``.
    """
    if not isinstance(raw, str):
        raise TypeError(f"phone number must be a str, not {type(raw).__name__}")
    compact = _SEPARATORS.sub("", to_ascii_digits(raw))
    if not compact:
        raise InvalidPhoneNumber("phone number is empty")
    if _SHAPE.fullmatch(compact) is None:
        raise InvalidPhoneNumber(
            "a phone number may hold only digits, an optional leading '+' "
            "and the separators space, '-', '.', '/', '(' and ')'"
        )
    try:
        number = phonenumbers.parse(compact, REGION)
    except NumberParseException:
        raise InvalidPhoneNumber("phone number is not a Bangladeshi mobile number") from None
    if number.country_code != COUNTRY_CODE:
        raise InvalidPhoneNumber(f"phone number is not Bangladeshi: the country code must be {COUNTRY_CODE}")
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidPhoneNumber(
            "phone number is not a Bangladeshi mobile number: it has 11 digits "
            "starting 013-019 (01 then an operator digit 3-9)"
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
