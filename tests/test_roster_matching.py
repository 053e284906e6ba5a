"""The same NGO, not a second one: roster rows matched to the register, near-duplicates
refused with both names, codes renamed, registrations by hand, the roster out and back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, table_dump
from typer.testing import CliRunner

from ngocoord.cli.app import app

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "roster.xlsx"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("matching") / "demo"
    result = CliRunner().invoke(app, ["demo", "--dir", str(folder)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def demo(demo_folder: Path, tmp_path: Path) -> Cli:
    """A copy of the demo register: its 70 NGOs, reports, a meeting, DAM off the list."""
    return Cli(shutil.copytree(demo_folder, tmp_path / "demo") / "register.sqlite")


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def ngo_rows(db: Path) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {r["code"]: dict(r) for r in conn.execute("SELECT * FROM ngo")}
    finally:
        conn.close()


def without_audit(dump: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    return {t: rows for t, rows in dump.items() if t != "audit"}


def audit_rows(db: Path, table: str) -> list[tuple[str, str, str | None, str | None]]:
    conn = sqlite3.connect(db)
    try:
        query = "SELECT row_key, action, old, new FROM audit WHERE table_name = ? ORDER BY id"
        return list(conn.execute(query, (table,)))
    finally:
        conn.close()


def test_english_headers_over_bangla_values_update_by_name(demo: Cli, tmp_path: Path) -> None:
    """The name column's script decides it is the Bangla name: the register's NGOs are
    updated by that name and only the new one is added (no NGO, NGO2, … a second time)."""
    before = ngo_rows(demo.db)
    path = write_csv(
        tmp_path / "district.csv",
        [
            ["SL", "Name of NGO", "Mobile"],
            ["1", "আরডিআরএস বাংলাদেশ", "01711000001"],
            ["2", "টিএমএসএস", ""],
            ["3", "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)", ""],
            ["4", "নতুন আলো মানবিক সংস্থা", "01711000003"],
        ],
    )
    out = demo("ngo", "import", str(path)).output
    assert "1 were added, 1 were changed, 2 unchanged" in out
    after = ngo_rows(demo.db)
    assert set(after) - set(before) == {"NAMS"}
    assert (
        after["RB"]["mobile"] == "01711000001" and after["NAMS"]["name_bn"] == "নতুন আলো মানবিক সংস্থা"
    )


def test_near_duplicates_are_refused_with_both_names(demo: Cli, tmp_path: Path) -> None:
    before = table_dump(demo.db)
    path = write_csv(
        tmp_path / "new.csv",
        [
            ["Name of NGO", "Mobile"],
            ["গণ উন্নয়ন কেন্দ্রো", "01711000004"],  # a misspelling of GUK's name
            ["RDRS Bangladesh Dinajpur", ""],  # RB's acronym, written in its Bangla name
            ["বিরল পল্লী শ্রী", ""],  # Polli Sree with a place name: another NGO
            ["শক্তি ফাউন্ডেশন ২", ""],  # only a digit more than SHAKTI's: another NGO
        ],
    )
    out = " ".join(demo("ngo", "import", str(path), code=1).output.split())
    assert "2 problem(s); nothing was written" in out
    assert "'গণ উন্নয়ন কেন্দ্রো' may be an NGO already in the register: GUK 'গণ উন্নয়ন কেন্দ্র'" in out
    assert "'RDRS Bangladesh Dinajpur' may be" in out and "RB 'আরডিআরএস বাংলাদেশ'" in out
    assert "both write the acronym RDRS" in out
    assert "বিরল পল্লী শ্রী" not in out and "শক্তি ফাউন্ডেশন ২" not in out
    assert '--same-as "গণ উন্নয়ন কেন্দ্রো=GUK"' in out and "--add-new" in out
    assert table_dump(demo.db) == before

    # --skip-invalid: the clear rows are taken, the pairs saved to the rejects workbook
    out = demo("ngo", "import", str(path), "--skip-invalid", code=1).output
    assert "2 were added" in out
    from openpyxl import load_workbook

    rejected = load_workbook(tmp_path / "new.rejected.xlsx").active
    assert rejected is not None
    names = [row[0] for row in rejected.iter_rows(min_row=2, values_only=True)]
    assert names == ["গণ উন্নয়ন কেন্দ্রো", "RDRS Bangladesh Dinajpur"]


def test_a_row_giving_an_ngos_code_mobile_or_registration_is_asked_about(
    demo: Cli, tmp_path: Path
) -> None:
    """Rows none of whose names is an NGO's, yet that write an NGO's code as their name or
    acronym (DAM, spelled in Bangla), give its mobile (ASA's), or its NGOAB registration
    (ASA's ০১৩৯): each is refused naming the NGO and why, never added as a second NGO; two
    new rows giving one registration are the same NGO twice unless --add-new says not."""
    before = table_dump(demo.db)
    rows = [
        ["ডিএএম", "", ""],
        ["নতুন আশা সংস্থা", "01855921282", ""],
        ["আশা দিনাজপুর শাখা", "", "০১৩৯/১০.০৩.৮৪"],
        ["সবুজ ছায়া", "", "২৯৯৯/০১.০১.২০"],
        ["সবুজ ছায়া ফাউন্ডেশন", "", "২৯৯৯/০১.০১.২০"],
    ]
    path = write_csv(tmp_path / "new.csv", [["Name of NGO", "Mobile", "NGOAB Reg. No."], *rows])
    out = " ".join(demo("ngo", "import", str(path), code=1).output.split())
    assert "4 problem(s); nothing was written" in out
    assert "'ডিএএম' may be an NGO already in the register: DAM" in out
    assert "its name writes DAM, the code of DAM" in out
    assert "'নতুন আশা সংস্থা' may be" in out and "both give the mobile 01855921282" in out
    assert "'আশা দিনাজপুর শাখা' may be" in out
    assert "both have the registration NGOAB ০১৩৯/১০.০৩.৮৪" in out
    assert "row 6 gives the registration NGOAB ২৯৯৯/০১.০১.২০ of row 5: the same NGO twice?" in out
    assert "Two rows that are two NGOs are both added with --add-new." in out
    assert table_dump(demo.db) == before
    # two new rows alone: no --same-as offered, since neither is an NGO of the register
    twins = write_csv(
        tmp_path / "twins.csv", [["Name of NGO", "Mobile", "NGOAB Reg. No."], *rows[3:]]
    )
    out = " ".join(demo("ngo", "import", str(twins), code=1).output.split())
    assert "the same NGO twice?" in out and "--same-as" not in out and "--add-new" in out
    out = " ".join(demo("ngo", "import", str(path), "--add-new").output.split())
    assert "5 were added" in out


def test_same_as_and_add_new_say_which(demo: Cli, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "new.csv",
        [["Name of NGO", "Mobile"], ["গণ উন্নয়ন কেন্দ্রো", "01711000004"]],
    )
    before = ngo_rows(demo.db)
    # a code that is none, or a name the file does not have: refused, nothing written
    out = demo("ngo", "import", str(path), "--same-as", "গণ উন্নয়ন কেন্দ্রো=GUKX", code=1)
    assert "'GUKX' is not an NGO of the register; did you mean GUK" in " ".join(out.output.split())
    out = demo("ngo", "import", str(path), "--same-as", "অন্য নাম=GUK", code=1).output
    assert "which no row of new.csv has" in out
    assert ngo_rows(demo.db) == before

    out = demo("ngo", "import", str(path), "--same-as", "গণ উন্নয়ন কেন্দ্রো=GUK").output
    assert "~ GUK" in out and "01711000004" in out
    after = ngo_rows(demo.db)
    assert set(after) == set(before) and after["GUK"]["name_bn"] == "গণ উন্নয়ন কেন্দ্রো"

    other = write_csv(tmp_path / "other.csv", [["Name of NGO"], ["গণ উন্নয়ন কেন্দ্রর"]])
    demo("ngo", "import", str(other), code=1)
    out = demo("ngo", "import", str(other), "--add-new").output
    assert "1 were added" in out and len(ngo_rows(demo.db)) == len(before) + 1


def test_demo_roster_reimports_as_no_op(demo: Cli) -> None:
    before = without_audit(table_dump(demo.db))
    out = demo("ngo", "import", str(SAMPLE)).output
    assert "0 were added, 0 were changed, 70 unchanged" in out
    assert without_audit(table_dump(demo.db)) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_is_a_no_op(demo: Cli, tmp_path: Path, suffix: str) -> None:
    """Every field comes back: into the same register nothing changes, and a new register
    filled from the file exports the same file."""
    # an NGO with two registrations of one authority, an extra column and a formula-like note
    demo("ngo", "reg", "add", "MBSK", "--authority", "MRA", "--number", "00452", "--date", "2010")
    demo("ngo", "reg", "add", "MBSK", "--authority", "MRA", "--number", "00453")
    demo("ngo", "edit", "MBSK", "--notes", "=1+1 is text", "--website", "https://mbsk.org")
    exported = tmp_path / f"roster{suffix}"
    assert "70 NGOs" in demo("ngo", "export", str(exported)).output
    before = without_audit(table_dump(demo.db))
    out = demo("ngo", "import", str(exported)).output
    assert "0 were added, 0 were changed, 70 unchanged" in out, out
    assert without_audit(table_dump(demo.db)) == before

    fresh = Cli(tmp_path / "fresh.sqlite")
    fresh("init", "--district", "দিনাজপুর")
    assert "70 were added" in fresh("ngo", "import", str(exported)).output
    again = tmp_path / f"again{suffix}"
    fresh("ngo", "export", str(again))
    if suffix == ".csv":
        assert again.read_bytes() == exported.read_bytes()
    mbsk = json.loads(fresh("ngo", "show", "MBSK", "--format", "json").output)
    assert [(r["authority"], r["number"], r["year"]) for r in mbsk["registrations"]][-2:] == [
        ("MRA", "00452", 2010),
        ("MRA", "00453", None),
    ]
    assert mbsk["notes"] == "=1+1 is text" and mbsk["website"] == "https://mbsk.org"
    dam = json.loads(fresh("ngo", "show", "DAM", "--format", "json").output)
    assert dam["status"] == "removed" and dam["memberships"][0]["to"] is not None


def test_export_refuses_other_formats(demo: Cli, tmp_path: Path) -> None:
    out = demo("ngo", "export", str(tmp_path / "roster.pdf"), code=1).output
    assert "written as .xlsx or .csv" in out


def test_code_rename_moves_history_and_later_files(demo: Cli, tmp_path: Path) -> None:
    assert "code: RB → RDRS" in demo("ngo", "edit", "RB", "--code", "rdrs").output
    data = json.loads(demo("ngo", "show", "RDRS", "--format", "json").output)
    assert data["name_bn"] == "আরডিআরএস বাংলাদেশ"
    said = demo("ngo", "show", "RB", code=1).output  # the old code names the new one
    assert "No NGO has the code 'RB' now: RB is the former code of RDRS" in said
    assert "Use RDRS." in said
    keys = {key for key, *_ in audit_rows(demo.db, "ngo")}
    assert {"RDRS", "RB"} <= keys  # the audit log is left as it was written
    assert ("RDRS", "update", '{"code": "RB"}', '{"code": "RDRS"}') in audit_rows(demo.db, "ngo")
    history = json.loads(demo("ngo", "history", "RDRS", "--format", "json").output)
    assert {h["key"] for h in history if h["table"] == "ngo"} == {"RB", "RDRS"}
    assert history[0]["action"] == "insert" and history[-1]["field"] == "code"
    assert any(h["table"] == "decision" for h in history)  # the decisions it implements
    demo("report", "template", "--month", "2021-03", "--out", str(tmp_path / "t"))
    written = {p.name for p in (tmp_path / "t").iterdir()}
    assert "2021-03_RDRS.xlsx" in written and "2021-03_RB.xlsx" not in written
    # codes are validated, and one code is one NGO
    before = table_dump(demo.db)
    assert "Bad code" in demo("ngo", "edit", "RDRS", "--code", "আরডিআরএস", code=1).output
    assert "already used" in demo("ngo", "edit", "RDRS", "--code", "BRAC", code=1).output
    assert table_dump(demo.db) == before


def test_registrations_by_hand(demo: Cli) -> None:
    # CTW has DSS দিনা-388 of 1996 from the roster
    out = demo("ngo", "reg", "add", "CTW", "--authority", "সমাজসেবা", "--number", "দিনা-৫০১/০৩")
    assert "DSS দিনা-501 2003" in out.output
    demo(
        "ngo", "reg", "add", "CTW", "--authority", "DSS", "--number", "777", "--date", "01.02.2010"
    )
    # two with one authority: --number says which
    out = demo("ngo", "reg", "edit", "CTW", "--authority", "DSS", "--date", "2011", code=1)
    assert "has 3 DSS registrations" in out.output and "--number" in out.output
    out = demo(
        "ngo", "reg", "edit", "CTW", "--authority", "DSS", "--number", "777", "--new-number", "778"
    ).output
    assert "number: 777 → 778" in out
    data = json.loads(demo("ngo", "show", "CTW", "--format", "json").output)
    dss = [
        (r["number"], r["date"], r["year"])
        for r in data["registrations"]
        if r["authority"] == "DSS"
    ]
    assert ("দিনা-501", None, 2003) in dss and ("778", "2010-02-01", None) in dss
    assert "৭৭৮/০১.০২.১০" in demo("ngo", "show", "CTW").output
    demo("ngo", "reg", "remove", "CTW", "--authority", "DSS", "--number", "দিনা-৫০১")
    assert (
        "Unknown authority"
        in demo("ngo", "reg", "remove", "CTW", "--authority", "X", code=1).output
    )
    assert (
        "no RJSC registration"
        in demo("ngo", "reg", "remove", "CTW", "--authority", "RJSC", code=1).output
    )
    log = [(k, a) for k, a, *_ in audit_rows(demo.db, "registration")]
    assert log[-4:] == [("CTW", "insert"), ("CTW", "insert"), ("CTW", "update"), ("CTW", "delete")]


def test_list_by_part_of_a_name(demo: Cli) -> None:
    found = json.loads(demo("ngo", "list", "--name", "উন্নয়ন  কেন্দ্র", "--format", "json").output)
    assert {"GUK", "MUK", "BNUK"} <= {n["code"] for n in found}
    assert all("উন্নয়ন কেন্দ্র" in n["name_bn"] for n in found)
    found = json.loads(demo("ngo", "list", "--name", "MISSION", "--format", "json").output)
    assert {n["code"] for n in found} >= {"DAM"}
    assert json.loads(demo("ngo", "list", "--name", "নেই এমন", "--format", "json").output) == []


def test_exported_periods_changed_by_hand_are_refused(demo: Cli, tmp_path: Path) -> None:
    """Periods on the list change by `ngo remove` and `ngo rejoin` (with their reasons), not
    by editing the exported sheet: the row says so and nothing is written."""
    exported = tmp_path / "roster.csv"
    demo("ngo", "export", str(exported))
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    dam = next(i for i, line in enumerate(lines) if line.startswith("DAM,"))
    assert "–2021-" in lines[dam]
    lines[dam] = lines[dam].replace("–2021-", "–2022-")
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = table_dump(demo.db)
    out = " ".join(demo("ngo", "import", str(exported), code=1).output.split())
    assert "1 problem(s); nothing was written" in out
    assert "are not the register's" in out and "`ngo remove` and `ngo rejoin`" in out
    assert table_dump(demo.db) == before
