"""Bangladesh's 8 divisions and 64 districts with their spellings: official, older English,
common romanisations, and Bengali.

``canonical_division`` maps any known spelling of a *division* to its official English name,
so "Chittagong"-era and Bengali input compare equal (intake validates fairs with it).
``canonical_district`` does the same for districts ("Jessore", "যশোর" → "Jashore").
``resolve_place`` reads a free-form location ("Sonadanga, Khulna", "যশোর সদর", "Mirpur-10,
Dhaka", "Khulna Division", "খুলনার") and returns its district (when one is named) and division.
Unknown names return None; callers decide whether that is an error.

No third-party dependency: intake uses this module too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from shared.text.stem import fold, match_forms

_DIVISION_SPELLINGS = {
    "Barishal": ("barishal", "barisal", "বরিশাল"),
    "Chattogram": ("chattogram", "chittagong", "chottogram", "ctg", "চট্টগ্রাম"),
    "Dhaka": ("dhaka", "dacca", "ঢাকা"),
    "Khulna": ("khulna", "খুলনা"),
    "Mymensingh": ("mymensingh", "moymonsingho", "ময়মনসিংহ"),
    "Rajshahi": ("rajshahi", "রাজশাহী"),
    "Rangpur": ("rangpur", "রংপুর"),
    "Sylhet": ("sylhet", "silet", "সিলেট"),
}

# district: (division, spellings). The official English name (2018 spellings) comes first.
_DISTRICTS: dict[str, tuple[str, tuple[str, ...]]] = {
    # Barishal division
    "Barguna": ("Barishal", ("barguna", "বরগুনা")),
    "Barishal": ("Barishal", ("barishal", "barisal", "বরিশাল")),
    "Bhola": ("Barishal", ("bhola", "ভোলা")),
    "Jhalokati": ("Barishal", ("jhalokati", "jhalakathi", "jhalokathi", "jhalakati", "ঝালকাঠি")),
    "Patuakhali": ("Barishal", ("patuakhali", "পটুয়াখালী")),
    "Pirojpur": ("Barishal", ("pirojpur", "perojpur", "পিরোজপুর")),
    # Chattogram division
    "Bandarban": ("Chattogram", ("bandarban", "বান্দরবান")),
    "Brahmanbaria": ("Chattogram", ("brahmanbaria", "b.baria", "bbaria", "ব্রাহ্মণবাড়িয়া")),
    "Chandpur": ("Chattogram", ("chandpur", "চাঁদপুর")),
    "Chattogram": ("Chattogram", ("chattogram", "chittagong", "chottogram", "ctg", "চট্টগ্রাম")),
    "Cox's Bazar": ("Chattogram", ("cox's bazar", "coxs bazar", "cox bazar", "coxsbazar", "কক্সবাজার")),
    "Cumilla": ("Chattogram", ("cumilla", "comilla", "kumilla", "কুমিল্লা")),
    "Feni": ("Chattogram", ("feni", "ফেনী")),
    "Khagrachhari": ("Chattogram", ("khagrachhari", "khagrachari", "খাগড়াছড়ি")),
    "Lakshmipur": ("Chattogram", ("lakshmipur", "laxmipur", "lakhsmipur", "লক্ষ্মীপুর")),
    "Noakhali": ("Chattogram", ("noakhali", "নোয়াখালী")),
    "Rangamati": ("Chattogram", ("rangamati", "রাঙ্গামাটি", "রাঙামাটি")),
    # Dhaka division
    "Dhaka": ("Dhaka", ("dhaka", "dacca", "ঢাকা")),
    "Faridpur": ("Dhaka", ("faridpur", "ফরিদপুর")),
    "Gazipur": ("Dhaka", ("gazipur", "গাজীপুর")),
    "Gopalganj": ("Dhaka", ("gopalganj", "gopalgonj", "গোপালগঞ্জ")),
    "Kishoreganj": ("Dhaka", ("kishoreganj", "kishorganj", "kishoregonj", "কিশোরগঞ্জ")),
    "Madaripur": ("Dhaka", ("madaripur", "মাদারীপুর")),
    "Manikganj": ("Dhaka", ("manikganj", "manikgonj", "মানিকগঞ্জ")),
    "Munshiganj": ("Dhaka", ("munshiganj", "munshigonj", "মুন্সীগঞ্জ")),
    "Narayanganj": ("Dhaka", ("narayanganj", "narayangonj", "নারায়ণগঞ্জ")),
    "Narsingdi": ("Dhaka", ("narsingdi", "narshingdi", "নরসিংদী")),
    "Rajbari": ("Dhaka", ("rajbari", "রাজবাড়ী")),
    "Shariatpur": ("Dhaka", ("shariatpur", "শরীয়তপুর")),
    "Tangail": ("Dhaka", ("tangail", "টাঙ্গাইল")),
    # Khulna division
    "Bagerhat": ("Khulna", ("bagerhat", "বাগেরহাট")),
    "Chuadanga": ("Khulna", ("chuadanga", "চুয়াডাঙ্গা", "চুয়াডাঙা")),
    "Jashore": ("Khulna", ("jashore", "jessore", "jossore", "joshor", "যশোর")),
    "Jhenaidah": ("Khulna", ("jhenaidah", "jhenaida", "jhinaidah", "ঝিনাইদহ")),
    "Khulna": ("Khulna", ("khulna", "খুলনা")),
    "Kushtia": ("Khulna", ("kushtia", "kustia", "কুষ্টিয়া")),
    "Magura": ("Khulna", ("magura", "মাগুরা")),
    "Meherpur": ("Khulna", ("meherpur", "মেহেরপুর")),
    "Narail": ("Khulna", ("narail", "নড়াইল")),
    "Satkhira": ("Khulna", ("satkhira", "shatkhira", "সাতক্ষীরা")),
    # Mymensingh division
    "Jamalpur": ("Mymensingh", ("jamalpur", "জামালপুর")),
    "Mymensingh": ("Mymensingh", ("mymensingh", "moymonsingho", "ময়মনসিংহ")),
    "Netrokona": ("Mymensingh", ("netrokona", "netrakona", "নেত্রকোনা")),
    "Sherpur": ("Mymensingh", ("sherpur", "শেরপুর")),
    # Rajshahi division
    "Bogura": ("Rajshahi", ("bogura", "bogra", "বগুড়া")),
    "Chapai Nawabganj": (
        "Rajshahi",
        ("chapai nawabganj", "chapainawabganj", "chapai nababganj", "nawabganj", "চাঁপাইনবাবগঞ্জ", "চাঁপাই নবাবগঞ্জ"),
    ),
    "Joypurhat": ("Rajshahi", ("joypurhat", "jaipurhat", "জয়পুরহাট")),
    "Naogaon": ("Rajshahi", ("naogaon", "নওগাঁ")),
    "Natore": ("Rajshahi", ("natore", "নাটোর")),
    "Pabna": ("Rajshahi", ("pabna", "পাবনা")),
    "Rajshahi": ("Rajshahi", ("rajshahi", "রাজশাহী")),
    "Sirajganj": ("Rajshahi", ("sirajganj", "sirajgonj", "সিরাজগঞ্জ")),
    # Rangpur division
    "Dinajpur": ("Rangpur", ("dinajpur", "দিনাজপুর")),
    "Gaibandha": ("Rangpur", ("gaibandha", "গাইবান্ধা")),
    "Kurigram": ("Rangpur", ("kurigram", "কুড়িগ্রাম")),
    "Lalmonirhat": ("Rangpur", ("lalmonirhat", "লালমনিরহাট")),
    "Nilphamari": ("Rangpur", ("nilphamari", "নীলফামারী")),
    "Panchagarh": ("Rangpur", ("panchagarh", "পঞ্চগড়")),
    "Rangpur": ("Rangpur", ("rangpur", "রংপুর")),
    "Thakurgaon": ("Rangpur", ("thakurgaon", "ঠাকুরগাঁও")),
    # Sylhet division
    "Habiganj": ("Sylhet", ("habiganj", "hobiganj", "হবিগঞ্জ")),
    "Moulvibazar": ("Sylhet", ("moulvibazar", "maulvibazar", "moulvi bazar", "মৌলভীবাজার")),
    "Sunamganj": ("Sylhet", ("sunamganj", "sunamgonj", "সুনামগঞ্জ")),
    "Sylhet": ("Sylhet", ("sylhet", "silet", "সিলেট")),
}

# Well-known city areas and upazilas people give as their location, by district.
_AREAS = {
    "Dhaka": (
        "mirpur", "uttara", "gulshan", "banani", "dhanmondi", "mohammadpur", "motijheel",
        "mohakhali", "badda", "rampura", "tejgaon", "farmgate", "savar", "keraniganj",
        "jatrabari", "khilgaon", "bashundhara", "malibagh", "মিরপুর", "উত্তরা", "গুলশান",
        "বনানী", "ধানমন্ডি", "মোহাম্মদপুর", "মতিঝিল", "মহাখালী", "বাড্ডা", "সাভার",
    ),
    "Gazipur": ("tongi", "টঙ্গী", "kaliakair", "sreepur"),
    "Chattogram": ("agrabad", "pahartali", "halishahar", "patenga", "আগ্রাবাদ"),
    "Khulna": ("sonadanga", "khalishpur", "daulatpur", "সোনাডাঙ্গা", "খালিশপুর", "দৌলতপুর"),
    "Jashore": ("benapole", "jhikargacha", "monirampur", "বেনাপোল", "ঝিকরগাছা", "মনিরামপুর"),
    "Narayanganj": ("fatullah", "siddhirganj", "ফতুল্লা"),
    "Cumilla": ("kotbari", "কোটবাড়ি"),
}

_DIVISION_WORDS = ("division", "div", "বিভাগ", "bibhag")
_DISTRICT_WORDS = ("district", "zila", "zilla", "jela", "জেলা")


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFC", name).casefold().replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


# ``resolve_place`` keys every word of a text up to three times in several forms: keys of
# short names are cached (only short ones, so the cache stays small whatever the text).
_CACHED_KEY_CHARS = 64


@functools.lru_cache(maxsize=4096)
def _short_key(name: str) -> str:
    return fold(_plain(name))


def _key(name: str) -> str:
    """Lookup key: NFC, casefolded, one space, Bengali spelling variants folded ("ফেনি"/"ফেনী")."""
    return _short_key(name) if len(name) <= _CACHED_KEY_CHARS else fold(_plain(name))


_LOOKUP = {
    _key(spelling): canonical for canonical, spellings in _DIVISION_SPELLINGS.items() for spelling in spellings
}

DIVISIONS = tuple(_DIVISION_SPELLINGS)
DISTRICTS = tuple(_DISTRICTS)
DISTRICT_DIVISION: dict[str, str] = {district: division for district, (division, _) in _DISTRICTS.items()}
"""Each district's division, by official English names."""

