"""`ngocoord report`: the monthly ছক from template to register, and every way a file goes wrong."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, report_csv, table_dump
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from workbooks import write_ods, write_xls

FIRST_ROW = 14  # first entry row of a version 1 template (see docs/report-format.md)
LINES = [
    [
        "১",
        "নারী শিক্ষা কার্যক্রম",
        "ইউনিসেফ",
        "সদর",
        "শিক্ষা",
        "১২০",
        150,
        "৩০",
        1200000,
        "৮৫,০০০",
        "উঠান বৈঠক",
    ],
    [
        None,
        "নিরাপদ পানি",
        "WaterAid",
        "ফুলবাড়ি",
        "পানি ও স্যানিটেশন",
        40,
        45,
        10,
        "৫,০০,০০০",
        42000.5,
        None,
    ],
]


def template(office: Cli, tmp_path: Path, code: str = "MBSK", month: str = "2021-01") -> Path:
    out = tmp_path / "templates"
    office("report", "template", "--month", month, "--ngo", code, "--out", str(out))
    return out / f"{month}_{code}.xlsx"


def fill(path: Path, lines: list[list[Any]] = LINES, **header: Any) -> Path:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    values = {"B7": "মোঃ আব্দুল হাকীম মিয়া", "B8": "প্রজেক্ট কো-অর্ডিনেটর", "B9": "০১৭১২৩৪৫৬৭৮"}
    for ref, value in {**values, **header}.items():
        ws[ref] = value
    for i, line in enumerate(lines):
        for j, value in enumerate(line):
            ws.cell(FIRST_ROW + i, 1 + j).value = value
    wb.save(path)
    return path


def submissions(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    return conn.execute(
        "SELECT n.code, s.month, s.version, s.is_current, s.received_on FROM submission s "
        "JOIN ngo n ON n.id = s.ngo_id ORDER BY n.code, s.version"
    ).fetchall()


def test_round_trip_template_fill_import(office: Cli, tmp_path: Path) -> None:
    path = fill(template(office, tmp_path))
    result = office("report", "import", str(path), "--received-on", "2021-02-06")
    assert "1 imported" in result.output
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert shown == [
        {
            "line": 1,
            "project": "নারী শিক্ষা কার্যক্রম",
            "donor": "ইউনিসেফ",
            "upazila": "দিনাজপুর সদর",
            "sector": "শিক্ষা",
            "male": 120,
            "female": 150,
            "children": 30,
            "budget_year": 1200000,
            "spent_month": 85000,
            "activities": "উঠান বৈঠক",
            "extra": {},
        },
        {
            "line": 2,
            "project": "নিরাপদ পানি",
            "donor": "WaterAid",
            "upazila": "ফুলবাড়ী",
            "sector": "পানি ও স্যানিটেশন",
            "male": 40,
            "female": 45,
            "children": 10,
            "budget_year": 500000,
            "spent_month": 42000.5,
            "activities": None,
            "extra": {},
        },
    ]
    listed = json.loads(
        office("report", "list", "--month", "জানুয়ারি/২০২১", "--format", "json").output
    )
    assert [(r["unit"], r["received_on"], r["version"]) for r in listed] == [
        ("MBSK", "2021-02-06", 1)
    ]


def test_reimport_same_content_is_a_no_op_and_keeps_received_date(
    office: Cli, tmp_path: Path
) -> None:
    path = fill(template(office, tmp_path))
    office("report", "import", str(path), "--received-on", "2021-02-06")
    before = table_dump(office.db)
    # Re-saved by another program: the bytes change, the content does not.
    wb = load_workbook(path)
    wb.save(path)
    result = office("report", "import", str(path), "--received-on", "2021-02-20")
    assert "1 unchanged" in result.output and "2021-02-06" in result.output
    assert table_dump(office.db) == before


def test_changed_resubmission_supersedes_and_keeps_history(office: Cli, tmp_path: Path) -> None:
    path = fill(template(office, tmp_path))
    office("report", "import", str(path), "--received-on", "2021-02-06")
    fill(path, [[None, "নারী শিক্ষা কার্যক্রম", "ইউনিসেফ", "সদর", "শিক্ষা", 121]])
    result = office("report", "import", str(path), "--received-on", "2021-02-12")
    assert "1 imported (1 as a new version replacing an earlier one)" in result.output
    # the new file is not what was superseded: it is version 2 and replaced version 1
    assert "imported as version 2, replaced version 1" in result.output
    assert "superseded" not in result.output
    assert submissions(office.db) == [
        ("MBSK", "2021-01", 1, 0, "2021-02-06"),
        ("MBSK", "2021-01", 2, 1, "2021-02-12"),
    ]
    history = json.loads(office("report", "history", "MBSK", "2021-01", "--format", "json").output)
    assert [(h["version"], h["current"]) for h in history] == [(1, False), (2, True)]
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert [line["male"] for line in shown] == [121, 40]


def test_received_and_imported_versions_are_one_history(office: Cli, tmp_path: Path) -> None:
    """`return receive` and the report batch write versions alike: a paper report, then its
    workbook, then a scan supersede each other in turn, with the same audit rows."""
    office(
        "return", "receive", "--kind", "ngo-report", "--ngo", "MBSK", "--month", "2021-01",
        "--received-on", "2021-02-03",
    )  # fmt: skip
    path = fill(template(office, tmp_path))
    assert (
        "imported as version 2, replaced version 1"
        in office("report", "import", str(path), "--received-on", "2021-02-06").output
    )
    scan = tmp_path / "mbsk.pdf"
    scan.write_bytes(b"%PDF-1.4 the report, signed")
    out = office(
        "return", "receive", "--kind", "ngo-report", "--ngo", "MBSK", "--month", "2021-01",
        str(scan), "--received-on", "2021-02-09",
    ).output  # fmt: skip
    assert "as version 3, replaced version 2." in out and "Copy kept at" in out
    assert submissions(office.db) == [
        ("MBSK", "2021-01", 1, 0, "2021-02-03"),
        ("MBSK", "2021-01", 2, 0, "2021-02-06"),
        ("MBSK", "2021-01", 3, 1, "2021-02-09"),
    ]
    conn = sqlite3.connect(office.db)
    rows = conn.execute(
        "SELECT office_id, unit_office_id, imported_by IS NOT NULL, imported_at IS NOT NULL, "
        "stored_file IS NOT NULL FROM submission ORDER BY version"
    ).fetchall()
    trail = conn.execute(
        "SELECT row_key, action, old, new FROM audit WHERE table_name = 'submission' "
        "AND action = 'insert' ORDER BY id"
    ).fetchall()
    superseded = conn.execute(
        "SELECT new FROM audit WHERE table_name = 'submission' AND action = 'update' ORDER BY id"
    ).fetchall()
    conn.close()
    assert [json.loads(n) for (n,) in superseded] == [
        {"version": v, "current": False} for v in (1, 2)
    ]
    assert [r[:4] for r in rows] == [(1, None, 1, 1)] * 3 and [r[4] for r in rows] == [0, 0, 1]
    assert {(key, action) for key, action, _, _ in trail} == {("ngo-report:MBSK:2021-01", "insert")}
    assert [
        (json.loads(o)["version"] if o else None, json.loads(n)["version"]) for _, _, o, n in trail
    ] == [
        (None, 1),
        (1, 2),
        (2, 3),
    ]
    history = json.loads(office("report", "history", "MBSK", "2021-01", "--format", "json").output)
    assert [(h["version"], h["current"]) for h in history] == [(1, False), (2, False), (3, True)]


def test_void_keeps_history_and_restores_earlier_version(office: Cli, tmp_path: Path) -> None:
    path = fill(template(office, tmp_path))
    office("report", "import", str(path), "--received-on", "2021-02-06")
    fill(path, [[None, "ভুল সংস্থার প্রকল্প"]])
    office("report", "import", str(path), "--received-on", "2021-02-08")
    office("report", "void", "MBSK", "2021-01", "--reason", "অন্য সংস্থার ফাইল")
    assert submissions(office.db)[0][3] == 1  # version 1 is current again
    history = office("report", "history", "MBSK", "2021-01").output
    assert "অন্য সংস্থার ফাইল" in history
    office("report", "void", "MBSK", "2021-01", "--reason", "again")
    assert office("report", "list", "--month", "2021-01", "--format", "json").output.strip() == "[]"
    assert "voided" in office("report", "show", "MBSK", "2021-01", code=1).output


# Read in this process, and by two worker processes (as a batch of 100 files or more is).
JOBS = pytest.mark.parametrize("jobs", ["1", "2"])


@JOBS
def test_batch_with_bad_files_imports_the_rest(office: Cli, tmp_path: Path, jobs: str) -> None:
    good = fill(template(office, tmp_path))
    folder = tmp_path / "inbox"
    folder.mkdir()
    good.rename(folder / good.name)
    ctw = fill(template(office, tmp_path, "CTW"), [[None, "প্রকল্প", None, None, None, "অনেক"]])
    ctw.rename(folder / ctw.name)
    (folder / "notes.xlsx").write_text("not a workbook")
    result = office(
        "report", "import", str(folder), "--received-on", "2021-02-07", "--jobs", jobs, code=1
    )
    out = result.output
    assert "1 imported" in out and "2 rejected" in out
    assert "not a whole number" in out
    assert [r[0] for r in submissions(office.db)] == ["MBSK"]


@JOBS
def test_bad_inputs_are_rejected_with_reasons_and_change_nothing(
    office: Cli, tmp_path: Path, jobs: str
) -> None:
    office("ngo", "remove", "DAM", "--on", "2020-12-15", "--reason", "সভার সিদ্ধান্ত")
    before = table_dump(office.db)
    cases: dict[str, tuple[Path, str]] = {}

    def case(name: str, path: Path, expect: str) -> None:
        target = tmp_path / "bad" / name
        target.parent.mkdir(exist_ok=True)
        path.rename(target)
        cases[name] = (target, expect)

    t = template(office, tmp_path)
    case("2021-01_MBSK.xlsx", fill(t, [[None, "প্রকল্প", None, None, None, -5]]), "negative")
    t = template(office, tmp_path)
    case("unknown.xlsx", fill(t, B4="MBSX"), "MBSK")
    t = template(office, tmp_path, "DAM")
    case("2021-01_DAM.xlsx", fill(t), "not on the coordination list")
    t = template(office, tmp_path, "CTW", month="2021-03")
    case("2021-03_CTW.xlsx", fill(t), "not over")
    t = template(office, tmp_path, "CTW", month="2020-11")
    case("2020-11_CTW.xlsx", fill(t, B6="তেরো মাস"), "cannot be read")
    t = template(office, tmp_path, "CTW", month="2020-10")
    case("2020-09_CTW.xlsx", fill(t), "file name says 2020-09")
    t = template(office, tmp_path, "CTW", month="2020-08")
    case("2020-08_CTW.xlsx", fill(t, [[None, "প্রকল্প", None, "ঢাকা"]]), "ঢাকা")
    encrypted = tmp_path / "bad" / "locked.xlsx"
    encrypted.write_bytes((Path(__file__).parent / "data" / "encrypted.xlsx").read_bytes())
    cases["locked.xlsx"] = (encrypted, "password")
    big = tmp_path / "bad" / "huge.csv"
    big.write_text("প্রকল্পের নাম,উপকারভোগী পুরুষ\n" + "প্রকল্প,1\n" * 6000, encoding="utf-8")
    cases["huge.csv"] = (big, "too large")

    result = office(
        "report",
        "import",
        str(tmp_path / "bad"),
        "--received-on",
        "2021-03-02",
        "--jobs",
        jobs,
        code=1,
    )
    out = " ".join(result.output.split())
    assert f"{len(cases)} rejected" in out
    for name, (_, expect) in cases.items():
        assert expect in out, f"{name}: {expect!r} not in output"
    assert table_dump(office.db) == before


def test_same_ngo_and_month_twice_in_a_batch(office: Cli, tmp_path: Path) -> None:
    """Two different files for one NGO and month reject each other: neither is guessed."""
    first = fill(template(office, tmp_path))
    other = fill(template(office, tmp_path / "b"), LINES[:1])
    second = tmp_path / "copy of report.xlsx"
    second.write_bytes(other.read_bytes())
    result = office(
        "report", "import", str(first), str(second), "--received-on", "2021-02-06", code=1
    )
    assert "also in" in result.output and "2 rejected" in result.output
    assert submissions(office.db) == []


@pytest.mark.parametrize("copies", [1, 2])
def test_the_same_file_twice_in_a_batch_is_one_report(
    office: Cli, tmp_path: Path, copies: int
) -> None:
    """A browser's second download ("… (1).xlsx"): the same content is one report, taken
    once; each copy is said to be the same file as the one taken, both named."""
    first = fill(template(office, tmp_path))
    names = [first]
    for n in range(1, copies + 1):
        copy = first.with_name(f"{first.stem} ({n}).xlsx")
        copy.write_bytes(first.read_bytes())
        names.append(copy)
    before = table_dump(office.db)
    dry = office("report", "import", *map(str, names), "--received-on", "2021-02-06", "--dry-run")
    assert table_dump(office.db) == before
    result = office("report", "import", *map(str, names), "--received-on", "2021-02-06")
    for out in (dry.output, result.output):
        assert f"{copies} the same file as another (read once)" in out, out
        assert "0 rejected" in out
        assert out.count(f"as {first}") == copies  # the copy is named beside the one taken
    assert submissions(office.db) == [("MBSK", "2021-01", 1, 1, "2021-02-06")]
    again = office("report", "import", *map(str, reversed(names)), "--received-on", "2021-02-07")
    assert "1 unchanged" in again.output, again.output
    assert submissions(office.db) == [("MBSK", "2021-01", 1, 1, "2021-02-06")]


def test_received_dates_from_mtime_and_receipts(office: Cli, tmp_path: Path) -> None:
    mbsk = fill(template(office, tmp_path))
    ctw = fill(template(office, tmp_path, "CTW"))
    stamp = time.mktime((2021, 2, 9, 10, 0, 0, 0, 0, -1))
    os.utime(mbsk, (stamp, stamp))
    office("report", "import", str(mbsk), "--received-on", "mtime")
    receipts = tmp_path / "receipts.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ফাইলের নাম", "প্রাপ্তির তারিখ"])
    ws.append([ctw.name, "০৫.০২.২০২১"])
    wb.save(receipts)
    office("report", "import", str(ctw), "--receipts", str(receipts))
    assert [(r[0], r[4]) for r in submissions(office.db)] == [
        ("CTW", "2021-02-05"),
        ("MBSK", "2021-02-09"),
    ]


def test_which_received_date_applies(tmp_path: Path) -> None:
    """The receipts sheet over a date; a file's time is a Bangladesh date; a file missing from
    the sheet is an error naming it."""
    from datetime import UTC, datetime

    from ngocoord.errors import Invalid
    from ngocoord.intake.receipts import received_rule

    listed, other = tmp_path / "2021-01_MBSK.xlsx", tmp_path / "2021-01_CTW.xlsx"
    for path in (listed, other):
        path.write_bytes(b"")
    late_evening = datetime(2021, 2, 8, 20, 30, tzinfo=UTC).timestamp()  # 9 Feb, 02:30 in Dhaka
    os.utime(other, (late_evening, late_evening))
    receipts = tmp_path / "receipts.csv"
    receipts.write_text("ফাইলের নাম,প্রাপ্তির তারিখ\n2021-01_mbsk.XLSX,০৫.০২.২০২১\n", encoding="utf-8")
    from_sheet = received_rule(on=date(2021, 2, 20), sheet=receipts)
    assert from_sheet(listed) == date(2021, 2, 5)
    with pytest.raises(Invalid, match=r"2021-01_CTW\.xlsx is not in the receipts sheet"):
        from_sheet(other)
    assert received_rule(mtime=True)(other) == date(2021, 2, 9)
    assert received_rule(on=date(2021, 2, 20))(other) == date(2021, 2, 20)


def test_dry_run_writes_nothing(office: Cli, tmp_path: Path) -> None:
    path = fill(template(office, tmp_path))
    before = table_dump(office.db)
    result = office("report", "import", str(path), "--received-on", "2021-02-06", "--dry-run")
    assert "1 would be imported" in result.output
    assert table_dump(office.db) == before


OWN_LAYOUT = [
    ["মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)"],
    ["জানুয়ারি/২০২১ মাসের মাসিক কার্যক্রম প্রতিবেদন"],
    [],
    ["ক্রঃ নং", "প্রকল্প", "দাতা", "উপজেলা", "পুরুষ", "মহিলা", "শিশু", "বাজেট", "ব্যয়", "কার্যক্রম"],
    ["১", "কিশোরী ক্লাব", "প্ল্যান", "বিরল", "০", "৬০", "৬০", "২,০০,০০০", "১৫,০০০", "সভা"],
    ["২", "সঞ্চয় দল", None, "সদর", "১০", "৯০", "০", "৫০,০০০", "৪,৫০০", None],
    ["মোট", None, None, None, "১০", "১৫০", "৬০", "২,৫০,০০০", "১৯,৫০০", None],
]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_own_layout_in_every_format(office: Cli, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"MBSK January.{kind}"
    if kind == "xlsx":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        for row in OWN_LAYOUT:
            ws.append(row)
        ws.merge_cells("A1:J1")
        ws["K5"] = "=E5+F5"  # a formula the importer must not choke on
        wb.save(path)
    elif kind == "xls":
        write_xls(path, OWN_LAYOUT)
    else:
        write_ods(path, OWN_LAYOUT)
    result = office("report", "import", str(path), "--received-on", "2021-02-10")
    assert "1 imported" in result.output, result.output
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert [(r["project"], r["female"], r["spent_month"]) for r in shown] == [
        ("কিশোরী ক্লাব", 60, 15000),
        ("সঞ্চয় দল", 90, 4500),
    ]


def test_templates_for_everyone_on_the_list(office: Cli, tmp_path: Path) -> None:
    office("ngo", "remove", "DAM", "--on", "2021-01-20", "--reason", "x")
    out = tmp_path / "t"
    office("report", "template", "--month", "2021-01", "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["2021-01_CTW.xlsx", "2021-01_MBSK.xlsx"]


def test_other_returns_are_received_with_a_copy(office: Cli, tmp_path: Path) -> None:
    scan = tmp_path / "parbatipur-minutes.pdf"
    scan.write_bytes(b"%PDF-1.4 minutes of the upazila meeting")
    result = office(
        "return",
        "receive",
        "--kind",
        "upazila-minutes",
        "--from",
        "Parbatipur",
        "--month",
        "2021-01",
        str(scan),
        "--received-on",
        "2021-02-02",
    )
    assert "Copy kept at" in result.output
    scan.unlink()  # nothing depends on the clerk's Downloads folder
    listed = json.loads(
        office(
            "return", "list", "--kind", "upazila-minutes", "--month", "2021-01", "--format", "json"
        ).output
    )
    assert listed[0]["unit"] == "Parbatipur" and listed[0]["received_on"] == "2021-02-02"
    assert Path(listed[0]["file"]).read_bytes().startswith(b"%PDF")
    office("config", "set", "due.upazila-minutes", "5")
    kinds = json.loads(office("return", "kinds", "--format", "json").output)
    assert {k["name"]: k["due_day"] for k in kinds} == {"ngo-report": 7, "upazila-minutes": 5}
    office(
        "return",
        "add-kind",
        "training-report",
        "--title",
        "প্রশিক্ষণ প্রতিবেদন",
        "--from",
        "ngo",
        "--due-day",
        "10",
    )
    assert office("config", "get", "due.training-report").output.strip() == "10"


def test_worker_processes_read_exactly_what_one_process_reads(tmp_path: Path) -> None:
    """The sample month's 59 reports (own layouts, .xls, .csv, late ones) through both paths."""
    from ngocoord import resources
    from ngocoord.intake.receipts import receipts_from
    from ngocoord.intake.report_batch import import_reports
    from ngocoord.intake.report_file import collect

    sample = resources.folder("sample_data")
    receipts = receipts_from(sample / "receipts-2021-01.xlsx")
    files = collect([sample / "reports-2021-01"])
    dumps = []
    for jobs in (1, 2):
        register = _sample_register(tmp_path, f"jobs{jobs}.sqlite")
        batch = import_reports(register, files, lambda p: receipts[p.name.casefold()], jobs=jobs)
        register.close()
        assert batch.count("imported") == 59
        conn = sqlite3.connect(tmp_path / f"jobs{jobs}.sqlite")
        dumps.append(
            (
                conn.execute(
                    "SELECT ngo_id, month, version, received_on, content_hash, prepared_by, "
                    "mobile, report_date FROM submission ORDER BY ngo_id"
                ).fetchall(),
                conn.execute("SELECT * FROM report_line ORDER BY id").fetchall(),
            )
        )
        conn.close()
    assert dumps[0] == dumps[1]
    assert len(dumps[0][1]) > 59


