"""Bengali typed with Bijoy (the SutonnyMJ family of fonts) found and turned into Unicode.

Bijoy is the keyboard and font scheme most Bangladeshi offices typed Bengali with before Unicode,
and many CVs are still written with it: each Bengali glyph is stored as an ASCII or Latin-1
character that the SutonnyMJ font draws as that glyph. Copied out of such a file, the text
reads as Latin gibberish ("Avwg evsjvq K_v ewj" is "আমি বাংলায় কথা বলি"), and no search,
matching or message can use it.

``looks_like_bijoy`` tells such text from English (and from real Unicode Bengali) by counting
words that only Bijoy produces: a glyph character from the font's Latin-1 range (``†``, ``‡``,
``©``, ``¨`` ...), a capital letter inside a lower-case word ("AvKvk"), or letters around the
backtick and underscore that stand for দ and থ; and by how often ``v`` (আ-কার) and ``w``
(ই-কার) occur, which English text never reaches.

``bijoy_to_unicode`` maps glyphs to Unicode (longest glyph sequence first), then puts the
characters in Unicode's logical order: Bijoy stores the vowel signs ি, ে and ৈ before the
consonant cluster they follow in speech, the two halves of ো and ৌ around it, and the reph
(র্) after the cluster it sits on. Words that are clearly not Bijoy (an email address, a link)
are left as they are. Linear in the length of the text; never fails on a str.
"""

from __future__ import annotations

import re
import unicodedata

