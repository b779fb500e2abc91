"""Light stemming and spelling folds for matching, never for display.

Bengali glues case endings and classifiers to the word: "সেবায়" (in service), "সার্ভিসে",
"কাজে", "গ্রাহকের", "গ্রাহকদের", "কলটি", "টাইপিংয়ে". English adds plural "s". Three helpers:

- ``stem`` is a conservative stemmer for indexing (TF-IDF terms): it strips only endings that
  are rarely part of a word, and keeps at least two letters. It leaves bare genitive "-র"
  alone because transliterated words end in it ("কম্পিউটার", "সেন্টার").
- ``match_forms`` lists every reading of a token as *stem + ending*, ambiguous endings
  included ("সেবার" → "সেবার", "সেবা"). It is for looking a token up among known words (a
  skill alias, a place name), where a wrong reading finds nothing and so does no harm.
- ``fold`` merges spellings writers use interchangeably: in Bengali long and short i/u,
  ya-phala forms of "অ্যা"/"এ", the three sibilants ("গাজীপুর"/"গাজিপুর",
  "অ্যাডোবি"/"এডোবি"); in Latin "ph"/"f" ("grafic"), British and American endings
  ("colour"/"color", "centre"/"center", "optimisation"/"optimization").

All take tokens as ``tokenize`` returns them (normalised, lower case).
"""

import re

# Bengali letters (independent vowels and consonants), not vowel signs or marks.
_BN_LETTER = re.compile(r"[\u0985-\u09b9\u09ce\u09dc-\u09df]")
_BN_CONSONANT = re.compile(r"[\u0995-\u09b9\u09ce\u09dc-\u09df]$")
_BENGALI = re.compile(r"[\u0980-\u09ff]")

# Endings ``stem`` strips, longest first. "ে" only after a consonant letter ("কাজে", "অফিসে");
# "য়"/"য়ে" only after "া", "ো" or "ং" ("সেবায়", "বাংলায়", "টাইপিংয়ে"), since "সময়" and
# "বিষয়" end in "য়". "টার"/"টাকে" are left alone: "কম্পিউটার" and "সেন্টার" end in "টার".
_STEM_ENDINGS = (
    "গুলোতে", "গুলোকে", "গুলোর", "গুলিতে", "গুলির", "দেরকে", "টিতে",
    "গুলো", "গুলি", "দের", "ভাবে", "টির", "টিকে",
    "ের", "কে", "তে", "টি", "টা",
)
_AFTER_VOWEL_ENDINGS = ("\u09af\u09bc\u09c7", "\u09af\u09bc")  # "য়ে", "য়"
_OPEN_VOWEL_SIGNS = ("\u09be", "\u09cb", "\u0982")  # "া", "ো", "ং"
_E_SIGN = "\u09c7"  # "ে"

# ``match_forms`` also tries these: genitive "-র", plural "-রা", emphatic "-ও"/"-ই", "-এ".
_MATCH_ENDINGS = tuple(
    sorted(
        {*_STEM_ENDINGS, *_AFTER_VOWEL_ENDINGS, "র", "রা", "ও", "ই", "এ", "য়ের", "য়েরা", _E_SIGN},
        key=len,
        reverse=True,
    )
)
# Latin tokens: plural "-s"/"-es", and the Bengali case endings Banglish glues to English
# words ("excele", "computerer", "officete").
_LATIN_MATCH_ENDINGS = ("er", "e", "te", "ke", "r", "s", "es")

_MIN_LETTERS = 2


def _bengali_letters(text: str) -> int:
    return len(_BN_LETTER.findall(text))


def is_bengali(token: str) -> bool:
    """Whether ``token`` contains a Bengali character."""
    return bool(_BENGALI.search(token))


def stem(token: str) -> str:
    """Return the indexing stem of one token (Bengali endings, English plural "s").

    Conservative: at most one ending is stripped and at least two letters remain.
    Tokens of other scripts, numbers and short tokens come back unchanged. Not cached here:
    ``shared.text.analyse.stems_of``, its caller on every text, keeps what it made of each token.
    """
    if not token:
        return token
    if is_bengali(token):
        return _stem_bengali(token)
    return _stem_english(token)


