"""A monthly report that is wrong in a way the clerk would want to know is never taken in
silently: refused when its figures cannot be right, taken as read with a warning naming the
cell when they may be. Workbooks are generated (openpyxl) over figures and dates Hypothesis
draws; what the import says is held against the rules worked out again here."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, report_csv, table_dump
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from ngocoord.register import report_sanity as rules

MONTH, RECEIVED = "2021-01", date(2021, 2, 10)
HEADERS = ["ক্রমিক নং", "প্রকল্পের নাম", "উপকারভোগী পুরুষ", "উপকারভোগী নারী",
           "চলতি অর্থবছরের বাজেট (টাকা)", "চলতি মাসের ব্যয় (টাকা)"]  # fmt: skip
FIELDS = ["male", "female", "budget_year", "spent_month"]  # columns C-F, as `report show` names
COLUMN = dict(zip(FIELDS, "CDEF", strict=True))
HEADER_ROW = 6  # rows 1-4: title, code, month, date; the table's header in row 6

amounts = st.one_of(st.none(), st.integers(0, 10**9).map(lambda paisa: paisa / 100))
lines_ = st.lists(
    st.tuples(st.integers(0, 5_000), st.integers(0, 5_000), amounts, amounts),
    min_size=1,
    max_size=4,
)
# how the totals row reads: none, right, one column off by some paisa or heads, or a formula
# no spreadsheet program ever worked out (an empty cell to the reader)
totals_ = st.sampled_from(["none", "right", "formula", "off"]).flatmap(
    lambda kind: (
        st.tuples(st.sampled_from(FIELDS), st.integers(1, 10**6))
        if kind == "off"
        else st.just(None if kind == "none" else kind)
    )
)


def _write(path: Path, lines: list[tuple[Any, ...]], report_date: date | None, totals: Any) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "প্রতিবেদন"
    ws.append(["মাসিক কার্যক্রম প্রতিবেদন"])
    ws.append(["এনজিও কোড", "MBSK"])
    ws.append(["প্রতিবেদনের মাস", MONTH])
    ws.append(["প্রতিবেদনের তারিখ", report_date.strftime("%d.%m.%Y") if report_date else None])
    ws.append([])
    ws.append(HEADERS)
    for i, line in enumerate(lines, start=1):
        ws.append([i, f"প্রকল্প {i}", *line])
    if totals is not None:
        sums: list[Any] = [sum(x[k] or 0 for x in lines) for k in range(4)]
        if totals == "formula":
            last = HEADER_ROW + len(lines)
            sums = [f"=SUM({c}{HEADER_ROW + 1}:{c}{last})" for c in "CDEF"]
        elif totals != "right":
            off, by = totals
            k = FIELDS.index(off)
            sums[k] = sums[k] + (by if k < 2 else by / 100)
        ws.append(["মোট", None, *sums])
    wb.save(path)
    return path


def _expected(lines: list[tuple[Any, ...]], report_date: date | None, totals: Any) -> Any:
    """What the rules say of such a file, written again from the form's meaning: refused on a
    total that is off, else the warnings' (rule, sheet row, column)."""
    if isinstance(totals, tuple):
        return "refused"
    found = []
    if report_date is not None:
        if report_date > RECEIVED:
            found.append((rules.DATED_AFTER_RECEIPT, 4, "B"))
        if report_date < date(2021, 1, 1):
            found.append((rules.DATED_BEFORE_MONTH, 4, "B"))
        elif report_date < date(2021, 1, 31):
            found.append((rules.DATED_IN_MONTH, 4, "B"))
    for i, (_, _, budget, spent) in enumerate(lines, start=1):
        if budget is not None and spent is not None and round(spent, 2) > round(budget, 2):
            found.append((rules.SPENT_OVER_BUDGET, HEADER_ROW + i, "F"))
    return found