# "æ" is the u-kar drawn under র ("iæ" is রু). The reph glyph (©) stands for র্ over the cluster typed before it; marked until it is moved there.
_REPH = "\ue000"
# Glyph sequences of SutonnyMJ and the Unicode they stand for (a font encoding: facts, not choices).
_GLYPHS: dict[str, str] = {
    # Independent vowels.
    "Av": "আ", "A": "অ", "B": "ই", "C": "ঈ", "D": "উ", "E": "ঊ", "F": "ঋ", "G": "এ", "H": "ঐ", "I": "ও", "J": "ঔ",
    # Consonants and signs.
    "K": "ক", "L": "খ", "M": "গ", "N": "ঘ", "O": "ঙ", "P": "চ", "Q": "ছ", "R": "জ", "S": "ঝ", "T": "ঞ",
    "U": "ট", "V": "ঠ", "W": "ড", "X": "ঢ", "Y": "ণ", "Z": "ত", "_": "থ", "`": "দ", "a": "ধ", "b": "ন",
    "c": "প", "d": "ফ", "e": "ব", "f": "ভ", "g": "ম", "h": "য", "i": "র", "j": "ল", "k": "শ", "l": "ষ",
    "m": "স", "n": "হ", "o": "ড়", "p": "ঢ়", "q": "য়", "r": "ৎ", "s": "ং", "t": "ঃ", "u": "ঁ",
    # Digits and punctuation.
    "0": "০", "1": "১", "2": "২", "3": "৩", "4": "৪", "5": "৫", "6": "৬", "7": "৭", "8": "৮", "9": "৯",
    "|": "।", "&": "্",
    # Vowel signs (kar); the pre-base ones are moved after their cluster below.
    "v": "া", "w": "ি", "x": "ী", "y": "ু", "z": "ু", "“": "ু", "–": "ু", "~": "ূ", "ƒ": "ূ", "‚": "ূ",
    "„„": "ৃ", "„": "ৃ", "…": "ৃ", "†": "ে", "‡": "ে", "ˆ": "ৈ", "‰": "ৈ", "Š": "ৗ",
    # Consonant forms and ligatures.
    "•": "ঙ্", "^": "্ব", "‘": "্তু", "’": "্থ", "‹": "্ক", "Œ": "্ক্র", "”": "চ্", "—": "্ত", "˜": "দ্",
    "™": "দ্", "š": "ন্", "›": "ন্", "œ": "্ন", "Ÿ": "্ব", "¡": "্ব", "¢": "্ভ", "£": "্ভ্র", "¤": "ম্",
    "¥": "্ম", "¦": "্ব", "§": "্ম", "¨": "্য", "©": _REPH,
    "ª": "্র", "«": "্র", "¬": "্ল", "\u00ad": "্ল",
    "i¨": "র\u200d্য",  # ra with ya-phala, not a reph: Unicode writes it with a zero-width joiner
    "®": "ষ্", "¯": "স্", "°": "ক্ক", "±": "ক্ট", "²": "ক্ষ্ম", "³": "ক্ত", "´": "ক্ম", "µ": "ক্র", "¶": "ক্ষ",
    "·": "ক্স", "¸": "গু", "¹": "জ্ঞ", "º": "গ্দ", "»": "গ্ধ", "¼": "ঙ্ক", "½": "ঙ্গ", "¾": "জ্জ", "¿": "্ত্র",
    "À": "জ্ঝ", "Á": "জ্ঞ", "Â": "ঞ্চ", "Ã": "ঞ্ছ", "Ä": "ঞ্জ", "Å": "ঞ্ঝ", "Æ": "ট্ট", "Ç": "ড্ড", "È": "ণ্ট",
    "É": "ণ্ঠ", "Ê": "ণ্ড", "Ë": "ত্ত", "Ì": "ত্থ", "Í": "্ত", "Î": "ত্র", "Ï": "দ্দ", "Ð": "-", "Ñ": "-",
    "Ò": "\u201c", "Ó": "\u201d", "Ô": "\u2018", "Õ": "\u2019", "Ö": "্র", "×": "দ্ধ", "Ø": "দ্ব", "Ù": "দ্ম",
    "Ú": "ন্ঠ", "Û": "ন্ড", "Ü": "ন্ধ", "Ý": "ন্স", "Þ": "প্ট", "ß": "প্ত", "à": "প্প", "á": "প্স", "â": "ব্জ",
    "ã": "ব্দ", "ä": "ব্ধ", "å": "ভ্র", "æ": "ু", "ç": "ম্ফ", "è": "্ন", "é": "ল্ক", "ê": "ল্গ", "ë": "ল্ট",
    "ì": "ল্ড", "í": "ল্প", "î": "ল্ফ", "ï": "শু", "ð": "শ্চ", "ñ": "শ্ছ", "ò": "ষ্ণ", "ó": "ষ্ট", "ô": "ষ্ঠ",
    "õ": "ষ্ফ", "ö": "স্খ", "÷": "স্ট", "ø": "স্ন", "ù": "স্ফ", "ú": "্প", "û": "হু", "ü": "হৃ", "ý": "হ্ন",
    "þ": "হ্ম", "ÿ": "ক্ষ",
}
_GLYPHS = {glyph: unicodedata.normalize("NFD", text) if "\u09dc" <= text[-1:] <= "\u09df" else text
           for glyph, text in _GLYPHS.items()}
_LONGEST = max(map(len, _GLYPHS))
# Glyphs outside ASCII that only the Bijoy scheme puts in running text (curly quotes, dashes
# and letters that European names use are left out: English text has them too).
_BIJOY_ONLY = frozenset("†‡ˆ‰Š©¨ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ×ØÙÚÛÜÝÞßàåæèìíîïðòóôõ÷øùúûýþÿš›œŸ¡¢£¤¥¦§„…ƒ‚•˜™Œ‹")
_WORD = re.compile(r"\S+")
# Letter patterns English words do not have: আ-কার (v) before a consonant or ending a word after
# one ("evsjv", "bvg", "Zv"), a capital consonant inside a word before a consonant ("AvKvk"),
# and letters glued to ` (দ) or _ (থ) ("K_v").
_BIJOY_LETTERS = re.compile(
    r"v[b-df-hj-np-tv-zA-Z`_]|[b-df-hj-np-tv-zA-Z`_]v\b|[a-z][A-Z](?:[^aeiouy]|\b)|[A-Za-z][`_]|[`_][A-Za-z]"
)
_NOT_BIJOY = re.compile(r"@|://|^www\.|\.(?:com|org|net|bd)\b", re.IGNORECASE)
_LATIN_LETTER = re.compile(r"[A-Za-z]")

