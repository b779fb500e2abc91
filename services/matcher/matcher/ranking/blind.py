"""Blind matching: what a document says about who a person is must not change a score.

``blind_text`` runs before anything is indexed (TF-IDF terms, skills, education). It removes

1. labelled personal fields with their values, in English, Bengali and Banglish: name,
   father's/mother's/spouse's name, religion, date of birth, age, marital status, gender,
   nationality, blood group, height, weight, national ID, photo ("Religion: Islam",
   "পিতার নাম: ...", "জন্ম তারিখ: ০১-০১-২০০০", "Marital Status - Single");
2. contact details anywhere: e-mail addresses, web links and Bangladeshi phone numbers;
3. words that reveal religion, gender or marital status anywhere in the text ("Muslim",
   "married", "Girls' College", "মহিলা", and name prefixes such as "Md.", "মোছাঃ", "শ্রী").

A bare "Name:" label only counts at the start of a line or sentence, so "Company Name:" and
"প্রতিষ্ঠানের নাম:" (work history) survive. The location field is not personal in this
sense: a posting may constrain it, so addresses stay.

It is applied to postings as well, so a posting that asks for "female" or "Muslim"
candidates or gives an age range cannot steer the ranking either.
"""

from __future__ import annotations

import re
import unicodedata

from shared.text.alternation import by_first_letter
from shared.text.case import lowered_alike, lowered_twin
from shared.text.digits import to_ascii_digits

_APOS = r"['’`]?"

# Labels whose value is a person's name: the value runs to the end of the line or the next label.
_NAME_LABELS = (
    rf"father{_APOS}s? name", rf"mother{_APOS}s? name", rf"husband{_APOS}s? name", rf"spouse{_APOS}s? name",
    rf"wife{_APOS}s? name", rf"guardian{_APOS}s? name", rf"candidate{_APOS}s? name", rf"applicant{_APOS}s? name",
    "full name", "পিতার নাম", "বাবার নাম", "মাতার নাম", "মায়ের নাম", "স্বামীর নাম", "স্ত্রীর নাম",
    "অভিভাবকের নাম", "প্রার্থীর নাম", "আবেদনকারীর নাম", "পূর্ণ নাম", "pitar nam", "babar nam", "matar nam",
    "mayer nam",
)
# "Name:"/"নাম:" alone: only where a field starts (line, "|", ";", "•" or after ". ").
_BARE_NAME_LABELS = ("name", "নাম", "nam")
# Labels with short values (a word, a date, a number).
_DATE_LABELS = (
    "date of birth", "birth date", "d\\.?o\\.?b", "জন্ম তারিখ", "জন্মতারিখ", "জন্ম তাং", "জন্মদিন", "jonmo tarikh",
)
_SHORT_LABELS = (
    "religion", "age", "marital status", "marital", "gender", "sex",
    "nationality", "blood group", "height", "weight", "national id(?: card)?(?: no\\.?| number)?",
    "nid(?: no\\.?| number)?", "birth certificate(?: no\\.?| number)?", "passport(?: no\\.?| number)?", "caste",
    "photo(?:graph)?", "ধর্ম", "বয়স", "বৈবাহিক অবস্থা", "লিঙ্গ",
    "জাতীয়তা", "রক্তের গ্রুপ", "উচ্চতা", "ওজন", "জাতীয় পরিচয়পত্র(?: নং| নম্বর)?", "এনআইডি(?: নং| নম্বর)?",
    "জন্ম নিবন্ধন(?: নং| নম্বর)", "ছবি", "dhormo", "boyos", "boyosh", "boibahik obostha",
)
_CONTACT_LABELS = (
    "e-?mail", "email address", "phone", "mobile", "cell", "contact no\\.?", "contact number", "ইমেইল", "ই-মেইল",
    "ফোন", "মোবাইল", "মোবাইল নং", "মোবাইল নম্বর", "ফোন নম্বর",
)
# Labels of other fields: a personal value ends where one of these begins.
_SECTION_LABELS = (
    "skills?", "education", "experience", "work experience", "languages?", "objective", "career objective",
    "summary", "address", "present address", "permanent address", "training", "hobbies", "interests",
    "references?", "computer skills?", "expected salary", "দক্ষতা", "শিক্ষা", "শিক্ষাগত যোগ্যতা", "অভিজ্ঞতা",
    "ভাষা", "ঠিকানা", "বর্তমান ঠিকানা", "স্থায়ী ঠিকানা", "প্রশিক্ষণ",
)

