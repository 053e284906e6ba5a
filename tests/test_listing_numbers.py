"""Numbers one way in every listing: tables, CSV and JSON in Latin digits, whole amounts without
`.0`, mobiles as 01XXXXXXXXX, dates as YYYY-MM-DD; run on the demo register for every command
that takes --format and lists (its --format offers json)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ngocoord.cli.app import app, command_tree

# The arguments each listing command is run with on the demo register; a new listing command
# must be added here (test_every_listing_command_is_checked says so).
ARGS: dict[str, list[str]] = {
    "decisions": [],
    "log": ["-n", "400"],
    "config list": [],
    "ngo list": [],
    "ngo show": ["MBSK"],
    "ngo history": ["MBSK"],
    "report list": ["--month", "2021-01"],
    "report show": ["MBSK", "2021-01"],
    "report history": ["MBSK", "2021-01"],
    "return list": ["--kind", "ngo-report", "--month", "2021-01"],
    "return kinds": [],
    "check": ["--month", "2021-01", "--as-of", "2021-02-10"],
    "check history": ["--to", "2021-01", "--as-of", "2021-02-10"],
    "meeting list": [],
    "meeting show": ["1"],
    "meeting rota": ["--date", "2021-02-10"],
    "meeting attendance-report": [],
    "columns list": [],
    "columns fields": ["--for", "report"],
    "locks": [],
}
LISTING_FORMATS = ("table", "text", "csv", "json")

BENGALI_NUMBER = re.compile(r"[০-৯][০-৯,.]*")  # a number written in Bengali digits, whole
WHOLE_FLOAT = re.compile(r"-?\d+\.0")
FLOAT_IN_TEXT = re.compile(r"(?<![\d.])\d+\.0(?![\d.])")
BENGALI_MOBILE = re.compile(r"[০-৯]{5}-?[০-৯]{6}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-\d{2}")
MOBILES = re.compile(r"01\d{9}(, 01\d{9})*")
DATE_KEYS = {"date", "due_date", "as_of", "memo_date", "last_presented"}
# Labels printed as the minutes print them (decision ১.১, item ০২), and registration numbers as
# the authority wrote them: text, not numbers.
LABEL_KEYS = {"number"}


def listing_commands() -> dict[str, list[str]]:
    """Every command whose --format offers json, with the formats its help names."""
    found: dict[str, list[str]] = {}

    def walk(cmd: Any, path: list[str]) -> None:
        for param in cmd.params:
            if "--format" in getattr(param, "opts", ()):
                offered = re.findall(r"\w+", (param.help or "").split("(")[0])
                if "json" in offered:
                    found[" ".join(path)] = [f for f in LISTING_FORMATS if f in offered]
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(command_tree(), [])
    return found


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("numbers") / "demo"
    result = CliRunner().invoke(app, ["demo", "--dir", str(folder)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    register = folder / "register.sqlite"
    locked = CliRunner().invoke(app, ["--db", str(register), "lock", "2021-01", "--reason", "সভা ১"])
    assert locked.exit_code == 0, locked.output  # `locks` and `check` list a lock too
    return register


def _problems_in_value(key: str, value: Any, where: str) -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _problems_in_value(k, v, f"{where}.{k}")]
    if isinstance(value, list):
        return [p for v in value for p in _problems_in_value(key, v, where)]
    if isinstance(value, float) and value.is_integer():
        return [f"{where}: {value!r} (a whole amount is written without .0)"]
    if not isinstance(value, str) or not value:
        return []
    return _problems_in_text(key, value, where)


def _problems_in_text(key: str, value: str, where: str) -> list[str]:
    if not value:
        return []
    if key not in LABEL_KEYS and BENGALI_NUMBER.fullmatch(value):
        return [f"{where}: {value!r} (numbers in Latin digits)"]
    if WHOLE_FLOAT.fullmatch(value):
        return [f"{where}: {value!r} (a whole amount is written without .0)"]
    if (key in DATE_KEYS or key.endswith("_on")) and not DATE.fullmatch(value):
        return [f"{where}: {value!r} (dates as YYYY-MM-DD)"]
    if key in ("month", "months") and not MONTH.fullmatch(value):
        return [f"{where}: {value!r} (months as YYYY-MM)"]
    if key == "mobile" and not MOBILES.fullmatch(value):
        return [f"{where}: {value!r} (mobiles as 01XXXXXXXXX)"]
    return []


def problems(fmt: str, output: str) -> list[str]:
    if fmt == "json":
        return _problems_in_value("", json.loads(output), "$")
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(output))
        return [
            p
            for n, row in enumerate(reader, start=2)
            for key, cell in row.items()
            for p in _problems_in_text(key or "", cell or "", f"line {n} {key}")
        ]
    # A table mixes Bangla text, which keeps its digits, with the values; a text view is a
    # Bangla document (Bengali digits), but never shows a whole amount with .0 either.
    found = [f"{m.group()!r} (whole amounts without .0)" for m in FLOAT_IN_TEXT.finditer(output)]
    if fmt == "table":
        found += [
            f"{m.group()!r} (mobiles in Latin digits)" for m in BENGALI_MOBILE.finditer(output)
        ]
    return found


def test_every_listing_command_is_checked() -> None:
    assert set(listing_commands()) == set(ARGS)


@pytest.mark.parametrize(
    ("command", "fmt"),
    [(c, f) for c, formats in listing_commands().items() for f in formats],
    ids=lambda v: str(v),
)
def test_listing_numbers_are_written_one_way(demo_db: Path, command: str, fmt: str) -> None:
    result = CliRunner().invoke(
        app,
        ["--db", str(demo_db), *command.split(), *ARGS[command], "--format", fmt],
        env={"NO_COLOR": "1", "COLUMNS": "200"},
    )
    assert result.exit_code in (0, 3), result.output  # 3: check found overdue returns
    assert result.output.strip()
    found = problems(fmt, result.stdout)
    assert not found, f"ngocoord {command} --format {fmt}:\n" + "\n".join(found)


def test_the_checker_finds_what_it_should() -> None:
    assert problems("json", '[{"budget_year": 1500000.0, "spent": 98500.5}]') == [
        "$.budget_year: 1500000.0 (a whole amount is written without .0)"
    ]
    assert problems("json", '{"units": [{"mobile": "০১৭১২৩৪৫৬৭৮", "received_on": "10.02.2021"}]}')
    assert problems("json", '[{"male": "৮৭"}]') and not problems("json", '[{"number": "৩.১"}]')
    assert problems("csv", "spent_month,activities\n2168600.0,১১টি সভা\n")
    assert not problems("csv", "spent_month,activities\n2168600,১১টি সভা\n")
    assert problems("table", "Prepared by রহিম, অফিসার ০১৩৬৮-৫৯০২০১")
    assert problems("table", "1  17744000.0  2168600") and not problems("table", "version 1.0.1")
