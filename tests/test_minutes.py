"""The minutes of the February 2021 meeting (seed 000) from the demo register: every section
in seed 000's order and wording, Bengali digits, golden Markdown and HTML, a Word table that
LibreOffice opens, a PDF whose Bangla text is set in embedded Bangla fonts; the attendance
sheet, the NGO profile page and the template export.

Set NGOCOORD_UPDATE_GOLDEN=1 to rewrite tests/golden/minutes-2021-02.{md,html}.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfs
import pytest
from conftest import Cli
from pdfs import assert_bangla_in_embedded_bangla_fonts
from typer.testing import CliRunner

from ngocoord import demo
from ngocoord.documents.docx import docx_text, markdown_to_docx, parse_markdown, split_cells
from ngocoord.documents.pdf import bengali_fonts
from ngocoord.documents.render import Renderer
from ngocoord.errors import NgocoordError
from ngocoord.meetings import minutes
from ngocoord.store.db import open_register

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("NGOCOORD_UPDATE_GOLDEN") == "1"
IN_CI = bool(os.environ.get("CI"))

HEADING = "দিনাজপুর জেলায় এনজিও কর্মতৎপরতা সম্পর্কে ফেব্রুয়ারি/২০২১ মাসের মাসিক সমন্বয় সভার কার্য বিবরণী:"
ITEM_01 = (
    "সহকারী কমিশনার, এনজিও শাখা সভায় জানান যে, দিনাজপুর জেলায় কর্মরত ৭০টি এনজিওর মধ্যে ৫৯ টি "
    "এনজিও ছক মোতাবেক জানুয়ারি/২০২১ মাসের কার্যক্রম সম্পর্কিত প্রতিবেদন দাখিল করেছেন। বাকী ১১ টি "
    "সংস্থার প্রতিবেদন পাওয়া যায়নি।"
)
OPENING = "উপস্থিত সকল সদস্যকে শুভেচ্ছা জানিয়ে সভার কার্যক্রম শুরু করা হয়।"
CLOSING = "সকল উপজেলা নির্বাহী অফিসারকে নিয়মিত এনজিওদের নিয়ে মাসিক মিটিং করার জন্য"
ITEMS = ["০১", "০২", "০৩", "০৪", "০৫", "০৬", "০৭", "০৮", "০৯", "১০", "১১"]
# E-mail and web addresses are the only places a Latin digit may appear in the minutes.
ADDRESSES = re.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+")


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo register: the real seed-000 meeting is meeting 1."""
    return demo.build(tmp_path_factory.mktemp("minutes") / "demo").db_path


@pytest.fixture(scope="module")
def values(demo_db: Path) -> dict[str, Any]:
    register = open_register(f"sqlite:///{demo_db}")
    try:
        with register.session() as s:
            return minutes.context(s, 1)
    finally:
        register.close()


@pytest.fixture(scope="module")
def md(values: dict[str, Any]) -> str:
    return Renderer().render("minutes.md.j2", values)


@pytest.fixture(scope="module")
def html(values: dict[str, Any]) -> str:
    return Renderer().render("minutes.html.j2", values)


def _in_order(text: str, markers: list[str]) -> None:
    at = 0
    for marker in markers:
        found = text.find(marker, at)
        assert found >= 0, f"{marker!r} missing, or out of order (searched from {at})"
        at = found + len(marker)


