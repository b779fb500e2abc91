"""Education levels read from English, Bengali and mixed CV text."""

import pytest

from matcher.ranking.education import BACHELOR, DIPLOMA, HSC, MASTERS, PHD, SSC, detect_education, parse_level


@pytest.mark.parametrize(
    "text, completed",
    [
        ("SSC 2015, HSC 2017", HSC),
        ("S.S.C (Science), GPA 5.00", SSC),
        ("Dakhil 2016, Alim 2018", HSC),
        ("Diploma in Computer Technology, Jashore Polytechnic Institute", DIPLOMA),
        ("BA (Hons) in English, Khulna University", BACHELOR),
        ("B.Sc in CSE, 2024", BACHELOR),
        ("BBA (Marketing), 2022", BACHELOR),
        ("MBA (HRM), 2022; BBA, 2020", MASTERS),
        ("PhD in Economics", PHD),
        ("এসএসসি পাস করেছি", SSC),
        ("এইচএসসি ২০১৯, জিপিএ ৪.৫০", HSC),
        ("উচ্চ মাধ্যমিক পাস", HSC),
        ("স্নাতক (বাংলা) পাস করেছি", BACHELOR),
        ("২০১৯ সালে সমাজবিজ্ঞানে স্নাতকোত্তর", MASTERS),
        ("কম্পিউটার টেকনোলজিতে ডিপ্লোমা সম্পন্ন করেছি", DIPLOMA),
        ("Education: BSS (Economics), Govt. B.L. College, 2023. HSC 2019, Jashore Board.", BACHELOR),
    ],
)
def test_completed_level(text, completed):
    education = detect_education(text)
    assert education.completed == completed
    assert education.studying is None


@pytest.mark.parametrize(
    "text, completed, studying",
    [
        ("Final-year BBA student. HSC 2021, GPA 4.75.", HSC, BACHELOR),
        ("Currently studying BBS (Accounting); HSC 2022", HSC, BACHELOR),
        ("Completed BBA from NSU, now studying MBA", BACHELOR, MASTERS),
        ("বর্তমানে ডিগ্রি প্রথম বর্ষে পড়ছি", HSC, BACHELOR),  # studying implies the level below
        ("খুলনা বিশ্ববিদ্যালয়ের চতুর্থ বর্ষের ছাত্রী", HSC, BACHELOR),
        ("MA (English) student, last year-এ আছি", BACHELOR, MASTERS),  # mixed Bengali and English
    ],
)
def test_levels_in_progress(text, completed, studying):
    education = detect_education(text)
    assert (education.completed, education.studying) == (completed, studying)


@pytest.mark.parametrize("text", ["", "Intermediate Excel skills", "I can achieve a level of 40 wpm", "Md. Abdul Bashar"])
def test_nothing_to_find(text):
    assert not detect_education(text).known


def test_describe():
    assert detect_education("HSC 2019").describe() == "HSC"
    assert detect_education("final year BSc student, HSC 2020").describe() == "HSC, studying for Bachelor"
    assert detect_education("").describe() is None


@pytest.mark.parametrize(
    "value, level",
    [("HSC", HSC), ("এইচএসসি", HSC), ("Bachelor", BACHELOR), ("graduate", BACHELOR), ("স্নাতক", BACHELOR),
     ("স্নাতকোত্তর", MASTERS), ("MBA", MASTERS), ("Minimum SSC", SSC), ("diploma", DIPLOMA), (4, BACHELOR)],
)
def test_parse_level(value, level):
    assert parse_level(value) == level


@pytest.mark.parametrize("value", [None, "", "good", 9, True])
def test_parse_level_unknown(value):
    assert parse_level(value) is None