def _sample_register(tmp_path: Path, name: str) -> Any:
    from ngocoord import places, resources
    from ngocoord.intake.roster_file import import_roster
    from ngocoord.store import offices
    from ngocoord.store.db import create_register

    sample = resources.folder("sample_data")
    register = create_register(f"sqlite:///{tmp_path / name}")
    with register.session() as s:
        offices.set_up(s, places.find_district("দিনাজপুর"), None)
        import_roster(s, sample / "roster.xlsx")
    return register


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_a_big_batch_is_read_by_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past PARALLEL_FROM files the default is one worker per CPU; the files are read there."""
    from ngocoord import resources
    from ngocoord.intake import report_batch, report_file
    from ngocoord.intake.receipts import receipts_from

    readers = tmp_path / "readers"
    real = report_file.read_report

    def spy(path: Path, upazilas: Any, hints: Any) -> Any:
        with readers.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(path, upazilas, hints)

    monkeypatch.setattr(report_batch, "read_report", spy)
    monkeypatch.setattr(report_batch, "PARALLEL_FROM", 10)
    monkeypatch.setattr(report_batch, "_cpus", lambda: 2)
    sample = resources.folder("sample_data")
    receipts = receipts_from(sample / "receipts-2021-01.xlsx")
    register = _sample_register(tmp_path, "r.sqlite")
    files = report_file.collect([sample / "reports-2021-01"])
    batch = report_batch.import_reports(register, files, lambda p: receipts[p.name.casefold()])
    register.close()
    assert batch.count("imported") == 59
    pids = readers.read_text().split()
    assert len(pids) == 59 and str(os.getpid()) not in pids and len(set(pids)) == 2


def test_an_unexpected_error_in_a_worker_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception that cannot cross processes still arrives, with the file and its traceback."""
    from ngocoord import resources
    from ngocoord.intake import report_batch, report_file

    class ReaderBug(Exception):
        def __init__(self, path: Path, detail: str) -> None:  # two arguments: cannot unpickle
            super().__init__(f"{path}: {detail}")

    def broken(path: Path, upazilas: Any, hints: Any) -> Any:
        raise ReaderBug(path, "boom")

    monkeypatch.setattr(report_batch, "read_report", broken)
    sample = resources.folder("sample_data")
    register = _sample_register(tmp_path, "r.sqlite")
    files = report_file.collect([sample / "reports-2021-01"])[:4]
    with pytest.raises(RuntimeError, match=r"(?s)reading .*2021-01.*failed.*ReaderBug.*boom"):
        report_batch.import_reports(register, files, lambda p: date(2021, 2, 5), jobs=2)
    register.close()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_failing_half_way_through_its_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """The third file's write fails after its submission and rows went in: they go, the two
    files before it stay."""
    from ngocoord import resources
    from ngocoord.intake import report_batch, report_file
    from ngocoord.intake.receipts import receipts_from
    from ngocoord.store import db

    real = db.insert_many
    audits = []

    def failing(conn: Any, table: Any, rows: Any) -> Any:
        out = real(conn, table, rows)
        if table.name == "audit":
            audits.append(rows)
            if len(audits) == 3:
                raise sqlite3.OperationalError("disk I/O error (simulated)")
        return out

    sample = resources.folder("sample_data")
    receipts = receipts_from(sample / "receipts-2021-01.xlsx")
    register = _sample_register(tmp_path, "r.sqlite")
    monkeypatch.setattr(db, "insert_many", failing)
    files = report_file.collect([sample / "reports-2021-01"])
    with pytest.raises(sqlite3.OperationalError):
        report_batch.import_reports(
            register, files, lambda p: receipts[p.name.casefold()], jobs=jobs
        )
    register.close()
    conn = sqlite3.connect(tmp_path / "r.sqlite")
    assert conn.execute("SELECT count(*) FROM submission").fetchone() == (2,)
    assert conn.execute("SELECT count(DISTINCT submission_id) FROM report_line").fetchone() == (2,)
    assert conn.execute(
        "SELECT count(*) FROM audit WHERE table_name = 'submission'"
    ).fetchone() == (2,)
    conn.close()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028"])
