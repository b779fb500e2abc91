"""Bengali digits (০-৯) and ASCII digits.

Bengali text writes numbers with its own digits; phone numbers, years of experience and
salaries must compare equal whichever digits a person typed.
"""

import re

BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(BENGALI_DIGITS, "0123456789")
_ANY_BENGALI_DIGIT = re.compile(f"[{BENGALI_DIGITS}]")


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with every Bengali digit replaced by its ASCII digit; nothing else changes.

    Never fails on a str; other scripts' digits are left as they are.
    """
    if text.isascii():  # known without reading it
        return text
    return text.translate(_TO_ASCII) if _ANY_BENGALI_DIGIT.search(text) else text


_TO_BENGALI = str.maketrans("0123456789", BENGALI_DIGITS)


def to_bengali_digits(text: str) -> str:
    """Return ``text`` with every ASCII digit written as a Bengali digit, for Bengali messages.

    Never fails on a str; nothing else changes.
    """
    return text.translate(_TO_BENGALI)
