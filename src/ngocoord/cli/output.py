"""Printing for people and for scripts: rich tables on a terminal, plain text when piped,
CSV and JSON with stable keys for other programs. Every text that reaches the terminal goes
through `terminal_safe` here: control characters are shown, never obeyed.

A large table (more than RICH_MAX_ROWS rows), piped output and NO_COLOR get a plain
fixed-width table written line by line: rich's Table measures and wraps every cell, which at
national scale (25,000 rows) takes many times longer than the work behind it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer

RICH_MAX_ROWS = 200  # a table longer than this is written plain, even on a terminal
_CHUNK = 1000  # lines written to stdout at once


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


# The --format option of every listing command.
FormatOption = Annotated[Format, typer.Option("--format", help="table, csv or json.")]


class DocFormat(StrEnum):
    text = "text"
    json = "json"


# The --format option of commands that show one record as a document: any other value (csv)
# is refused, not answered with text.
DocFormatOption = Annotated[DocFormat, typer.Option("--format", help="text or json.")]


def console(stderr: bool = False) -> Any:
    """A rich console; piped output (cron mail, files) is not squeezed into 80 columns."""
    import os

    from rich.console import Console

    terminal_widths()

    out = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 160
    return out


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[Any], None]]:
    """A progress bar on stderr, and the function that advances it by one.

    Refreshed by hand, not by rich's thread: a batch's reading workers are forked from this
    process, and a process should be single-threaded when it forks. Where stderr is no
    terminal for rich (a cron job, a pipe, a file), rich would draw nothing: it is not
    loaded at all then (importing rich.progress costs more than reading 70 reports).
    """
    import os
    import time

    tty = os.environ.get("TTY_COMPATIBLE", "")
    if tty != "1" and os.environ.get("FORCE_COLOR") is None and not sys.stderr.isatty():
        yield lambda _item: None
        return
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task(label, total=total)
        shown = [0.0]

        def advance(_item: Any) -> None:
            bar.advance(task)
            if time.monotonic() - shown[0] > 0.1:
                bar.refresh()
                shown[0] = time.monotonic()

        yield advance


# C0 and C1 controls other than tab and newline, as visible text: a name stored with an
# escape sequence (ESC [ 2 J clears the screen) must not be played on the clerk's terminal
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}


def terminal_safe(text: str) -> str:
    """Text as it may reach the terminal: every control character shown, never obeyed."""
    # printable text has no control character (tab and newline are not printable either):
    # the test is cheaper than translate, at 350,000 cells a national history
    return text if text.isprintable() else text.translate(_CONTROLS)


def plain_output() -> bool:
    """Whether stdout gets plain text: piped (cron mail, files, other programs) or NO_COLOR."""
    import os

    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def echo(text: str = "", *, style: str | None = None) -> None:
    text = terminal_safe(text)
    if plain_output():
        sys.stdout.write(text + "\n")
        return
    console().print(text, style=style, markup=False)


def plain(value: Any) -> Any:
    """A value as tables, CSV and JSON give it: whole amounts without `.0` (1500000, not
    1500000.0), ISO dates; lists and objects value by value. Text is kept as written."""
    kind = type(value)
    if kind is str or kind is int or value is None:  # most values, before the imports below
        return value
    import math
    from datetime import date, datetime
    from decimal import Decimal

    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float | Decimal):
        if math.isfinite(value) and value == int(value):
            return int(value)
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if type(value) is str:  # most cells: nothing to convert
        return terminal_safe(value)
    if value is None:
        return ""
    from ngocoord.documents.spreadsheet import plain_text

    return terminal_safe(plain_text(plain(value)))


def mobile(value: str | None) -> str:
    """A phone number as a table line gives it: 01XXXXXXXXX (a land line as written), Latin."""
    if not value:
        return ""
    from ngocoord.bangla import parse_mobile, to_latin_digits

    try:
        return parse_mobile(value)
    except ValueError:
        return to_latin_digits(value)


def json_out(data: Any) -> None:
    """Print one JSON value (an object with totals, or a list) with its values made `plain`:
    indented on a terminal, compact for another program (which lets json's C encoder run)."""
    indent = 2 if sys.stdout.isatty() else None
    text = json.dumps(plain(data), ensure_ascii=False, indent=indent, default=str)
    sys.stdout.write(text + "\n")


def rows(
    items: Sequence[dict[str, Any]],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Print a list of dicts as a table, CSV or JSON (a list of objects)."""
    keys = list(columns or (items[0].keys() if items else []))
    if fmt is Format.json:
        json_out(list(items))
        return
    if fmt is Format.csv:
        from ngocoord.documents.spreadsheet import csv_text

        data = [[plain(item.get(k)) for k in keys] for item in items]
        text = csv_text(keys, data)
        sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)
        return
    cells = [[_cell(item.get(k)) for k in keys] for item in items]
    if plain_output() or len(cells) > RICH_MAX_ROWS:
        fixed_width(keys, cells, title=title, rule=not plain_output())
        return
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for k in keys:
        table.add_column(k, overflow="fold")
    for row in cells:
        table.add_row(*row)
    console().print(table)


def fixed_width(
    keys: Sequence[str], cells: Sequence[Sequence[str]], *, title: str | None, rule: bool
) -> None:
    """The header and rows in columns two spaces apart, streamed to stdout, not wrapped.

    Widths are terminal cells as rich counts them (`rich.cells.cell_len`: a Bangla vowel sign
    or hasanta takes no cell of its own, a wide character two), so a large table lines up as
    a small one drawn by rich does; a cell with a line break is written on one line.
    """
    lines = [list(keys)] + [
        [" ".join(c.splitlines()) if "\n" in c else c for c in row] if "\n" in "".join(row) else row
        for row in cells
    ]
    widths = [0] * len(keys)
    measured: dict[str, int] = {}
    for row in lines:
        for i, text in enumerate(row):
            size = measured.get(text)
            if size is None:
                size = measured[text] = text_cells(text)
            if size > widths[i]:
                widths[i] = size

    def line(row: Sequence[str]) -> str:
        parts = [text + " " * (widths[i] - measured[text]) for i, text in enumerate(row)]
        return "  ".join(parts).rstrip() + "\n"

    out = sys.stdout
    if title:
        out.write(title + "\n")
    out.write(line(lines[0]))
    if rule:
        out.write("  ".join("─" * w for w in widths) + "\n")
    for start in range(1, len(lines), _CHUNK):
        out.write("".join(line(row) for row in lines[start : start + _CHUNK]))


class _CharCells(dict[str, int]):
    """Terminal cells of each character as rich counts them, each character measured once."""

    def __missing__(self, char: str) -> int:
        from rich.cells import cell_len

        terminal_widths()
        size = self[char] = cell_len(char)
        return size


_CHAR_CELLS = _CharCells()


def char_cells(char: str) -> int:
    """The cells a terminal gives one character, as wcwidth counts them (glibc, xterm, VTE,
    Windows Terminal, whose grapheme clusters add up their characters' widths): none for a
    control, a nonspacing or enclosing mark or a format character (the hasanta ্, the
    vowel signs ু ূ ৃ, the chandrabindu ঁ, the joiners); one for a spacing mark (the vowel
    signs া ি ী ে ৈ ো ৌ, the anusvara ং and visarga ঃ), unless it has a combining class (a
    virama that joins, not a sign that stands); two for a wide East Asian character."""
    import unicodedata

    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf") or (category == "Mc" and unicodedata.combining(char)):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


_INSTALLED: list[bool] = []


def terminal_widths() -> None:
    """Make rich measure text as the terminal draws it (`char_cells`), once per process.

    rich's own table gives a spacing mark no cell, so every Bangla vowel sign া ি ী ে ো …
    made a column of a rich table one cell narrower than the terminal draws it, and the
    columns after it drifted. The table rich reads is the same one with the spacing marks
    given the cell `char_cells` gives them; its caches are emptied so nothing measured before
    is kept."""
    if _INSTALLED:
        return
    import rich.cells as cells

    original = cells.load_cell_table
    made: dict[str, Any] = {}

    def load(unicode_version: str = "auto") -> Any:
        table = made.get(unicode_version)
        if table is None:
            table = made[unicode_version] = _with_spacing_marks(original(unicode_version))
        return table

    cells.load_cell_table = load  # type: ignore[assignment]
    cells.get_character_cell_size.cache_clear()
    cells.cached_cell_len.cache_clear()
    _INSTALLED.append(True)


def _with_spacing_marks(table: Any) -> Any:
    """rich's cell table with each range that holds a spacing mark cut around it, the mark
    then taking the cell `char_cells` gives it (one, outside any range)."""
    import unicodedata

    widths = []
    for start, end, width in table.widths:
        if width != 0:
            widths.append((start, end, width))
            continue
        begin = start
        for code in range(start, end + 1):
            char = chr(code)
            if unicodedata.category(char) == "Mc" and char_cells(char) == 1:
                if begin < code:
                    widths.append((begin, code - 1, 0))
                begin = code + 1
        if begin <= end:
            widths.append((begin, end, 0))
    return table._replace(widths=widths)


def text_cells(text: str) -> int:
    """Terminal cells of `text`, as `rich.cells.cell_len` counts them: the sum of its
    characters' unless a joiner or variation selector makes rich measure it whole. 23,000
    Bangla names are some 600,000 characters of perhaps a hundred kinds."""
    if text.isascii() and text.isprintable():
        return len(text)
    if "\u200d" in text or "\ufe0f" in text:
        from rich.cells import cell_len

        terminal_widths()
        return cell_len(text)
    return sum(map(_CHAR_CELLS.__getitem__, text))


def error(message: str) -> None:
    console(stderr=True).print(f"Error: {terminal_safe(message)}", style="bold red", markup=False)


def warn(message: str) -> None:
    console(stderr=True).print(terminal_safe(message), style="yellow", markup=False)


def ask(question: str, *, yes: bool, refused: str, hint: str) -> None:
    """Go on when --yes was given or the clerk answers yes at a terminal; without a terminal
    refuse with `refused` and `hint` (exit 1, nothing changed)."""
    from ngocoord.errors import Invalid

    if yes:
        return
    if not sys.stdin.isatty():
        raise Invalid(refused, hint)
    if not typer.confirm(question, default=False):
        echo("Nothing was changed.")
        raise typer.Exit(1)
