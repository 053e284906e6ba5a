"""The rendering layer: Bangla filters, strict templates, the office's own templates, HTML
escaping, Word files with Bangla fonts, and the Bangla calendar used to date letters."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ngocoord import bangla
from ngocoord.documents.docx import (
    docx_text,
    inline_runs,
    markdown_to_docx,
    parse_markdown,
    split_cells,
)
from ngocoord.documents.render import FILTERS, Renderer
from ngocoord.errors import NgocoordError


def letter_context(**ngo: Any) -> dict[str, Any]:
    """Everything reminder templates use (docs/reminders.md), for an NGO in Dinajpur."""
    return {
        "office": {
            "name": "জেলা প্রশাসকের কার্যালয়, দিনাজপুর",
            "name_en": "Deputy Commissioner's Office, Dinajpur",
            "phone": "0531-65001",
            "email": "dcdinajpur@mopa.gov.bd",
            "website": None,
            "district": "দিনাজপুর",
        },
        "chair": {"name": "মোঃ মাহমুদুল আলম", "designation": "জেলা প্রশাসক"},
        "committee": "জেলা এনজিও বিষয়ক সমন্বয় কমিটি",
        "kind": {
            "name": "ngo-report",
            "title": "এনজিওর মাসিক কার্যক্রম প্রতিবেদন",
            "subject_title": "মাসিক কার্যক্রম প্রতিবেদন",
            "due_day": 7,
        },
        "month": "2021-01",
        "due_date": date(2021, 2, 7),
        "as_of": date(2021, 2, 10),
        "date": date(2021, 2, 10),
        "subject": "জানুয়ারি/২০২১ মাসের মাসিক কার্যক্রম প্রতিবেদন দাখিল প্রসঙ্গে",
        "memo_no": "০৫.৪৪.২৭০০.০০৮.১৬.০০১",
        "days_overdue": 3,
        "ngo": {
            "code": "DAM",
            "name": "ঢাকা আহছানিয়া মিশন",
            "name_bn": "ঢাকা আহছানিয়া মিশন",
            "name_en": "Dhaka Ahsania Mission",
            "head_name": "বেগম সালমা খাতুন",
            "head_designation": "জোনাল ম্যানেজার",
            "mobile": "01911000111",
            "email": "dam@example.org",
            "address": None,
            **ngo,
        },
    }


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("16:00", "বিকাল ৪:০০ ঘটিকা"),
        (time(0, 0), "রাত ১২:০০ ঘটিকা"),
        (time(3, 59), "রাত ৩:৫৯ ঘটিকা"),
        (time(4, 0), "ভোর ৪:০০ ঘটিকা"),
        (time(5, 59), "ভোর ৫:৫৯ ঘটিকা"),
        (time(6, 0), "সকাল ৬:০০ ঘটিকা"),
        ("11:59", "সকাল ১১:৫৯ ঘটিকা"),
        ("12:00", "দুপুর ১২:০০ ঘটিকা"),
        ("14:59", "দুপুর ২:৫৯ ঘটিকা"),
        ("15:00", "বিকাল ৩:০০ ঘটিকা"),
        ("17:59", "বিকাল ৫:৫৯ ঘটিকা"),
        ("18:00", "সন্ধ্যা ৬:০০ ঘটিকা"),
        ("19:59", "সন্ধ্যা ৭:৫৯ ঘটিকা"),
        ("20:00", "রাত ৮:০০ ঘটিকা"),
        ("23:30", "রাত ১১:৩০ ঘটিকা"),
        ("১০.৩০", "সকাল ১০:৩০ ঘটিকা"),
    ],
)
def test_time_bn_parts_of_the_day(value: object, expected: str) -> None:
    assert FILTERS["time_bn"](value) == expected


def test_time_bn_rejects_what_is_not_a_time() -> None:
    with pytest.raises(ValueError):
        FILTERS["time_bn"]("24:00")
    with pytest.raises(ValueError):
        FILTERS["time_bn"]("বিকাল")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "০"),
        (999, "৯৯৯"),
        (1000, "১,০০০"),
        (12345, "১২,৩৪৫"),
        (100000, "১,০০,০০০"),
        (1234567, "১২,৩৪,৫৬৭"),
        (12345678, "১,২৩,৪৫,৬৭৮"),
        (-1234567, "-১২,৩৪,৫৬৭"),
        (1234.5, "১,২৩৪.৫০"),
        (Decimal("250000.00"), "২,৫০,০০০"),
        ("১২,৫০০ টাকা", "১২,৫০০"),
        (None, ""),
    ],
)
def test_money_groups_the_bangladeshi_way(value: object, expected: str) -> None:
    assert FILTERS["money"](value) == expected


def test_money_decimals_on_request() -> None:
    assert FILTERS["money"](1234567, 2) == "১২,৩৪,৫৬৭.০০"


def test_digit_and_date_filters() -> None:
    f = FILTERS
    assert f["bn"](2021) == "২০২১" and f["bn"]("0531-65001") == "০৫৩১-৬৫০০১" and f["bn"](None) == ""
    assert f["ordinal2"](1) == "০১" and f["ordinal2"](11) == "১১" and f["ordinal2"]("৩") == "০৩"
    assert f["date_bn"](date(2021, 2, 10)) == "১০ ফেব্রুয়ারি, ২০২১"
    assert f["date_bn"]("2021-02-10") == "১০ ফেব্রুয়ারি, ২০২১"
    assert f["date_ad"](date(2021, 1, 29)) == "২৯ জানুয়ারি ২০২১ খ্রিষ্টাব্দ"
    assert f["date_bangabda"](date(2021, 1, 29)) == "১৫ মাঘ ১৪২৭ বঙ্গাব্দ"
    assert f["month_bn"]("2021-01") == "জানুয়ারি/২০২১"
    assert f["month_bn"]("2021-01", ", ") == "জানুয়ারি, ২০২১"
    assert f["month_bn"](date(2020, 12, 5)) == "ডিসেম্বর/২০২০"


# ---------------------------------------------------------------- the Bangla calendar


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 4, 14), (1428, "বৈশাখ", 1)),  # পহেলা বৈশাখ
        (date(2021, 4, 13), (1427, "চৈত্র", 30)),
        (date(2021, 2, 21), (1427, "ফাল্গুন", 8)),  # ২১শে ফেব্রুয়ারি = ৮ ফাল্গুন
        (date(2021, 2, 14), (1427, "ফাল্গুন", 1)),
        (date(2020, 12, 16), (1427, "পৌষ", 1)),  # বিজয় দিবস
        (date(2021, 3, 26), (1427, "চৈত্র", 12)),  # স্বাধীনতা দিবস
        (date(2021, 1, 29), (1427, "মাঘ", 15)),  # the 2019 rules give ১৫, not ১৬
        (date(2021, 1, 15), (1427, "মাঘ", 1)),
        (date(2021, 8, 15), (1428, "শ্রাবণ", 31)),
        (date(2021, 10, 17), (1428, "কার্তিক", 1)),
        (date(2019, 4, 14), (1426, "বৈশাখ", 1)),
        (date(2024, 3, 14), (1430, "ফাল্গুন", 30)),  # February 2024 is a leap month
        (date(2023, 3, 14), (1429, "ফাল্গুন", 29)),
        (date(2023, 3, 15), (1429, "চৈত্র", 1)),
    ],
)
def test_bangla_calendar_anchors(day: date, expected: tuple[int, str, int]) -> None:
    year, month, mday = expected
    assert bangla.bangabda(day) == (year, bangla._nfc(month), mday)


def test_letter_date_in_both_calendars() -> None:
    d = date(2021, 1, 29)
    assert bangla.format_date_bangabda(d) == "১৫ মাঘ ১৪২৭ বঙ্গাব্দ"
    assert bangla.format_date_christian(d) == "২৯ জানুয়ারি ২০২১ খ্রিষ্টাব্দ"


def _month_length(year: int, index: int) -> int:
    """Days of a month of the revised (2019) calendar, from its rules."""
    if index < 6:
        return 31
    if index == 10:  # ফাল্গুন: 30 when its February is in a Gregorian leap year
        feb = year + 594
        return 30 if feb % 4 == 0 and (feb % 100 != 0 or feb % 400 == 0) else 29
    return 30


def test_every_day_2019_to_2030_is_a_valid_day_one_after_the_other() -> None:
    months = bangla.BANGLA_MONTHS
    day, end = date(2019, 4, 14), date(2031, 1, 1)
    p_year, p_month, p_day = bangla.bangabda(day - timedelta(days=1))
    assert (p_year, p_month, p_day) == (1425, months[-1], 30)
    while day < end:
        year, month, mday = bangla.bangabda(day)
        index, p_index = months.index(month), months.index(p_month)
        assert 1 <= mday <= _month_length(year, index), (day, year, month, mday)
        if mday == 1:  # a new month: the previous one ran to its last day
            assert p_day == _month_length(p_year, p_index), (day, p_month, p_day)
            assert index == (p_index + 1) % 12
            assert year == (p_year + 1 if index == 0 else p_year)
            assert index != 0 or (day.month, day.day) == (4, 14)
        else:
            assert (year, index, mday) == (p_year, p_index, p_day + 1), day
        assert year == day.year - (593 if (day.month, day.day) >= (4, 14) else 594)
        p_year, p_month, p_day = year, month, mday
        day += timedelta(days=1)


# ---------------------------------------------------------------- templates


def test_shipped_reminder_letter(tmp_path: Path) -> None:
    text = Renderer().render("reminder.md.j2", letter_context())
    assert "স্মারক নং- ০৫.৪৪.২৭০০.০০৮.১৬.০০১" in text
    assert "তারিখ: ২৭ মাঘ ১৪২৭ বঙ্গাব্দ / ১০ ফেব্রুয়ারি ২০২১ খ্রিষ্টাব্দ" in text
    assert "**বিষয়: জানুয়ারি/২০২১ মাসের মাসিক কার্যক্রম প্রতিবেদন দাখিল প্রসঙ্গে।**" in text
    assert "৭ ফেব্রুয়ারি, ২০২১ তারিখের মধ্যে" in text and "৩ দিন" in text
    assert "ফোন: ০৫৩১-৬৫০০১" in text


def test_undefined_variable_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.md.j2").write_text(
        "# {{ office.name }}\n\nপ্রাপক:\n{{ ngo.nmae }}\n", encoding="utf-8"
    )
    with pytest.raises(NgocoordError) as caught:
        Renderer(tmp_path).render("broken.md.j2", letter_context())
    assert "template broken.md.j2 line 4:" in str(caught.value)
    assert "nmae" in str(caught.value)


def test_undefined_in_a_block_of_an_extending_template(tmp_path: Path) -> None:
    (tmp_path / "child.html.j2").write_text(
        '{% extends "_base.html.j2" %}\n{% block body %}\n<p>\n{{ missing_var }}\n</p>\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    with pytest.raises(NgocoordError, match=r"template child\.html\.j2 line 4: 'missing_var'"):
        Renderer(tmp_path).render("child.html.j2", letter_context())


def test_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md.j2").write_text("one\ntwo\n{% if x %}\nthree\n", encoding="utf-8")
    with pytest.raises(NgocoordError, match=r"template bad\.md\.j2 line \d+: "):
        Renderer(tmp_path).render("bad.md.j2", {"x": 1})


def test_filter_error_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "when.md.j2").write_text("সময়:\n{{ '25:00' | time_bn }}\n", encoding="utf-8")
    with pytest.raises(NgocoordError, match=r"template when\.md\.j2 line 2: not a time"):
        Renderer(tmp_path).render("when.md.j2", {})


def test_missing_template_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(NgocoordError, match=r"No template nothing\.md\.j2"):
        Renderer(tmp_path).render("nothing.md.j2", {})


def test_override_folder_wins_and_the_rest_stays_shipped(tmp_path: Path) -> None:
    (tmp_path / "reminder.md.j2").write_text(
        "আমাদের নিজস্ব পত্র: {{ ngo.name }} ({{ days_overdue | bn }} দিন)\n", encoding="utf-8"
    )
    renderer = Renderer(tmp_path)
    assert renderer.render("reminder.md.j2", letter_context()) == (
        "আমাদের নিজস্ব পত্র: ঢাকা আহছানিয়া মিশন (৩ দিন)\n"
    )
    shipped = renderer.render("reminder.html.j2", letter_context())
    assert "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার" in shipped
    assert "নিজস্ব" not in Renderer().render("reminder.md.j2", letter_context())


def test_html_is_escaped_markdown_is_not() -> None:
    context = letter_context(name="<script>alert('x')</script> & Co")
    html = Renderer().render("reminder.html.j2", context)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in html
    assert "@page { size: A4" in html and '<html lang="bn">' in html
    md = Renderer().render("reminder.md.j2", context)
    assert "<script>alert('x')</script> & Co" in md


def test_memo_number_left_blank_without_a_prefix() -> None:
    context = letter_context()
    context["memo_no"] = None
    text = Renderer().render("reminder.md.j2", context)
    assert "স্মারক নং- ......" in text


# ---------------------------------------------------------------- Word


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def test_docx_letter_has_bangla_fonts_and_text(tmp_path: Path) -> None:
    import docx

    path = Renderer(font="SolaimanLipi").write(
        "reminder", "docx", letter_context(), tmp_path / "letter.docx"
    )
    document = docx.Document(str(path))
    normal = document.styles["Normal"].element.rPr
    fonts = normal.find(_w("rFonts"))
    assert fonts.get(_w("cs")) == "SolaimanLipi"
    assert fonts.get(_w("ascii")) == "SolaimanLipi" and fonts.get(_w("hAnsi")) == "SolaimanLipi"
    assert normal.find(_w("lang")).get(_w("bidi")) == "bn-BD"
    assert normal.find(_w("szCs")) is not None
    defaults = document.styles.element.find(_w("docDefaults")).find(f".//{_w('rFonts')}")
    assert defaults.get(_w("cs")) == "SolaimanLipi" and defaults.get(_w("cstheme")) is None
    text = docx_text(path)
    assert "বিষয়: জানুয়ারি/২০২১ মাসের মাসিক কার্যক্রম প্রতিবেদন দাখিল প্রসঙ্গে।" in text
    assert "ঢাকা আহছানিয়া মিশন" in text and "**" not in text
    subject = next(p for p in document.paragraphs if p.text.startswith("বিষয়"))
    assert all(run.bold for run in subject.runs)
    heading = document.paragraphs[0]
    assert heading.style.name == "Heading 1" and heading.text == "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার"
    addressee = next(p for p in document.paragraphs if p.text.startswith("প্রাপক"))
    assert addressee.text.splitlines() == [
        "প্রাপক:",
        "বেগম সালমা খাতুন",
        "জোনাল ম্যানেজার",
        "ঢাকা আহছানিয়া মিশন",
    ]
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_docx_default_font_is_nikosh_and_latin_font_separate(tmp_path: Path) -> None:
    import docx

    path = markdown_to_docx(
        "# শিরোনাম\n\nলেখা", tmp_path / "a.docx", font="Nikosh", latin_font="Arial"
    )
    fonts = docx.Document(str(path)).styles["Normal"].element.rPr.find(_w("rFonts"))
    assert fonts.get(_w("cs")) == "Nikosh" and fonts.get(_w("ascii")) == "Arial"
    assert Renderer().font == "Nikosh"


def test_markdown_tables_lists_and_escapes(tmp_path: Path) -> None:
    text = (
        "# তালিকা\n\n| ক্রমিক | সংস্থা |\n|---|---|\n| ০১ | এ \\| বি |\n\n- এক\n- দুই\n\nশেষ **মোটা** কথা\n"
    )
    kinds = [b.kind for b in parse_markdown(text)]
    assert kinds == ["heading", "table", "bullet", "bullet", "para"]
    assert split_cells("| ০১ | এ \\| বি |") == ["০১", "এ | বি"]
    assert inline_runs("শেষ **মোটা** কথা") == [("শেষ ", False), ("মোটা", True), (" কথা", False)]
    assert inline_runs("৫ \\* ৩") == [("৫ * ৩", False)]
    import docx

    document = docx.Document(str(markdown_to_docx(text, tmp_path / "t.docx", font="Nikosh")))
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["০১", "এ | বি"]
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)


def test_output_file_format_and_name(tmp_path: Path) -> None:
    from ngocoord.documents.render import output_file
    from ngocoord.errors import Invalid

    allowed = ("docx", "pdf", "html", "md")
    assert output_file(None, tmp_path / "m.HTM", allowed, "minutes") == ("html", tmp_path / "m.HTM")
    assert output_file("PDF", tmp_path / "m.docx", allowed, "minutes") == (
        "pdf",
        tmp_path / "m.docx",
    )
    assert output_file(None, tmp_path, allowed, "minutes-2021-02") == (
        "docx",
        tmp_path / "minutes-2021-02.docx",
    )
    assert output_file("md", None, allowed, "minutes-2021-02") == ("md", Path("minutes-2021-02.md"))
    assert output_file(None, tmp_path / "minutes", allowed, "x") == ("docx", tmp_path / "minutes")
    with pytest.raises(Invalid, match=r"Cannot tell the format from the file name m\.txt"):
        output_file(None, tmp_path / "m.txt", allowed, "minutes")
    with pytest.raises(Invalid, match="Unknown format 'xls'"):
        output_file("xls", None, allowed, "minutes")
