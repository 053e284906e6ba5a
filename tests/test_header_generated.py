"""Generated workbooks (Hypothesis): known phrasings of the roster's fields in random order,
one or two columns no field fits, one to three header rows. Whatever the layout, every
non-empty cell ends in a field, in a kind deliberately not stored, or in its row's extras."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngocoord.intake.columns import Hints, looks_like_mobile
from ngocoord.intake.headers import column_letter
from ngocoord.intake.sheets import find_table
from ngocoord.register import fields

CORPUS = json.loads((Path(__file__).parent / "data" / "header_corpus.json").read_text("utf-8"))

# Each field's phrasings, from the one-row headers of the corpus (as offices write them).
PHRASINGS: dict[str, list[str]] = {}
for block in CORPUS["roster"]:
    if len(block["rows"]) == 1:
        for text, name in zip(block["rows"][0], block["fields"], strict=True):
            if name not in ("kept", "not stored", "name_en"):
                PHRASINGS.setdefault(name, []).append(text)
UNKNOWN = ["ঝমকখগ", "Qwerty Zxcv", "ভগলপট হঠড", "Plover Index", "ঢঢঢ"]
VALUES = ["আলো", "সেবা সংঘ", "১২৩", "Hope", "বিরল", "০১৭১১০০০০০১", "x@y.org", "৭৭/৯৯", "নতুন", 42]
NOISE_GROUPS = ["তথ্য", "Details", "বিবরণ", "Information"]


@st.composite
def layouts(draw: Any) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(sorted(PHRASINGS)), min_size=1, max_size=8, unique=True))
    if "name_bn" not in chosen:
        chosen.append("name_bn")
    columns = [(draw(st.sampled_from(PHRASINGS[f])), f) for f in chosen]
    for _ in range(draw(st.integers(1, 2))):
        columns.append((draw(st.sampled_from(UNKNOWN)) + f" {len(columns)}", None))
    columns = draw(st.permutations(columns))
    depth = draw(st.integers(1, 3))
    rows = draw(
        st.lists(
            st.lists(
                st.sampled_from([*VALUES, None]), min_size=len(columns), max_size=len(columns)
            ),
            min_size=1,
            max_size=4,
        )
    )
    group = draw(st.sampled_from(NOISE_GROUPS))
    return {"columns": columns, "depth": depth, "rows": rows, "group": group}


def write(path: Path, layout: dict[str, Any]) -> tuple[Path, int]:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    texts = [t for t, _ in layout["columns"]]
    width, depth = len(texts), layout["depth"]
    merges = []
    if depth == 1:
        ws.append(texts)
    else:
        # a noise-word group over every column but the first (merged), its header merged down
        top = [texts[0], layout["group"]] + [None] * (width - 2)
        ws.append(top)
        for _ in range(depth - 1):
            ws.append(texts)
        merges.append(f"A1:A{depth}")
        if width > 2:
            merges.append(f"B1:{column_letter(width - 1)}1")
    for row in layout["rows"]:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path, depth


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(layout=layouts())
def test_no_cell_is_lost(tmp_path: Path, layout: dict[str, Any]) -> None:
    path, _ = write(tmp_path / "generated.xlsx", layout)
    hints = Hints(by_values={"mobile": looks_like_mobile}, script_pair=("name_bn", "name_en"))
    table = find_table(
        path, fields.FIELDS, required=set(), any_of=[{"name_bn", "name_en"}], hints=hints
    )
    in_fields = set(table.columns.values())
    for _, cells in table.rows:
        extra = table.extra(cells)
        for col, value in enumerate(cells):
            if value is None:
                continue
            assert col in in_fields or extra.get(table.kept.get(col, "")) == str(value), (
                f"column {column_letter(col)} value {value!r} lost; read: {table.read}"
            )
    expected_rows = [r for r in layout["rows"] if any(v is not None for v in r)]
    assert len(table.rows) == len(expected_rows)
    for text, name in layout["columns"]:
        if name is not None:  # a known phrasing keeps its meaning in any layout
            either = {"name_bn", "name_en"} if name == "name_bn" else {name}  # values decide
            assert either & set(table.columns), f"{text!r} was not read as {name}: {table.read}"
