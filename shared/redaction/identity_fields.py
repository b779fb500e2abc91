"""Fields of a CV that say who a person is, with or without a label, found for removal.

Labelled fields, in English, Bengali and Banglish: national ID, birth registration and
passport numbers; date of birth and age; religion; marital status; father's, mother's,
spouse's and guardian's names ("Religion: Islam", "পিতার নাম: আব্দুল করিম",
"Date of Birth 12 March, 1998", "Marital Status - Single", "NID No. 1995...").

A label followed by a separator (":", "=", "-", "#") counts wherever it stands as a word.
Without a separator it counts only at the start of a field (start of the text or of a line,
after "|", ";" or "•", after 16 blanks, or right after another removed field), and only
for labels that cannot start an ordinary sentence: "Date of Birth 12 March 1998" and
"Religion Islam" are fields, "Father" or "Passport" alone are not ("Passport and visa
processing" is a skill). A field right after a removed one, even after a comma, starts
where that one started ("..., Mother's Name Rokeya Begum"). A value runs to the end of its line, a "|", ";" or "•", the next
label (ours, or any "Word:"), or a length bound; short values (numbers, religion, marital
status) also end at a comma or a full stop, names at a comma, dates at a full stop.
"Company Name:" and work history are not fields here.

Unlabelled: runs of exactly 10, 13 or 17 digits (a national ID is 10, 13 or 17 digits long,
a birth registration number 17). Passport numbers are only removed after a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BENGALI = "\u0980-\u09ff"
_WORD_BEFORE = rf"(?<![\w{_BENGALI}])"
_WORD_AFTER = rf"(?![\w{_BENGALI}])"
_BLANKS = " \t\u00a0"
_POSSESSIVE = "['’`ʼ]?s?"
_NUMBER_WORD = r"[ \t]{0,2}(?:no|number|num|nr|নং|নম্বর|নাম্বার|nombor)\.?"


@dataclass(frozen=True)
class FieldKind:
    """One kind of identity field: its labels and where its value ends."""

    key: str
    standalone_labels: tuple[str, ...]  # count without a separator at a field start
    separator_labels: tuple[str, ...]  # count only when a separator follows
    max_value: int
    value_stop: re.Pattern


_LINE_STOP = r"[\n\r|;•।]"
_STOP_AT_COMMA_AND_FULL_STOP = re.compile(rf"{_LINE_STOP}|,|\.(?:\s|$)")
_STOP_AT_FULL_STOP = re.compile(rf"{_LINE_STOP}|\.(?:\s|$)")
_STOP_AT_COMMA = re.compile(rf"{_LINE_STOP}|,")

# Labels are written with " " for one to three blanks, "{s}" for an optional possessive,
# "{no}" for an optional and "{no!}" for a required "No."/"Number"/"নং".
FIELD_KINDS = (
    FieldKind(
        "id_number",
        (
            "national id{no}", "national id card{no}", "national identity card{no}", "nid{no!}", "nid card{no}",
            "birth registration{no}", "birth reg{no}", "birth certificate{no}", "passport{no!}",
            "জাতীয় পরিচয়পত্র{no}", "জাতীয় পরিচয় পত্র{no}", "এনআইডি{no}", "জন্ম নিবন্ধন{no}", "জন্মনিবন্ধন{no}",
            "জন্ম সনদ{no}", "jatiyo porichoy potro{no}", "jonmo nibondhon{no}", "পাসপোর্ট{no!}",
        ),
        ("nid", "passport", "পাসপোর্ট"),
        40,
        _STOP_AT_COMMA_AND_FULL_STOP,
    ),
    FieldKind(
        "birth",
        (
            "date of birth", "birth date", "birthdate", "dob", "d.o.b", "d.o.b.", "born on", "জন্ম তারিখ",
            "জন্মতারিখ", "জন্ম তাং", "জন্মদিন", "jonmo tarikh", "jonmotarikh", "date of birth & age",
        ),
        ("born", "age", "জন্ম", "বয়স", "boyos", "boyosh", "jonmo"),
        30,
        _STOP_AT_FULL_STOP,
    ),
    FieldKind(
        "religion",
        ("religion", "ধর্ম", "dhormo"),
        ("religious belief", "faith"),
        30,
        _STOP_AT_COMMA_AND_FULL_STOP,
    ),
    FieldKind(
        "marital",
        ("marital status", "civil status", "বৈবাহিক অবস্থা", "বৈবাহিক অবস্থান", "boibahik obostha", "boibahik abostha"),
        ("marital",),
        30,
        _STOP_AT_COMMA_AND_FULL_STOP,
    ),
    FieldKind(
        "family_name",
        (
            "father{s} name", "mother{s} name", "husband{s} name", "wife{s} name", "spouse{s} name",
            "guardian{s} name", "পিতার নাম", "বাবার নাম", "মাতার নাম", "মায়ের নাম", "স্বামীর নাম", "স্ত্রীর নাম",
            "অভিভাবকের নাম", "pitar nam", "pitar naam", "babar nam", "babar naam", "matar nam", "matar naam",
            "mayer nam", "mayer naam", "swamir nam", "stir nam",
        ),
        ("father", "mother", "husband", "wife", "spouse", "guardian", "পিতা", "বাবা", "মাতা", "মা", "স্বামী", "স্ত্রী",
         "pita", "mata", "baba"),
        60,
        _STOP_AT_COMMA,
    ),
)


def _label_pattern(label: str) -> str:
    words = []
    for word in label.split(" "):
        pattern = re.escape(word.replace("{s}", "").replace("{no!}", "").replace("{no}", ""))
        if "{s}" in word:
            pattern += _POSSESSIVE
        if "{no!}" in word:
            pattern += _NUMBER_WORD
        elif "{no}" in word:
            pattern += f"(?:{_NUMBER_WORD})?"
        words.append(pattern)
    return r"[ \t]{1,3}".join(words)


def _alternation(labels) -> str:
    return "|".join(_label_pattern(label) for label in sorted(labels, key=len, reverse=True))


# One regex group per kind and way of standing: "birth" (may stand alone), "birth__separated".
_GROUPS = {
    group: labels
    for kind in FIELD_KINDS
    for group, labels in ((kind.key, kind.standalone_labels), (f"{kind.key}__separated", kind.separator_labels))
}
_KIND_BY_GROUP = {group: kind for kind in FIELD_KINDS for group in (kind.key, f"{kind.key}__separated")}

_SEPARATOR = r"(?P<separator>[ \t\u00a0]{0,6}(?:\([^)\n]{0,24}\)[ \t\u00a0]{0,6})?(?:[:：=#]|[-–—](?!\d))[ \t\u00a0]{0,6})?"
FIELD_LABEL = re.compile(
    _WORD_BEFORE
    + "(?:"
    + "|".join(f"(?P<{group}>{_alternation(labels)})" for group, labels in _GROUPS.items())
    + ")"
    + _WORD_AFTER
    + _SEPARATOR,
    re.IGNORECASE,
)
# Any "Word:" ends a value: another field begins.
_NEXT_FIELD = re.compile(r"[^\s:：]{1,30}[ \t]{0,2}[:：]")
_FIELD_START_WINDOW = 16
_FIELD_DELIMITERS = "\n\r|;•"
_LEADING_MARKS = _BLANKS + "•*·>-–"
UNLABELLED_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{17}|\d{13}|\d{10})(?!\d)")


def _at_field_start(text: str, start: int, previous_end: int, previous_at_start: bool) -> bool:
    """Whether a label at ``start`` opens a field; ``previous_*`` describe the last removed field."""
    window_start = max(0, start - _FIELD_START_WINDOW)
    if previous_end >= window_start and not text[previous_end:start].strip(_LEADING_MARKS + ","):
        return previous_at_start
    before = text[window_start:start].rstrip(_LEADING_MARKS)
    if not before:
        return True  # the start of the text, or a long blank run (columns of a PDF export)
    return before[-1] in _FIELD_DELIMITERS


def _value_end(text: str, start: int, kind: FieldKind) -> int:
    """Where the value of a field of ``kind`` that starts at ``start`` ends."""
    limit = min(len(text), start + kind.max_value)
    end = limit
    stop = kind.value_stop.search(text, start, limit)
    if stop:
        end = stop.start()
    label = FIELD_LABEL.search(text, start, end)
    if label:
        end = label.start()
    next_field = _NEXT_FIELD.search(text, start, end)
    if next_field:
        end = next_field.start()
    if end == limit < len(text) and not text[limit].isspace():
        blank = max(text.rfind(" ", start, end), text.rfind("\t", start, end))
        if blank > start:
            end = blank  # never cut a word in two at the bound
    return end


def identity_field_spans(text: str) -> list[tuple[int, int]]:
    """Spans of labelled identity fields (label and value) in ``text`` (NFC, ASCII digits).

    Spans do not overlap and never cross a line break. Linear in ``len(text)``: each label
    looks at a bounded window after it. Never fails on a str.
    """
    spans: list[tuple[int, int]] = []
    previous_end, previous_at_start = -1, False
    for match in FIELD_LABEL.finditer(text):
        if match.start() < previous_end:
            continue
        at_start = _at_field_start(text, match.start(), previous_end, previous_at_start)
        separated = match["separator"] is not None
        group = match.lastgroup if match.lastgroup != "separator" else _label_group(match)
        kind = _KIND_BY_GROUP[group]
        if not separated and not (at_start and group == kind.key):
            continue
        end = _value_end(text, match.end(), kind)
        spans.append((match.start(), max(end, match.end())))
        previous_end, previous_at_start = spans[-1][1], at_start
    return spans


def _label_group(match: re.Match) -> str:
    """The label group that matched (``lastgroup`` names the separator when one followed)."""
    return next(group for group in _GROUPS if match.group(group) is not None)


def unlabelled_id_number_spans(text: str) -> list[tuple[int, int]]:
    """Spans of digit runs exactly as long as a national ID or birth registration number (10, 13, 17).

    ``text`` must have ASCII digits (Bengali digits are not seen). Never fails on a str.
    """
    return [match.span() for match in UNLABELLED_ID_NUMBER.finditer(text)]
