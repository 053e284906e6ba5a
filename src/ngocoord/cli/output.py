"""Printing for people and for scripts: rich tables on a terminal, plain text when piped,
CSV and JSON with stable keys for other programs. Every text that reaches the terminal goes
through `terminal_safe` here: control characters are shown, never obeyed."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


# The --format option of every listing command.
FormatOption = Annotated[Format, typer.Option("--format", help="table, csv or json.")]


def console(stderr: bool = False) -> Any:
    """A rich console; piped output (cron mail, files) is not squeezed into 80 columns."""
    import os

    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 160
    return out


# C0 and C1 controls other than tab and newline, as visible text: a name stored with an
# escape sequence (ESC [ 2 J clears the screen) must not be played on the clerk's terminal
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}


def terminal_safe(text: str) -> str:
    """Text as it may reach the terminal: every control character shown, never obeyed."""
    return text.translate(_CONTROLS)


def echo(text: str = "", *, style: str | None = None) -> None:
    console().print(terminal_safe(text), style=style, markup=False)


def plain(value: Any) -> Any:
    """A value as tables, CSV and JSON give it: whole amounts without `.0` (1500000, not
    1500000.0), ISO dates; lists and objects value by value. Text is kept as written."""
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
    """Print one JSON value (an object with totals, or a list) with its values made `plain`."""
    sys.stdout.write(json.dumps(plain(data), ensure_ascii=False, indent=2, default=str) + "\n")


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
    from rich import box
    from rich.table import Table

    out = console()
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD if out.is_terminal else None,
        show_edge=False,
        pad_edge=False,
    )
    for k in keys:
        table.add_column(k, overflow="fold")
    for item in items:
        table.add_row(*(_cell(item.get(k)) for k in keys))
    out.print(table)


def error(message: str) -> None:
    console(stderr=True).print(f"Error: {terminal_safe(message)}", style="bold red", markup=False)


def warn(message: str) -> None:
    console(stderr=True).print(terminal_safe(message), style="yellow", markup=False)
