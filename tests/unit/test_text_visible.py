import pytest

from shared.text.visible import visible_line, visible_text


@pytest.mark.parametrize(
    "given, visible",
    [
        ("Nusrat Jahan", "Nusrat Jahan"),
        ("রাকিব হাসান", "রাকিব হাসান"),
        ("র\u200c্যাব", "র\u200c্যাব"),  # ZWNJ inside a Bengali word is spelling
        ("ক\u200d্ষ", "ক\u200d্ষ"),  # so is ZWJ
        ("Call centre agent, কল সেন্টার", "Call centre agent, কল সেন্টার"),
        ("Rahim\u200dUddin", "RahimUddin"),  # a joiner outside Bengali is not
        ("\u200cরহিম\u200c", "রহিম"),
        ("Rahim\u202e gpj.exe", "Rahim gpj.exe"),
        ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069x", "x"),
        ("a\x00b\x07c\x1b\x7f\x9fd", "abcd"),
        ("\ufeffsoft\u00adhyphen\u200b", "softhyphen"),
        ("lone\ud800surrogate", "lonesurrogate"),
        ("CV line 1\nline 2\tTabbed\r\n", "CV line 1\nline 2\tTabbed\r\n"),
        ("a\x0bb\x0cc\x85d", "a b c d"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("", ""),
        (None, ""),
    ],
)
def test_visible_text_removes_what_cannot_be_seen_and_keeps_bengali_spelling(given, visible):
    assert visible_text(given) == visible


@pytest.mark.parametrize(
    "given, line",
    [
        ("  Nusrat \n Jahan  ", "Nusrat Jahan"),
        ("\u2066র\u200c্যাব\u2069 ক্যাব", "র\u200c্যাব ক্যাব"),
        ("\u200b\u200c\u200d\ufeff", ""),
        ("\u202e \u2069\n", ""),
    ],
)
def test_visible_line_is_one_trimmed_line_and_empty_when_nothing_is_visible(given, line):
    assert visible_line(given) == line
