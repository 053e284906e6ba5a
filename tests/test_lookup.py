"""The one NGO lookup: code, either name, bracketed acronym in Latin or Bangla letters, and the
same "did you mean" for a misspelt NGO in every sheet and file it can be written in."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli, RosterFile, table_dump
from openpyxl import Workbook

MBSK = "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)"
MISSPELT = "মহিলা বহুমুখি শিক্ষা কেন্দ"
SAID = f"'{MISSPELT}' is not an NGO of the register; did you mean MBSK ({MBSK})"


@pytest.fixture
def office(register: Cli, roster_file: RosterFile) -> Cli:
    register("ngo", "import", str(roster_file()))  # MBSK, CTW, DAM
    return register


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def new_meeting(cli: Cli) -> str:
    cli("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    out = cli("meeting", "new", "--date", "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    return str(out.output.split()[1])


def report(folder: Path, name_line: str, file_name: str = "from-the-ngo.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    path.write_text(
        f"{name_line}\nপ্রতিবেদনের মাস,2021-01\n\nপ্রকল্পের নাম,উপকারভোগী নারী\nনারী শিক্ষা,১২\n",
        encoding="utf-8",
    )
    return path


def import_one(db: Path, path: Path) -> tuple[str, str | None, str | None]:
    """(status, code, reason) of one report file taken in through the batch."""
    from datetime import date

    from ngocoord.intake.report_batch import import_reports
    from ngocoord.store.db import open_register

    register = open_register(f"sqlite:///{db}")
    try:
        batch = import_reports(register, [path], lambda _p: date(2021, 2, 5), jobs=1)
    finally:
        register.close()
    outcome = batch.outcomes[0]
    return outcome.status, outcome.code, outcome.reason


def test_a_misspelt_ngo_gets_the_same_did_you_mean_in_every_sheet(
    office: Cli, roster_file: RosterFile, tmp_path: Path
) -> None:
    before = table_dump(office.db)
    # a report file
    status, _, reason = import_one(office.db, report(tmp_path, f"সংস্থার নাম,{MISSPELT}"))
    assert status == "rejected" and reason is not None and SAID in reason
    # an attendance sheet
    meeting = new_meeting(office)
    before = table_dump(office.db)
    attendance = sheet(
        tmp_path / "attendance.xlsx",
        [["সংস্থার নাম", "নাম", "উপস্থিতি"], [MISSPELT, "রহিম", "উপস্থিত"]],
    )
    out = office("meeting", "attendance", meeting, str(attendance), code=1).output
    assert SAID in flat(out)
    # the items sheet: an implementer written as a code that is none
    items = sheet(
        tmp_path / "items.xlsx",
        [
            ["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"],
            ["০১", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার করতে হবে।", "MBSX, CTW"],
        ],
    )
    out = office("meeting", "items", meeting, str(items), code=1).output
    assert f"'MBSX' is not an NGO of the register; did you mean MBSK ({MBSK})" in flat(out)
    # a roster: a name the register does not hold, with the acronym of one it does, is that
    # NGO (its acronym in brackets says so), and the change of its name is shown
    headers = ["সংস্থার নাম", "মোবাইল নম্বর"]
    rows = [[f"{MISSPELT} (এমবিএসকে)", "01712345679"]]
    path = roster_file(rows, name="r.xlsx", headers=headers)
    out = flat(office("ngo", "import", str(path), "--dry-run").output)
    assert f"~ MBSK {MBSK} name_bn: {MBSK} → {MISSPELT} (এমবিএসকে)" in out
    # a roster with a code column: a new code, but the name of an NGO in the register
    rows = [["MBSX", MBSK]]
    path = roster_file(rows, name="c.xlsx", headers=["NGO Code", "সংস্থার নাম"])
    out = flat(office("ngo", "import", str(path), code=1).output)
    assert "'MBSX' is not an NGO of the register; did you mean MBSK" in out
    assert "name is that of MBSK: write MBSK" in out
    assert table_dump(office.db) == before


def test_a_report_names_its_ngo_by_code_name_or_acronym(office: Cli, tmp_path: Path) -> None:
    """Bangla spelling of the acronym, Latin acronym, English name without it: all MBSK."""
    for i, line in enumerate(
        [
            "সংস্থার নাম,এমবিএসকে",
            "সংস্থার নাম,শিক্ষা কেন্দ্র (MBSK)",
            "Name of NGO,Mohila Bohumukhi Shikkha Kendro",
            "এনজিও কোড,mbsk",
        ]
    ):
        status, code, reason = import_one(office.db, report(tmp_path / str(i), line))
        assert (status, code) == ("imported" if i == 0 else "unchanged", "MBSK"), reason
    status, _, reason = import_one(office.db, report(tmp_path / "x", "এনজিও কোড,MBSX"))
    assert status == "rejected" and reason is not None
    assert reason.startswith("'MBSX' is not an NGO of the register; did you mean MBSK")


def test_attendance_and_implementers_find_ngos_by_acronym(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office)
    attendance = sheet(
        tmp_path / "attendance.xlsx",
        [
            ["সংস্থার নাম", "নাম", "উপস্থিতি"],
            ["এমবিএসকে", "মোঃ আব্দুল হাকীম মিয়া", "উপস্থিত"],
            ["Come to Work", "রহিম", "উপস্থিত"],
        ],
    )
    office("meeting", "attendance", meeting, str(attendance))
    data = json.loads(office("meeting", "show", meeting, "--format", "json").output)
    assert [p["ngo_code"] for p in data["present"]] == ["MBSK", "CTW"]
    items = sheet(
        tmp_path / "items.xlsx",
        [
            ["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"],
            ["০১", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার করতে হবে।", "এমবিএসকে, ঢাকা আহছানিয়া মিশন, উপজেলা"],
        ],
    )
    office("meeting", "items", meeting, str(items), "--replace")  # item ০১ was the standard one
    listed = json.loads(office("decisions", "--meeting", meeting, "--format", "json").output)
    assert listed[0]["linked"] == ["DAM", "MBSK"]
    by_acronym = json.loads(
        office("decisions", "--implementer", "এমবিএসকে", "--format", "json").output
    )
    assert [d["id"] for d in by_acronym] == [listed[0]["id"]]


def test_codes_with_a_hyphen_are_codes_everywhere(office: Cli, tmp_path: Path) -> None:
    """One code pattern: a code with - is found in an implementers' line as in a roster."""
    headers = ["NGO Code", "Name of NGO"]
    office("ngo", "import", str(sheet(tmp_path / "r.xlsx", [headers, ["BRAC-2", "BRAC Two"]])))
    meeting = new_meeting(office)
    items = sheet(
        tmp_path / "items.xlsx",
        [
            ["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"],
            ["০১", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার করতে হবে।", "BRAC-2 ও CTW"],
        ],
    )
    office("meeting", "items", meeting, str(items), "--replace")
    conn = sqlite3.connect(office.db)
    linked = conn.execute(
        "SELECT n.code FROM decision_link l JOIN ngo n ON n.id = l.ngo_id "
        "JOIN decision d ON d.id = l.decision_id JOIN agenda_item i ON i.id = d.item_id "
        "WHERE i.number = 1 ORDER BY n.code"  # the sheet's item; the rota item ০২ stays
    ).fetchall()
    conn.close()
    assert linked == [("BRAC-2",), ("CTW",)]


def test_an_ngo_with_only_an_english_name_is_found_by_it(register: Cli, tmp_path: Path) -> None:
    """Its one name is not two matches of itself."""
    path = tmp_path / "roster.csv"
    path.write_text("Name of NGO,Mobile\nRDRS Bangladesh,01711223344\n", encoding="utf-8")
    register("ngo", "import", str(path))
    status, code, reason = import_one(register.db, report(tmp_path, "Name of NGO,RDRS Bangladesh"))
    assert (status, code) == ("imported", "RB"), reason
