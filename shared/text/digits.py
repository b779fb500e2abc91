"""Bengali digits (০-৯) and ASCII digits.

Bengali text writes numbers with its own digits; phone numbers, years of experience and
salaries must compare equal whichever digits a person typed.
"""

BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(BENGALI_DIGITS, "0123456789")


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with every Bengali digit replaced by its ASCII digit; nothing else changes.

    Never fails on a str; other scripts' digits are left as they are.
    """
    return text.translate(_TO_ASCII)
