"""Bangla typed with Bijoy: the corpus converted exactly, English never touched, and whole
rosters and reports typed in Bijoy imported through the real CLI."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from conftest import Cli, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ngocoord import bijoy
from ngocoord.cli.app import app

DATA = Path(__file__).parent / "data"


def _corpus() -> list[tuple[str, str]]:
    pairs = []
    for line in (DATA / "bijoy_corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typed, unicode = line.split("\t")[:2]
            pairs.append((typed, unicodedata.normalize("NFC", unicode)))
    return pairs


def _english() -> list[str]:
    text = (DATA / "bijoy_english.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


CORPUS = _corpus()
ENGLISH = _english()


def test_the_corpus_is_converted_exactly() -> None:
    assert len(CORPUS) >= 60
    wrong = [(typed, bijoy.convert(typed), want) for typed, want in CORPUS]
    assert [w for w in wrong if w[1] != w[2]] == []


def test_the_corpus_covers_what_bijoy_typing_does() -> None:
    """Every reph position, pre-base and split vowels, phalas, hasanta, conjunct glyphs."""
    typed = [t for t, _ in CORPUS]
    unicode = [u for _, u in CORPUS]
    assert any(t.endswith("©") for t in typed)  # reph at the end of a word
    assert any("©v" in t or "©x" in t for t in typed)  # reph before a vowel sign
    assert any("x©" in t for t in typed)  # reph typed after the vowel sign
    assert any("‡" in t and "©" in t for t in typed)  # reph with ে before
    assert any("w" in t and "©" in t for t in typed)  # reph with ি before
    assert any("র্ত্ত" in u or "র্ধ্ব" in u for u in unicode)  # reph on a conjunct
    for sign in ("ি", "ে", "ৈ", "ো", "ৌ"):
        assert any(sign in u for u in unicode), sign
    assert any("ো" in u and "্" in u.split("ো")[0][-2:] for u in unicode)  # ো around a cluster
    for mark in ("¨", "Ö", "ª", "&", "¯’", "Ä", "¶", "Î", "ô", "ß", "í", "ø"):
        assert any(mark in t for t in typed), mark


def test_the_corpus_is_found_as_a_column() -> None:
    """Alone, a cell with Bijoy symbols is found; the plain-ASCII ones are found by their
    column. What stays is plain ASCII that reads as no Bangla: precision before recall."""
    grid: list[list[Any]] = [[typed] for typed, _ in CORPUS]
    found = bijoy.convert_grid(grid)
    assert found[0].cells >= 0.95 * len(CORPUS)
    for (typed, want), (cell,) in zip(CORPUS, grid, strict=True):
        assert cell in (want, typed)
        if cell == typed:
            assert typed.isascii() and not bijoy.plain_bijoy(typed) and not bijoy.vouched(typed)
    symbols = [t for t, _ in CORPUS if not t.isascii()]
    assert sum(map(bijoy.is_bijoy, symbols)) >= 0.95 * len(symbols)


# Corpus entries whose words convert one by one: a cell may have some typed in Unicode.
_WORDWISE = [
    (t.split(), u.split())
    for t, u in CORPUS
    if len(t.split()) == len(u.split()) > 1
    and all(bijoy.convert(a) == b for a, b in zip(t.split(), u.split(), strict=True))
]


@given(st.sampled_from(_WORDWISE), st.data())
def test_a_cell_typed_partly_in_unicode_is_read_whole(entry: Any, data: Any) -> None:
    """Some words of a Bijoy cell typed in Unicode Bangla ("wbe©vnx পরিচালক"), in a column that
    is Bijoy by its other cells: read whole, or (too little Bijoy left to tell: "2q কিস্তি")
    left exactly as typed; never half converted."""
    typed, want = entry
    keep = data.draw(st.sets(st.integers(0, len(typed) - 1), min_size=1, max_size=len(typed) - 1))
    cell = " ".join(want[i] if i in keep else w for i, w in enumerate(typed))
    grid: list[list[Any]] = [[t] for t, _ in CORPUS[:20]] + [[cell]]
    bijoy.convert_grid(grid)
    assert grid[-1][0] in (" ".join(want), cell)


def test_cells_typed_partly_in_unicode_are_mostly_read() -> None:
    """Measured on the corpus: each entry with its last word typed in Unicode, or its first
    letter (the designation "wbe©vnx cwiPvjK" finished as "cwiPvjক")."""
    cells = [(" ".join([*t[:-1], u[-1]]), " ".join(u)) for t, u in _WORDWISE]
    cells.append(("wbe©vnx cwiPvjক", "নির্বাহী পরিচালক"))
    grid: list[list[Any]] = [[t] for t, _ in CORPUS[:20]] + [[c] for c, _ in cells]
    bijoy.convert_grid(grid)
    read = [row[0] == want for row, (_, want) in zip(grid[20:], cells, strict=True)]
    assert read[-1] and sum(read) >= 0.8 * len(read)


@given(st.sampled_from(ENGLISH), st.sampled_from(["রহমান", "ঢাকা", "সংস্থা"]))
def test_english_beside_unicode_bangla_is_never_converted(english: str, bangla: str) -> None:
    """A cell of English words and Unicode Bangla is left as it is, even in a Bijoy column."""
    grid: list[list[Any]] = [[t] for t, _ in CORPUS[:20]] + [[f"{english} {bangla}"]]
    bijoy.convert_grid(grid)
    assert grid[-1][0] == f"{english} {bangla}"


def test_plain_ascii_words_in_a_bijoy_column_are_read() -> None:
    """Words of plain letters with little or no Bijoy shape ("weij" বিরল, "bZzb" নতুন, "GKB"
    একই) are read in a column that is Bijoy by its other cells, measured on the corpus: by a
    Bangla word they read as, or by letters no English word runs in and Bangla's shape."""
    plain = [(t, u) for t, u in CORPUS if t.isascii()]
    assert len(plain) >= 40
    grid: list[list[Any]] = [[t] for t, _ in plain] + [["mgvR Kj¨vY ms¯’v"]] * len(plain)
    bijoy.convert_grid(grid)
    missed = [t for (t, want), (cell,) in zip(plain, grid, strict=False) if cell != want]
    assert len(missed) <= 0.05 * len(plain), missed