def _said(text: str) -> str:
    return " ".join(text.split())


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lines=lines_,
    days=st.one_of(st.none(), st.integers(-70, 40)),
    totals=totals_,
)
def test_every_report_is_refused_or_taken_as_read_with_what_to_check(
    office: Cli, tmp_path: Path, lines: list[tuple[Any, ...]], days: int | None, totals: Any
) -> None:
    """Any figures, any report date around the day it came in, a totals row or none: a total
    that is off is refused naming its cell, and nothing changes; every other file is stored
    exactly as read, each warning said with file, sheet, row and cell, in the JSON output, in
    the rejects workbook, and again by `report list` and `report show`."""
    report_date = None if days is None else RECEIVED + timedelta(days=days)
    path = _write(tmp_path / f"{MONTH}_MBSK.xlsx", lines, report_date, totals)
    expected = _expected(lines, report_date, totals)
    event(f"totals: {totals if isinstance(totals, str | None) else 'off'}")
    event(f"outcome: {expected if expected == 'refused' else f'{len(expected)} warning(s)'}")
    before = table_dump(office.db)
    for earlier in tmp_path.glob("sane*.xlsx"):
        earlier.unlink()
    rejects = tmp_path / "sane.xlsx"
    args = ("report", "import", str(path), "--received-on", RECEIVED.isoformat())
    result = office(*args, "--rejects", str(rejects), code=None)
    if expected == "refused":
        assert result.exit_code == 1, result.output
        off = COLUMN[totals[0]]
        assert f"{path}:প্রতিবেদন:{HEADER_ROW + len(lines) + 1}:{off} " in result.output
        assert "the totals row (মোট) says" in _said(result.output)
        assert table_dump(office.db) == before
        return
    assert result.exit_code == 0, result.output
    mark = "Warning, taken as read: "
    said = [x.removeprefix(mark) for x in result.stderr.splitlines() if x.startswith(mark)]
    assert len(said) == len(expected), (said, expected)
    for text, (rule, row, column) in zip(said, expected, strict=True):
        assert text.startswith(f"{path}:প্রতিবেদন:{row}:{column} "), text
        assert rule_of(text) == rule, text
    if said:
        listed = [r[3] for r in list(load_workbook(rejects).active.values)[1:]]
        assert listed == ["imported as read, check: " + text for text in said]
    else:
        assert not rejects.exists()
    shown = json.loads(office("report", "show", "MBSK", MONTH, "--format", "json").stdout)
    assert [[x[k] for k in FIELDS] for x in shown] == [list(x) for x in lines]  # as read
    (listed_item,) = json.loads(
        office("report", "list", "--month", MONTH, "--format", "json").stdout
    )
    assert len(listed_item["warnings"]) == len(said)
    shown_out = _said(office("report", "show", "MBSK", MONTH).stderr)
    for text in listed_item["warnings"]:
        assert _said(text) in shown_out


def rule_of(text: str) -> str:
    """The rule a warning's words are of (the messages as the clerk reads them)."""
    if "after it was received" in text:
        return rules.DATED_AFTER_RECEIPT
    if "began" in text:
        return rules.DATED_BEFORE_MONTH
    if "ended" in text:
        return rules.DATED_IN_MONTH
    assert "budget for the whole fiscal year" in text
    return rules.SPENT_OVER_BUDGET


@given(
    month=st.sampled_from(["2020-02", "2021-01", "2021-06", "2021-12"]),
    report=st.one_of(st.none(), st.dates(date(2019, 1, 1), date(2023, 1, 1))),
    received=st.dates(date(2020, 1, 1), date(2023, 1, 1)),
)
def test_the_date_rules_over_any_dates(month: str, report: date | None, received: date) -> None:
    """Each date rule holds exactly when its words say: after the day received; before the
    month began; before its last day (and only one of the two)."""
    from ngocoord import periods

    found = {f.rule for f in rules.of_dates(month, report, received)}
    if report is None:
        assert found == set()
        return
    assert (rules.DATED_AFTER_RECEIPT in found) == (report > received)
    assert (rules.DATED_BEFORE_MONTH in found) == (report < periods.first_day(month))
    early = periods.first_day(month) <= report < periods.last_day(month)
    assert (rules.DATED_IN_MONTH in found) == early


@given(
    counts=st.lists(st.one_of(st.none(), st.integers(0, 10**6)), max_size=8),
    off=st.integers(-(10**6), 10**6),
)
def test_a_count_total_must_match_exactly(counts: list[int | None], off: int) -> None:
    total = sum(c or 0 for c in counts) + off
    wrong = rules.totals_wrong("ben_male", total, counts)
    assert (wrong is None) == (off == 0)
    if wrong:
        assert f"says {total:,}" in wrong and f"add up to {total - off:,}" in wrong