_DISTRICT_LOOKUP = {_key(s): district for district, (_, spellings) in _DISTRICTS.items() for s in spellings}
_DISTRICT_LOOKUP.update({_key(district): district for district in _DISTRICTS})
_AREA_LOOKUP = {_key(area): district for district, areas in _AREAS.items() for area in areas}


def canonical_division(name: str) -> str | None:
    """Return the official English name of the division ``name`` spells, or None if unknown.

    A trailing "Division"/"বিভাগ" is allowed ("Khulna Division", "খুলনা বিভাগ").
    """
    key = _key(name)
    if key in _LOOKUP:
        return _LOOKUP[key]
    for word in _DIVISION_WORDS:
        if key.endswith(" " + word):
            return _LOOKUP.get(key[: -len(word) - 1].strip())
    return None


def canonical_district(name: str) -> str | None:
    """Return the official English name of the district ``name`` spells, or None if unknown.

    Old and new spellings and Bengali all work: "Jessore", "Jashore" and "যশোর" give
    "Jashore"; "Bogra" and "বগুড়া" give "Bogura". A trailing "District"/"জেলা" is allowed.
    """
    key = _key(name)
    if key in _DISTRICT_LOOKUP:
        return _DISTRICT_LOOKUP[key]
    for word in _DISTRICT_WORDS:
        if key.endswith(" " + word):
            return _DISTRICT_LOOKUP.get(key[: -len(word) - 1].strip())
    return None