def test_english_is_never_flagged_alone_or_as_a_column() -> None:
    for text in ENGLISH:
        assert not bijoy.is_bijoy(text), text
        assert not bijoy.plain_bijoy(text), text
        assert not bijoy.vouched(text), text  # not even in a column of Bijoy
    grid: list[list[Any]] = [[text] for text in ENGLISH]
    assert bijoy.convert_grid(grid) == {}
    assert [row[0] for row in grid] == ENGLISH


def test_english_in_a_bijoy_column_or_row_stays() -> None:
    """A column (and header rows) mostly Bijoy vouches for plain-ASCII Bijoy, not English."""
    bijoy_cells = [typed for typed, _ in CORPUS]
    grid: list[list[Any]] = []
    for i, text in enumerate(ENGLISH):
        grid.append([bijoy_cells[i % len(bijoy_cells)], text, bijoy_cells[-1 - i % 40]])
        grid.append([text, bijoy_cells[(i + 7) % len(bijoy_cells)], text])
    before = [list(row) for row in grid]
    bijoy.convert_grid(grid)
    english = set(ENGLISH)
    changed = [
        b
        for row, old in zip(grid, before, strict=True)
        for b, a in zip(old, row, strict=True)
        if a != b
    ]
    assert not english & set(changed)


def test_emails_urls_numbers_and_codes_stay_inside_a_bijoy_cell() -> None:
    kept = [t for t in ENGLISH if "@" in t or "www" in t or "http" in t]
    kept += ["MBSK", "FD-6", "01711-234567", "NGOAB/Reg/1234", "BRAC"]
    for token in kept:
        converted = bijoy.convert(f"mgvR Kj¨vY ms¯’v {token}")
        assert converted == f"সমাজ কল্যাণ সংস্থা {token}"
    assert bijoy.convert("Rbve Karim ‡gvt") == "জনাব Karim মোঃ"


