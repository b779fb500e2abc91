"""The portal's words: every key in both languages with the same placeholders, every key the pages use exists."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

from flask import Flask

from portal.catalogue import BN, EN
from portal.i18n import Translator, choose_language, day, number

PORTAL = Path(__file__).resolve().parents[2] / "services" / "portal" / "portal"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    assert set(EN) == set(BN)
    for key in EN:
        assert _placeholders(EN[key]) == _placeholders(BN[key]), key


def test_bengali_messages_are_written_in_bengali():
    latin_only = [k for k, v in BN.items() if not re.search("[\u0980-\u09ff]", v) and k not in
                  ("site.name", "nav.switch", "channel_name.none")]
    assert latin_only == []


def test_every_key_the_pages_name_exists():
    used = set()
    for path in list(PORTAL.rglob("*.html")) + list(PORTAL.rglob("*.py")):
        used |= set(re.findall(r'\bt\("([a-z_]+\.[a-z_.]*[a-z])"[),]', path.read_text(encoding="utf-8")))
    assert used and used <= set(EN), sorted(used - set(EN))


def test_numbers_and_dates_are_written_in_the_page_language():
    assert number("bn", 10250) == "১০,২৫০" and number("en", 10250) == "10,250"
    assert day("bn", date(2026, 12, 4)) == "৪ ডিসেম্বর ২০২৬" and day("en", "2026-12-04T10:00:00Z") == "4 December 2026"
    assert Translator("bn")("me.because", skills="ফটোশপ") == "আপনার দক্ষতার সাথে মেলে: ফটোশপ"
    assert Translator("xx")("nav.signin") == "Sign in"


def test_the_switch_wins_over_the_cookie_which_wins_over_the_browser():
    app = Flask("t")
    with app.test_request_context("/?lang=bn", headers={"Accept-Language": "en", "Cookie": "lang=en"}):
        from flask import request
        assert choose_language(request) == "bn"
    with app.test_request_context("/", headers={"Accept-Language": "bn", "Cookie": "lang=en"}):
        from flask import request
        assert choose_language(request) == "en"
    with app.test_request_context("/", headers={"Accept-Language": "bn-BD,en;q=0.5"}):
        from flask import request
        assert choose_language(request) == "bn"
    with app.test_request_context("/?lang=fr", headers={"Accept-Language": "de"}):
        from flask import request
        assert choose_language(request) == "en"
