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