def _visible_html(text: str) -> str:
    text = re.sub(r"<style.*?</style>", "", text, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", text))


def _bengali_font_or_skip() -> list[str]:
    found = bengali_fonts()
    if not found:
        if IN_CI:
            pytest.fail("CI must have a Bangla font: apt-get install fonts-noto-core")
        pytest.skip("no Bangla font installed (apt install fonts-noto-core)")
    return found


# ---------------------------------------------------------------- the context


def test_context_has_seed_000_particulars(values: dict[str, Any]) -> None:
    assert values["heading"] == HEADING
    assert values["chair"] == {"name": "মোঃ মাহমুদুল আলম", "designation": "জেলা প্রশাসক, দিনাজপুর।"}
    assert values["venue"] == "জেলা প্রশাসকের সম্মেলন কক্ষ।"
    assert values["date"] == "১০ ফেব্রুয়ারি, ২০২১"
    assert values["time"] == "বিকাল ৪:০০ ঘটিকা"
    assert values["month_reviewed"] == "জানুয়ারি, ২০২১"
    assert values["appendix_note"] == "(সভায় উপস্থিতি পরিশিষ্ট-“ক”তে এবং অনুপস্থিতি-“খ”তে দেখানো হলো)"
    assert values["table_header"] == ["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"]
    assert values["signature"] == {
        "name": "মোঃ মাহমুদুল আলম",
        "designation": "জেলা প্রশাসক",
        "is_chair": True,
        "committee": "জেলা এনজিও বিষয়ক সমন্বয় কমিটি",
        "place": "দিনাজপুর।",
        "phone": "০৫৩১-৬৫০০১",
        "email": "dcdinajpur@mopa.gov.bd",
    }
    memo = values["memo"]
    assert memo["number"] == "০৫.৪৪.২৭০০.০০৮.১৬.০০১.২১-১৪৫"
    assert memo["date_bangabda"] == "১ ফাল্গুন ১৪২৭ বঙ্গাব্দ"
    assert memo["date_ad"] == "১৪ ফেব্রুয়ারি ২০২১ খ্রিষ্টাব্দ"
    assert values["distribution"][0] == "বিভাগীয় কমিশনার, রংপুর বিভাগ, রংপুর।"
    assert values["distribution"][-1] == "অফিস কপি।"


def test_items_and_decision_numbers(values: dict[str, Any]) -> None:
    items = values["items"]
    assert [i["number"] for i in items] == ITEMS
    assert items[0]["discussion"].startswith(ITEM_01)
    assert [d["number"] for d in items[0]["decisions"]] == ["১.১", "১.২"]
    assert [d["number"] for d in items[2]["decisions"]] == ["৩.১", "৩.২", "৩.৩"]
    # one decision: no number, as seed 000 prints item ০৪
    assert [d["number"] for d in items[3]["decisions"]] == [""]
    # the {বাদ: DAM} option of the meeting document is not printed
    assert items[2]["decisions"][0]["text"] == (
        "জেলা এনজিও সমন্বয় সভার তালিকা হতে সর্বসম্মতিক্রমে ঢাকা আহছানিয়া মিশনকে বাদ দেয়ার সিদ্ধান্ত গৃহীত হয়।"
    )
    assert items[4]["implementers"] == "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ), পার্বতীপুর, দিনাজপুর।"


def test_appendices_list_who_came_and_the_ngos_absent(values: dict[str, Any]) -> None:
    present, absent = values["present"], values["absent"]
    assert len(present) == 38 and values["present_ngos"] == 30
    assert present[0] == {
        "name": "মোঃ মাহমুদুল আলম",
        "designation": "জেলা প্রশাসক",
        "organisation": "জেলা প্রশাসকের কার্যালয়, দিনাজপুর",
        "ngo_code": None,
        "is_head": None,
    }
    # 70 on the list, DAM taken off by decision ৩.১ on the day, 30 came
    assert len(absent) == 39
    codes = {a["code"] for a in absent} | {p["ngo_code"] for p in present if p["ngo_code"]}
    assert len(codes) == 69 and "DAM" not in codes


def test_bn_text_keeps_addresses() -> None:
    assert (
        minutes.bn_text("70টি, www.x2.com ও a1@b2.gov.bd 59")
        == "৭০টি, www.x2.com ও a1@b2.gov.bd ৫৯"
    )
    assert minutes.bn_text(None) == ""


# ---------------------------------------------------------------- Markdown


def test_every_seed_000_section_in_order(md: str) -> None:
    _in_order(
        md,
        [
            f"## {HEADING}",
            "সভাপতি: মোঃ মাহমুদুল আলম\\\nজেলা প্রশাসক, দিনাজপুর।\\",
            "স্থান: জেলা প্রশাসকের সম্মেলন কক্ষ।\\",
            "তারিখ: ১০ ফেব্রুয়ারি, ২০২১\\",
            "সময়: বিকাল ৪:০০ ঘটিকা\\",
            "আলোচ্য মাস: জানুয়ারি, ২০২১",
            "(সভায় উপস্থিতি পরিশিষ্ট-“ক”তে এবং অনুপস্থিতি-“খ”তে দেখানো হলো)",
            OPENING,
            "| ক্র: নং | আলোচনা | সিদ্ধান্ত | বাস্তবায়ন |",
            *[f"\n| {n} | " for n in ITEMS],
            CLOSING,
            "(মোঃ মাহমুদুল আলম)\\\nজেলা প্রশাসক\\\nও\\\nসভাপতি\\\n"
            "জেলা এনজিও বিষয়ক সমন্বয় কমিটি\\\nদিনাজপুর।\\\n০৫৩১-৬৫০০১\\\ndcdinajpur@mopa.gov.bd",
            "স্মারক নং-০৫.৪৪.২৭০০.০০৮.১৬.০০১.২১-১৪৫\\",
            "তারিখ: ১ ফাল্গুন ১৪২৭ বঙ্গাব্দ / ১৪ ফেব্রুয়ারি ২০২১ খ্রিষ্টাব্দ",
            "বিতরণ (কার্যার্থে/জ্ঞাতার্থে):\\",
            "১। বিভাগীয় কমিশনার, রংপুর বিভাগ, রংপুর।\\",
            "৯। অফিস কপি।",
            "## পরিশিষ্ট-“ক”",
            "| ক্রমিক | নাম | পদবি | প্রতিষ্ঠান |",
            "## পরিশিষ্ট-“খ”",
            "| ক্রমিক | সংস্থার নাম | সংস্থা প্রধান |",
        ],
    )


def test_item_01_figures_exactly_as_seed_000(md: str) -> None:
    assert ITEM_01 in md
    row = next(line for line in md.splitlines() if line.startswith("| ০১ |"))
    for figure in ("৭০টি", "৫৯ টি", "১১ টি"):
        assert figure in row


def test_the_items_are_one_markdown_table_of_four_columns(md: str) -> None:
    tables = [b for b in parse_markdown(md) if b.kind == "table"]
    items = tables[0]
    assert [split_cells(r) for r in items.lines[:1]] == [["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"]]
    rows = [split_cells(r) for r in items.lines[1:]]
    assert [r[0] for r in rows] == ITEMS
    assert all(len(r) == 4 for r in rows)
    assert rows[0][2].startswith("১.১ মাসিক এনজিও সমন্বয় সভায়") and "<br>১.২ সকল সংস্থাকে" in rows[0][2]
    assert items.widths is not None and items.widths[1] > items.widths[0]
    # the appendices are tables too, each on a page of its own in Word
    assert len(tables) == 3
    assert [b.kind for b in parse_markdown(md)].count("pagebreak") == 2


def test_no_latin_digit_outside_addresses(md: str, html: str) -> None:
    """Bengali digits only: a Latin digit may appear only inside an e-mail or web address.
    (The demo's addresses have none, but an office's may, e.g. dc2@…)."""
    assert not re.findall(r"[0-9]", ADDRESSES.sub("", md))
    assert not re.findall(r"[0-9]", ADDRESSES.sub("", _visible_html(html)))
    assert "www.dinajpurngos.com" in md and "dcdinajpur@mopa.gov.bd" in md


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_golden(suffix: str, md: str, html: str) -> None:
    text = md if suffix == "md" else html
    golden = GOLDEN / f"minutes-2021-02.{suffix}"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} missing: run with NGOCOORD_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is intended, rerun with NGOCOORD_UPDATE_GOLDEN=1 "
        "and review the diff"
    )