# --- Hypothesis: Unicode Bangla typed as Bijoy reads back; English words never flagged ------

_REVERSE = {
    v: k
    for k, v in json.loads(
        (Path(bijoy.__file__).parent / "data" / "bijoy.json").read_text(encoding="utf-8")
    )["map"].items()
    if len(v) == 1 and k.isascii()
}
_CONSONANTS = [c for c in "কখগঘচছজঝটঠডঢণতথদধনপফবভমযরলশষসহ\u09dc\u09dd\u09df" if c in _REVERSE]
_SECOND = [c for c in _CONSONANTS if c not in "\u09dc\u09dd\u09df"]
_VOWELS = ["অ", "আ", "ই", "ঈ", "উ", "ঊ", "এ", "ও"]
_PRE = {"ি": "w", "ে": "‡", "ৈ": "ˆ", "ো": "‡", "ৌ": "‡"}
_POST = {"া": "v", "ী": "x", "ু": "y", "ূ": "~", "ৃ": "„", "ো": "v", "ৌ": "Š"}
_KARS = ["", "া", "ি", "ী", "ু", "ূ", "ৃ", "ে", "ৈ", "ো", "ৌ"]


@st.composite
def _syllable(draw: st.DrawFn) -> tuple[str, str]:
    """One syllable as (Unicode, Bijoy keys): [reph] consonant [্ consonant] [vowel sign] [ং]."""
    if draw(st.integers(0, 9)) == 0:
        vowel = draw(st.sampled_from(_VOWELS))
        return vowel, ("Av" if vowel == "আ" else _REVERSE[vowel])
    first = draw(st.sampled_from(_CONSONANTS))
    second = draw(st.sampled_from(["", *_SECOND])) if first in _SECOND and first != "র" else ""
    reph = first != "র" and draw(st.booleans()) and draw(st.booleans())
    kar = draw(st.sampled_from(_KARS))
    anusvara = draw(st.integers(0, 7)) == 0
    cluster = first + ("\u09cd" + second if second else "")
    keys = _REVERSE[first]
    if second:
        keys += {"য": "¨", "র": "Ö"}.get(second, "&" + _REVERSE[second])
    unicode = ("র\u09cd" if reph else "") + cluster + kar + ("ং" if anusvara else "")
    typed = _PRE.get(kar, "") + keys + ("©" if reph else "") + _POST.get(kar, "")
    return unicode, typed + ("s" if anusvara else "")


_WORDS = st.lists(st.lists(_syllable(), min_size=1, max_size=5), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_WORDS)
def test_unicode_typed_as_bijoy_reads_back(words: list[list[tuple[str, str]]]) -> None:
    unicode = " ".join("".join(u for u, _ in w) for w in words)
    typed = " ".join("".join(t for _, t in w) for w in words)
    assert bijoy.to_unicode(typed) == unicodedata.normalize("NFC", unicode)


@settings(max_examples=300, deadline=None)
@given(_WORDS)
def test_bangla_typed_in_bijoy_in_a_bijoy_column_is_read_right_or_left(
    words: list[list[tuple[str, str]]],
) -> None:
    """In a Bijoy column, a typed word is read exactly as the Bangla it was typed for or left as
    typed (not Bangla enough to be sure), never read as something else."""
    cells = ["".join(t for _, t in w) for w in words]
    wanted = [unicodedata.normalize("NFC", "".join(u for u, _ in w)) for w in words]
    grid: list[list[Any]] = [[c] for c in cells] + [["mgvR Kj¨vY ms¯’v"]] * len(cells)
    bijoy.convert_grid(grid)
    for cell, want, (after,) in zip(cells, wanted, grid, strict=False):
        assert after in (want, cell)


