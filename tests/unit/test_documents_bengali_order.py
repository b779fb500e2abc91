"""Bengali read back in visual (glyph) order is put back in logical order; logical text is left alone."""

from __future__ import annotations

import unicodedata

import pytest

from shared.documents.bengali_order import cluster_end, is_consonant, looks_visual, to_logical_order

SENTENCES = [
    "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি",
    "শিক্ষাগত যোগ্যতা: স্নাতক",
    "মোবাইল",
    "কৌশল",
    "কর্মী ধর্ম বৈদ্যুতিক মিস্ত্রি",
    "ব্যবসা প্রতিষ্ঠানে হিসাবরক্ষক",
    "স্ত্রী অন্তর ক্ষেত্র",
    "ককি কিক",
]


def visual_order(text: str) -> str:
    """``text`` as a per-glyph PDF map reads it back: pre-base vowel signs before their cluster,
    ো/ৌ split around it, reph after its cluster and vowel signs."""
    text = unicodedata.normalize("NFD", text)
    out: list[str] = []
    i = 0
    while i < len(text):
        if not is_consonant(text[i]):
            out.append(text[i])
            i += 1
            continue
        end = cluster_end(text, i)
        cluster = text[i:end]
        reph = ""
        if cluster.startswith("র্") and len(cluster) > 2:
            reph, cluster = "র্", cluster[2:]
        signs = ""
        while end < len(text) and text[end] in "\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c7\u09c8\u09d7":
            signs += text[end]
            end += 1
        pre = "".join(s for s in signs if s in "\u09bf\u09c7\u09c8")
        post = "".join(s for s in signs if s not in "\u09bf\u09c7\u09c8")
        out.append(pre + cluster + post + reph)
        i = end
    return "".join(out)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_visual_order_is_repaired(sentence):
    visual = visual_order(sentence)
    assert visual != unicodedata.normalize("NFD", sentence) or "ি" not in sentence
    assert to_logical_order(visual) == unicodedata.normalize("NFC", sentence)


@pytest.mark.parametrize("sentence", SENTENCES + ["Hello, world", "Computer কম্পিউটার 2024", ""])
def test_logical_order_is_left_as_it_is(sentence):
    assert to_logical_order(sentence) == unicodedata.normalize("NFC", sentence)
    assert not looks_visual(sentence)


def test_examples_by_hand():
    assert to_logical_order("িক") == "কি"
    assert to_logical_order("েমাবাইল") == "মোবাইল"
    assert to_logical_order("েকৗশল") == "কৌশল"
    assert to_logical_order("িশক্ষা") == "শিক্ষা"
    assert to_logical_order("িমস্ত্র") == "মিস্ত্র"
    assert to_logical_order("কমীর্") == "কর্মী"
    assert to_logical_order("কমর্ী") == "কর্মী"


def test_decomposed_vowels_come_back_composed():
    assert to_logical_order("ম\u09c7\u09be\u09ac\u09be\u0987\u09b2") == "মোবাইল"
    assert to_logical_order("ক\u09c7\u09d7\u09b6\u09b2") == "কৌশল"


def test_a_mostly_visual_page_moves_every_pre_base_sign():
    # "ককি" in visual order is "কিক": only the page-wide decision can tell it from "কিক".
    visual = visual_order("আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি ককি")
    assert looks_visual(visual)
    assert to_logical_order(visual).endswith("ককি")