# ---------------------------------------------------------------- HTML


def test_html_prints_on_a4(html: str) -> None:
    assert "size: A4" in html
    assert "thead { display: table-header-group; }" in html
    assert ".appendix { page-break-before: always;" in html
    assert "page-break-inside: avoid" in html
    for family in ('"Nikosh"', '"Noto Sans Bengali"', '"Noto Serif Bengali"', '"SolaimanLipi"'):
        assert family in html
    assert html.count('<section class="appendix">') == 2
    assert "ইউনিটি ফর এনজিও&#39;স" in html  # escaped: an HTML template autoescapes
    _in_order(
        _visible_html(html),
        [HEADING, "সভাপতি:", OPENING, "ক্র: নং", *ITEMS, CLOSING, "স্মারক নং-", "বিতরণ", "পরিশিষ্ট"],
    )


# ---------------------------------------------------------------- Word


@pytest.fixture(scope="module")
def docx_path(values: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "minutes.docx"
    return Renderer(font="Nikosh").write("minutes", "docx", values, path)


def test_docx_has_a_word_table_of_the_items(docx_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(docx_path))
    items = document.tables[0]
    assert [c.text for c in items.rows[0].cells] == ["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"]
    assert [r.cells[0].text for r in items.rows[1:]] == ITEMS
    assert items.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert "১.১ মাসিক" in items.rows[1].cells[2].text and "\n১.২ সকল" in items.rows[1].cells[2].text
    assert len(document.tables) == 3
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:cs")) == "Nikosh"
    text = docx_text(docx_path)
    assert HEADING in text and ITEM_01 in text and "পরিশিষ্ট-“খ”" in text


def test_libreoffice_opens_the_docx(docx_path: Path, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (CI installs libreoffice-writer-nogui)")
    out = tmp_path / "pdf"
    done = subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = out / "minutes.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000, done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_markdown_to_docx_breaks_pages_lines_and_sets_widths(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    text = "এক\n\n<!-- pagebreak -->\n\n| ক | খ |\n|---|---------|\n| ১<br>২ | ৩ |\n"
    path = markdown_to_docx(text, tmp_path / "t.docx", font="Nikosh")
    document = docx.Document(str(path))
    body = document.element.body
    assert body.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']")
    table = document.tables[0]
    assert table.rows[1].cells[0].text == "১\n২"
    assert table.columns[1].width > 2 * table.columns[0].width


NAMES = "আরডিআরএস বাংলাদেশ, কাম-টু-ওয়ার্ক (সিটিডাব্লিউ), পার্বতীপুর"
ITEMS_RULE = "|----|--------------------|---------------|--------|"  # as minutes.md.j2 has it


def _items_table(implementers: str, decision: str = "সভায় সিদ্ধান্ত গৃহীত হয়।") -> str:
    row = f"| ০১ | {'সভায় আলোচনা করা হয়। ' * 30} | {decision} | {implementers} |"
    return f"| ক্র: নং | আলোচনা | সিদ্ধান্ত | বাস্তবায়ন |\n{ITEMS_RULE}\n{row}\n"


def _widths_mm(path: Path) -> list[float]:
    import docx

    return [c.width.mm for c in docx.Document(str(path)).tables[0].columns]


def _longest_mm(text: str, font: str = "Nikosh") -> float:
    from ngocoord.documents.docx import CELL_PADDING_MM, TABLE_FONT_PT, words
    from ngocoord.documents.fonts import text_width_mm

    return max(text_width_mm(w, TABLE_FONT_PT, font) for w in words(text)) + CELL_PADDING_MM


def test_word_columns_hold_their_longest_word(tmp_path: Path) -> None:
    """The implementer column is widened to hold its longest name as the font prints it
    (আরডিআরএস broke as আরডিআর|এস in the 27 mm the rule gives it), from the columns with room;
    a web address is left to break; the widths fill the page between the margins."""
    shares = [4, 20, 15, 8]
    usable = 210 - 2 * 25
    plain = _widths_mm(
        markdown_to_docx(_items_table("সকল এনজিও"), tmp_path / "a.docx", font="Nikosh")
    )
    assert plain == pytest.approx([usable * s / sum(shares) for s in shares], abs=0.1)
    named = _widths_mm(markdown_to_docx(_items_table(NAMES), tmp_path / "b.docx", font="Nikosh"))
    assert _longest_mm(NAMES) > plain[3]  # the case that broke
    assert named[3] >= _longest_mm(NAMES) - 0.1
    assert named[1] < plain[1] and sum(named) == pytest.approx(usable, abs=0.1)
    web = _items_table("সকল এনজিও", "www.dinajpurngos.com.bd/minutes/february-2021")
    assert _widths_mm(markdown_to_docx(web, tmp_path / "c.docx", font="Nikosh")) == pytest.approx(
        plain, abs=0.1
    )


def test_the_minutes_implementer_column_holds_every_name(docx_path: Path) -> None:
    import docx

    table = docx.Document(str(docx_path)).tables[0]
    names = " ".join(row.cells[3].text for row in table.rows[1:])
    assert table.columns[3].width.mm >= _longest_mm(names) - 0.1


def test_libreoffice_does_not_break_a_name_inside_it(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if office is None or pdftotext is None or not bengali_fonts():
        pytest.skip("needs LibreOffice, poppler-utils and a Bangla font")
    path = markdown_to_docx(_items_table(NAMES), tmp_path / "names.docx", font="Nikosh")
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    text = subprocess.run(
        [pdftotext, str(tmp_path / "names.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert "আরডিআরএস" in lines and "(সিটিডাব্লিউ)," in lines, lines


# ---------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def pdf_path(values: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not bengali_fonts():
        if IN_CI:
            pytest.fail("CI must have a Bangla font: apt-get install fonts-noto-core")
        pytest.skip("no Bangla font installed (apt install fonts-noto-core)")
    path = tmp_path_factory.mktemp("pdf") / "minutes.pdf"
    yield Renderer().write("minutes", "pdf", values, path)


def test_pdf_bangla_is_set_in_embedded_bangla_fonts(pdf_path: Path) -> None:
    assert assert_bangla_in_embedded_bangla_fonts(pdf_path) >= 3


def test_the_demo_minutes_take_fewer_pages(pdf_path: Path) -> None:
    """They took 10 pages while every item row was kept whole and each appendix began a page."""
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf_path)).pages) < 10


PHRASE = "জেলা প্রশাসক সভায় বিস্তারিত আলোচনা করেন।"
MARGIN_PT = 18 / 25.4 * 72  # the minutes' top and bottom page margins


def _items_of(words_per_row: list[int]) -> list[dict[str, Any]]:
    """Item rows of these many phrases, each discussion between the markers S<n>Q and E<n>Q."""
    items = []
    for n, count in enumerate(words_per_row, start=1):
        text = f"S{n}Q {' '.join([PHRASE] * count)} E{n}Q"
        items.append(
            {
                "number": f"{n:02d}",
                "discussion": text,
                "lines": [text],
                "decisions": [{"number": "", "text": "সিদ্ধান্ত গৃহীত হয়।"}],
                "implementers": "সকল এনজিও",
            }
        )
    return items


@pytest.mark.parametrize("rows", [[4, 25, 12, 30, 3, 14, 14], [12, 11, 4, 28, 10, 2, 16]])
def test_an_item_row_splits_only_when_longer_than_half_a_page(
    values: dict[str, Any], tmp_path: Path, rows: list[int]
) -> None:
    """Read from where the words stand in the PDF: a row that runs onto the next page is over
    half a page tall, and no page of the table before its last is left half empty."""
    _bengali_font_or_skip()
    path = Renderer().write(
        "minutes", "pdf", {**values, "items": _items_of(rows)}, tmp_path / "m.pdf"
    )
    found = pdfs.words(path, tmp_path)
    if found is None:
        if IN_CI:
            pytest.fail("CI must have poppler-utils")
        pytest.skip("poppler-utils is not installed")
    at = {w.text: w for w in found if re.fullmatch(r"[SE]\d+Q", w.text)}
    height = found[0].page_height
    top, bottom, half = MARGIN_PT, height - MARGIN_PT, (height - 2 * MARGIN_PT) / 2
    split = 0
    for n in range(1, len(rows) + 1):
        start, end = at[f"S{n}Q"], at[f"E{n}Q"]
        if start.page == end.page:
            continue
        assert end.page == start.page + 1, f"row {n} runs over more than two pages"
        on_page = [w for w in found if w.page == end.page]
        first = min(w.top for w in on_page)  # the table's header row, repeated on the page
        header = max(w.bottom for w in on_page if w.top < first + 5)
        least = (bottom - start.top) + (end.bottom - header)  # what it holds on each page
        assert least > half, f"row {n} is split though at most {least:.0f}pt tall"
        split += 1
    assert split, "no row was split: every long row was kept whole"
    last = at[f"E{len(rows)}Q"].page
    for page in range(1, last):
        lowest = max(w.bottom for w in found if w.page == page)
        assert lowest > top + half, f"page {page} is left half empty"


def test_pdf_pages_render(pdf_path: Path, tmp_path: Path) -> None:
    """pdftoppm (poppler) draws every page: the file is a valid PDF for other readers too."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if IN_CI:
            pytest.fail("CI must have poppler-utils")
        pytest.skip("poppler-utils is not installed")
    subprocess.run(
        [pdftoppm, "-r", "30", "-png", str(pdf_path), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) >= 3


def test_pdf_refused_without_a_bangla_font(
    values: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ngocoord.documents import pdf

    monkeypatch.setattr(pdf, "bengali_fonts", lambda: [])
    target = tmp_path / "new" / "minutes.pdf"
    with pytest.raises(NgocoordError) as caught:
        Renderer().write("minutes", "pdf", values, target)
    message = str(caught.value)
    assert "apt install fonts-noto-core" in message
    assert "Nikosh" in message and "Noto Sans Bengali" in message and "Windows" in message
    assert not target.parent.exists()


def test_bengali_fonts_come_from_fontconfig() -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("no fontconfig here")
    found = _bengali_font_or_skip()
    assert all(isinstance(f, str) and f for f in found)


# ---------------------------------------------------------------- own templates


def test_an_office_template_wins(values: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "minutes.md.j2").write_text("আমাদের কার্যবিবরণী: {{ heading }}\n", encoding="utf-8")
    out = Renderer(tmp_path).write("minutes", "md", values, tmp_path / "out.md")
    assert out.read_text(encoding="utf-8") == f"আমাদের কার্যবিবরণী: {HEADING}\n"
    # the HTML is still the shipped one
    assert "পরিশিষ্ট-“ক”" in Renderer(tmp_path).render("minutes.html.j2", values)


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ("# ঠিক আছে\n\n{% for item in items %}\n{{ item.number }}\n", 4, "endfor"),
        ("# ঠিক আছে\n{{ heading }}\n{{ no_such_value }}\n", 3, "no_such_value"),
    ],
)
def test_a_broken_template_names_file_and_line(
    values: dict[str, Any], tmp_path: Path, body: str, line: int, what: str
) -> None:
    (tmp_path / "minutes.md.j2").write_text(body, encoding="utf-8")
    with pytest.raises(NgocoordError) as caught:
        Renderer(tmp_path).write("minutes", "md", values, tmp_path / "out.md")
    assert f"minutes.md.j2 line {line}" in str(caught.value)
    assert what in str(caught.value)
    assert not (tmp_path / "out.md").exists()


# ---------------------------------------------------------------- attendance sheet


def test_attendance_sheet_lists_the_ngos_on_the_list(demo_db: Path) -> None:
    register = open_register(f"sqlite:///{demo_db}")
    try:
        with register.session() as s:
            sheet = minutes.sheet_context(s, 1, blank_rows=5)
    finally:
        register.close()
    assert sheet["columns"] == ["ক্রমিক", "সংস্থা", "নাম", "পদবি", "মোবাইল", "স্বাক্ষর"]
    assert len(sheet["ngos"]) == 69 and "DAM" not in {n["code"] for n in sheet["ngos"]}
    text = Renderer().render("attendance_sheet.md.j2", sheet)
    rows = [
        split_cells(r) for r in next(b for b in parse_markdown(text) if b.kind == "table").lines
    ]
    assert rows[0] == sheet["columns"]
    assert len(rows) == 1 + 69 + 5 and all(len(r) == 6 for r in rows)
    assert rows[-1][0] == "৭৪" and rows[-1][1:] == ["", "", "", "", ""]
    assert "উপস্থিতি পত্র" in Renderer().render("attendance_sheet.html.j2", sheet)


# ---------------------------------------------------------------- the commands


@pytest.fixture
def demo_cli(demo_db: Path) -> Cli:
    """The real CLI on the demo register (its render and templates commands)."""
    return Cli(demo_db)


def test_render_minutes_command(demo_cli: Cli, md: str, tmp_path: Path) -> None:
    out = tmp_path / "m.md"
    result = demo_cli("render", "minutes", "1", "--format", "md", "--out", str(out))
    assert result.output.strip() == str(out)
    assert out.read_text(encoding="utf-8") == md
    docx_out = tmp_path / "m.docx"  # the format from the file name
    demo_cli("render", "minutes", "1", "--out", str(docx_out))
    assert HEADING in docx_text(docx_out)
    assert "No meeting 9" in demo_cli("render", "minutes", "9", code=1).output
    assert "Unknown format" in demo_cli("render", "minutes", "1", "--format", "xls", code=1).output


def test_render_minutes_with_own_templates(demo_cli: Cli, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "minutes.md.j2").write_text("{{ date }}\n", encoding="utf-8")
    out = tmp_path / "m.md"
    demo_cli("render", "minutes", "1", "--out", str(out), "--templates", str(own))
    assert out.read_text(encoding="utf-8") == "১০ ফেব্রুয়ারি, ২০২১\n"


def test_render_attendance_sheet_command(demo_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    result = demo_cli("render", "attendance-sheet", "1", "--out", str(out), "--blank", "3")
    assert result.output.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert page.count("<tr>") == 1 + 69 and page.count('<tr class="officers">') == 3


def test_templates_export(demo_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = demo_cli("templates", "export", str(folder))
    assert (folder / "minutes.md.j2").read_text(encoding="utf-8") == (
        Renderer().search[-1] / "minutes.md.j2"
    ).read_text(encoding="utf-8")
    assert "--templates" in result.output and "config set templates.dir" in result.output
    (folder / "minutes.md.j2").write_text("mine\n", encoding="utf-8")
    refused = demo_cli("templates", "export", str(folder), code=1)
    assert "--force" in refused.output
    assert (folder / "minutes.md.j2").read_text(encoding="utf-8") == "mine\n"
    demo_cli("templates", "export", str(folder), "--force")
    assert (folder / "minutes.md.j2").read_text(encoding="utf-8") != "mine\n"


def test_ngo_show_as_a_page(demo_db: Path, tmp_path: Path) -> None:
    from ngocoord.cli.app import app

    runner = CliRunner()
    out = tmp_path / "mbsk.html"
    result = runner.invoke(
        app, ["--db", str(demo_db), "ngo", "show", "MBSK", "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = _visible_html(out.read_text(encoding="utf-8"))
    assert "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)" in page
    assert "জেলায় কাজের শুরু: ১৯৮৬ সাল থেকে" in page
    assert "এনজিও বিষয়ক ব্যুরো- নিবন্ধন নম্বর- ০৫৮৮/২১.০৮.৯২" in page
    assert "সমাজসেবা অধিদপ্তর- নিবন্ধন নম্বর- দিনা-২০৮/৮৬" in page
    assert "জানুয়ারি/২০২১" in page  # its January 2021 report came in
    bad = runner.invoke(app, ["--db", str(demo_db), "ngo", "show", "MBSK", "--out", str(out)])
    assert bad.exit_code == 1 and "--out goes with --format html or pdf" in bad.output


def test_minutes_and_sheet_print_the_time_as_the_time_bn_filter(
    demo_db: Path, tmp_path: Path
) -> None:
    """One rule for a meeting's time in Bangla: the templates' filter, also for a time kept
    as 16.00 (typed into the register by hand)."""
    import sqlite3

    from ngocoord.documents.render import time_bn

    db = Path(shutil.copy(demo_db, tmp_path / "register.sqlite"))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meeting SET time = '16.00' WHERE id = 1")
    conn.close()
    register = open_register(f"sqlite:///{db}")
    try:
        with register.session() as s:
            printed = (minutes.context(s, 1)["time"], minutes.sheet_context(s, 1)["time"])
    finally:
        register.close()
    assert printed == (time_bn("16:00"), time_bn("16:00")) == ("বিকাল ৪:০০ ঘটিকা",) * 2


def test_ngo_show_text_and_page_say_registrations_and_start_alike(
    demo_db: Path, tmp_path: Path
) -> None:
    from ngocoord.cli.app import app

    runner = CliRunner()
    out = tmp_path / "mbsk.html"
    page_run = ["--db", str(demo_db), "ngo", "show", "MBSK", "--format", "html", "--out", str(out)]
    assert runner.invoke(app, page_run).exit_code == 0
    page = _visible_html(out.read_text(encoding="utf-8"))
    text = runner.invoke(app, ["--db", str(demo_db), "ngo", "show", "MBSK"]).output
    for line in (
        "এনজিও বিষয়ক ব্যুরো- নিবন্ধন নম্বর- ০৫৮৮/২১.০৮.৯২",
        "সমাজসেবা অধিদপ্তর- নিবন্ধন নম্বর- দিনা-২০৮/৮৬",
        "১৯৮৬ সাল থেকে",
    ):
        assert line in page and line in text, line


def test_ngo_page_says_on_time_as_the_summary_does(demo_db: Path, tmp_path: Path) -> None:
    from ngocoord.cli.app import app
    from ngocoord.compliance import check, summary

    out = tmp_path / "mbsk.html"
    args = ["--db", str(demo_db), "ngo", "show", "MBSK", "--format", "html", "--out", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    page = _visible_html(out.read_text(encoding="utf-8"))
    assert summary.STATUS_BN[check.ON_TIME] == "যথাসময়ে"
    assert "যথাসময়ে" in page  # MBSK's January 2021 report came in on time
    assert "সময়মতো" not in page


def test_docx_signs_in_the_right_half(docx_path: Path) -> None:
    """Both signature blocks (after the minutes and after the distribution) sit in the right
    half of the page, centred, as a government letter is signed; the text before is not."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document(str(docx_path))
    signed = [p for p in document.paragraphs if p.text.startswith("(মোঃ মাহমুদুল আলম)")]
    assert len(signed) == 2
    section = document.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    for p in signed:
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert p.paragraph_format.left_indent > usable * 0.4
        assert "জেলা প্রশাসক" in p.text
    memo = next(p for p in document.paragraphs if p.text.startswith("স্মারক নং-"))
    assert memo.paragraph_format.left_indent is None and memo.alignment is None