_MORE_WORDS = """
Society Welfare Foundation Development Organisation Association Trust Centre Rural Women Youth
Children Health Education Water Sanitation Human Rights Village Union Project Director Officer
Secretary President Treasurer Coordinator Manager Member Dinajpur Rangpur Rajshahi Khulna
Barisal Bogura Comilla Noakhali Gazipur Tangail Rahman Hossain Ahmed Begum Akter Chowdhury
Sarker Mondol Mia Uddin Alam Haque shelter income credit savings training disability disaster
relief
"""
_VOCABULARY = sorted(
    {w for line in ENGLISH for w in line.split() if w.isascii()}  # as written: "Pvt." dotted
    | set(_MORE_WORDS.split())
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=5), min_size=1))
def test_english_words_are_never_flagged(cells: list[list[str]]) -> None:
    texts = [" ".join(words) for words in cells]
    grid: list[list[Any]] = [[t, "mgvR Kj¨vY ms¯’v"] for t in texts] + [["‡gvt Kwig"] * 2]
    bijoy.convert_grid(grid)
    assert [row[0] for row in grid[:-1]] == texts
    assert not any(bijoy.is_bijoy(t) or bijoy.plain_bijoy(t) for t in texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=6))
def test_any_text_is_judged_without_error_and_unicode_bangla_stays(texts: list[str]) -> None:
    cells = [t.strip() or None for t in texts]
    grid: list[list[Any]] = [[c] for c in cells] + [["mgvR Kj¨vY ms¯’v"]]
    bijoy.convert_grid(grid)
    for cell, (after,) in zip(cells, grid, strict=False):
        if cell is None or any("\u0980" <= ch <= "\u09ff" for ch in cell):
            assert after == cell


def _places_typed() -> list[tuple[str, str]]:
    """Every district and upazila name of the gazetteer this typing can type, with its keys."""
    from bijoy_typing import typed

    from ngocoord import places

    names = {d.bn for d in places.districts()}
    names |= {u.bn for d in places.districts() for u in places.upazilas_of(d)}
    return [(n, t) for n in sorted(names) if (t := typed(n)) is not None]


PLACES_TYPED = _places_typed()


def test_most_place_names_can_be_typed() -> None:
    assert len(PLACES_TYPED) >= 450
    assert sum(t.isascii() for _, t in PLACES_TYPED) >= 200  # the class without Bijoy symbols


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PLACES_TYPED), min_size=1, max_size=8))
def test_place_names_typed_in_bijoy_are_read_in_a_bijoy_column(
    typed: list[tuple[str, str]],
) -> None:
    """Any place of the gazetteer typed in Bijoy, in a column that is Bijoy by its other cells,
    reads as the place, whether or not its keys hold a Bijoy symbol."""
    grid: list[list[Any]] = [[t] for _, t in typed] + [["‡gvt Kwig"]] * len(typed)
    bijoy.convert_grid(grid)
    assert [row[0] for row in grid[: len(typed)]] == [name for name, _ in typed]


# --- whole files through the CLI --------------------------------------------------------------

ROSTER_HEADERS = [
    "µwgK bs",
    "ms¯’vi bvg",
    "Name of NGO",
    "cÖavb wbe©vnxi bvg",
    "c`we",
    "‡gvevBj b¤^i",
    "Kg© GjvKv (Dc‡Rjv)",
    "Kvh©µ‡gi aib",
]
ROSTER_ROWS = [
    [
        1,
        "evsjv‡`k MÖvgxY Dbœqb ms¯’v",
        "Bangladesh Rural Development Society (BRDS)",
        "‡gvt iwdKyj Bmjvg",
        "wbe©vnx cwiPvjK",
        "01812345678",
        "cve©Zxcyi",
        "wkï AwaKvi",
    ],
    [
        2,
        "mgvR Dbœqb ms¯’v",
        "Samaj Unnayan Sangstha",
        "nvmvb Avjx",
        "mfvcwZ",
        "01911000111",
        "w`bvRcyi m`i",
        "¯^v¯’¨",
    ],
]


