"""`ngocoord ngo import`: the roster sheet into the register, idempotent and never lossy."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from conftest import ROSTER_HEADERS, SEED_ROWS, Cli, RosterFile, table_dump, write_xlsx


def ngos(db: Path) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return {r["code"]: dict(r) for r in conn.execute("SELECT * FROM ngo")}


def test_import_assigns_codes_and_reads_everything(register: Cli, roster_file: RosterFile) -> None:
    result = register("ngo", "import", str(roster_file()))
    assert "3 were added" in result.output
    rows = ngos(register.db)
    assert set(rows) == {"MBSK", "CTW", "DAM"}
    mbsk = rows["MBSK"]
    assert mbsk["name_bn"] == "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)"
    assert mbsk["mobile"] == "01712345678"
    assert mbsk["start_year"] == 1996
    assert mbsk["sectors"] == "শিক্ষা; নারী উন্নয়ন"
    assert rows["CTW"]["start_year"] == 2001
    data = json.loads(register("ngo", "show", "MBSK", "--format", "json").output)
    assert data["upazilas"] == ["দিনাজপুর সদর", "বিরল"]
    regs = {r["authority"]: r for r in data["registrations"]}
    assert regs["NGOAB"] == {
        "authority": "NGOAB",
        "number": "1963",
        "date": "2004-09-23",
        "year": None,
    }
    assert regs["DSS"]["number"] == "দিনা-278" and regs["DSS"]["year"] == 1999
    ctw = json.loads(register("ngo", "show", "CTW", "--format", "json").output)
    assert ctw["registrations"][0]["date"] == "1994-03-14"
    dam = json.loads(register("ngo", "show", "DAM", "--format", "json").output)
    assert len(dam["upazilas"]) == 13
    text = register("ngo", "show", "MBSK").output
    assert "এনজিও বিষয়ক ব্যুরো- নিবন্ধন নম্বর- ১৯৬৩/২৩.০৯.০৪" in text
    assert "১৯৯৬ সাল থেকে" in text


def test_same_file_twice_changes_nothing(register: Cli, roster_file: RosterFile) -> None:
    path = roster_file()
    register("ngo", "import", str(path))
    before = table_dump(register.db)
    result = register("ngo", "import", str(path))
    assert "0 were added, 0 were changed, 3 unchanged" in result.output
    after = table_dump(register.db)
    assert after == before


def test_edited_file_updates_only_what_changed(register: Cli, roster_file: RosterFile) -> None:
    register("ngo", "import", str(roster_file()))
    rows = [list(r) for r in SEED_ROWS]
    rows[0][5] = "০১৭৯৯-০০০০০০"  # new mobile for MBSK
    rows[1][3] = None  # blank head name for CTW: keeps the stored one
    rows[2][1] = "ঢাকা  আহ্ছানিয়া মিশন"  # a re-spelt Bangla name still matches by English name
    result = register("ngo", "import", str(roster_file(rows, name="edited.xlsx")))
    assert "~ MBSK" in result.output
    assert "mobile: 01712345678 → 01799000000" in result.output
    assert "0 were added, 2 were changed, 1 unchanged" in result.output
    after = ngos(register.db)
    assert after["MBSK"]["mobile"] == "01799000000"
    assert after["CTW"]["head_name"] == "মো: রফিকুল ইসলাম"
    assert after["DAM"]["name_bn"] == "ঢাকা আহ্ছানিয়া মিশন"
    log = json.loads(register("log", "--table", "ngo", "--key", "MBSK", "--format", "json").output)
    assert log[0]["action"] == "update"
    assert json.loads(log[0]["old"]) == {"mobile": "01712345678"}
    assert json.loads(log[0]["new"]) == {"mobile": "01799000000"}


def test_missing_ngos_are_left_alone(register: Cli, roster_file: RosterFile) -> None:
    register("ngo", "import", str(roster_file()))
    register("ngo", "import", str(roster_file(SEED_ROWS[:1], name="one.xlsx")))
    assert set(ngos(register.db)) == {"MBSK", "CTW", "DAM"}
    listed = json.loads(register("ngo", "list", "--format", "json").output)
    assert {n["status"] for n in listed} == {"listed"}


def test_name_matching_ignores_spelling_noise(register: Cli, roster_file: RosterFile) -> None:
    register("ngo", "import", str(roster_file()))
    headers = ["সংস্থার নাম", "প্রধান নির্বাহীর নাম"]
    rows = [["মহিলা  বহুমুখী শিক্ষা কেন্দ্র(এমবিএসকে)\u200c", "মো. আব্দুল হাকীম মিয়া"]]
    result = register("ngo", "import", str(roster_file(rows, name="noisy.xlsx", headers=headers)))
    assert "0 were added" in result.output
    assert ngos(register.db)["MBSK"]["head_name"] == "মো. আব্দুল হাকীম মিয়া"


def test_dry_run_shows_changes_and_writes_nothing(register: Cli, roster_file: RosterFile) -> None:
    register("ngo", "import", str(roster_file(SEED_ROWS[:2])))
    before = table_dump(register.db)
    rows = [list(r) for r in SEED_ROWS]
    rows[1][4] = "প্রোগ্রাম ম্যানেজার"
    result = register("ngo", "import", str(roster_file(rows, name="b.xlsx")), "--dry-run")
    assert "+ DAM" in result.output
    assert "head_designation: নির্বাহী পরিচালক → প্রোগ্রাম ম্যানেজার" in result.output
    assert "1 would be added, 1 would be changed, 1 unchanged" in result.output
    assert table_dump(register.db) == before


def test_invalid_rows_list_every_problem_and_write_nothing(
    register: Cli, roster_file: RosterFile
) -> None:
    rows = [list(r) for r in SEED_ROWS]
    rows[0][5] = "১২৩"  # not a mobile
    rows[1][6] = "ঢাকা সদর"  # not an upazila of Dinajpur
    rows[2][8] = "অনেক আগে"  # not a year
    path = roster_file(rows)
    before = table_dump(register.db)
    result = register("ngo", "import", str(path), code=1)
    out = result.output
    assert "3 problem(s); nothing was written" in out
    assert f"{path}:তালিকা:4:" in out  # file:sheet:row:column
    assert "মোবাইল নম্বর" in out
    assert ":5:" in out and "ঢাকা সদর" in out
    assert ":6:" in out and "অনেক আগে" in out
    assert "--skip-invalid" in out
    assert table_dump(register.db) == before


def test_skip_invalid_writes_good_rows_and_saves_the_rest(
    register: Cli, roster_file: RosterFile, tmp_path: Path
) -> None:
    rows = [list(r) for r in SEED_ROWS]
    rows[1][5] = "not a phone"
    path = roster_file(rows)
    result = register("ngo", "import", str(path), "--skip-invalid", code=1)
    assert "1 row(s) rejected" in result.output
    rejects = tmp_path / "roster.rejected.xlsx"
    assert rejects.exists()
    assert set(ngos(register.db)) == {"MBSK", "DAM"}
    # The clerk fixes the cell in the rejects workbook and imports it.
    from openpyxl import load_workbook

    wb = load_workbook(rejects)
    ws = wb.active
    assert ws is not None
    header = [c.value for c in ws[1]]
    assert header[: len(ROSTER_HEADERS)] == ROSTER_HEADERS
    assert "not a phone" in str(ws.cell(2, len(header)).value)
    ws.cell(2, ROSTER_HEADERS.index("মোবাইল নম্বর") + 1).value = "01812345678"
    wb.save(rejects)
    result = register("ngo", "import", str(rejects))
    assert "+ CTW" in result.output
    assert set(ngos(register.db)) == {"MBSK", "CTW", "DAM"}
    # the workbook's problem column is said to be left out, not kept as CTW's own
    said = " ".join(result.output.split())
    assert 'Left out: "সমস্যা (Problem)"' in said and "Columns no field fits" not in said
    assert "not a phone" not in register("ngo", "show", "CTW").output


def test_duplicate_rows_in_one_file_are_rejected(register: Cli, roster_file: RosterFile) -> None:
    rows = [SEED_ROWS[0], SEED_ROWS[1], SEED_ROWS[0]]
    result = register("ngo", "import", str(roster_file(rows)), code=1)
    assert "already on row 4" in result.output


def test_code_column_upserts_by_code(register: Cli, roster_file: RosterFile) -> None:
    headers = ["NGO Code", "NGO Name", "Mobile"]
    register("ngo", "import", str(roster_file([["brac", "BRAC", "01711000000"]], headers=headers)))
    rows = [["BRAC", "BRAC Bangladesh", "01711000001"]]
    result = register("ngo", "import", str(roster_file(rows, name="2.xlsx", headers=headers)))
    assert "name_en: BRAC → BRAC Bangladesh" in result.output
    assert ngos(register.db)["BRAC"]["mobile"] == "01711000001"


def test_csv_with_bom_and_latin_digits(register: Cli, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "Name of NGO,Mobile,Working Area,Joined\n"
        'RDRS Bangladesh,01711223344,"Phulbari, Birol",01/07/2020\n',
        encoding="utf-8-sig",
    )
    register("ngo", "import", str(path))
    data = json.loads(register("ngo", "show", "RB", "--format", "json").output)
    assert data["upazilas"] == ["ফুলবাড়ী", "বিরল"]
    assert data["memberships"][0]["from"] == "2020-07-01"


def test_codes_are_unique_and_file_name_safe(register: Cli, roster_file: RosterFile) -> None:
    headers = ["Name of NGO"]
    rows = [["Gono Unnayan Kendro"], ["Gram Unnayan Karma"], ["Grameen Unnayan Kendra"]]
    register("ngo", "import", str(roster_file(rows, headers=headers)))
    codes = set(ngos(register.db))
    assert len(codes) == 3
    assert all(c.isalnum() and c.isascii() and c.upper() == c for c in codes)


BAD_FILES = {
    "empty.xlsx": b"",
    "notes.xlsx": b"this is a text file renamed to xlsx\n",
    "broken.xlsx": b"PK\x03\x04" + b"\x00" * 40,
}


def test_bad_files_give_a_message_and_change_nothing(register: Cli, tmp_path: Path) -> None:
    before = table_dump(register.db)
    for name, content in BAD_FILES.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = register("ngo", "import", str(path), code=1)
        assert name in result.output, result.output
        assert "Traceback" not in result.output
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le")
    )
    assert "password" in register("ngo", "import", str(encrypted), code=1).output
    wrong = write_xlsx(tmp_path / "wrong.xlsx", [["x", "y"]], headers=["Foo", "Bar"], title=None)
    assert "সংস্থার নাম" in register("ngo", "import", str(wrong), code=1).output
    missing = register("ngo", "import", str(tmp_path / "nope.xlsx"), code=1)
    assert "nope.xlsx" in missing.output
    assert table_dump(register.db) == before


def test_names_in_both_scripts_get_codes_of_their_own_letters(
    register: Cli, tmp_path: Path
) -> None:
    """A Bangla name column with English names and names in both scripts in it: each code is
    made of the name's own letters (not NGO, NGO2), and importing again keeps them."""
    path = tmp_path / "mixed.csv"
    path.write_text(
        "সংস্থার নাম,উপজেলা\n"
        "Shushilan,বিরল\n"
        "Seba সেবা সংস্থা,বিরল\n"
        "আলোর পথ Society,বিরল\n"
        "সমাজ উন্নয়ন সংস্থা (Samaj Unnayan Sangstha),বিরল\n",
        encoding="utf-8",
    )
    register("ngo", "import", str(path))
    codes = {n["name_bn"]: n["code"] for n in ngos(register.db).values()}
    assert codes == {
        "Shushilan": "SHUS",
        "Seba সেবা সংস্থা": "SSS",
        "আলোর পথ Society": "APS",
        "সমাজ উন্নয়ন সংস্থা (Samaj Unnayan Sangstha)": "SUS",
    }
    assert "4 unchanged" in register("ngo", "import", str(path)).output


