"""Repair Bengali text that a PDF gave back in visual (glyph) order instead of logical order.

Bengali is stored in logical order: consonant first, then its vowel sign ("কি" is ক + ি).
Shaping draws the pre-base vowel signs ি ে ৈ to the *left* of their consonant cluster, and
the two-part vowels ো ৌ as ে on the left and া / ৗ on the right. A PDF whose text map is
per glyph therefore reads back "ি" + "ক" for "কি", "ে" + "ম" + "া" for "মো", and puts the
reph (র্ drawn above the next cluster) after that cluster. :func:`to_logical_order` moves
these back and returns NFC text.

In logical text a pre-base vowel sign always follows a consonant. One that does not (an
"orphan": at the start of a word, after another vowel sign, ...) but precedes a consonant
can only come from visual order. Orphans are always repaired; when they are frequent enough
in a piece of text to say the whole piece is in visual order, *every* pre-base sign is moved
behind the cluster that follows it. A reph read back after its cluster (র্ followed by a
vowel sign, a space or the end, never valid in logical text) is moved in front of it.
Text already in logical order comes back unchanged (apart from NFC).
"""

from __future__ import annotations

import unicodedata

_NUKTA = "\u09bc"
_HASANTA = "\u09cd"
_RA = "\u09b0"
_JOINERS = frozenset("\u200c\u200d")
PRE_BASE_SIGNS = frozenset("\u09bf\u09c7\u09c8")  # ি ে ৈ
_TWO_PART = {"\u09cb": "\u09be", "\u09cc": "\u09d7"}  # ো → its right part া, ৌ → ৗ
_DEPENDENT_SIGNS = frozenset("\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c4\u09c7\u09c8\u09cb\u09cc\u09d7\u09e2\u09e3")
_MODIFIERS = frozenset("\u0981\u0982\u0983")  # ঁ ং ঃ
# A piece of text is taken to be in visual order when at least this share of its pre-base
# signs are orphans (in logical text there are none).
VISUAL_ORPHAN_SHARE = 0.2


def is_consonant(ch: str) -> bool:
    """True for a Bengali consonant letter (ক..হ, ড় ঢ় য়, ৎ, and the Assamese ৰ ৱ)."""
    return len(ch) == 1 and ("\u0995" <= ch <= "\u09b9" or ch in "\u09ce\u09dc\u09dd\u09df\u09f0\u09f1")


def cluster_end(text: str, start: int) -> int:
    """Index just past the consonant cluster starting at ``text[start]`` (a consonant).

    A cluster is a consonant with an optional nukta, followed by any number of hasanta +
    consonant links (a ZWJ or ZWNJ may stand next to the hasanta): ক, ক্ষ, স্ত্র, ন্ত, র‍্য.
    """
    i = start + 1
    n = len(text)
    if i < n and text[i] == _NUKTA:
        i += 1
    while True:
        j = i
        if j < n and text[j] in _JOINERS:
            j += 1
        if j < n and text[j] == _HASANTA:
            j += 1
        else:
            return i
        if j < n and text[j] in _JOINERS:
            j += 1
        if j < n and is_consonant(text[j]):
            i = j + 1
            if i < n and text[i] == _NUKTA:
                i += 1
        else:
            return i


def _is_orphan(text: str, i: int) -> bool:
    """True when the vowel sign at ``i`` does not follow a consonant but precedes one."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    follows_cluster = is_consonant(before) or before == _NUKTA or before in _JOINERS
    return not follows_cluster and is_consonant(after)


def looks_visual(text: str) -> bool:
    """True when ``text`` (a line, a page) reads like Bengali in visual order."""
    signs = orphans = 0
    for i, ch in enumerate(text):
        if ch in PRE_BASE_SIGNS:
            signs += 1
            if _is_orphan(text, i):
                orphans += 1
    return orphans > 0 and orphans >= VISUAL_ORPHAN_SHARE * signs


def _move_pre_base_signs(text: str, everywhere: bool) -> str:
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        movable = ch in PRE_BASE_SIGNS or ch in _TWO_PART
        if movable and i + 1 < n and is_consonant(text[i + 1]) and (everywhere or _is_orphan(text, i)):
            end = cluster_end(text, i + 1)
            out.append(text[i + 1 : end])
            out.append(ch)
            i = end
            # The right half of a two-part vowel that was already given whole.
            if ch in _TWO_PART and i < n and text[i] == _TWO_PART[ch]:
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _syllable_start(text: str, end: int) -> int:
    """Start of the consonant cluster (with its signs) that ends just before ``end``."""
    i = end
    while i > 0 and (text[i - 1] in _DEPENDENT_SIGNS or text[i - 1] in _MODIFIERS):
        i -= 1
    if i == 0 or not (is_consonant(text[i - 1]) or text[i - 1] == _NUKTA):
        return -1
    i -= 1
    if text[i] == _NUKTA:
        i -= 1
    while i >= 2 and text[i - 1] == _HASANTA and is_consonant(text[i - 2]):
        i -= 2
    return i


def _move_reph(text: str) -> str:
    """Move a র্ that stands after its cluster (before a vowel sign or a word end) in front of it."""
    i = 0
    while True:
        k = text.find(_RA + _HASANTA, i)
        if k < 0:
            return text
        after = text[k + 2] if k + 2 < len(text) else ""
        # র্ must be followed by the consonant it sits on; before a vowel sign, a space or
        # the end it was drawn (and read back) after its cluster.
        stray = not (is_consonant(after) or after in _JOINERS)
        start = _syllable_start(text, k) if stray and k > 0 else -1
        if start >= 0:
            text = text[:start] + _RA + _HASANTA + text[start:k] + text[k + 2 :]
        i = k + 2


def to_logical_order(text: str) -> str:
    """Return ``text`` with Bengali visual-order artefacts repaired, in NFC.

    Apply it to one piece of text that came from one source (a PDF page): the decision
    "this piece is in visual order" is taken for the whole piece (see the module docstring).
    """
    decomposed = unicodedata.normalize("NFD", text)
    if not any("\u0980" <= ch <= "\u09ff" for ch in decomposed):
        return unicodedata.normalize("NFC", text)
    # NFD splits ো ৌ into ে + া / ে + ৗ, so only the three pre-base signs need moving.
    visual = looks_visual(decomposed)
    repaired = _move_pre_base_signs(decomposed, everywhere=visual)
    repaired = _move_reph(repaired)
    return unicodedata.normalize("NFC", repaired)
