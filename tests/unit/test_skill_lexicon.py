"""The bilingual skill lexicon: its integrity, and finding concepts in any spelling."""

import pytest
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from matcher.ranking.lexicon import EXACT, FUZZY, INFLECTED, Lexicon, default_lexicon, match_key
from matcher.ranking.lexicon.data import ENTRIES, KINDS, ROLE, Entry


@pytest.fixture(scope="module")
def lexicon():
    return default_lexicon()


def concepts(lexicon, text):
    return [m.concept for m in lexicon.find(text)]


# --- integrity -----------------------------------------------------------------------


def test_no_alias_names_two_concepts(lexicon):
    assert lexicon.conflicts == []


def test_every_concept_has_english_and_bengali_aliases(lexicon):
    for entry in ENTRIES:
        assert entry.kind in KINDS
        assert entry.label and entry.label_bn, entry.id
        assert any("\u0980" <= ch <= "\u09ff" for ch in entry.label_bn), entry.id
        assert lexicon.aliases(entry.id)["en"] and lexicon.aliases(entry.id)["bn"]


def test_the_lexicon_covers_the_fair_roles(lexicon):
    for cid in (
        "customer_service", "call_centre", "live_chat", "telesales", "data_entry", "technical_support",
        "call_quality", "team_leadership", "web_development", "html", "css", "javascript", "php",
        "wordpress", "laravel", "graphic_design", "image_editing", "clipping_path", "photoshop",
        "illustrator", "digital_marketing", "seo", "social_media_marketing", "bookkeeping", "tally",
        "ms_excel", "ms_word", "ms_powerpoint", "typing_bangla", "typing_english", "english", "bangla",
        "hindi", "communication", "role_call_centre_agent",
    ):
        assert lexicon.concept(cid)


def test_bad_lexicons_are_refused():
    with pytest.raises(ValueError):
        Lexicon([Entry("a", "skill", "A", "এ"), Entry("a", "skill", "B", "বি")])
    with pytest.raises(ValueError):
        Lexicon([Entry("a", "skill", "A", "এ", broader=("missing",))])
    with pytest.raises(ValueError):
        Lexicon([Entry("a", "nonsense", "A", "এ")])
    with pytest.raises(ValueError):
        Lexicon([Entry("a", "skill", "A", "এ", broader=("b",)), Entry("b", "skill", "B", "বি", broader=("a",))])


def test_broader_concepts_are_implied(lexicon):
    assert "php" in lexicon.with_ancestors(["laravel"])
    assert set(lexicon.with_ancestors(["typing_bangla"])) >= {"typing", "computer_skills"}
    assert lexicon.language_of("english_spoken") == "english"
    assert lexicon.language_of("customer_service") is None


def test_roles_imply_their_skills(lexicon):
    role = lexicon.concept("role_call_centre_agent")
    assert role.kind == ROLE
    assert {"customer_service", "call_centre"} <= set(lexicon.with_ancestors([role.id]))
    # The title is the role, and the skills it names inside count too.
    assert set(concepts(lexicon, "কল সেন্টার এজেন্ট")) == {"role_call_centre_agent", "call_centre"}
    assert set(concepts(lexicon, "customer service agent")) == {"role_call_centre_agent", "customer_service"}
    assert set(concepts(lexicon, "Laravel developer")) == {"role_web_developer", "laravel"}


# --- the processor keeps Bengali intact ------------------------------------------------


def test_match_key_keeps_bengali_vowel_signs_unlike_rapidfuzz_default():
    word = "কাস্টমার সার্ভিস"
    assert "\u09be" not in default_process(word)  # rapidfuzz's default drops the vowel sign "া"
    key = match_key(word)
    assert len(key.split()) == 2 and "\u09be" in key and "\u09cd" in key  # vowel sign, virama kept
    assert key == match_key("কাষ্টমার সার্ভিস")  # interchangeable sibilants fold together
    assert match_key("  Customer\u200b SERVICE ") == "customer service"


def test_fuzzy_scores_with_our_processor_tell_bengali_words_apart():
    choices = ["সেবা", "সবা"]  # "service" and a different word without the vowel sign
    best = process.extractOne("সেবা", choices, scorer=fuzz.ratio, processor=match_key)
    assert best[0] == "সেবা" and best[1] == 100


# --- one canonical skill, whatever the spelling ----------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["custmer servise", "Customer Service", "কাস্টমার সার্ভিস", "গ্রাহক সেবা", "customer care", "grahok sheba"],
)
def test_customer_service_spellings_land_on_one_skill(lexicon, spelling):
    assert concepts(lexicon, spelling) == ["customer_service"]
    assert lexicon.resolve(spelling) == ("customer_service",)