_VIRAMA = "\u09cd"
_NUKTA = "\u09bc"
_PRE_KARS = "িেৈ"
_POST_KARS = "াীুূৃৗ"
_KARS = _PRE_KARS + _POST_KARS + "োৌ"
_CONSONANTS = frozenset("কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহড়ঢ়য়ৎ")
_SIGNS_AFTER_KAR = "ঁ"


def _bijoy_word(word: str) -> bool:
    """A word only Bijoy text holds."""
    if any(ch in _BIJOY_ONLY for ch in word):
        return True
    return bool(_BIJOY_LETTERS.search(word))


def _latin_words(text: str) -> list[str]:
    """The words with Latin letters or Bijoy glyphs, without email addresses and links."""
    return [
        w for w in _WORD.findall(text)
        if (_LATIN_LETTER.search(w) or any(c in _BIJOY_ONLY for c in w)) and not _NOT_BIJOY.search(w)
    ]


def bijoy_share(text: str) -> float:
    """The share (0..1) of a text's words with Latin letters that only Bijoy text holds."""
    return _bijoy_share_of(_latin_words(text[:200_000]))


def _bijoy_share_of(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if _bijoy_word(w)) / len(words)


def looks_like_bijoy(text: str) -> bool:
    """True when ``text`` is (mostly) Bengali typed with Bijoy rather than English or Unicode.

    Needs at least 3 words with Latin letters; the Bijoy vowel signs ``v`` and ``w`` at least 6% of
    the Latin letters (English text has about 3%), and a third of the words Bijoy-only. The cheap
    letter count is checked first: most English text is turned away before any word is looked at.
    """
    words = _latin_words(text[:200_000])
    letters = _LATIN_LETTER.findall(" ".join(words))
    if len(words) < 3 or len(letters) < 12:
        return False
    vowel_signs = sum(1 for ch in letters if ch in "vw")
    return vowel_signs / len(letters) >= 0.06 and _bijoy_share_of(words) >= 0.33


def _map_glyphs(word: str) -> str:
    """The word's glyphs as Unicode, in Bijoy's (visual) order; a doubled ্ from two glyphs is one."""
    return _glyphs(word).replace(_VIRAMA + _VIRAMA, _VIRAMA)


def _glyphs(word: str) -> str:
    out = []
    i, n = 0, len(word)
    while i < n:
        for size in range(min(_LONGEST, n - i), 0, -1):
            unicode = _GLYPHS.get(word[i : i + size])
            if unicode is not None:
                out.append(unicode)
                i += size
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def _consonant_end(chars: list[str], i: int) -> int:
    """The index after the consonant at ``i`` and its nukta (ড় is ড + ়), or ``i`` if none is there."""
    if i < len(chars) and chars[i] in _CONSONANTS:
        i += 1
        if i < len(chars) and chars[i] == _NUKTA:
            i += 1
    return i


def _cluster_end(chars: list[str], start: int) -> int:
    """The index after the consonant cluster (C, then ্C ...) that starts at ``start``."""
    i = _consonant_end(chars, start)
    if i == start:
        return start
    while i + 1 < len(chars) and chars[i] == _VIRAMA and _consonant_end(chars, i + 1) > i + 1:
        i = _consonant_end(chars, i + 1)
    return i