_B = r"\u0980-\u09ff"  # Bengali block
_BEFORE = rf"(?<![\w{_B}])"
_AFTER = rf"(?![\w{_B}])"
# "Name :", "Religion - ", "Age (years):". Every run of spaces is possessive (``*+``) and a
# dash needs a space before it (the look-behind), so a label followed by a long run of
# spaces and no separator fails in one pass over the run, not one per way of splitting it.
_SEP = r"\s*+(?:\([^)\n]{0,20}\)\s*+)?(?:[:：=]|(?<=\s)[-–]\s)\s*+"


def _longest_first(labels) -> list[str]:
    return sorted((label.replace(" ", r"\s++") for label in labels), key=len, reverse=True)


def _alternation(labels) -> str:
    return "|".join(_longest_first(labels))


_NAME_LABEL = re.compile(_alternation(_NAME_LABELS), re.IGNORECASE)
_BARE_NAME_LABEL = re.compile(_alternation(_BARE_NAME_LABELS), re.IGNORECASE)
_SHORT_LABEL = re.compile(_alternation(_SHORT_LABELS), re.IGNORECASE)
_DATE_LABEL = re.compile(_alternation(_DATE_LABELS), re.IGNORECASE)
_PERSONAL_LABELS = _NAME_LABELS + _BARE_NAME_LABELS + _DATE_LABELS + _SHORT_LABELS + _CONTACT_LABELS
_PERSONAL_FIELD = re.compile(rf"{_BEFORE}(?P<label>{_alternation(_PERSONAL_LABELS)}){_AFTER}{_SEP}", re.IGNORECASE)
_ANY_LABEL = re.compile(
    rf"{_BEFORE}(?:{_alternation(_NAME_LABELS + _BARE_NAME_LABELS + _DATE_LABELS + _SHORT_LABELS + _CONTACT_LABELS + _SECTION_LABELS)})"
    rf"{_AFTER}{_SEP}",
    re.IGNORECASE,
)
# For the text lowered once (see shared.text.case), the labels grouped by first letter (see
# shared.text.alternation): the same matches, found sooner.
_LOWERED_PERSONAL_FIELD = lowered_twin(re.compile(
    rf"{_BEFORE}(?P<label>{by_first_letter(_longest_first(_PERSONAL_LABELS))}){_AFTER}{_SEP}", re.IGNORECASE))
_FIELD_START = re.compile(r"(?:^|[\n\r|;•]|[.!?।])\s*$")
_LINE_END = re.compile(r"[\n\r|;•]")
_SHORT_END = re.compile(r"[.,](?:\s|$)|[।]")
_SENTENCE_END = re.compile(r"\.(?:\s|$)|[।]")
_MAX_NAME_VALUE = 80
_MAX_SHORT_VALUE = 30

# Starts only where a run of address characters starts, so a long run without "@" is read once.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:\+?\s?88[\s-]?)?0?1[3-9]\d{2}[\s-]?\d{3}[\s-]?\d{3}(?!\d)")

# Words that reveal religion, gender or marital status, and name prefixes that do.
_PROTECTED_WORDS = (
    "islam", "islamic", "muslim", "muslims", "hindu", "hinduism", "christian", "christianity", "buddhist",
    "buddhism", "sanatan", "sanatani", "married", "unmarried", "divorced", "widow", "widowed", "widower",
    "male", "female", "man", "woman", "men", "women", "boy", "boys", "girl", "girls", "lady", "ladies",
    "gentleman", "mr", "mrs", "miss", "md", "mst", "mosammat", "mosammot", "mohammad", "mohammed", "muhammad",
    "sree", "sri", "srimoti", "ইসলাম", "ইসলামী", "ইসলামিক", "মুসলিম", "মুসলমান", "হিন্দু", "সনাতন", "সনাতনী",
    "খ্রিস্টান", "খ্রিষ্টান", "বৌদ্ধ", "বিবাহিত", "অবিবাহিত", "তালাকপ্রাপ্ত", "বিধবা", "পুরুষ", "মহিলা", "নারী",
    "ছেলে", "মেয়ে", "মোঃ", "মো", "মোছাঃ", "মোছা", "মোসাঃ", "মোসাম্মৎ", "মোহাম্মদ", "মুহাম্মদ", "শ্রী", "শ্রীমতি",
    "শ্রীমতী", "জনাব", "বেগম",
)
_PROTECTED = frozenset(unicodedata.normalize("NFC", w).casefold() for w in _PROTECTED_WORDS)
# Words as the protected list spells them: Latin letters, or Bengali letters and marks
# (including visarga, as in "মোঃ"), with an optional possessive and a trailing dot ("Md.").
_WORD = re.compile(rf"[A-Za-z]+(?:['’]s?)?\.?|[{_B}]+")
# What a text must hold for ``_WORD`` to find a protected word in it: runs of letters, with an
# apostrophe before them kept, since a word ``_WORD`` reads right after another's "'s" ("x'sman")
# starts inside a run. Texts without any are left as they are, without a call per word.
_RUNS = re.compile(rf"['’]?[A-Za-z]+|[{_B}]+")
_RUN_HINTS = _PROTECTED | {start + w for w in _PROTECTED if w.isascii() for start in ("'", "’", "'s", "’s")}
# ASCII letters lowered, apostrophes kept, every other ASCII character a space.
_LOWERED_LETTERS = str.maketrans(
    {chr(c): chr(c).lower() if chr(c).isalpha() or chr(c) == "'" else " " for c in range(128)})
