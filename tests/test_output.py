"""Tables written plain line up by terminal cells (Bangla too), and JSON for another program
is compact: what `cli/output.py` promises for piped output, NO_COLOR and large tables."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from ngocoord.cli import output
from ngocoord.cli.output import Format

NAMES = ["মহিলা বহুমুখী শিক্ষা কেন্দ্র", "Gramin Unnayan", "শিশু অধিকার ফোরাম (শিঅফো)", "ক্ষুদ্রঋণ", ""]


def _items(count: int) -> list[dict[str, object]]:
    return [
        {"code": f"N{i:05d}", "name": NAMES[i % len(NAMES)], "missed": i % 13, "end": "✓"}
        for i in range(count)
    ]


def _column_starts(line: str, values: list[str]) -> list[int]:
    """The terminal cell at which each value of the row begins."""
    starts, at = [], 0
    for value in values:
        index = line.index(value, at) if value else at
        starts.append(cell_len(line[:index]))
        at = index + len(value)
    return starts


@pytest.mark.parametrize("count", [3, output.RICH_MAX_ROWS + 1])
def test_plain_table_lines_up_by_cells(capsys: pytest.CaptureFixture[str], count: int) -> None:
    items = _items(count)
    output.rows(items, Format.table)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == count + 1  # the header, then one line per row: nothing wrapped
    header = _column_starts(lines[0], ["code", "name", "missed", "end"])
    for line, item in zip(lines[1:], items, strict=True):
        values = [str(item["code"]), str(item["name"]), str(item["missed"]), "✓"]
        starts = _column_starts(line, values)
        assert [starts[0], starts[2], starts[3]] == [header[0], header[2], header[3]], line
        assert line == line.rstrip()


def test_json_for_a_program_is_compact(capsys: pytest.CaptureFixture[str]) -> None:
    data = {"units": _items(4), "months": ["2021-01"]}
    output.json_out(data)
    text = capsys.readouterr().out
    assert text.count("\n") == 1 and json.loads(text) == data


_TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x0980, max_codepoint=0x09FF),  # Bengali
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(max_codepoint=0x1FAFF),  # anything, controls, joiners, CJK, emoji
        st.sampled_from(["\u200d", "\u200c", "\ufe0f", "\u0300", "\t", "\n", "\x1b", "\x9b"]),
    ),
    max_size=30,
)


@given(_TEXT)
def test_text_cells_counts_as_rich_does(text: str) -> None:
    assert output.text_cells(text) == cell_len(text)


@given(_TEXT)
def test_terminal_safe_shows_every_control(text: str) -> None:
    controls = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (9, 10)}
    assert output.terminal_safe(text) == text.translate(controls)


def test_a_line_break_in_a_large_table_stays_on_its_row(capsys: pytest.CaptureFixture[str]) -> None:
    items = _items(output.RICH_MAX_ROWS + 1)
    items[7]["name"] = "মহিলা বহুমুখী\nশিক্ষা কেন্দ্র"
    output.rows(items, Format.table)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(items) + 1
    assert "মহিলা বহুমুখী শিক্ষা কেন্দ্র" in lines[8] and lines[8].startswith("N00007")
