"""`ngocoord config`: office settings with checked values."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli, table_dump


def test_set_get_list(register: Cli) -> None:
    register("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    assert register("config", "get", "chair.name").output.strip() == "মোঃ মাহমুদুল আলম"
    register("config", "set", "office.phone", "০৫৩১-৬৫০০১")
    assert register("config", "get", "office.phone").output.strip() == "0531-65001"
    register("config", "set", "due.ngo-report", "১০")
    assert register("config", "get", "due.ngo-report").output.strip() == "10"
    register("config", "set", "tracking.start", "জানুয়ারি/২০২১")
    assert register("config", "get", "tracking.start").output.strip() == "2021-01"
    items = {i["key"]: i for i in json.loads(register("config", "list", "--format", "json").output)}
    assert items["due.upazila-minutes"]["value"] == "3"
    assert items["chair.designation"]["default"] == "yes"
    assert items["committee.name"]["value"] == "জেলা এনজিও বিষয়ক সমন্বয় কমিটি"
    log = json.loads(register("log", "--table", "setting", "--format", "json").output)
    assert any(e["key"] == "chair.name" for e in log)


def test_unknown_key_and_bad_values_change_nothing(register: Cli) -> None:
    before = table_dump(register.db)
    out = register("config", "set", "chair.nmae", "x", code=1).output
    assert "Unknown setting `chair.nmae`" in out and "chair.name" in out
    assert (
        "must be a whole number from 1 to 28"
        in register("config", "set", "due.ngo-report", "40", code=1).output
    )
    assert "e-mail" in register("config", "set", "office.email", "not-mail", code=1).output
    assert "never stored" in register("config", "set", "smtp.password", "x", code=1).output
    assert "cannot be changed" in register("config", "set", "district", "Rangpur", code=1).output
    assert "Unknown setting" in register("config", "get", "nope", code=1).output
    assert table_dump(register.db) == before


def test_report_templates_carry_the_configured_due_day(office: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    office("config", "set", "due.ngo-report", "১০")
    out = tmp_path / "blank"
    office("report", "template", "--month", "2021-01", "--ngo", "MBSK", "--out", str(out))
    (path,) = out.iterdir()
    note = load_workbook(path).worksheets[0]["A2"].value
    assert "১০ তারিখের" in note and "10th" in note
