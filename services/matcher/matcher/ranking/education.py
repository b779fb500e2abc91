"""Education levels of Bangladesh's system, read from English, Bengali and mixed text.

Levels, lowest first: SSC (and Dakhil, O levels) < HSC (Alim, A levels) < Diploma
(polytechnic) < Bachelor (BA, BSc, BBA, BBS, BSS, honours, degree pass course, Fazil, স্নাতক)
< Masters (MA, MSc, MBA, MSS, MBS, Kamil, স্নাতকোত্তর) < PhD.

``detect_education`` finds the highest level a CV shows as *completed* and, separately, the
highest one it shows as *in progress* ("final-year BBA student", "currently studying BBS",
"ডিগ্রি প্রথম বর্ষে পড়ছি"). Studying for a level implies the one below it is done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.text.alternation import alternatives, by_first_letter
from shared.text.case import lowered_alike, lowered_twin
from shared.text.digits import to_ascii_digits

SSC, HSC, DIPLOMA, BACHELOR, MASTERS, PHD = 1, 2, 3, 4, 5, 6
LEVEL_NAMES = {SSC: "SSC", HSC: "HSC", DIPLOMA: "Diploma", BACHELOR: "Bachelor", MASTERS: "Masters", PHD: "PhD"}
_BELOW = {SSC: None, HSC: SSC, DIPLOMA: SSC, BACHELOR: HSC, MASTERS: BACHELOR, PHD: MASTERS}

_B = r"\u0980-\u09ff"
_L = rf"(?<![\w{_B}])"
_R = rf"(?![\w{_B}])"

# (level, case-insensitive pattern). Short acronyms that are also words ("BA", "MA") are
# matched case-sensitively below.
_PATTERNS: tuple[tuple[int, str], ...] = (
    (PHD, r"ph\.?\s?d|doctorate|doctoral|পিএইচডি|ডক্টরেট"),
    (MASTERS, r"m\.?\s?sc|m\.?\s?s\.?\s?s|m\.?\s?b\.?\s?a|m\.?\s?b\.?\s?s|m\.?\s?com|m\.?\s?phil|llm|"
              r"m\.?\s?pharm|m\.?\s?engg?|m\.\s?ed|masters?|master'?s|post\s?-?graduat\w*|kamil|"
              r"স্নাতকোত্তর|মাস্টার্স|এমএসসি|এমএসএস|এমবিএ|এমবিএস|এমকম|এমফিল|এমএ|কামিল"),
    (BACHELOR, r"b\.?\s?sc|b\.?\s?s\.?\s?s|b\.?\s?b\.?\s?a|b\.?\s?b\.?\s?s|b\.?\s?com|b\.\s?ed|llb|mbbs|bds|"
               r"b\.?\s?pharm|b\.?\s?engg?|b\.?\s?tech|bachelor'?s?|hons|honours|honors|graduat(?:e|ed|ion)|"
               r"undergraduate|degree\s+pass|pass\s+course|fazil|"
               r"স্নাতক|অনার্স|ডিগ্রি|ডিগ্রী|বিএসসি|বিএসএস|বিবিএ|বিবিএস|বিকম|বিএ|ফাজিল|এলএলবি|এমবিবিএস"),
    (DIPLOMA, r"diploma|polytechnic|ডিপ্লোমা|পলিটেকনিক"),
    (HSC, r"h\.?\s?s\.?\s?c|higher\s+secondary|alim|এইচএসসি|উচ্চ\s?মাধ্যমিক|আলিম"),
    (SSC, r"s\.?\s?s\.?\s?c|secondary\s+school\s+certificate|dakhil|matriculation|"
          r"এসএসসি|মাধ্যমিক|দাখিল"),
)
_CASED: tuple[tuple[int, str], ...] = (
    (BACHELOR, r"B\.?A\.?"),
    (MASTERS, r"M\.?A\.?"),
    (HSC, r"A[\s-]?[Ll]evels?"),
    (SSC, r"O[\s-]?[Ll]evels?"),
)

# Bengali case endings a level may carry: "স্নাতকের", "ডিপ্লোমায়", "বিশ্ববিদ্যালয়ের".
_ENDING = "(?:\u09c7\u09b0|\u09b0|\u09c7|\u09af\u09bc\u09c7|\u09af\u09bc|\u09a4\u09c7|\u0995\u09c7)?"
_COMPILED = [(level, re.compile(rf"{_L}(?:{p}){_ENDING}{_R}", re.IGNORECASE)) for level, p in _PATTERNS]
_COMPILED += [(level, re.compile(rf"{_L}(?:{p})(?![\w{_B}])")) for level, p in _CASED]
# The same patterns in two passes over a text (one case-insensitive, one case-sensitive);
# group "l<level>" says which level matched.
_ALL_LEVELS = re.compile(
    rf"{_L}(?:" + "|".join(f"(?P<l{level}>{p})" for level, p in _PATTERNS) + rf"){_ENDING}{_R}", re.IGNORECASE
)
_CASED_LEVELS = re.compile(rf"{_L}(?:" + "|".join(f"(?P<c{level}>{p})" for level, p in _CASED) + rf")(?![\w{_B}])")
# Words that show a level only as studied for: a university student is studying for a degree.
_STUDENT_WORDS = ("university", "varsity", "বিশ্ববিদ্যালয়")
_STUDENT_ONLY = [(BACHELOR, re.compile(rf"{_L}(?:{'|'.join(_STUDENT_WORDS)}){_ENDING}{_R}", re.IGNORECASE))]


def _first_letter_led(alternatives) -> str:
    """``_L(?:a|b|...)`` with the word-start check after each alternative's first letter: a pattern
    that starts with letters lets ``re`` skip straight to them (a leading lookbehind is tried at
    every position). The check reads the character before that letter, so it says the same."""
    if not all(a[:1].isalpha() for a in alternatives):
        raise ValueError("every alternative must start with a letter")
    return "(?:" + "|".join(f"{a[0]}(?<![\\w{_B}].){a[1:]}" for a in alternatives) + ")"


def _grouped_levels() -> tuple[re.Pattern, dict[str, int]]:
    """``_ALL_LEVELS`` without IGNORECASE, grouped by first letter, and the level each group's name says."""
    choices, level_of = [], {}
    for level, pattern in _PATTERNS:
        for choice in alternatives(pattern):
            name = f"l{level}_{len(choices)}"
            level_of[name] = level
            choices.append(f"{choice[0]}(?P<{name}>{choice[1:]})")
    return lowered_twin(re.compile(rf"{_L}{by_first_letter(choices)}{_ENDING}{_R}", re.IGNORECASE)), level_of