@given(
    amounts=st.lists(st.integers(0, 10**11).map(lambda p: p / 100), min_size=1, max_size=8),
    off=st.integers(-(10**6), 10**6),
)
def test_an_amount_total_must_match_to_the_paisa(amounts: list[float], off: int) -> None:
    total = round(sum(amounts) + off / 100, 2)
    assert (rules.totals_wrong("spent_month", total, amounts) is None) == (off == 0)


def test_a_typed_total_in_the_template_and_in_a_csv_is_held_to_its_rows(
    office: Cli, tmp_path: Path
) -> None:
    """The template's own totals row (row 44) as Excel leaves it when the NGO typed over the
    formula, and a CSV's totals row: refused naming the cell; right, taken."""
    out = tmp_path / "t"
    office("report", "template", "--month", MONTH, "--ngo", "MBSK", "--out", str(out))
    path = out / f"{MONTH}_MBSK.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["B14"], ws["G14"], ws["J14"] = "নারী শিক্ষা", 150, 85000
    ws["B15"], ws["G15"], ws["J15"] = "নিরাপদ পানি", 45, 42000.5
    ws["G44"], ws["J44"] = 195, 127000  # the paisa left out
    wb.save(path)
    before = table_dump(office.db)
    said = _said(
        office("report", "import", str(path), "--received-on", "2021-02-06", code=1).output
    )
    assert f'{path}:প্রতিবেদন:44:J "চলতি মাসের ব্যয় (টাকা)"' in said, said
    assert "says 127,000, but the rows above it add up to 127,000.50" in said
    assert table_dump(office.db) == before
    folder = tmp_path / "csv"
    csv = report_csv(folder, "MBSK", MONTH)
    csv.write_text(csv.read_text(encoding="utf-8") + "অন্য প্রকল্প,৮\nমোট,২১\n", encoding="utf-8")
    said = _said(office("report", "import", str(csv), "--received-on", "2021-02-06", code=1).output)
    assert f"{csv}:csv:7:" in said and "says 21, but the rows above it add up to 20" in said
    csv.write_text(csv.read_text(encoding="utf-8").replace("মোট,২১", "মোট,২০"), encoding="utf-8")
    office("report", "import", str(csv), "--received-on", "2021-02-06")


def test_a_warned_dry_run_says_so_and_writes_nothing(office: Cli, tmp_path: Path) -> None:
    path = _write(tmp_path / f"{MONTH}_MBSK.xlsx", [(1, 2, 100.0, 250.0)], date(2021, 3, 1), None)
    before = table_dump(office.db)
    args = ("report", "import", str(path), "--received-on", "2021-02-10", "--dry-run")
    out = _said(office(*args).output)
    assert "1 would be imported, 0 unchanged (1 with a warning to check)" in out, out
    assert f'{path}:প্রতিবেদন:4:B (beside "প্রতিবেদনের তারিখ"): the report is dated 2021-03-01' in out
    assert "spent this month (250 taka) is more than the budget for the whole fiscal year" in out
    assert table_dump(office.db) == before


@pytest.mark.parametrize("received", ["2021-01-31", "2021-01-15"])
def test_a_month_not_over_when_received_is_still_refused(
    office: Cli, tmp_path: Path, received: str
) -> None:
    path = report_csv(tmp_path / "in", "MBSK", MONTH)
    out = _said(office("report", "import", str(path), "--received-on", received, code=1).output)
    assert f"the month {MONTH} is not over on {received}" in out


def test_many_warnings_are_shown_twenty_then_counted(office: Cli, tmp_path: Path) -> None:
    """A file of 25 projects each spending over its budget: the first 20 on the screen, the
    rest counted and all of them in the workbook."""
    lines = [(1, 1, 10.0, 20.0 + i) for i in range(25)]
    path = _write(tmp_path / f"{MONTH}_MBSK.xlsx", lines, None, "right")
    out = office("report", "import", str(path), "--received-on", "2021-02-10").output
    said = _said(out)
    assert said.count("Warning, taken as read:") == 20, out
    assert "… and 5 more warning(s): the workbook below lists every one." in said
    (workbook,) = tmp_path.glob("rejected-*.xlsx")
    assert len(list(load_workbook(workbook).active.values)) == 26
    assert f"Every warning is listed in {workbook.name}" in said