def test_how_each_spelling_matched(lexicon):
    assert [m.how for m in lexicon.find("Customer Service")] == [EXACT]
    assert [m.how for m in lexicon.find("custmer servise")] == [FUZZY]
    assert [m.how for m in lexicon.find("গ্রাহক সেবায়")] == [INFLECTED]


@pytest.mark.parametrize(
    "text, concept, surface",
    [
        ("গ্রাহক সেবায় অভিজ্ঞ", "customer_service", "গ্রাহক সেবায়"),
        ("কাস্টমার সার্ভিসে ২ বছর", "customer_service", "কাস্টমার সার্ভিসে"),
        ("কল সেন্টারে কাজ করেছি", "call_centre", "কল সেন্টারে"),
        ("এক্সেলে রিপোর্ট", "ms_excel", "এক্সেলে"),
        ("ফটোশপের কাজ", "photoshop", "ফটোশপের"),
        ("ওয়ার্ডপ্রেসে সাইট", "wordpress", "ওয়ার্ডপ্রেসে"),
        ("ডাটা এন্ট্রির কাজে", "data_entry", "ডাটা এন্ট্রির"),
    ],
)
def test_bengali_inflections_still_hit(lexicon, text, concept, surface):
    [mention] = [m for m in lexicon.find(text) if m.concept == concept]
    assert mention.how == INFLECTED
    assert mention.surface == surface


@pytest.mark.parametrize(
    "text, concept",
    [
        ("কাজে মনোযোগী", "accuracy"),
        ("বাংলায় কথা বলতে পারি", "bangla"),
        ("ami excele kaj kori", "ms_excel"),  # Banglish ending on an English word
        ("photoshp", "photoshop"),  # a typo
        ("Call Centres", "call_centre"),  # plural
        ("callcenter", "call_centre"),  # written together
        ("কলসেন্টার", "call_centre"),
    ],
)
def test_other_variants(lexicon, text, concept):
    assert concept in concepts(lexicon, text)


@pytest.mark.parametrize(
    "label, expected",
    [
        ("HTML/CSS", ("html", "css")),
        ("Bangla typing", ("typing_bangla",)),  # longest match wins, not "Bangla" + "typing"
        ("MS Excel (basic)", ("ms_excel",)),
        ("Bookkeeping with Tally", ("bookkeeping", "tally")),
        ("শুদ্ধ বাংলা উচ্চারণ", ("bangla_pronunciation",)),
        ("Docker", ()),  # not in the lexicon: matched as a free phrase instead
    ],
)
def test_resolve_skill_labels(lexicon, label, expected):
    assert lexicon.resolve(label) == expected


@pytest.mark.parametrize(
    "text, absent",
    [
        ("JavaScript and MySQL", "java"),  # whole words only
        ("করে", "vat_tax"),  # a verb, not "কর" (tax) + ending
        ("making tea", "image_masking"),  # an ordinary word near an alias is not a typo
        ("a university programme", "role_software_engineer"),  # "programme" is not "programmer"
        ("I love my customer. Service is key", "customer_service"),  # not across a sentence end
        ("customer, service", "customer_service"),  # nor across a comma
    ],
)
def test_no_false_readings(lexicon, text, absent):
    assert absent not in concepts(lexicon, text)


def test_no_alias_is_listed_twice_for_a_concept():
    for entry in ENTRIES:
        for aliases in (entry.en, entry.bn, entry.banglish):
            assert len(set(aliases)) == len(aliases), entry.id


def test_cached_fuzzy_runs_read_as_uncached_ones():
    """Runs' fuzzy readings (of up to six tokens) come from a cache after their first reading: the
    same mentions, cold and warm, as a lexicon that reads every run afresh."""
    texts = ["custmer", "custmer servise", "Custmer servise and exel, comunication skils", "গ্রাহক সেবাা, ডাটা এন্ট্রী, কাস্টমার সার্ভিস",
             "Cusotmer Service | MS Exel | Java scrpt", "Teamwork, leadershp; Photoshp and Ilustrator",
             "custmer servise " * 3, "Data entri operator, typng speed 40 wpm",
             "custmer servise data entri exel", "ডাটা এন্ট্রী কাস্টমার সার্ভিস গ্রাহক সেবাা"]
    cached = Lexicon(ENTRIES)
    fresh = Lexicon(ENTRIES)
    fresh._fuzzy_run_of = fresh._fuzzy_run  # every run read again
    for _ in range(2):
        for text in texts:
            assert cached.find(text) == fresh.find(text), text
    assert cached._run_cache and any(found for found in cached._run_cache.values())
    assert any(isinstance(key, tuple) and len(key) >= 3 and found for key, found in cached._run_cache.items())
