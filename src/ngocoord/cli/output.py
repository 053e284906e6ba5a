"""Printing for people and for scripts: rich tables on a terminal, plain text when piped,
CSV and JSON with stable keys for other programs."""

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


def echo(text: str = "", *, style: str | None = None) -> None:
    console().print(text, style=style, markup=False)


def _cell(value: Any) -> str:
    from ngocoord.documents.spreadsheet import plain_text

    return plain_text(value)


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
        sys.stdout.write(json.dumps(list(items), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt is Format.csv:
        from ngocoord.documents.spreadsheet import csv_text

        sys.stdout.write(csv_text(keys, [[item.get(k) for k in keys] for item in items]))
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
    console(stderr=True).print(f"Error: {message}", style="bold red", markup=False)


def warn(message: str) -> None:
    console(stderr=True).print(message, style="yellow", markup=False)