def division_of(district: str) -> str | None:
    """Return the division of a district given in any known spelling, or None."""
    canonical = canonical_district(district)
    return DISTRICT_DIVISION.get(canonical) if canonical else None


@dataclass(frozen=True)
class Place:
    """Where a location string points: a district (None when only a division is named)
    and its division, by official English names."""

    district: str | None
    division: str

    @property
    def label(self) -> str:
        """The district's name, or "<division> Division"."""
        return self.district or f"{self.division} Division"


# Words of a location string: Latin words (with inner apostrophes, "cox's") or Bengali runs.
_WORDS = re.compile(r"[a-z][a-z'.]*[a-z]|[a-z]|[\u0980-\u09ff]+")
_MAX_NAME_WORDS = 3
_DIVISION_KEYS = frozenset(_key(w) for w in _DIVISION_WORDS)


def _word_forms(word: str) -> list[str]:
    """The word and its readings without a case ending ("যশোরে" → "যশোর"; "khulna's")."""
    if word.endswith("'s"):
        return [word, word[:-2]]
    if re.match(r"[\u0980-\u09ff]", word):
        return list(match_forms(word))
    return [word]


def resolve_place(text: str | None) -> Place | None:
    """Return the district and division a free-form location names, or None.

    The last district named wins ("Mirpur, Dhaka" → Dhaka; "Sonadanga, Khulna" → Khulna);
    a division name followed by "Division"/"বিভাগ", or a division name that is no district's
    name, gives a division-level place (district None). Names in running Bengali text may
    carry case endings ("যশোরে", "খুলনার"). Known city areas and upazilas ("Mirpur",
    "Savar", "Sonadanga") give their district.
    """
    if not text:
        return None
    words = _WORDS.findall(_plain(text).replace("-", " "))
    forms = [_word_forms(word) for word in words]
    found: Place | None = None
    area: Place | None = None
    i = 0
    while i < len(words):
        matched = 0
        for size in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
            phrase_words = words[i : i + size]
            heads = " ".join(phrase_words[:-1])
            for last in forms[i + size - 1]:
                phrase = _key(f"{heads} {last}")
                nxt = _key(words[i + size]) if i + size < len(words) else ""
                division = _LOOKUP.get(phrase)
                district = _DISTRICT_LOOKUP.get(phrase)
                if division and (nxt in _DIVISION_KEYS or district is None):
                    found = Place(None, division)
                elif district:
                    found = Place(district, DISTRICT_DIVISION[district])
                elif phrase in _AREA_LOOKUP:
                    d = _AREA_LOOKUP[phrase]
                    area = Place(d, DISTRICT_DIVISION[d])
                else:
                    continue
                matched = size
                break
            if matched:
                break
        i += matched or 1
    return found or area
