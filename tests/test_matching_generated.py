"""Generated names (Hypothesis) for the one lookup's roster matching: an exact match after
normalisation is always the same NGO; names that differ only in digits or in place names are
never close."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ngocoord import names, places
from ngocoord.register.lookup import Lookup

WORDS_BN = ["পল্লী", "উন্নয়ন", "সংস্থা", "মহিলা", "কল্যাণ", "সমিতি", "সেবা", "আলো", "নারী", "যুব"]
WORDS_EN = ["Palli", "Unnayan", "Sangstha", "Mohila", "Kalyan", "Samity", "Seba", "Alo", "Jubo"]
DISTRICT = places.find_district("দিনাজপুর")
PLACES_BN = [u.bn for u in places.upazilas_of(DISTRICT)] + ["দিনাজপুর", "রংপুর", "বগুড়া"]
PLACES_EN = [u.en for u in places.upazilas_of(DISTRICT)] + ["Dinajpur", "Rangpur", "Bogura"]
DIGITS_BN = "০১২৩৪৫৬৭৮৯"


def lookup(*registered: tuple[str, str | None]) -> Lookup:
    return Lookup(
        (i, f"N{i}X", bn, en, names.name_key(bn)) for i, (bn, en) in enumerate(registered, 1)
    )


bn_names = st.lists(st.sampled_from(WORDS_BN), min_size=2, max_size=5).map(" ".join)
en_names = st.lists(st.sampled_from(WORDS_EN), min_size=2, max_size=5).map(" ".join)


@st.composite
def respelled(draw: st.DrawFn, name: str) -> str:
    """The same name as another office types it: spaces, case, zero-width joiners, the nukta
    letters decomposed, a full stop or comma where a space was."""
    text = unicodedata.normalize("NFD", name) if draw(st.booleans()) else name
    if draw(st.booleans()):
        text = text.upper() if text.isascii() else text
    joiner = draw(st.sampled_from([" ", "  ", " \u200c", ", ", ". ", "\u00a0"]))
    return f"{draw(st.sampled_from(['', ' ']))}{joiner.join(text.split(' '))}"


@settings(max_examples=150, deadline=None)
@given(data=st.data(), bn=bn_names, en=en_names)
def test_an_exact_normalised_match_is_always_the_same_ngo(
    data: st.DataObject, bn: str, en: str
) -> None:
    found = lookup((bn, en), ("অন্য নাম সংস্থা", "Other Name"))
    assert [e.id for e in found.same([data.draw(respelled(bn))])] == [1]
    assert [e.id for e in found.same([data.draw(respelled(en))])] == [1]


@st.composite
def variants(draw: st.DrawFn) -> tuple[str, str]:
    """A name and another that differs from it only in digits or in place names."""
    bangla = draw(st.booleans())
    words = draw(
        st.lists(st.sampled_from(WORDS_BN if bangla else WORDS_EN), min_size=2, max_size=4)
    )
    pool = PLACES_BN if bangla else PLACES_EN
    kind = draw(st.sampled_from(["digit", "place", "added place"]))
    if kind == "digit":
        a, b = draw(st.lists(st.integers(1, 99), min_size=2, max_size=2, unique=True))
        if bangla:
            a_text, b_text = (
                str(n).translate(str.maketrans("0123456789", DIGITS_BN)) for n in (a, b)
            )
        else:
            a_text, b_text = str(a), str(b)
        return " ".join([*words, a_text]), " ".join([*words, f"-{b_text}"])
    first, second = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=2, unique=True))
    if kind == "place":
        return f"{' '.join(words)}, {first}", f"{' '.join(words)}, {second}"
    return " ".join(words), f"{first} {' '.join(words)}"


@settings(max_examples=200, deadline=None)
@given(pair=variants())
def test_names_differing_only_in_digits_or_places_are_never_close(pair: tuple[str, str]) -> None:
    registered, incoming = pair
    found = lookup((registered, None))
    if names.name_key(registered) == names.name_key(incoming):
        return  # the same name after all: `same`, not `near`, answers
    assert found.near([incoming]) == []


def test_derived_initials_are_not_an_acronym_written_in_a_name() -> None:
    """PSKS and PSKS2 of the demo: codes made from initials, two NGOs."""
    found = Lookup([(1, "PSKS", "প্রগতি সমাজ কল্যাণ সংস্থা", "Progoti Samaj Kalyan Sangstha", "x")])
    assert found.near(["Parbatipur Sromojibi Kalyan Sangstha"]) == []
    assert found.near(["পার্বতীপুর (PSKS)"]) == []
    assert found.same(["পার্বতীপুর (PSKS)"]) == []
