"""Per-token results read from a bounded cache equal the ones worked out, cold and warm."""

import random

import shared.text.analyse as analyse
from shared.text.analyse import stems_of
from shared.text.memo import each_cached
from shared.text.stem import stem
from shared.text.stopwords import STOPWORDS
from shared.text.tokenize import tokenize


def test_each_cached_equals_computing_each_and_keeps_only_short_keys_up_to_its_bound():
    calls = []

    def length(key: str) -> int:
        calls.append(key)
        return len(key)

    cache: dict = {}
    keys = ["ab", "গ্রাহক", "ab", "x" * 50, "cd", "ef"]
    assert each_cached(keys, cache, length, entries=2, longest=10) == [len(k) for k in keys]
    assert cache == {"ab": 2, "গ্রাহক": 6}  # full at two; the long key is never kept
    assert calls == keys  # a key missing when the text is read is worked out at each place
    calls.clear()
    assert each_cached(keys, cache, length, entries=2, longest=10) == [len(k) for k in keys]
    assert calls == ["x" * 50, "cd", "ef"]
    assert each_cached([], cache, length, entries=2, longest=10) == []


def test_stems_of_cold_and_warm_equal_stemming_each_meaningful_token(monkeypatch):
    monkeypatch.setattr(analyse, "_STEMS", {})
    rng = random.Random(5)
    words = ["গ্রাহকদের", "সেবায়", "calls", "the", "a", "c++", "কাজে", "এবং", "customers", "৩টি", "CRMএ", "ও"]
    for _ in range(200):
        tokens = tokenize(" ".join(rng.choice(words) for _ in range(rng.randint(0, 20))))
        want = [s for s in (stem(t) for t in tokens if len(t) > 1 and t not in STOPWORDS)
                if len(s) > 1 and s not in STOPWORDS]
        assert stems_of(tokens) == want
        assert stems_of(tokens) == want
    assert analyse._STEMS["গ্রাহকদের"] == "গ্রাহক" and analyse._STEMS["the"] == ""
