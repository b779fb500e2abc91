"""On the whole bilingual set, swapping a redacted CV's name, religion, date of birth and contact moves no score."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation.bilingual_set import load_bilingual_set
from matcher.offline_rank import cv_from_record, posting_from_record
from matcher.ranking import MatchIndex

BILINGUAL = Path(__file__).resolve().parents[1] / "data" / "bilingual"

# Two people per slot, in Latin and Bengali letters. None of their parts occurs in the set: a name
# part is removed wherever it stands, so a name that is also a word of some CV (a colleague "Jahan")
# would take that word out of one run and not the other.
PEOPLE = {
    "first": [
        ("Rafiqul Mondol", "রফিকুল মণ্ডল"), ("Mitu Rani Pal", "মিতু রানী পাল"), ("Ishrat Moumita", "ইশরাত মৌমিতা"),
        ("Tarek Bhuiyan", "তারেক ভূঁইয়া"), ("Pritom Dewan", "প্রীতম দেওয়ান"),
    ],
    "second": [
        ("Kamrun Naher", "কামরুন নাহের"), ("Shuvro Tripura", "শুভ্র ত্রিপুরা"), ("Ovi Mahbub", "অভি মাহবুব"),
        ("Joya Gomes", "জয়া গোমেজ"), ("Sajib Sheikh", "সজীব শেখ"),
    ],
}
IDENTITY = {
    "first": {"religion": ("Religion: Islam", "ধর্ম: ইসলাম"), "birth": ("Date of Birth: 12 March, 1998", "জন্ম তারিখ: ১২-০৩-১৯৯৮"),
              "phone": ("01711-234567", "০১৭১১-২৩৪৫৬৭")},
    "second": {"religion": ("Religion Hindu", "ধর্ম হিন্দু"), "birth": ("D.O.B: 03/11/1985", "জন্ম তারিখ ০৩ নভেম্বর ১৯৮৫"),
               "phone": ("+880 1911 765432", "+৮৮০ ১৯১১ ৭৬৫৪৩২")},
}
_SENTENCE_END = re.compile(r"[.।](?=\s)")


def _with_person(record: dict, number: int, who: str) -> dict:
    """``record`` with a person written into its text at the head, the second line, a sentence and an email."""
    latin, bengali = PEOPLE[who][number % len(PEOPLE[who])]
    bengali_side = record["language"] in ("bn", "mixed")
    both_scripts = record["language"] == "mixed" or number % 3 == 0
    line_name = bengali if bengali_side else latin
    sentence_name = latin if (both_scripts or not bengali_side) else bengali
    identity = IDENTITY[who]
    script = 1 if bengali_side else 0
    handle = ".".join(latin.lower().split()) + str(number)
    email = f"{handle}@gmail.com"
    text = record["text"]
    cut = _SENTENCE_END.search(text)
    sentence = f" As {sentence_name}'s references confirm, " if sentence_name == latin else f" সবাই {sentence_name}কে চেনে।"
    text = text[: cut.end()] + sentence + text[cut.end():] if cut else text + sentence
    head = "CURRICULUM VITAE\n" if number % 2 else ""
    personal = f"{identity['religion'][script]}\n{identity['birth'][script]}"
    if number % 2:
        text = f"{head}{line_name}\n{personal}\n{text}\nEmail: {email} | Mobile: {identity['phone'][script]}"
    else:
        text = f"{line_name} | {identity['phone'][script]}\n{text}\nContact: {email}\n{personal}"
    name = f"{latin} ({bengali})" if both_scripts else (bengali if bengali_side and sentence_name == bengali else latin)
    return {**record, "text": text, "name": name, "email": email, "phone": identity["phone"][0]}


def _scores(cv_records: list[dict], postings: dict) -> dict[tuple[str, str], float]:
    index = MatchIndex()
    for record in postings.values():
        index.upsert(posting_from_record(record))
    for record in cv_records:
        index.upsert(cv_from_record(record))
    return {
        (match.posting_id, match.cv_id): match.score
        for posting_id in postings
        for match in index.rank_cvs_for_posting(posting_id, limit=len(cv_records), include_excluded=True)
    }


@pytest.fixture(scope="module")
def bilingual():
    return load_bilingual_set(BILINGUAL)


def _people(bilingual, who: str) -> list[dict]:
    return [_with_person(record, number, who) for number, record in enumerate(bilingual.cvs.values())]


def test_the_inserted_names_occur_nowhere_else_in_the_set(bilingual):
    words = set(re.findall(r"[\w\u0980-\u09ff]+", " ".join(r["text"] for r in bilingual.cvs.values()).casefold()))
    parts = {part.casefold() for pair in PEOPLE["first"] + PEOPLE["second"] for name in pair for part in name.split()}
    assert not parts & words


def test_swapping_name_religion_birth_date_and_contact_moves_no_score(bilingual):
    first = _scores(_people(bilingual, "first"), bilingual.postings)
    second = _scores(_people(bilingual, "second"), bilingual.postings)
    assert len(first) == len(bilingual.postings) * len(bilingual.cvs)
    assert first.keys() == second.keys()
    moved = {pair: (first[pair], second[pair]) for pair in first if first[pair] != second[pair]}
    assert not moved
    assert any(score > 0 for score in first.values())


def test_without_the_name_columns_the_same_swap_does_move_scores(bilingual):
    def unnamed(who):
        return [{k: v for k, v in r.items() if k not in ("name", "email", "phone")} for r in _people(bilingual, who)]

    first, second = _scores(unnamed("first"), bilingual.postings), _scores(unnamed("second"), bilingual.postings)
    assert any(abs(first[pair] - second[pair]) > 1e-9 for pair in first)