def _stem_bengali(token: str) -> str:
    for ending in _STEM_ENDINGS:
        if token.endswith(ending) and _bengali_letters(token[: -len(ending)]) >= _MIN_LETTERS:
            return token[: -len(ending)]
    for ending in _AFTER_VOWEL_ENDINGS:
        if token.endswith(ending):
            rest = token[: -len(ending)]
            if rest.endswith(_OPEN_VOWEL_SIGNS) and _bengali_letters(rest) >= _MIN_LETTERS:
                return rest
    if token.endswith(_E_SIGN):
        rest = token[:-1]
        if _BN_CONSONANT.search(rest) and _bengali_letters(rest) >= _MIN_LETTERS:
            return rest
    return token


def _stem_english(token: str) -> str:
    if len(token) < 4 or not token.isalpha() or not token.isascii():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith(("ss", "us", "is", "ous")):
        return token[:-1]
    return token


def match_forms(token: str) -> tuple[str, ...]:
    """Return ``token`` and each shorter reading of it as *stem + known ending*.

    Bengali: every ending of the case/classifier/plural list, ambiguous ones included,
    as long as two letters remain ("সার্ভিসে" → "সার্ভিসে", "সার্ভিস"). Latin (Banglish and
    English): "-s", "-es", and the Bengali endings people type in Latin ("excele",
    "computerer"), as long as four characters remain. The token itself comes first.
    """
    forms = [token]
    if is_bengali(token):
        for ending in _MATCH_ENDINGS:
            if token.endswith(ending):
                rest = token[: -len(ending)]
                if _bengali_letters(rest) >= _MIN_LETTERS and rest not in forms:
                    forms.append(rest)
    elif token.isalpha():
        for ending in _LATIN_MATCH_ENDINGS:
            if token.endswith(ending) and len(token) - len(ending) >= 4:
                rest = token[: -len(ending)]
                if rest not in forms:
                    forms.append(rest)
    return tuple(forms)


# Spelling folds for Bengali: long vowels to short, "ৎ" to "ত", ya-phala + aa ("্যা", as in
# "অ্যা"/"ক্যা") and independent "অ্যা" to "এ"/"ে", chandrabindu dropped, "ড়"/"ঢ়" to "র"
# (decomposed, as normalise_text leaves them), "ঙ" to "ং" ("বাঙলা"/"বাংলা"), "য়" to "য".
_FOLDS = (
    ("\u0985\u09cd\u09af\u09be", "\u098f"),  # অ্যা → এ
    ("\u098f\u09cd\u09af\u09be", "\u098f"),  # এ্যা → এ
    ("\u09cd\u09af\u09be", "\u09c7"),  # ্যা → ে
    ("\u09a1\u09bc", "\u09b0"),  # ড় → র
    ("\u09a2\u09bc", "\u09b0"),  # ঢ় → র
    ("\u09af\u09bc", "\u09af"),  # য় → য
    ("\u09c0", "\u09bf"),  # ী → ি
    ("\u0988", "\u0987"),  # ঈ → ই
    ("\u09c2", "\u09c1"),  # ূ → ু
    ("\u098a", "\u0989"),  # ঊ → উ
    ("\u09ce", "\u09a4"),  # ৎ → ত
    ("\u0999", "\u0982"),  # ঙ → ং
    ("\u0981", ""),  # chandrabindu
    ("\u09b7", "\u09b6"),  # ষ → শ
    ("\u09b8", "\u09b6"),  # স → শ
    ("\u09a3", "\u09a8"),  # ণ → ন
)


_LATIN_ENDINGS = (("isations", "izations"), ("isation", "ization"), ("yse", "yze"), ("tre", "ter"))


def fold(token: str) -> str:
    """Return ``token`` with interchangeable spellings merged (see the module docstring)."""
    if not is_bengali(token):
        if not token.isascii():
            return token
        token = token.replace("ph", "f")
        for old, new in _LATIN_ENDINGS:
            if token.endswith(old) and len(token) > len(old) + 2:
                return token[: -len(old)] + new
        if token.endswith("our") and len(token) > 4:
            return token[:-3] + "or"
        return token
    for old, new in _FOLDS:
        token = token.replace(old, new)
    return token