def test_a_roster_typed_in_bijoy_is_imported_in_unicode(register: Cli, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bijoy.xlsx", ROSTER_ROWS, ROSTER_HEADERS, title="ZvwjKv")
    out = register("ngo", "import", str(path), "--explain").output
    assert "typed in Bijoy (বিজয়), read as Unicode Bangla" in out
    for named in ('B "সংস্থার নাম"', 'D "প্রধান নির্বাহীর নাম"', 'E "পদবি"', 'G "কর্ম এলাকা'):
        assert named in out
    assert 'C "Name of NGO"' not in out  # English: untouched, so not named
    assert "nvmvb Avjx" in out and "হাসান আলী" in out  # --explain: the original beside it
    listed = json.loads(register("ngo", "list", "--format", "json").output)
    by_en = {n["name_en"]: n for n in listed}
    first = by_en["Bangladesh Rural Development Society (BRDS)"]
    assert first["name_bn"] == "বাংলাদেশ গ্রামীণ উন্নয়ন সংস্থা"
    second = by_en["Samaj Unnayan Sangstha"]
    assert second["name_bn"] == "সমাজ উন্নয়ন সংস্থা"
    shown = register("ngo", "show", second["code"]).output
    assert "হাসান আলী" in shown and "সভাপতি" in shown and "দিনাজপুর সদর" in shown
    assert "০১৯১১০০০১১১" in shown  # the mobile as every roster shows it


def test_no_bijoy_keeps_the_latin_text(register: Cli, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bijoy.xlsx", ROSTER_ROWS, ROSTER_HEADERS, title=None)
    out = register("ngo", "import", str(path), "--no-bijoy", "--dry-run").output
    assert "typed in Bijoy" not in out
    assert "ms¯’vi bvg" in out and "সংস্থার নাম" not in out


def _bijoy_report(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in [
        ["gvwmK Kvh©µg cÖwZ‡e`b"],
        ["GbwRI †KvW", "MBSK"],
        ["cÖwZ‡e`‡bi gvm", "Rvbyqvwi/2021"],
        ["cÖ¯‘ZKvixi bvg", "‡gvt Avãyj nvKxg"],
        [],
        [
            "µwgK bs",
            "cÖK‡íi bvg",
            "`vZv ms¯’v",
            "Dc‡Rjv",
            "LvZ",
            "DcKvi‡fvMx bvix",
            "PjwZ gv‡mi Kvh©µg",
        ],
        [1, "bvix wk¶v Kvh©µg", "BDwb‡md", "w`bvRcyi m`i", "wk¶v", 150, "DVvb ˆeVK"],
        [2, "wbivc` cvwb", "WaterAid", "dzjevox", "cvwb I m¨vwb‡Ukb", 45, None],
    ]:
        ws.append(row)
    wb.save(path)
    return path


def test_a_report_typed_in_bijoy_is_imported_in_unicode(office: Cli, tmp_path: Path) -> None:
    path = _bijoy_report(tmp_path / "january.xlsx")
    out = office("report", "import", str(path), "--received-on", "2021-02-06", "--explain").output
    assert "1 imported" in out
    assert 'typed in Bijoy (বিজয়), read as Unicode Bangla: column A "ক্রমিক নং"' in out
    assert 'B "প্রকল্পের নাম" (5 cells)' in out and 'F "উপকারভোগী নারী" (1 cell)' in out
    assert "DVvb ˆeVK" in out  # --explain: the original beside what it was read as
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    lines = [(s["project"], s["donor"], s["upazila"], s["sector"], s["female"]) for s in shown]
    assert lines == [
        ("নারী শিক্ষা কার্যক্রম", "ইউনিসেফ", "দিনাজপুর সদর", "শিক্ষা", 150),
        ("নিরাপদ পানি", "WaterAid", "ফুলবাড়ী", "পানি ও স্যানিটেশন", 45),
    ]
    assert shown[0]["activities"] == "উঠান বৈঠক"


def test_a_report_csv_saved_as_ansi_is_read_and_its_bijoy_converted(
    office: Cli, tmp_path: Path
) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(_bijoy_report(tmp_path / "january.xlsx")).active
    assert sheet is not None
    buffer = io.StringIO()
    csv.writer(buffer).writerows(sheet.iter_rows(values_only=True))
    path = tmp_path / "january.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    out = office("report", "import", str(path), "--received-on", "2021-02-06").output
    assert "1 imported" in out and f"{path}: CSV read as Windows-1252 (ANSI) text." in out
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert [s["project"] for s in shown] == ["নারী শিক্ষা কার্যক্রম", "নিরাপদ পানি"]


def test_a_report_typed_in_bijoy_with_no_bijoy_is_refused(office: Cli, tmp_path: Path) -> None:
    path = _bijoy_report(tmp_path / "january.xlsx")
    out = office(
        "report", "import", str(path), "--received-on", "2021-02-06", "--no-bijoy", code=1
    ).output
    assert "rejected" in out and "typed in Bijoy" not in out


def test_text_bijoy_on_a_file_and_on_stdin(tmp_path: Path) -> None:
    ansi = tmp_path / "letter.txt"  # Notepad's "ANSI": Windows-1252 bytes
    ansi.write_bytes("mgvR Kj¨vY ms¯’v\r\ninfo@brac.net, MBSK\r\n‡Rjv cÖkvmK\r\n".encode("cp1252"))
    runner = CliRunner()
    result = runner.invoke(app, ["text", "bijoy", str(ansi)])
    assert result.exit_code == 0, result.output
    assert result.output == "সমাজ কল্যাণ সংস্থা\ninfo@brac.net, MBSK\nজেলা প্রশাসক\n"
    piped = runner.invoke(app, ["text", "bijoy", "-"], input="Dc‡Rjv wbe©vnx Awdmvi\nBRAC\n")
    assert piped.exit_code == 0, piped.output
    assert piped.output == "উপজেলা নির্বাহী অফিসার\nBRAC\n"
    unicode = tmp_path / "unicode.txt"  # Notepad's "Unicode": UTF-16 with its BOM
    unicode.write_bytes("\ufeffmgvR Kj¨vY ms¯’v\r\nBRAC\r\n".encode("utf-16-le"))
    saved = runner.invoke(app, ["text", "bijoy", str(unicode)])
    assert saved.exit_code == 0, saved.output
    assert saved.output == "সমাজ কল্যাণ সংস্থা\nBRAC\n"
    missing = runner.invoke(app, ["text", "bijoy", str(tmp_path / "none.txt")])
    assert missing.exit_code == 1 and "cannot be read" in missing.output
    # a workbook or a PDF is no text: refused with the commands that read it, nothing printed
    book = tmp_path / "roster.xlsx"
    write_xlsx(book, [["ms¯’vi bvg"], ["mgvR Kj¨vY ms¯’v"]])
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    for path in (book, pdf):
        refused = runner.invoke(app, ["text", "bijoy", str(path)])
        assert refused.exit_code == 1 and "is not a text file" in refused.output
        assert "ngocoord ngo import" in refused.output


def test_a_roster_csv_saved_as_ansi_is_read_and_its_bijoy_converted(
    register: Cli, tmp_path: Path
) -> None:
    """Excel's plain "CSV" on an office PC is Windows-1252: Bijoy's ‡ ¨ ¯ are its bytes."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([ROSTER_HEADERS, *ROSTER_ROWS])
    path = tmp_path / "roster.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    out = register("ngo", "import", str(path)).output
    assert f"{path}: CSV read as Windows-1252 (ANSI) text." in out
    assert "typed in Bijoy (বিজয়), read as Unicode Bangla" in out
    listed = json.loads(register("ngo", "list", "--format", "json").output)
    assert {n["name_bn"] for n in listed} == {"বাংলাদেশ গ্রামীণ উন্নয়ন সংস্থা", "সমাজ উন্নয়ন সংস্থা"}


def test_a_header_mapped_in_bijoy_matches_it_read_as_unicode(register: Cli, tmp_path: Path) -> None:
    """A map taught from the Latin text of a Bijoy header (before headers were converted, or
    with --no-bijoy) matches the header as it is read now, and the reverse; one map either way."""
    headers = [*ROSTER_HEADERS, "e¨vsK wnmve bs"]
    rows = [[*row, f"1234{i}"] for i, row in enumerate(ROSTER_ROWS)]
    path = write_xlsx(tmp_path / "bijoy.xlsx", rows, headers, title=None)
    said = register("columns", "map", "e¨vsK wnmve bs", "notes").output
    assert 'typed in Bijoy (বিজয়): "ব্যাংক হিসাব নং" is read as notes too' in said
    for extra, header in (([], "ব্যাংক হিসাব নং"), (["--no-bijoy"], "e¨vsK wnmve bs")):
        out = register("ngo", "import", str(path), "--dry-run", *extra).output
        assert re.search(rf"\bI +{header} +notes +office map", out), out
    register("ngo", "import", str(path))
    listed = json.loads(register("ngo", "list", "--format", "json").output)
    notes = {
        json.loads(register("ngo", "show", n["code"], "--format", "json").output)["notes"]
        for n in listed
    }
    assert notes == {"12340", "12341"}
    register("columns", "map", "ব্যাংক হিসাব নং", "website")  # the same header, now in Unicode
    maps = json.loads(register("columns", "list", "--format", "json").output)
    assert maps == [{"for": "roster", "header": "ব্যাংক হিসাব নং", "field": "website"}]
    out = register("columns", "unmap", "e¨vsK wnmve bs").output
    assert "is no longer read as website" in out
    assert json.loads(register("columns", "list", "--format", "json").output) == []


def test_a_plain_ascii_upazila_in_a_bijoy_roster_is_read(register: Cli, tmp_path: Path) -> None:
    """ "weij" has no Bijoy symbol and is shaped like no Bijoy word, but its column is Bijoy
    and it reads as a place: বিরল, not an unknown upazila."""
    third = [3, "Avkvi Av‡jv", "Ashar Alo", "bvwmgv AvKZvi", "mfvcwZ", "01711000222", "weij", ""]
    path = write_xlsx(tmp_path / "bijoy.xlsx", [*ROSTER_ROWS, third], ROSTER_HEADERS, title=None)
    register("ngo", "import", str(path))
    listed = json.loads(register("ngo", "list", "--format", "json").output)
    code = next(n["code"] for n in listed if n["name_en"] == "Ashar Alo")
    shown = json.loads(register("ngo", "show", code, "--format", "json").output)
    assert shown["name_bn"] == "আশার আলো" and "বিরল" in json.dumps(shown, ensure_ascii=False)


def test_an_unknown_upazila_that_reads_as_bijoy_says_so(register: Cli, tmp_path: Path) -> None:
    """A file with no Bijoy symbol anywhere is read as it is; an upazila that is then unknown
    but reads as a place in Bijoy is named with what it would read as."""
    path = tmp_path / "roster.csv"
    path.write_text("Name of NGO,Upazila\nSeba Foundation,weij\n", encoding="utf-8")
    out = register("ngo", "import", str(path), code=1).output
    assert 'Unknown upazila "weij"' in out
    assert 'looks like Bangla typed in Bijoy (বিজয়): it reads as "বিরল", which is বিরল' in out
    plain = tmp_path / "english.csv"
    plain.write_text("Name of NGO,Upazila\nSeba Foundation,Dhaka\n", encoding="utf-8")
    assert "Bijoy" not in register("ngo", "import", str(plain), code=1).output


def _upazilas_typed() -> list[tuple[Any, Any, str]]:
    """(district, upazila, its name typed in Bijoy) for every upazila this typing can type."""
    from bijoy_typing import typed

    from ngocoord import places

    return [
        (d, u, t)
        for d in places.districts()
        for u in places.upazilas_of(d)
        if (t := typed(u.bn)) is not None
    ]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_upazilas_typed()))
def test_an_upazila_typed_in_bijoy_alone_is_read_or_named_as_itself(
    place: tuple[Any, Any, str],
) -> None:
    """A lone cell the import could not tell from English ("eywoPs") is refused, but the
    message names the one upazila it reads as and how to write it, not other upazilas."""
    from ngocoord import places

    district, upazila, typed = place
    try:
        found = places.find_upazila(typed, district)
    except places.UnknownPlace as exc:
        assert f"which is {upazila.label}. Did you mean: {upazila.label}?" in exc.message
        assert exc.hint == f"Write {upazila.bn} (or {upazila.en}) in the cell, in Unicode."
    else:  # typed keys that spell another name of the district (none in the gazetteer today)
        assert typed.casefold() in (found.en.casefold(), found.bn)
