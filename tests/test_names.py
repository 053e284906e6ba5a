"""Tests for ngocoord.names: name keys, suggestions, NGO codes."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ngocoord import names
from ngocoord.names import make_code, name_key, suggest

CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")


def test_source_is_nfc() -> None:
    text = Path(names.__file__).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_spacing_and_parentheses() -> None:
    assert name_key("মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)") == name_key(
        "মহিলা  বহুমুখী শিক্ষা কেন্দ্র(এমবিএসকে)"
    )
    assert name_key("  মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে) ") == ("মহিলা বহুমুখী শিক্ষা কেন্দ্র এমবিএসকে")


def test_zero_width_and_nbsp_removed() -> None:
    plain = name_key("জাগরণী চক্র ফাউন্ডেশন")
    assert name_key("জাগরণী\u200c চক্র\u00a0ফাউন্ডেশন\u200d") == plain
    assert name_key("\ufeffজাগরণী চক্র ফাউন্ডেশন\u00ad") == plain
    assert name_key("জাগ\u200bরণী চক্র ফাউন্ডেশন") == plain


@pytest.mark.parametrize(
    ("precomposed", "decomposed"),
    [("\u09df", "\u09af\u09bc"), ("\u09dc", "\u09a1\u09bc"), ("\u09dd", "\u09a2\u09bc")],
)
def test_nukta_forms_give_one_key(precomposed: str, decomposed: str) -> None:
    a = name_key(f"গ্রাম উন্ন{precomposed}ন সংস্থা")
    b = name_key(f"গ্রাম উন্ন{decomposed}ন সংস্থা")
    assert a == b
    assert precomposed not in a


def test_bangla_honorifics_alike() -> None:
    keys = {
        name_key(v)
        for v in [
            "মোঃ আব্দুল হক ফাউন্ডেশন",
            "মো: আব্দুল হক ফাউন্ডেশন",
            "মো. আব্দুল হক ফাউন্ডেশন",
            "মো আব্দুল হক ফাউন্ডেশন",
            "মোঃআব্দুল হক ফাউন্ডেশন",
            "মো.আব্দুল  হক ফাউন্ডেশন",
        ]
    }
    assert keys == {"মো আব্দুল হক ফাউন্ডেশন"}


def test_female_honorifics_alike() -> None:
    keys = {name_key(v) for v in ["মোছাঃ রহিমা", "মোছা: রহিমা", "মোসাঃ রহিমা", "মোছা রহিমা"]}
    assert len(keys) == 1


def test_honorific_is_not_a_word_prefix() -> None:
    assert name_key("মোহাম্মদপুর সমাজ কল্যাণ সংস্থা").startswith("মোহাম্মদপুর")
    assert name_key("মোড়ল সংঘ") == unicodedata.normalize("NFC", "মোড়ল সংঘ")


def test_english_honorifics_and_case() -> None:
    keys = {
        name_key(v)
        for v in ["Md. Abdul Hoque", "MD Abdul Hoque", "Md Abdul Hoque", "md.abdul hoque"]
    }
    assert keys == {"md abdul hoque"}
    assert name_key("Mdina Trust") == "mdina trust"


def test_punctuation() -> None:
    assert name_key("Dhaka Ahsania Mission (DAM)") == "dhaka ahsania mission dam"
    assert name_key("Society for Health—Education/Development; Ltd.") == (
        "society for health education development ltd"
    )
    assert name_key("“আশ্রয়” ফাউন্ডেশন।") == name_key("আশ্রয় ফাউন্ডেশন")
    assert name_key("দুঃস্থ মহিলা কল্যাণ") == name_key("দুস্থ মহিলা কল্যাণ")
    assert name_key("সংস্থা ১") == name_key("সংস্থা 1")


def test_name_key_is_idempotent() -> None:
    for name in ["মোঃ আব্দুল হক (এমএএইচ)", "Md. Rahim & Sons", "উন্ন\u09dfন"]:
        assert name_key(name_key(name)) == name_key(name)


def test_name_key_is_fast() -> None:
    rows = [f"মোঃ আব্দুল হক ফাউন্ডেশন (এমএএইচ) {i}" for i in range(20_000)]
    start = time.perf_counter()
    for row in rows:
        name_key(row)
    assert time.perf_counter() - start < 2.0  # 100,000 rows in well under 10 s


def test_suggest() -> None:
    labels = [
        "মহিলা বহুমুখী শিক্ষা কেন্দ্র",
        "দিনাজপুর উন্নয়ন সংস্থা",
        "Dhaka Ahsania Mission",
        "গণ উন্নয়ন কেন্দ্র",
    ]
    choices = {name_key(label): label for label in labels}
    assert suggest("মহিলা বহুমুখি শিক্ষা কেন্দ্র", choices)[0] == "মহিলা বহুমুখী শিক্ষা কেন্দ্র"
    assert suggest("Dhaka Ahsania Mision", choices) == ["Dhaka Ahsania Mission"]
    assert suggest("qqqq", choices) == []
    assert suggest("", choices) == []
    assert suggest("উন্নয়ন", choices, limit=1) != []
    assert len(suggest("উন্নয়ন কেন্দ্র", choices, limit=2)) <= 2


@pytest.mark.parametrize(
    ("en", "bn", "expected"),
    [
        ("Mohila Bohumukhi Shikkha Kendro (MBSK)", None, "MBSK"),
        ("Come to Work (CTW)", None, "CTW"),
        ("Dhaka Ahsania Mission", None, "DAM"),
        ("Society for the Welfare of Children", None, "SWC"),
        ("Rural Development and Research Society", None, "RDRS"),
        ("Proshika", None, "PROS"),
        ("BRAC", None, "BRAC"),
        ("Mohila Bohumukhi Shikkha Kendro (Dinajpur)", None, "MBSK"),
        (None, "মহিলা বহুমুখী শিক্ষা কেন্দ্র", "MBSK"),
        (None, "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)", "MBSK"),
        (None, "ঠেঙ্গামারা মহিলা সবুজ সংঘ (টিএমএসএস)", "TMSS"),
        (None, "ঢাকা আহছানিয়া মিশন", "DAM"),
        (None, "উদ্দীপন", "UDDI"),
        (None, "আশ্রয় ও উন্নয়ন কেন্দ্র", "AUK"),
        ("", "ব্র্যাক", "BRAK"),
        ("", "ব্র্যাক (BRAC)", "BRAC"),  # the acronym it carries
        (None, "আরডিআরএস বাংলাদেশ", "RDRS"),  # an acronym spelled out as a word
        (None, "টিএমএসএস", "TMSS"),  # not the letters of one word (TIEM)
        (None, "এসকেএস ফাউন্ডেশন", "SKS"),
        (None, "এনজিও ফোরাম ফর পাবলিক হেলথ", "EFFPH"),  # এনজিও is a word, not the acronym
        (None, None, "NGO"),
        # names in both scripts, or in the other script's column
        ("সমাজ উন্নয়ন সংস্থা (Samaj Unnayan Sangstha)", None, "SUS"),  # its English part
        ("সমাজ উন্নয়ন সংস্থা", "Samaj Unnayan Sangstha", "SUS"),  # the columns swapped
        ("সমাজ উন্নয়ন সংস্থা", None, "SUS"),
        (None, "Shushilan", "SHUS"),
        ("আলোর পথ Society", "আলোর পথ Society", "APS"),  # every word, the Bangla read as Latin
        (None, "গণ উন্নয়ন কেন্দ্র Gono Unnayan Kendra", "GUK"),
    ],
)
def test_make_code(en: str | None, bn: str | None, expected: str) -> None:
    assert make_code(en, bn, set()) == expected


def test_written_acronyms_are_bracketed_or_capitals_never_initials() -> None:
    from ngocoord.names import written_acronyms

    assert written_acronyms("RDRS Bangladesh") == ["RDRS"]
    assert written_acronyms("কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)") == ["CTW"]
    assert written_acronyms("HEKS/EPER Bangladesh") == ["HEKS", "EPER"]
    assert written_acronyms("NGO Forum for Public Health") == []
    assert written_acronyms("Progoti Samaj Kalyan Sangstha") == []


def test_make_code_english_wins_over_bangla() -> None:
    assert make_code("Dhaka Ahsania Mission", "মহিলা বহুমুখী শিক্ষা কেন্দ্র", set()) == "DAM"


def test_make_code_avoids_taken() -> None:
    assert make_code("Dhaka Ahsania Mission", None, {"DAM"}) == "DAM2"
    assert make_code("Dhaka Ahsania Mission", None, {"DAM", "DAM2"}) == "DAM3"
    counters: dict[str, int] = {}
    taken = {"TN"}
    for _ in range(3):  # a batch: each name counts on from the last, not from 2
        taken.add(make_code("Test NGO", None, taken, counters))
    assert taken == {"TN", "TN2", "TN3", "TN4"} and counters == {"TN": 5}
    taken = {"ABCDEFGH"} | {f"ABCDEFG{n}" for n in range(2, 10)}
    code = make_code("A B C D E F G H I J", None, taken)
    assert code == "ABCDEF10"
    assert code not in taken


def test_make_code_always_valid_and_unique() -> None:
    taken: set[str] = set()
    inputs = [
        ("Dhaka Ahsania Mission", None),
        ("Dhaka Ahsania Mission", None),
        ("1st Step Foundation", None),
        ("A", None),
        ("The", None),
        ("Ünnayan Society", None),
        (None, "১২৩"),
        (None, "ক"),
        ("", ""),
    ] * 3
    for en, bn in inputs:
        code = make_code(en, bn, taken)
        assert CODE.fullmatch(code), code
        assert code not in taken
        taken.add(code)


def test_make_code_is_deterministic() -> None:
    taken = {"MBSK", "DAM"}
    first = make_code(None, "মহিলা বহুমুখী শিক্ষা কেন্দ্র", taken)
    assert first == make_code(None, "মহিলা বহুমুখী শিক্ষা কেন্দ্র", set(taken))
    assert first == "MBSK2"


_BN_WORDS = ["সমাজ", "উন্নয়ন", "সংস্থা", "আলোর", "পথ", "নারী", "কল্যাণ", "পল্লী", "ঠেঙ্গামারা"]
_EN_WORDS = ["Society", "Samaj", "Unnayan", "Foundation", "Trust", "Rural", "Alor", "Poth"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_BN_WORDS + _EN_WORDS), min_size=1, max_size=6),
    st.lists(st.sampled_from(_BN_WORDS + _EN_WORDS), max_size=6),
)
def test_a_name_in_either_script_or_both_gets_its_own_letters(
    first: list[str], second: list[str]
) -> None:
    """Any name with letters, in either column, in Bangla, English or both, gets a code of its
    own letters (never the stand-in NGO), the same every time, unique against those taken."""
    en, bn = " ".join(first), " ".join(second) or None
    code = make_code(en, bn, set())
    assert CODE.fullmatch(code) and not code.startswith("NGO"), (en, bn, code)
    assert make_code(bn, en, set()) != "NGO" and make_code(en, bn, set()) == code
    assert make_code(en, bn, {code}) not in {code}