# The passes of the text lowered once (see shared.text.case): the case-insensitive ones without
# IGNORECASE, their alternatives grouped by first letter (see shared.text.alternation), each in a
# group of its own named for its level; the rare student words and capitals led by their first
# letters. A cased match's level is read by matching ``_CASED_LEVELS`` where it starts.
_LOWERED_LEVELS, _GROUP_LEVELS = _grouped_levels()
# The level of each named group of the passes.
_LEVEL_OF = {f"l{level}": level for level, _ in _PATTERNS} | {f"c{level}": level for level, _ in _CASED} | _GROUP_LEVELS
_LOWERED_STUDENT_ONLY = [(BACHELOR, re.compile(_first_letter_led(_STUDENT_WORDS) + _ENDING + _R))]
_CASED_SCAN = re.compile(_first_letter_led([p for _, p in _CASED]) + rf"(?![\w{_B}])")

# Words near a mention that say the level is not finished yet.
_IN_PROGRESS = re.compile(
    r"student|studying|pursuing|ongoing|running|final[\s-]?year|\d(?:st|nd|rd|th)[\s-]year|currently|"
    r"expected|appearing|candidate|semester|last\s+year|"
    r"ছাত্র|ছাত্রী|শিক্ষার্থী|পড়ছি|পড়ছেন|অধ্যয়নরত|বর্ষে|বর্ষের|চলমান|চলছে|পরীক্ষার্থী",
    re.IGNORECASE,
)
# Words that say it is finished even when an in-progress word is near ("completed HSC").
_DONE = re.compile(r"passed|completed|graduated\s+in|পাস|উত্তীর্ণ|সম্পন্ন", re.IGNORECASE)
_WINDOW = 60  # characters either side of a mention that are read for those words

# Segments a mention's context may not cross.
_CLAUSE = re.compile(r"[\n;।]|\.\s")


