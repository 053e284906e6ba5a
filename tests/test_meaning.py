"""The shortcut `Form.recognise` takes for plain values (numbers, dates, mobiles) gives what
reading them word by word gives, for every form the project reads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ngocoord import meaning
from ngocoord.intake import report_format
from ngocoord.register import fields

FORMS = [
    meaning.form_of(report_format.LINE_FIELDS),
    meaning.form_of(report_format.HEADER_FIELDS),
    meaning.form_of(fields.FIELDS),
]
VALUE_CHARS = "0123456789০১২৩৪৫৬৭৮৯ .,:;/()+-\n\r\t"
values = st.text(alphabet=VALUE_CHARS, max_size=24)
# Texts that come close: a value with a letter, a mark or a symbol in it is read in full.
near = st.builds(lambda a, c, b: a + c + b, values, st.sampled_from(list("aনNo৳#%x।্")), values)


@given(st.lists(values, min_size=0, max_size=3), st.booleans())
def test_a_plain_value_means_no_field_as_its_words_would_say(path: list[str], exact: bool) -> None:
    for form in FORMS:
        assert form.recognise(path, exact=exact) == form._decide(tuple(path), exact)
        assert form.recognise(path, exact=exact).field is None


@given(near, st.booleans())
def test_a_value_with_any_other_character_is_read_in_full(text: str, exact: bool) -> None:
    for form in FORMS:
        assert form.recognise((text,), exact=exact) == form._decide((text,), exact)


def test_the_shortcut_does_not_hide_a_serial_number_header() -> None:
    form = FORMS[0]
    assert form.recognise(("নং",)).field == "serial"
    assert form.recognise(("১",)).field is None


# Form.field: a header block's values differ in every file only by their numbers
# ("উন্নয়ন সংস্থা ১২", "N00012"), so its cache is keyed on the folded words with any word of
# digits alike. Texts that share a key must get the field their own reading gives.
_WORDS = [
    *(w for spellings in meaning.CONCEPTS.values() for w in spellings),
    *(p.lstrip("=~") for f in FORMS for v in f.descriptions.values() for p in v),
    *("উন্নয়ন", "সংস্থা", "কামরুল", "N00012", "ngo12", "No", "নং", "রেজিঃ", "মোট"),
]
_DIGITS = st.text(alphabet="0123456789০১২৩৪৫৬৭৮৯", min_size=1, max_size=5)
# words with a digit in them: some read as a near spelling of a known word ("ngoab1")
_MIXED = st.builds(
    lambda w, d: w + d, st.sampled_from(["ngoab", "regn", "code", "N000", "প্রকল্প"]), _DIGITS
)
_PART = st.one_of(st.sampled_from(_WORDS), _DIGITS, _MIXED)
_SEP = st.sampled_from([" ", " : ", ", ", "\n", "-", " / ", "।"])


@st.composite
def _alike(draw: st.DrawFn) -> list[str]:
    """Texts of the same words, each with its words of digits drawn afresh."""
    parts = draw(st.lists(_PART, min_size=1, max_size=5))
    seps = draw(st.lists(_SEP, min_size=len(parts), max_size=len(parts)))
    texts = []
    for _ in range(draw(st.integers(2, 4))):
        drawn = [draw(_DIGITS) if p.isdigit() else p for p in parts]
        texts.append("".join(s + p for s, p in zip(seps, drawn, strict=True)))
    return texts


@given(st.lists(_alike(), min_size=1, max_size=4), st.booleans())
def test_a_field_cached_by_its_words_is_the_field_each_text_means(
    groups: list[list[str]], exact: bool
) -> None:
    for form in FORMS:
        for cache in (form._fields, form._exact_fields, form._decided):
            cache.clear()  # the first text of a key decides it for the others
        for text in (t for group in groups for t in group):
            assert form.field((text,), exact=exact) == form._decide((text,), exact).field
            assert form.field(("প্রকল্প", text)) == form._decide(("প্রকল্প", text), False).field


def test_a_word_with_a_digit_in_it_is_its_own_word() -> None:
    # "ngoab1" is a near spelling of the bureau's name; "N0001" and "ngoab22" are not
    form = meaning.Form(fields.FIELDS)
    said = ["ngoab1 registration no", "N0001 registration no", "ngoab22 registration no"]
    assert [form.field((t,)) for t in said] == ["reg_ngoab", "reg_other", "reg_other"]


def test_a_digit_in_a_phrase_keeps_numbers_apart() -> None:
    # "FD 6" is read as the form's own word "fd6" (two words typed apart); "FD 7" is not
    form = meaning.Form({"fd6": ["FD6"], "donor": ["Donor"]})
    assert form.field(("FD 6",)) == "fd6"
    assert form.field(("FD 7",)) is None


@given(st.sampled_from(sorted(FORMS[2].known)), st.text(min_size=0, max_size=3), st.booleans())
def test_a_word_left_out_of_near_spellings_matches_no_known_word(
    word: str, noise: str, digits_in: bool
) -> None:
    from rapidfuzz import fuzz, process

    known = FORMS[2].known
    candidates = meaning._fuzzy_candidates(known)
    letters = meaning._fuzzy_letters(known)
    text = word + noise + ("0012" if digits_in else "")
    if not meaning._may_be_near(text, letters):
        scorer, cutoff = fuzz.ratio, meaning._FUZZY_CUTOFF
        assert process.extractOne(text, candidates, scorer=scorer, score_cutoff=cutoff) is None
    assert not meaning._may_be_near("n00012", letters)