# The digits every phone number ``_PHONE`` finds has in a row: found by a fast scan from "1".
_PHONE_DIGITS = re.compile(r"1[3-9]\d{2}[\s-]?\d{3}[\s-]?\d{3}")


def _value_end(text: str, start: int, limit: int, short: bool) -> int:
    """Where a field's value that starts at ``start`` ends."""
    end = min(len(text), start + limit)
    line = _LINE_END.search(text, start, end)
    if line:
        end = line.start()
    label = _ANY_LABEL.search(text, start, min(len(text), end + 40))
    if label and start < label.start() < end:
        end = label.start()
    elif end < len(text) and not line:
        # Never stop inside a word: give the rest of a word cut by the limit back.
        space = text.rfind(" ", start, end + 1)
        if space > start and not text[end].isspace():
            end = space
    if short:
        stop = _SHORT_END.search(text, start, end)
        if stop:
            end = stop.start()
    return end


def _drop_fields(text: str) -> str:
    """Remove every labelled personal or contact field with its value."""
    return _fields_dropped(text, lowered_alike(text))


def _fields_dropped(text: str, lowered: str | None) -> str:
    """``_drop_fields`` of ``text``, its labels found in ``lowered`` (``lowered_alike``) where it is given."""
    out, pos = [], 0
    found = _PERSONAL_FIELD.finditer(text) if lowered is None else _LOWERED_PERSONAL_FIELD.finditer(lowered)
    for match in found:
        if match.start() < pos:
            continue
        label = match.group("label")
        if _BARE_NAME_LABEL.fullmatch(label) and not _FIELD_START.search(text, max(0, match.start() - 20), match.start()):
            continue  # "Company Name:", "প্রতিষ্ঠানের নাম:": not the candidate's name
        if _NAME_LABEL.fullmatch(label) or _BARE_NAME_LABEL.fullmatch(label):
            end = _value_end(text, match.end(), _MAX_NAME_VALUE, short=False)
        elif _DATE_LABEL.fullmatch(label):  # "12 March, 1998": ends at a sentence end, not a comma
            end = _value_end(text, match.end(), _MAX_SHORT_VALUE, short=False)
            stop = _SENTENCE_END.search(text, match.end(), end)
            end = stop.start() if stop else end
        elif _SHORT_LABEL.fullmatch(label):
            end = _value_end(text, match.end(), _MAX_SHORT_VALUE, short=True)
        else:  # contact
            end = _value_end(text, match.end(), _MAX_SHORT_VALUE + 20, short=False)
        out.append(text[pos : match.start()])
        out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _protected_word(match: re.Match) -> str:
    word = match.group(0)
    key = word.casefold().rstrip(".")
    if key.endswith(("'s", "’s")):
        key = key[:-2]
    elif key.endswith(("'", "’")):
        key = key[:-1]
    return " " if key in _PROTECTED else word


def blind_text(text: str) -> str:
    """Return ``text`` without personal fields, contact details and identity words.

    Line breaks are kept (fields are found line by line); the result is meant for
    indexing, not for showing. Idempotent. Never fails on a str.
    """
    text = to_ascii_digits(unicodedata.normalize("NFC", text))
    text = _drop_fields(text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    lowered = text.lower()
    if "www." in lowered or "http" in lowered:
        text = _URL.sub(" ", text)
    if _PHONE_DIGITS.search(text):
        text = _PHONE.sub(" ", text)
    if text.isascii():
        # Its words of letters and apostrophes, lowered (the table blanks everything else): a word
        # without an apostrophe is a run; the runs of those with one are read apart. No whole word
        # with an apostrophe is a hint (a hint's only apostrophe leads it, as a run's does).
        runs = text.translate(_LOWERED_LETTERS).split()
        if "'" in text:
            runs += _RUNS.findall(" ".join(word for word in runs if "'" in word))
    else:
        runs = [run.lower() for run in _RUNS.findall(text)]
    if _RUN_HINTS.isdisjoint(runs):
        return text
    return _WORD.sub(_protected_word, text)