def test_a_cover_sheet_before_the_roster_is_not_read_as_it(register: Cli, tmp_path: Path) -> None:
    """A summary sheet in front ("মোট এনজিও | ১০") has a header of one field: the roster sheet
    after it, whose header names more, is the one imported; no NGO is made of the cover."""
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "সারসংক্ষেপ"
    cover.append(["মোট এনজিও", "১০"])
    cover.append(["হালনাগাদ", "৩০.১১.২০২০"])
    sheet = wb.create_sheet("তালিকা")
    for row in [ROSTER_HEADERS, *SEED_ROWS]:
        sheet.append(list(row))
    path = tmp_path / "roster-2sheets.xlsx"
    wb.save(path)
    out = register("ngo", "import", str(path)).output
    codes = [n["code"] for n in json.loads(register("ngo", "list", "--format", "json").output)]
    assert "হালনাগাদ" not in out and sorted(codes) == ["CTW", "DAM", "MBSK"]


def test_registrations_compared_whatever_the_column_order(
    register: Cli, roster_file: RosterFile
) -> None:
    """The registrations of a row are the NGO's when each is one it holds, in the order stored
    or not (the DSS column before the NGOAB one); a changed number or date is reported."""
    register("ngo", "import", str(roster_file()))
    before = table_dump(register.db)
    order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 9]  # DSS before NGOAB
    headers = [ROSTER_HEADERS[i] for i in order]
    rows = [[row[i] for i in order] for row in SEED_ROWS]
    swapped = roster_file(rows, name="swapped.xlsx", headers=headers)
    result = register("ngo", "import", str(swapped))
    assert "0 were added, 0 were changed, 3 unchanged" in result.output, result.output
    assert table_dump(register.db) == before
    rows[0][9] = "দিনা-২৭৯/৯৯"  # MBSK's DSS number
    rows[1][10] = None  # CTW's NGOAB blank: the stored one stays
    result = register("ngo", "import", str(roster_file(rows, name="changed.xlsx", headers=headers)))
    assert "0 were added, 1 were changed, 2 unchanged" in result.output, result.output
    assert "registration DSS: দিনা-278 1999 → দিনা-279 1999" in result.output
    data = json.loads(register("ngo", "show", "MBSK", "--format", "json").output)
    regs = {r["authority"]: (r["number"], r["date"], r["year"]) for r in data["registrations"]}
    assert regs == {"NGOAB": ("1963", "2004-09-23", None), "DSS": ("দিনা-279", None, 1999)}
