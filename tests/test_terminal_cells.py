"""Bangla columns line up as a terminal draws them: xterm, VTE (GNOME Terminal) and Windows
Terminal give a spacing vowel sign (া ি ী ে ো …, ং, ঃ) a cell of its own and a hasanta, a
nonspacing sign (ু ূ ৃ ঁ) or a joiner none, so a conjunct is as wide as its consonants. Both
the rich table and the plain fixed-width one (large results, piped output) are measured so,
tried on a corpus of real names: the sample district's NGOs, the gazetteer's places and the
Bangla words of office documents."""

from __future__ import annotations

import json
import unicodedata

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from ngocoord.cli import output
from ngocoord.cli.output import Format
from ngocoord.resources import folder

# clusters as those terminals draw them, in cells
DRAWN = {
    "ক": 1,
    "কা": 2,
    "কি": 2,
    "কী": 2,
    "কু": 1,
    "কূ": 1,
    "কৃ": 1,
    "কে": 2,
    "কৈ": 2,
    "কো": 2,
    "কৌ": 2,
    "ক্ষ": 2,
    "স্ত্র": 3,
    "সং": 2,
    "দুঃখ": 3,
    "চাঁদ": 3,
    "র‍্যাব": 4,  # র, ZWJ, hasanta, য: the য-ফলা after র
    "\u09dc": 1,  # ড় as one character
    "ড\u09bc": 1,  # ড and a nukta
    "উৎস": 3,
    "বাংলাদেশ": 8,
    "শিক্ষা": 5,
}


def _corpus() -> list[str]:
    names: list[str] = []
    sheet = load_workbook(folder("sample_data") / "roster.xlsx", read_only=True).active
    assert sheet is not None
    for row in sheet.iter_rows(values_only=True):
        names += [
            v for v in row if isinstance(v, str) and any("\u0980" <= c <= "\u09ff" for c in v)
        ]
    places = json.loads((folder("data") / "places.json").read_text("utf-8"))
    names += [v for v in _strings(places) if any("\u0980" <= c <= "\u09ff" for c in v)]
    words = (folder("data") / "bangla_words.txt").read_text("utf-8").splitlines()
    names += [w for w in words if w and not w.startswith("#")][::20]
    return sorted(set(names))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _drawn(text: str) -> int:
    """The cells the terminals give `text`: each character's own, added up (no ZWJ here)."""
    return sum(output.char_cells(c) for c in text)


@pytest.mark.parametrize(("text", "cells"), DRAWN.items())
def test_clusters_take_the_cells_the_terminal_draws(text: str, cells: int) -> None:
    output.terminal_widths()
    assert output.text_cells(text) == cells
    assert cell_len(text) == cells  # rich, as its tables measure


def test_a_corpus_of_real_names_is_measured_as_drawn() -> None:
    output.terminal_widths()
    corpus = _corpus()
    assert len(corpus) > 500
    for name in corpus:
        name = unicodedata.normalize("NFC", name)
        if "\u200d" in name:  # rich measures a joined sequence whole; the table follows it
            assert output.text_cells(name) == cell_len(name)
            continue
        assert output.text_cells(name) == cell_len(name) == _drawn(name), name


def _starts(line: str, values: list[str]) -> list[int]:
    """The cell, as the terminal draws, at which each value of a row begins."""
    starts, at = [], 0
    for value in values:
        index = line.index(value, at)
        starts.append(_drawn(line[:index]))
        at = index + len(value)
    return starts


@pytest.mark.parametrize("rich_table", [True, False])
def test_columns_after_bangla_names_line_up(
    rich_table: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "plain_output", lambda: not rich_table)
    names = [n for n in _corpus() if "\u200d" not in n and len(n) < 40][:150]
    items = [{"code": f"N{i:04d}", "name": n, "after": "X"} for i, n in enumerate(names)]
    output.rows(items, Format.table)
    lines = [li for li in capsys.readouterr().out.splitlines() if "N0" in li]
    assert len(lines) == len(items)
    starts = {
        tuple(_starts(li, [it["code"], it["name"], "X"]))
        for li, it in zip(lines, items, strict=True)
    }
    assert len(starts) == 1, sorted(starts)[:5]
