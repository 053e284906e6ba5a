"""Reading what offices really send, through the real CLI: columns no field fits are kept with
their rows and shown, the office maps a header once, --explain says why, --strict refuses,
registrations name their authority in any form, and kept report values move on remap."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from conftest import Cli, table_dump

from ngocoord.intake.report_batch import content_of
from ngocoord.intake.report_file import read_report

ROSTER = (
    "ক্রঃ নং,এনজিও'র নাম,ব্যুরো রেজিঃ নং,নিবন্ধন নং (সমাজকল্যাণ),ব্যাংক হিসাব নং,Reg. No.\n"
    "১,আলোর পথ সংস্থা,০৪৯৪/১২.০৩.৯১,দিনা-২৭৮/৯৯,১২৩৪৫,"
    '"এনজিও বিষয়ক ব্যুরো-০৫৫৫/০১.০১.০১ ও মহিলা বিষয়ক: ৭৭"\n'
)


def roster(tmp_path: Path, text: str = ROSTER) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def show(cli: Cli, code: str) -> dict[str, object]:
    return json.loads(cli("ngo", "show", code, "--format", "json").output)


def regs(cli: Cli, code: str) -> list[tuple[object, object]]:
    return sorted((r["authority"], r["number"]) for r in show(cli, code)["registrations"])  # type: ignore[index, union-attr]


def test_a_roster_in_an_offices_own_words(register: Cli, tmp_path: Path) -> None:
    out = register("ngo", "import", str(roster(tmp_path))).output
    code = next(line.split()[1] for line in out.splitlines() if line.startswith("+ "))
    assert regs(register, code) == [
        ("DSS", "দিনা-278"),
        ("DWA", "77"),
        ("NGOAB", "0494"),
        ("NGOAB", "0555"),
    ]
    assert show(register, code)["extra"] == {"ব্যাংক হিসাব নং": "১২৩৪৫"}
    assert "kept with their rows (1)" in out and '"ব্যাংক হিসাব নং"' in out
    assert 'ngocoord columns map "ব্যাংক হিসাব নং" FIELD' in out
    shown = register("ngo", "show", code).output
    assert "ব্যাংক হিসাব নং: ১২৩৪৫" in shown


def test_map_a_header_once_then_every_file_reads_it(register: Cli, tmp_path: Path) -> None:
    path = roster(tmp_path)
    register("ngo", "import", str(path))
    register("columns", "map", "ব্যাংক হিসাব নং", "notes")
    listed = json.loads(register("columns", "list", "--format", "json").output)
    assert listed == [{"for": "roster", "header": "ব্যাংক হিসাব নং", "field": "notes"}]
    out = register("ngo", "import", str(path), "--explain").output
    assert "office map" in out and "kept with their rows" not in out
    code = show_codes(register)[0]
    data = show(register, code)
    assert data["notes"] == "১২৩৪৫" and data["extra"] == {}  # moved: out of the kept columns
    log = register("log", "--changes", "--format", "json").output
    assert "column_map" in log
    register("columns", "unmap", "ব্যাংক হিসাব নং")
    assert json.loads(register("columns", "list", "--format", "json").output) == []


def show_codes(cli: Cli) -> list[str]:
    return [n["code"] for n in json.loads(cli("ngo", "list", "--format", "json").output)]


def test_explain_strict_and_map_for_one_import(register: Cli, tmp_path: Path) -> None:
    path = roster(tmp_path)
    before = table_dump(register.db)
    dry = register("ngo", "import", str(path), "--dry-run").output
    assert "ব্যুরো রেজিঃ নং" in dry and "reg_ngoab" in dry and "words:" in dry
    assert "ব্যাংক হিসাব নং" in dry and "kept" in dry
    strict = register("ngo", "import", str(path), "--strict", code=1).output
    assert "--strict" in strict and "ব্যাংক হিসাব নং" in strict
    assert table_dump(register.db) == before
    out = register("ngo", "import", str(path), "--map", "ব্যাংক হিসাব নং=notes", "--strict").output
    assert "1 were added" in out
    assert show(register, show_codes(register)[0])["notes"] == "১২৩৪৫"
    assert json.loads(register("columns", "list", "--format", "json").output) == []


def test_english_headers_over_bangla_values(register: Cli, tmp_path: Path) -> None:
    path = roster(tmp_path, "Name of NGO,Mobile No\nআশার আলো,01711000006\n")
    register("ngo", "import", str(path))
    data = show(register, show_codes(register)[0])
    assert (data["name_bn"], data["name_en"], data["mobile"]) == ("আশার আলো", None, "01711000006")


def test_an_unclear_header_is_an_error_naming_the_columns(register: Cli, tmp_path: Path) -> None:
    path = roster(tmp_path, "সংস্থার নাম,মোবাইল নম্বর,Mobile\nআলো,01711000006,01711000007\n")
    out = register("ngo", "import", str(path), code=1).output
    assert 'B "মোবাইল নম্বর" and C "Mobile"' in out
    fits = roster(tmp_path, "সংস্থার নাম,ঠিকানা ও ই-মেইল\nআলো,x@y.org\n")
    out = register("ngo", "import", str(fits), code=1).output
    assert '"ঠিকানা ও ই-মেইল" could be' in out and "columns map" in out


def test_columns_fields_in_both_languages(register: Cli) -> None:
    found = json.loads(register("columns", "fields", "--for", "report", "--format", "json").output)
    spent = next(f for f in found if f["field"] == "spent_month")
    assert spent == {
        "field": "spent_month",
        "bangla": "চলতি মাসের ব্যয়",
        "english": "spent this month",
    }
    register("columns", "map", "x", "no_such_field", code=1)


REPORT = (
    "এনজিও কোড,MBSK\nপ্রতিবেদনের মাস,2021-01\n\n"
    "প্রকল্পের নাম,চলতি মাসে মোট খরচ,প্রকল্পের মেয়াদ\nকিশোরী ক্লাব,১৫০০০,৩৫০০\n"
)


def test_report_kept_column_then_remap(office: Cli, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "2021-01_MBSK.csv"
    path.write_text(REPORT, encoding="utf-8")
    dry = office("report", "import", str(inbox), "--received-on", "2021-02-05", "--dry-run")
    assert "would be imported  MBSK" in dry.output
    assert not re.search(r"(?<!would be )imported +MBSK", dry.output)
    assert "চলতি মাসে মোট খরচ" in dry.output and "spent_month" in dry.output
    out = office("report", "import", str(inbox), "--received-on", "2021-02-05").output
    assert 'columns map "প্রকল্পের মেয়াদ" FIELD --for report' in out
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert (shown[0]["spent_month"], shown[0]["extra"]) == (15000, {"প্রকল্পের মেয়াদ": "৩৫০০"})
    office("columns", "map", "প্রকল্পের মেয়াদ", "budget_year", "--for", "report")
    moved = office("report", "remap", "--month", "2021-01").output
    assert "MBSK 2021-01: 1 value(s) moved" in moved
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert (shown[0]["budget_year"], shown[0]["extra"]) == (3500, {})
    again = office("report", "import", str(inbox), "--received-on", "2021-02-20").output
    assert "1 unchanged" in again
    conn = sqlite3.connect(office.db)
    rows = conn.execute("SELECT version, received_on FROM submission").fetchall()
    assert rows == [(1, "2021-02-05")]  # in place: same version, received date kept


def test_reimport_after_a_map_moves_kept_values_in_place(office: Cli, tmp_path: Path) -> None:
    path = tmp_path / "2021-01_MBSK.csv"
    path.write_text(REPORT, encoding="utf-8")
    office("report", "import", str(path), "--received-on", "2021-02-05")
    office("columns", "map", "প্রকল্পের মেয়াদ", "budget_year", "--for", "report")
    assert (
        "1 unchanged" in office("report", "import", str(path), "--received-on", "2021-02-09").output
    )
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert shown[0]["budget_year"] == 3500


def test_a_file_without_kept_columns_hashes_as_before(tmp_path: Path) -> None:
    path = tmp_path / "2021-01_MBSK.csv"
    path.write_text(REPORT.replace(",প্রকল্পের মেয়াদ", "").replace(",৩৫০০", ""), "utf-8")
    parsed = read_report(path, lambda _: None)
    lines = content_of(parsed)
    assert lines and all("extra" not in line for line in lines)


def test_registration_cells_name_their_authority_in_any_form() -> None:
    from ngocoord.register.registrations import parse_cell

    def read(text: str, default: str = "OTHER") -> list[tuple[str, str]]:
        return [(r.authority, r.number) for r in parse_cell(text, default)]

    assert read("এনজিও বিষয়ক ব্যুরো-০৪৯৪/১২.০৩.৯১") == [("NGOAB", "0494")]
    assert read("০৪৯৪/১২.০৩.৯১ (এনজিও বিষয়ক ব্যুরো)") == [("NGOAB", "0494")]
    assert read("FD-1234, DSS: 55/2001\nমহিলা বিষয়ক: ৭৭") == [
        ("NGOAB", "1234"),
        ("DSS", "55"),
        ("DWA", "77"),
    ]
    assert read("সমাজকল্যাণ ১২/৯৮ ও এমআরএ ০০৪৫২") == [("DSS", "12"), ("MRA", "00452")]
    assert read("Social Services-12/2001; RJSC: C-55") == [("DSS", "12"), ("RJSC", "C-55")]
    # seed 003 reads as it always did; the column's own authority is the default
    assert read("সাত-২৭৮/৯৯", "DSS") == [("DSS", "সাত-278")]
    assert read("১৯৬৩/২৩.০৯.০৪", "NGOAB") == [("NGOAB", "1963")]