def test_header_block_label_on_two_lines(newline: str) -> None:
    from ngocoord.intake.report_file import _header_block

    found, _ = _header_block([[f"এনজিও কোড{newline}NGO Code", None, "MBSK"]])
    assert found["ngo_code"] == "MBSK"


def test_files_in_a_folder_that_are_not_spreadsheets_are_named(office: Cli, tmp_path: Path) -> None:
    """A scanned PDF or a Word letter among the reports is named, not passed over without a
    word; hidden files and Excel's lock files are left out."""
    inbox = tmp_path / "inbox"
    report_csv(inbox, "MBSK", "2021-01")
    (inbox / "sub").mkdir()
    (inbox / "sub" / "2021-01_CTW.pdf").write_bytes(b"%PDF-1.4 scanned")
    (inbox / "letter.docx").write_bytes(b"PK")
    (inbox / ".DS_Store").write_bytes(b"")
    (inbox / "~$2021-01_MBSK.xlsx").write_bytes(b"")
    out = office("report", "import", str(inbox), "--received-on", "2021-02-07").output
    assert "1 imported" in out, out
    said = " ".join(out.split())
    assert "Not read, not a spreadsheet (.xlsx, .xls, .ods, .csv): 2 file(s)" in said, out
    assert "2021-01_CTW.pdf" in said and "letter.docx" in said
    assert ".DS_Store" not in said and "~$" not in said


