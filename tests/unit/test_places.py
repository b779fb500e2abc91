"""Bangladesh's divisions and districts: spellings old and new, English and Bengali."""

import pytest

from shared.places import (
    DISTRICT_DIVISION,
    DISTRICTS,
    DIVISIONS,
    Place,
    canonical_district,
    canonical_division,
    division_of,
    resolve_place,
)


def test_eight_divisions_sixty_four_districts():
    assert len(DIVISIONS) == 8
    assert len(DISTRICTS) == 64
    assert set(DISTRICT_DIVISION.values()) == set(DIVISIONS)
    assert sum(1 for d in DISTRICT_DIVISION.values() if d == "Dhaka") == 13
    assert sum(1 for d in DISTRICT_DIVISION.values() if d == "Khulna") == 10


@pytest.mark.parametrize(
    "spelling, district",
    [
        ("Jessore", "Jashore"),
        ("Jashore", "Jashore"),
        ("যশোর", "Jashore"),
        ("Barisal", "Barishal"),
        ("বরিশাল", "Barishal"),
        ("Chittagong", "Chattogram"),
        ("চট্টগ্রাম", "Chattogram"),
        ("Comilla", "Cumilla"),
        ("কুমিল্লা", "Cumilla"),
        ("Bogra", "Bogura"),
        ("বগুড়া", "Bogura"),
        ("  COX'S BAZAR ", "Cox's Bazar"),
        ("ফেনি", "Feni"),  # short i for long ী
        ("Satkhira District", "Satkhira"),
    ],
)
def test_district_spellings(spelling, district):
    assert canonical_district(spelling) == district


def test_bengali_with_precomposed_and_decomposed_rra_agree():
    assert canonical_district("বগু\u09dcা") == canonical_district("বগু\u09a1\u09bcা") == "Bogura"


@pytest.mark.parametrize(
    "district, division",
    [("Jessore", "Khulna"), ("বগুড়া", "Rajshahi"), ("Comilla", "Chattogram"), ("Gazipur", "Dhaka"), ("Sylhet", "Sylhet")],
)
def test_district_to_division(district, division):
    assert division_of(district) == division


def test_divisions_keep_working_for_intake():
    assert canonical_division("Chittagong") == "Chattogram"
    assert canonical_division("খুলনা") == "Khulna"
    assert canonical_division("Khulna Division") == "Khulna"
    assert canonical_division("Jashore") is None  # a district, not a division
    assert canonical_division("Atlantis") is None


@pytest.mark.parametrize(
    "text, place",
    [
        ("Jashore", Place("Jashore", "Khulna")),
        ("Sonadanga, Khulna", Place("Khulna", "Khulna")),
        ("Mirpur-10, Dhaka", Place("Dhaka", "Dhaka")),
        ("Savar", Place("Dhaka", "Dhaka")),  # a well-known upazila
        ("Khulna Division", Place(None, "Khulna")),
        ("খুলনা বিভাগ", Place(None, "Khulna")),
        ("যশোরে থাকি", Place("Jashore", "Khulna")),  # Bengali case ending
        ("ঢাকায়", Place("Dhaka", "Dhaka")),
        ("Satkhira Sadar, Satkhira", Place("Satkhira", "Khulna")),
    ],
)
def test_resolve_place(text, place):
    assert resolve_place(text) == place


@pytest.mark.parametrize("text", [None, "", "Remote", "Kolkata"])
def test_unknown_places(text):
    assert resolve_place(text) is None


def test_place_label():
    assert Place("Jashore", "Khulna").label == "Jashore"
    assert Place(None, "Khulna").label == "Khulna Division"
