"""What intake knows about a candidate (name, email, phone), found wherever a CV's text repeats it.

A name is searched part by part, so "Tahsin Ara" is found in "I, Tahsin Ara, ...", in
"TAHSIN's role", in "তাহসিনের" when written in Bengali, and in "tahsin.ara@gmail.com". A name
part is searched as written (Latin or Bengali letters; there is no transliteration between
scripts), in any case, as a whole word with a possessive ("'s") or a Bengali case ending
("-এর", "-কে", ...). Name parts that are not removed: parts of one letter, name prefixes
("Md", "Mohammad", "Mst", "মোঃ", "শ্রী", which the matcher's blinding drops as identity words,
and which are also words such as "MD" in "reported to the MD"), and stopwords ("a", "ami"),
which the index ignores anyway. Every other part is removed wherever it stands as a word,
even when it is also an English word ("Joy", "Rose"): keeping it would let a name move a score.

An email address, a web link or a user name (a token with "@", "://", "www.", a
"domain/path", or letters glued to digits, "_" or ".") is removed whole when it holds a name
part of three letters or more, the email or its local part anywhere inside it
("tahsinara92@yahoo.com", "linkedin.com/in/tahsin-ara", "skype: tahsinara92"). The phone is
found in any spelling of its digits (Bengali or ASCII, with or without +880/880/0, with
spaces, dashes, dots or brackets between digits).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from shared.phone import InvalidPhoneNumber, normalise_bd_phone
from shared.text.digits import to_ascii_digits
from shared.text.stopwords import STOPWORDS

# Prefixes that say what a person is (Muslim man, Hindu woman, doctor), not who.
NAME_PREFIXES = frozenset(
    unicodedata.normalize("NFC", word).casefold()
    for word in (
        "md", "mohd", "mohammad", "mohammed", "muhammad", "mohamad", "mst", "most", "mosammat", "mosammot",
        "mossammat", "mr", "mrs", "ms", "miss", "dr", "engr", "sri", "sree", "shri", "srimoti",
        "মোঃ", "মো", "মোছাঃ", "মোছা", "মোসাঃ", "মোসাম্মৎ", "মোসাম্মত", "মোহাম্মদ", "মোহাম্মাদ", "মুহাম্মদ",
        "শ্রী", "শ্রীমতি", "শ্রীমতী", "জনাব", "ডাঃ", "ডা",
    )
)
# At most this many name parts, each at most this long, are searched: a name field holds a
# name, and the bound keeps the search linear in the text with a small constant.
MAX_NAME_PARTS = 12
MAX_PART_LENGTH = 40

_BENGALI = "\u0980-\u09ff"
_WORD_BEFORE = rf"(?<![\w{_BENGALI}])"
_WORD_AFTER = rf"(?![\w{_BENGALI}])"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_OPTIONAL_INVISIBLE = f"[{_INVISIBLE}]?"
_DROP_INVISIBLE = str.maketrans("", "", _INVISIBLE)
# Anything that is neither a letter nor a Bengali sign separates name parts (digits too).
_PART_SEPARATOR = re.compile(rf"(?:[^\w{_BENGALI}]|[\d_])+")
_LATIN_POSSESSIVE = r"(?:['’`ʼ]s?)?"
_BENGALI_ENDINGS = "(?:" + "|".join(
    unicodedata.normalize("NFC", ending) for ending in ("দের", "য়ের", "য়ে", "ের", "এর", "কে", "রা", "র", "ে", "ও")
) + ")?"
_PREFIX = (
    "(?:(?:" + "|".join(re.escape(p) for p in sorted(NAME_PREFIXES, key=len, reverse=True)) + r")[.ঃ:]?[ \t]{0,3})?"
)
# A web token: letters, digits and the punctuation of addresses; bounded so a long run is cut into pieces.
_WEB_TOKEN = re.compile(r"[\w.+\-@/:%~#=?&]{1,256}")
_DOMAIN_PATH = re.compile(r"\.(?:com|net|org|info|io|me|bd|edu|gov|ac)(?:\.bd)?/", re.IGNORECASE)
# A user name glues letters to digits or "_", or has a "." inside ("tahsinara92", "tahsin_ara",
# "tahsin.ara"); a word before a full stop is not one.
_LETTERS_WITH_DIGITS = re.compile(r"[^\W\d_][\d_]|[\d_][^\W\d_]|[^\W_]\.[^\W_]")
# What every email address, link and user name holds (see ``_is_handle``): a token without one is a word.
_HANDLE_MARK = re.compile(r"[\d_.@/]")
_PHONE_SEPARATOR = r"[ \-.()\u00a0]{0,2}"
_MIN_OTHER_PHONE_DIGITS = 7


def name_parts(name: str | None) -> list[str]:
    """The searchable parts of a name, NFC, casefolded, longest first, without duplicates.

    Drops parts of one letter, name prefixes and stopwords; keeps at most ``MAX_NAME_PARTS``
    parts of at most ``MAX_PART_LENGTH`` characters. Never fails on a str; None gives [].
    """
    if not name:
        return []
    cleaned = unicodedata.normalize("NFC", name[: MAX_NAME_PARTS * (MAX_PART_LENGTH + 1)]).translate(_DROP_INVISIBLE)
    parts: dict[str, None] = {}
    for part in _PART_SEPARATOR.split(cleaned):
        key = unicodedata.normalize("NFC", part.casefold())
        if 2 <= len(key) <= MAX_PART_LENGTH and key not in NAME_PREFIXES and key not in STOPWORDS:
            parts[key] = None
    return sorted(parts, key=len, reverse=True)[:MAX_NAME_PARTS]


def _loose(literal: str) -> str:
    """A pattern for ``literal`` that also matches it with one invisible character between letters."""
    return _OPTIONAL_INVISIBLE.join(re.escape(ch) for ch in literal)


def _part_pattern(part: str) -> str:
    ending = _BENGALI_ENDINGS if re.search(f"[{_BENGALI}]", part[-1]) else _LATIN_POSSESSIVE
    return _loose(part) + ending


_COUNTRY = rf"(?:\(?(?:\+|00)?8{_PHONE_SEPARATOR}8{_PHONE_SEPARATOR}\)?{_PHONE_SEPARATOR})?"
_TRUNK = rf"(?:0{_PHONE_SEPARATOR})?"
# Any Bangladeshi mobile in any common spelling: found once per text, then compared by its digits,
# so no pattern is compiled per candidate.
_ANY_BD_PHONE = re.compile(r"(?<!\d)" + _COUNTRY + _TRUNK + r"(\d(?:" + _PHONE_SEPARATOR + r"\d){9})(?!\d)")
_NOT_DIGIT = re.compile(r"[^0-9]")


@lru_cache(maxsize=16384)
def _part_search(part: str) -> re.Pattern:
    """The search for one name part as a word, after an optional name prefix (shared by every candidate)."""
    return re.compile(_WORD_BEFORE + _PREFIX + _part_pattern(part) + _WORD_AFTER, re.IGNORECASE)


def _literal_search(literal: str) -> re.Pattern:
    return re.compile(_WORD_BEFORE + re.escape(literal) + _WORD_AFTER, re.IGNORECASE)


@dataclass(frozen=True)
class _Phone:
    """A Bangladeshi mobile's ten subscriber digits, or for another number a pattern of its digits."""

    subscriber: str | None
    other: re.Pattern | None

    def spans_in(self, text: str) -> list[tuple[int, int]]:
        if self.other is not None:
            return [match.span() for match in self.other.finditer(text)]
        return [m.span() for m in _ANY_BD_PHONE.finditer(text) if _NOT_DIGIT.sub("", m.group(1)) == self.subscriber]