def test_an_older_month_moving_the_first_month_expected_is_said(
    office: Cli, tmp_path: Path
) -> None:
    """With tracking.start unset, the first month expected is the first with a return: a
    backlog report of an earlier month moves it, so every NGO is missing in the months
    between. The import says so, once, with the setting that keeps the start where it was."""
    office("report", "import", str(fill(template(office, tmp_path))), "--received-on", "2021-02-06")
    older = fill(template(office, tmp_path / "old", "CTW", "2020-09"))
    dry = " ".join(
        office(
            "report", "import", str(older), "--received-on", "2020-10-05", "--dry-run"
        ).output.split()
    )
    assert "would then expect every NGO's return from 2020-09" in dry
    said = " ".join(
        office("report", "import", str(older), "--received-on", "2020-10-05").output.split()
    )
    assert "2020-09 is before the first month with a return (2021-01)" in said
    assert "ngocoord config set tracking.start 2021-01" in said
    office("config", "set", "tracking.start", "2021-01")
    again = fill(template(office, tmp_path / "older", "DAM", "2020-08"))
    quiet = office("report", "import", str(again), "--received-on", "2020-09-05").output
    assert "first month with a return" not in quiet and "before the tracking start" in quiet


@pytest.mark.parametrize(("left", "month"), [("2021-02-15", "2021-02"), ("2021-02-02", "2021-03")])
def test_a_report_is_taken_for_any_month_the_ngo_was_on_the_list(
    office: Cli, tmp_path: Path, left: str, month: str
) -> None:
    """An NGO that left the list in February reports on February (it worked part of it), not
    on March; the refusal says when it was on the list."""
    office("ngo", "remove", "DAM", "--on", left, "--reason", "বিলুপ্ত")
    path = fill(template(office, tmp_path, "DAM", month=month))
    result = office("report", "import", str(path), "--received-on", "2021-04-07", code=None)
    if month == "2021-02":
        assert result.exit_code == 0, result.output
        assert [r[0] for r in submissions(office.db)] == ["DAM"]
    else:
        assert result.exit_code == 1
        assert f"to {left})" in result.output and "not on the coordination list" in result.output


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.none() | st.dates(date(2021, 1, 1), date(2021, 3, 31)),
            st.none() | st.dates(date(2021, 1, 1), date(2021, 3, 31)),
        ),
        max_size=3,
    ),
    st.dates(date(2021, 1, 1), date(2021, 3, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_on_the_list_during_a_span_is_on_it_some_day_of_it(
    spans: list[tuple[date | None, date | None]], first: date, days: int
) -> None:
    from ngocoord.register.membership import Span, is_member, member_during

    periods = [Span(a, b) for a, b in spans]
    last = first + timedelta(days=days)
    every_day = (first + timedelta(days=n) for n in range(days + 1))
    assert member_during(periods, first, last) == any(is_member(periods, d) for d in every_day)
