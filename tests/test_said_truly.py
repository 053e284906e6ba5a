"""What the imports say about the files they write is true: a rejects workbook never replaces
an earlier one without a word, and a dry run, which writes none, does not send the clerk to
one; asked to explain the columns, a dry run explains them though the file has errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import ROSTER_HEADERS, SEED_ROWS, Cli, RosterFile
from openpyxl import load_workbook

from ngocoord import periods


def bad_report(folder: Path, code: str, bad: int = 3) -> Path:
    """A report whose `bad` beneficiary counts are not numbers: one problem per row."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"2021-01_{code}.csv"
    lines = [f"প্রকল্প {n},অনেক" for n in range(bad)]
    path.write_text(
        f"এনজিও কোড,{code}\nপ্রতিবেদনের মাস,2021-01\n\nপ্রকল্পের নাম,উপকারভোগী নারী\n"
        + "\n".join(lines) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return path


def listed_files(path: Path) -> list[str]:
    rows = load_workbook(path).active.iter_rows(min_row=2, values_only=True)  # type: ignore[union-attr]
    return sorted({Path(str(r[0])).name for r in rows})


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_second_batch_the_same_day_keeps_the_mornings_rejects(
    office: Cli, tmp_path: Path
) -> None:
    bad_report(tmp_path / "morning", "MBSK")
    bad_report(tmp_path / "evening", "CTW")
    day = periods.today().isoformat()
    first = office("report", "import", str(tmp_path / "morning"), code=1).output
    morning = tmp_path / f"rejected-{day}.xlsx"
    assert f"listed in {morning.name}" in flat(first)
    second = flat(office("report", "import", str(tmp_path / "evening"), code=1).output)
    evening = tmp_path / f"rejected-{day}-2.xlsx"
    assert f"listed in {evening.name}" in second, second
    assert f"{morning.name} was already there" in second
    assert listed_files(morning) == ["2021-01_MBSK.csv"]
    assert listed_files(evening) == ["2021-01_CTW.csv"]


def test_a_rejects_workbook_named_with_rejects_is_not_replaced_either(
    office: Cli, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.xlsx"
    mine.write_bytes(b"the clerk's own file")
    out = flat(office("report", "import", str(bad_report(tmp_path / "in", "MBSK")),
                      "--rejects", str(mine), code=1).output)  # fmt: skip
    assert mine.read_bytes() == b"the clerk's own file"
    assert f"listed in {tmp_path / 'mine-2.xlsx'}" in out and "mine.xlsx was already there" in out
    assert listed_files(tmp_path / "mine-2.xlsx") == ["2021-01_MBSK.csv"]


def test_a_dry_run_of_a_batch_promises_no_workbook_it_does_not_write(
    office: Cli, tmp_path: Path
) -> None:
    inbox = tmp_path / "in"
    bad_report(inbox, "MBSK")
    out = flat(office("report", "import", str(inbox), "--dry-run", code=1).output)
    assert "(and 2 more problem(s); --rejects FILE.xlsx lists every one)" in out, out
    assert "rejects workbook" not in out and not list(tmp_path.glob("rejected*.xlsx"))
    given = tmp_path / "list.xlsx"
    out = flat(office("report", "import", str(inbox), "--dry-run", "--rejects", str(given),
                      code=1).output)  # fmt: skip
    assert "(and 2 more problem(s), all in the rejects workbook)" in out
    assert listed_files(given) == ["2021-01_MBSK.csv"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_roster_dry_run_with_bad_cells_sends_the_clerk_to_the_file_itself(
    register: Cli, roster_file: RosterFile, tmp_path: Path, kind: str
) -> None:
    rows = [list(r) for r in SEED_ROWS]
    rows[1][5] = "not a phone"
    path = roster_file(rows)
    if kind == "csv":
        path = tmp_path / "roster.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([ROSTER_HEADERS, *rows])
    out = flat(register("ngo", "import", str(path), "--dry-run", code=1).output)
    assert "not a phone" in out
    assert "that workbook" not in out and "listed in" not in out, out
    assert f"Correct the cells in {path.name} and import it again" in out, out
    assert not list(tmp_path.glob("*.rejected.xlsx"))
    out = flat(register("ngo", "import", str(path), code=1).output)  # no dry run: one is written
    assert f"listed in {tmp_path / 'roster.rejected.xlsx'}" in out
    assert "Correct the cells in that workbook" in out


def test_explain_with_a_dry_run_explains_the_columns_of_a_file_with_errors(
    register: Cli, roster_file: RosterFile
) -> None:
    """The column table on stdout (as every dry run gives it), the rows refused on stderr."""
    rows = [list(r) for r in SEED_ROWS]
    rows[1][5] = "not a phone"
    path = roster_file(rows)
    for extra in (("--explain", "--dry-run"), ("--dry-run",), ("--explain",)):
        result = register("ngo", "import", str(path), *extra, code=1)
        lines = result.stdout.splitlines()
        assert lines[0] == f"{path}:" and lines[1].split() == ["column", "header", "field", "why"]
        mobile = next(line for line in lines if "মোবাইল নম্বর" in line)
        assert mobile.split()[0] == "F" and "mobile" in mobile.split()
        assert "not a phone" in result.stderr and "not a phone" not in result.stdout
