"""Headers as offices write them (tests/data/header_corpus.json) are read as the fields they
mean, through the real reader: a workbook per header block, merged cells and all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ngocoord.intake import report_format
from ngocoord.intake.columns import Hints, looks_like_mobile
from ngocoord.intake.sheets import find_table
from ngocoord.register import fields

CORPUS = json.loads((Path(__file__).parent / "data" / "header_corpus.json").read_text("utf-8"))


def write(path: Path, block: dict[str, Any]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in [*block["rows"], block["values"]]:
        ws.append(row)
    for merge in block.get("merges", []):
        ws.merge_cells(merge)
    wb.save(path)
    return path


def outcomes(path: Path, kind: str) -> list[str]:
    if kind == "roster":
        hints = Hints(by_values={"mobile": looks_like_mobile}, script_pair=("name_bn", "name_en"))
        table = find_table(
            path, fields.FIELDS, required=set(), any_of=[{"name_bn", "name_en"}], hints=hints
        )
    else:
        table = find_table(path, report_format.LINE_FIELDS, required={"project"}, hints=Hints())
    return [c.outcome for c in table.read]


def test_the_corpus_is_big_enough() -> None:
    for kind in ("roster", "report"):
        assert sum(len(b["fields"]) for b in CORPUS[kind]) >= 40
        assert {len(b["rows"]) for b in CORPUS[kind]} >= {1, 2, 3}


@pytest.mark.parametrize(
    ("kind", "index"),
    [(k, i) for k in ("roster", "report") for i in range(len(CORPUS[k]))],
)
def test_every_header_maps_to_its_field(tmp_path: Path, kind: str, index: int) -> None:
    block = CORPUS[kind][index]
    path = write(tmp_path / f"{kind}{index}.xlsx", block)
    got = outcomes(path, kind)
    wrong = [
        f"{h!r}: {g} (expected {e})"
        for h, g, e in zip(_headers(block), got, block["fields"], strict=True)
        if g != e
    ]
    assert not wrong, "\n".join(wrong)


def _headers(block: dict[str, Any]) -> list[str]:
    width = len(block["fields"])
    return [" / ".join(str(r[c]) for r in block["rows"] if r[c] is not None) for c in range(width)]
