"""Fixtures for the clerk's day: a register in tmp_path, the real CLI, real workbooks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ngocoord.cli.app import app


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user data folder, work in tmp_path (a batch's rejects workbook
    goes to the current folder), and print plain text."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NGOCOORD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


class Cli:
    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0) -> Any:
        result = self.runner.invoke(app, ["--db", str(self.db), *args])
        if code is not None:
            assert result.exit_code == code, (
                f"exit {result.exit_code} != {code}\n{result.output}\n{result.exception!r}"
            )
        return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite"


@pytest.fixture
def cli(db: Path) -> Cli:
    return Cli(db)


@pytest.fixture
def register(cli: Cli) -> Cli:
    """A register for Dinajpur district, created through `ngocoord init`."""
    cli("init", "--district", "দিনাজপুর")
    return cli


ROSTER_HEADERS = [
    "ক্রমিক নং",
    "সংস্থার নাম",
    "Name of NGO",
    "প্রধান নির্বাহীর নাম",
    "পদবি",
    "মোবাইল নম্বর",
    "কর্ম এলাকা (উপজেলা)",
    "কার্যক্রমের ধরন",
    "জেলায় কাজের শুরু (সাল)",
    "এনজিও বিষয়ক ব্যুরো নিবন্ধন নং/তারিখ",
    "সমাজসেবা নিবন্ধন নং",
]

SEED_ROWS: list[list[Any]] = [
    [
        "১",
        "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)",
        "Mohila Bohumukhi Shikkha Kendro (MBSK)",
        "মোঃ আব্দুল হাকীম মিয়া",
        "প্রজেক্ট কো-অর্ডিনেটর",
        "০১৭১২-৩৪৫৬৭৮",
        "দিনাজপুর সদর, বিরল",
        "শিক্ষা, নারী উন্নয়ন",
        "১৯৯৬",
        "১৯৬৩/২৩.০৯.০৪",
        "দিনা-২৭৮/৯৯",
    ],
    [
        "২",
        "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)",
        "Come to Work (CTW)",
        "মো: রফিকুল ইসলাম",
        "নির্বাহী পরিচালক",
        "01812345678",
        "পার্বতীপুর",
        "শিশু অধিকার",
        "২০০১ সাল থেকে",
        "০৮৩৬/১৪.০৩.১৯৯৪",
        None,
    ],
    [
        "৩",
        "ঢাকা আহছানিয়া মিশন",
        "Dhaka Ahsania Mission (DAM)",
        "বেগম সালমা খাতুন",
        "জোনাল ম্যানেজার",
        "০১৯১১০০০১১১",
        "সকল উপজেলা",
        "স্বাস্থ্য",
        "১৯৮৫",
        None,
        None,
    ],
]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str] = ROSTER_HEADERS,
    *,
    title: str | None = "দিনাজপুর জেলায় কর্মরত এনজিওসমূহের তালিকা",
) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "তালিকা"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.append([])
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


RosterFile = Callable[..., Path]


@pytest.fixture
def roster_file(tmp_path: Path) -> RosterFile:
    def make(
        rows: Sequence[Sequence[Any]] = SEED_ROWS, name: str = "roster.xlsx", **kw: Any
    ) -> Path:
        return write_xlsx(tmp_path / name, rows, **kw)

    return make


@pytest.fixture
def office(register: Cli, roster_file: RosterFile) -> Cli:
    """The Dinajpur register with the three NGOs of SEED_ROWS on its list: MBSK, CTW, DAM."""
    register("ngo", "import", str(roster_file()))
    return register


def table_dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, audit trail included: to prove a failed command changed nothing."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


def report_csv(folder: Path, code: str, month: str, project: str = "নারী শিক্ষা") -> Path:
    """A minimal monthly report: the header block and one project row, as a CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{month}_{code}.csv"
    path.write_text(
        f"এনজিও কোড,{code}\nপ্রতিবেদনের মাস,{month}\n\nপ্রকল্পের নাম,উপকারভোগী নারী\n{project},১২\n",
        encoding="utf-8",
    )
    return path


def receive(cli: Cli, tmp_path: Path, code: str, month: str, on: str) -> None:
    """An NGO's report for `month` arrives on `on`."""
    path = report_csv(tmp_path / "inbox" / on, code, month)
    cli("report", "import", str(path), "--received-on", on)


def at_a_terminal(
    db: Path, answer: bytes, *args: str, question: bytes = b"Replace them?"
) -> tuple[int, str]:
    """Run ngocoord in a real process on a pseudo-terminal, answer its question, and return its
    exit status and everything it printed."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ngocoord", "--db", str(db), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    os.close(slave)
    said = b""
    try:
        while question not in said:
            chunk = os.read(master, 4096)
            assert chunk, said.decode(errors="replace")
            said += chunk
        os.write(master, answer)
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed: the process is done
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(master)
    return proc.wait(timeout=60), said.decode("utf-8", errors="replace")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with pytest --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