def _cluster_start(chars: list[str], end: int) -> int:
    """The index where the consonant cluster ending just before ``end`` begins."""
    i = end - 1
    if i >= 0 and chars[i] == _NUKTA:
        i -= 1
    if i < 0 or chars[i] not in _CONSONANTS:
        return end
    while i >= 2 and chars[i - 1] == _VIRAMA and (chars[i - 2] in _CONSONANTS or
                                                   (chars[i - 2] == _NUKTA and i >= 3 and chars[i - 3] in _CONSONANTS)):
        i -= 2 if chars[i - 2] in _CONSONANTS else 3
    return i


def _place_reph(chars: list[str]) -> list[str]:
    """Put each reph (typed after the cluster it sits on, maybe after a vowel sign) as র্ before that cluster."""
    out: list[str] = []
    for ch in chars:
        if ch != _REPH:
            out.append(ch)
            continue
        end = len(out)
        if end and out[-1] in _POST_KARS:
            end -= 1
        start = _cluster_start(out, end)
        out[start:start] = ["র", _VIRAMA]  # no cluster before it (a typing slip): র্ stays where it was
    return out


def _place_pre_kars(chars: list[str]) -> list[str]:
    """Move ি ে ৈ after the cluster they precede; ে + cluster + া/ৗ becomes cluster + ো/ৌ."""
    out: list[str] = []
    i = 0
    while i < len(chars):
        kar = chars[i]
        if kar in _PRE_KARS:
            signs = []
            j = i + 1
            while j < len(chars) and chars[j] in _SIGNS_AFTER_KAR:  # ঁ typed between the kar and its cluster
                signs.append(chars[j])
                j += 1
            end = _cluster_end(chars, j)
            if end > j:
                out.extend(chars[j:end])
                if kar == "ে" and end < len(chars) and chars[end] in "াৗ":
                    out.append("ো" if chars[end] == "া" else "ৌ")
                    end += 1
                else:
                    out.append(kar)
                out.extend(signs)
                i = end
                continue
        out.append(kar)
        i += 1
    return out


def _tidy(chars: list[str]) -> str:
    text = "".join(chars)
    text = text.replace(_VIRAMA + _VIRAMA, _VIRAMA).replace("অা", "আ")
    # ঁ typed before a vowel sign belongs after it.
    text = re.sub(r"ঁ([াীুূৃোৌ])", r"\1ঁ", text)
    # A vowel sign typed before a phala (্য, ্র, ্ব) belongs after it.
    text = re.sub(r"([ািীুূৃেৈোৌ])্([যরবলমন])", r"্\2\1", text)
    # Bijoy's ঃ stands for a colon after a digit or a space.
    text = re.sub(r"([০-৯ ])ঃ", r"\1:", text)
    return unicodedata.normalize("NFC", text)


def _convert_word(word: str) -> str:
    if _NOT_BIJOY.search(word):
        return word
    chars = list(_map_glyphs(word))
    return _tidy(_place_pre_kars(_place_reph(chars)))


def bijoy_to_unicode(text: str) -> str:
    """``text`` typed with Bijoy (SutonnyMJ) as Unicode Bengali in NFC; email addresses and links stay.

    Lines that do not look like Bijoy (an English heading in a Bengali CV) are kept as they are.
    """
    lines = []
    for line in text.split("\n"):
        if _LATIN_LETTER.search(line) is None and not any(ch in _BIJOY_ONLY for ch in line):
            lines.append(line)
            continue
        if not _line_is_bijoy(line):
            lines.append(line)
            continue
        lines.append(re.sub(r"\S+", lambda m: _convert_word(m.group()), line))
    return "\n".join(lines)


def _line_is_bijoy(line: str) -> bool:
    """A line of a Bijoy text is converted unless it reads as English (no Bijoy-only word, few v/w)."""
    words = _latin_words(line)
    if any(_bijoy_word(w) for w in words):
        return True
    letters = _LATIN_LETTER.findall(" ".join(words))
    return bool(letters) and sum(1 for ch in letters if ch in "vw") / len(letters) >= 0.12