def _phone_search(phone: str | None) -> _Phone | None:
    """How to find every common spelling of ``phone``'s digits, or None for no usable phone."""
    if not phone:
        return None
    try:
        return _Phone(normalise_bd_phone(phone)[4:], None)  # "+880" then ten digits
    except InvalidPhoneNumber:
        digits = re.sub(r"[^0-9]", "", to_ascii_digits(phone))[:20]
        if len(digits) < _MIN_OTHER_PHONE_DIGITS:
            return None
        return _Phone(None, re.compile(r"(?<!\d)" + _PHONE_SEPARATOR.join(digits) + r"(?!\d)"))


@dataclass(frozen=True)
class KnownPerson:
    """The searches for one candidate's name, email and phone in a text.

    Name parts are searched one by one with patterns compiled once per part and shared by every
    candidate (names repeat: "Akter", "Islam", "রহমান"), the phone by one pattern for every
    phone compared by digits: building a person compiles almost nothing, so a bulk import of
    thousands of candidates does not spend its time compiling patterns.
    """

    parts: tuple[str, ...]
    literals: tuple[str, ...]
    phone: _Phone | None

    @classmethod
    def from_details(cls, *, name: str | None, email: str | None, phone: str | None) -> KnownPerson:
        """Build the searches; details that are None, empty or not str are ignored. Never fails."""
        name = name if isinstance(name, str) else None
        email = email if isinstance(email, str) else None
        phone = phone if isinstance(phone, str) else None
        address = unicodedata.normalize("NFC", email.strip()).casefold()[:254] if email and email.strip() else ""
        local_part = address.partition("@")[0] if "@" in address else ""
        literals = tuple(sorted({p for p in (address, local_part) if len(p) >= 3}, key=len, reverse=True))
        return cls(tuple(name_parts(name)), literals, _phone_search(phone))

    def spans_in(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` (NFC, ASCII digits) names this person, as (start, end) spans.

        Spans may overlap (a name part inside a removed email address); none crosses a line
        break. Linear in ``len(text)`` (a bounded number of passes). Never fails on a str.
        """
        spans: list[tuple[int, int]] = []
        for literal in self.literals:
            spans.extend(match.span() for match in _literal_search(literal).finditer(text))
        for part in self.parts:
            spans.extend(match.span() for match in _part_search(part).finditer(text))
        inside = self.literals + tuple(p for p in self.parts if len(p) >= 3)
        if inside:
            for token in _WEB_TOKEN.finditer(text):
                value = token.group()
                if _HANDLE_MARK.search(value) and _is_handle(value):
                    folded = unicodedata.normalize("NFC", value.translate(_DROP_INVISIBLE).casefold())
                    if any(literal in folded for literal in inside):
                        spans.append(token.span())
        if self.phone is not None:
            spans.extend(self.phone.spans_in(text))
        return spans


def _is_handle(token: str) -> bool:
    """Whether a token is an email address, a link or a user name rather than a word such as "B.Sc"."""
    if "@" in token or "://" in token or token.lower().startswith("www.") or _DOMAIN_PATH.search(token):
        return True
    return bool(_LETTERS_WITH_DIGITS.search(token))
