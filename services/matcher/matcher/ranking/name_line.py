"""A candidate's name at the head of a CV without a "Name:" label, found so blinding can drop it.

Most CVs open with the person's name ("Tasnuva Hossain | Comilla", "KAZI MAHFUZA HAQUE",
"Rifat Ahmed - SEO Executive") or introduce themselves ("আমি তাহসিন আরা, ঢাকায় থাকি",
"Ami Robiul Awal, Trishal e bari", "My name is ..."). The opening words up to the first
separator are taken for a name when they are two to four capitalised words (any words
after an introduction) of letters only, none of which is a word a job, skill, place,
degree or section heading uses; CVs that open with a headline ("ACCOUNTANT", "Data Entry
Operator", "BBA (Management) student") keep it.
"""

import re
from collections.abc import Callable

from matcher.ranking.education import levels_in
from shared.places import resolve_place
from shared.text.stopwords import STOPWORDS

_INTRODUCTION = re.compile(
    r"\s*(?:i\s+am|i['’]m|my\s+name\s+is|this\s+is|ami|amar\s+nam|আমি|আমার\s+নাম)\s+", re.IGNORECASE
)
_SEPARATOR = re.compile(r"\s[-–—]\s|[,|;:()/\[\]।\n\r]|\.(?:\s|$)|\s{3,}")
_LATIN_NAME_WORD = re.compile(r"(?:[A-Z][a-z]+|[A-Z]+)(?:['’][A-Za-z]+)?\.?")
_ANY_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?\.?")
_BENGALI_WORD = re.compile(r"[\u0980-\u09ff]+")
_MAX_WORDS = 4
# English job nouns by their ending ("hygienist", "facilitator", "technician", "assistant").
_JOB_NOUN = re.compile(r"[A-Za-z]{3,}(?:ists?|ators?|icians?|ants?)\.?", re.IGNORECASE)
# A heading some CVs open with before the name: "Curriculum Vitae - Tariqul, Rangpur".
_HEADING = re.compile(
    r"\s*(?:curricul[au]m\s+vitae|r[eé]sum[eé]|cv|bio-?data|জীবন\s?বৃত্তান্ত|বায়োডাটা)(?![\w\u0980-\u09ff])"
    r"\s*(?:[-–—:|]\s*)?",
    re.IGNORECASE,
)

# Words of headlines and job titles a lexicon of skills may not hold; a name has none of them.
_HEADLINE_WORDS = frozenset(
    """
    resume résumé cv curriculum vitae profile summary objective career personal details information contact
    manager engineer officer executive assistant associate developer designer agent operator accountant
    analyst specialist consultant teacher lecturer instructor trainer student graduate fresher intern
    trainee coordinator administrator admin director supervisor technician representative clerk nurse
    doctor driver chef cook writer editor sales marketing technology senior junior lead head chief
    professional expert freelancer worker helper staff member owner founder entrepreneur researcher
    scientist architect programmer tester support service services customer care centre center call
    voice chat team leader management finance financial business human resources hr it software web
    graphic data entry office computer digital media content social project product quality control
    general mechanical electrical civil electronics textile garments apprentice candidate applicant
    receptionist cashier guard security storekeeper merchandiser photographer videographer translator
    interpreter bookkeeper auditor banker teller counselor counsellor therapist pharmacist advocate
    president vice deputy principal faculty aide attendant inspector educator keeper holder volunteer
    university college school institute academy polytechnic madrasa department dept experience
    বিশ্ববিদ্যালয় কলেজ স্কুল ইনস্টিটিউট মাদ্রাসা জীবন বৃত্তান্ত শিক্ষা শিক্ষাগত যোগ্যতা দক্ষতা অভিজ্ঞতা
    ঠিকানা ভাষা প্রশিক্ষণ উদ্দেশ্য ক্যারিয়ার skills education languages training address references
    জীবনবৃত্তান্ত বায়োডাটা সিভি পরিচিতি ব্যবস্থাপক প্রকৌশলী কর্মকর্তা নির্বাহী সহকারী ডেভেলপার ডিজাইনার
    এজেন্ট অপারেটর হিসাবরক্ষক শিক্ষক শিক্ষার্থী ছাত্র ছাত্রী প্রশিক্ষণার্থী সমন্বয়কারী তত্ত্বাবধায়ক
    প্রতিনিধি কেরানি চালক বিক্রয় বিপণন গ্রাহক সেবা কল সেন্টার ডাটা এন্ট্রি কম্পিউটার অফিস
    """.split()
)


def _known(word: str, is_known_word: Callable[[str], bool]) -> bool:
    """Whether a word is one a headline or job title uses rather than a name."""
    key = word.casefold().rstrip(".")
    return (
        key in STOPWORDS
        or key in _HEADLINE_WORDS
        or is_known_word(key)
        or resolve_place(key) is not None
        or bool(levels_in(word))
        or bool(_JOB_NOUN.fullmatch(word))
    )


def leading_name(text: str, is_known_word: Callable[[str], bool] = lambda word: False) -> tuple[int, int] | None:
    """Where the unlabelled name at the head of ``text`` is, as (start, end); None if none.

    ``is_known_word`` says whether a casefolded word belongs to the skill vocabulary (so
    "Customer Service" or "Graphic Designer" is never taken for a name).
    """
    start = len(text) - len(text.lstrip())
    heading = _HEADING.match(text, start)
    if heading:  # the name may follow on the same line or the next
        start = len(text) - len(text[heading.end() :].lstrip())
    introduction = _INTRODUCTION.match(text, start)
    if introduction:
        start = introduction.end()
    introduced = bool(heading or introduction)
    stop = _SEPARATOR.search(text, start)
    end = stop.start() if stop else len(text)
    words = text[start:end].split()
    if not words or len(words) > _MAX_WORDS or (not introduced and len(words) < 2):
        return None
    latin = _ANY_LATIN_WORD if introduced else _LATIN_NAME_WORD
    for word in words:
        if not (latin.fullmatch(word) or _BENGALI_WORD.fullmatch(word)):
            return None
        if _known(word, is_known_word):
            return None
    return start, start + len(text[start:end].rstrip())


def drop_leading_name(text: str, is_known_word: Callable[[str], bool] = lambda word: False) -> str:
    """``text`` without the unlabelled name at its head (see ``leading_name``)."""
    span = leading_name(text, is_known_word)
    return text if span is None else f"{text[: span[0]]} {text[span[1]:]}"