@dataclass(frozen=True, slots=True)
class Education:
    """The highest completed level and the highest level being studied for (None if none)."""

    completed: int | None
    studying: int | None

    def __reduce__(self):
        """Pickled as its fields: unpickling a slots dataclass by its state is several times slower."""
        return Education, (self.completed, self.studying)

    @property
    def known(self) -> bool:
        return self.completed is not None or self.studying is not None

    def describe(self) -> str | None:
        """"Bachelor", "HSC (studying for Bachelor)", or None when nothing was found."""
        if self.completed and (not self.studying or self.studying <= self.completed):
            return LEVEL_NAMES[self.completed]
        if self.studying:
            done = f"{LEVEL_NAMES[self.completed]}, " if self.completed else ""
            return f"{done}studying for {LEVEL_NAMES[self.studying]}"
        return None


def _nearest(pattern: re.Pattern, before: str, after: str) -> int | None:
    """Characters between a mention and the nearest match of ``pattern`` around it."""
    distances = [len(before) - m.end() for m in pattern.finditer(before)]
    distances += [m.start() for m in pattern.finditer(after)]
    return min(distances) if distances else None


def _in_progress(text: str, start: int, end: int) -> bool:
    """Whether the clause around a mention says the level is still being studied for.

    The nearest cue decides: "Completed BBA, now studying MBA" finished the BBA and is
    studying for the MBA.
    """
    before = text[max(0, start - _WINDOW) : start]
    after = text[end : end + _WINDOW]
    cut = list(_CLAUSE.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    nxt = _CLAUSE.search(after)
    if nxt:
        after = after[: nxt.start()]
    studying = _nearest(_IN_PROGRESS, before, after)
    if studying is None:
        return False
    done = _nearest(_DONE, before, after)
    return done is None or studying < done


def levels_in(text: str) -> list[int]:
    """Every education level ``text`` names, in text order ("HSC or Diploma" → [HSC, DIPLOMA])."""
    found = []
    for pattern in (_ALL_LEVELS, _CASED_LEVELS):
        for match in pattern.finditer(text):
            name = next(group for group, value in match.groupdict().items() if value)
            found.append((match.start(), int(name[1:])))
    return [level for _, level in sorted(found)]


def detect_education(text: str) -> Education:
    """Read the completed and in-progress education levels a text shows."""
    text = to_ascii_digits(text)
    return _education_in(text, lowered_alike(text))


def _education_in(text: str, lowered: str | None) -> Education:
    """``detect_education`` of a text (digits ASCII), reading ``lowered`` (``lowered_alike``) where it is given."""
    if lowered is None:
        passes = [(_ALL_LEVELS, None, text), (_CASED_LEVELS, None, text)]
        student_passes = [(level, pattern, text) for level, pattern in _STUDENT_ONLY]
    else:
        passes = [(_LOWERED_LEVELS, None, lowered), (_CASED_SCAN, _CASED_LEVELS, text)]
        # A student word is matched where it is written: a text without any (most) needs no scan.
        student_passes = [(level, pattern, lowered) for level, pattern in _LOWERED_STUDENT_ONLY
                          if any(word in lowered for word in _STUDENT_WORDS)]
    completed: int | None = None
    studying: int | None = None
    for pattern, named, read in passes:  # ``named``: the pattern whose groups name a scan's levels
        for match in pattern.finditer(read):
            level = _LEVEL_OF[(match if named is None else named.match(read, match.start())).lastgroup]
            if _in_progress(text, match.start(), match.end()):
                studying = max(studying or 0, level)
            else:
                completed = max(completed or 0, level)
    for level, pattern, read in student_passes:
        for match in pattern.finditer(read):
            if _in_progress(text, match.start(), match.end()):
                studying = max(studying or 0, level)
    if studying is not None and _BELOW[studying] is not None:
        completed = max(completed or 0, _BELOW[studying])
    if studying is not None and completed is not None and studying <= completed:
        studying = None
    return Education(completed, studying)


def parse_level(value: str | int | None) -> int | None:
    """A level from a constraint value: "HSC", "এইচএসসি", "Bachelor", "BSc", 4; None if unknown."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in LEVEL_NAMES else None
    if not isinstance(value, str):
        return None
    text = to_ascii_digits(value.strip())
    for level, name in LEVEL_NAMES.items():
        if text.casefold() == name.casefold():
            return level
    best = None
    for level, pattern in _COMPILED:
        if pattern.search(text):
            best = max(best or 0, level)
    return best
