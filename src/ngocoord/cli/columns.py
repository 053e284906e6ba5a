"""`ngocoord columns`: the headers an office taught the tool, and how an import read a file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from ngocoord.cli.common import session
from ngocoord.cli.output import Format, FormatOption, echo, rows, warn

if TYPE_CHECKING:
    from ngocoord.bijoy import Converted
    from ngocoord.intake.headers import Column

app = typer.Typer(
    help="Column headers: map one to a field for every later file, list, unmap, the fields.",
    no_args_is_help=True,
)
Opt = typer.Option
ForOption = Annotated[str, Opt("--for", help="roster or report (default roster).")]


@app.command("map")
def map_(
    ctx: typer.Context,
    header: Annotated[str, typer.Argument(help="The header as written in the file.")],
    field: Annotated[
        str, typer.Argument(help="The field (`ngocoord columns fields`), or ignore: left out.")
    ],
    form: ForOption = "roster",
) -> None:
    """Read HEADER as FIELD in every later file (kept in the register, audited)."""
    from ngocoord.intake import column_maps

    with session(ctx) as s:
        before, now = column_maps.add(s, header, field, form)
    was = f" (was {before})" if before and before != now else ""
    ignored = now == column_maps.IGNORE
    read_as = "left out, its values not kept," if ignored else f"read as {now}"
    echo(f'"{header}" is {read_as} in every {form} from now on{was}.')
    reading = column_maps.bijoy_reading(header)
    if reading:
        echo(f'It is typed in Bijoy (বিজয়): "{reading}" is {read_as.rstrip(",")} too.')
    if ignored:
        had = "NGOs" if form == "roster" else "Reports"
        echo(f"{had} already in keep the values they have under it; only later files leave it out.")
    elif form == "report":
        echo("Reports already in: `ngocoord report remap --month MONTH` moves their kept values.")


@app.command("unmap")
def unmap(
    ctx: typer.Context,
    header: Annotated[str, typer.Argument(help="The header as mapped.")],
    form: Annotated[
        str | None, Opt("--for", help="Only the map for roster or report (default: both).")
    ] = None,
) -> None:
    """Forget a header's map: it is read by its words again."""
    from ngocoord.intake import column_maps

    with session(ctx) as s:
        removed = column_maps.remove(s, header, form)
    for r in removed:
        if r["field"] == column_maps.IGNORE:
            echo(f'"{r["header"]}" is no longer left out ({r["for"]}): it is read again.')
        else:
            echo(f'"{r["header"]}" is no longer read as {r["field"]} ({r["for"]}).')


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The headers the office has mapped."""
    from ngocoord.intake import column_maps

    with session(ctx) as s:
        rows(column_maps.listing(s), fmt, columns=["for", "header", "field"])


@app.command("fields")
def fields(form: ForOption = "roster", fmt: FormatOption = Format.table) -> None:
    """The fields a header can be mapped to, with their Bangla and English names."""
    from ngocoord.intake import column_maps

    rows(column_maps.field_list(form), fmt, columns=["field", "bangla", "english"])


def explain(file: str, read: Iterable[Column], bijoy: Iterable[Converted] = ()) -> None:
    """How a file's columns were read (`--explain`, and part of every `--dry-run`), and the
    Bijoy text converted in them, beside the original."""
    items = [
        {"column": c.letter, "header": c.header, "field": c.outcome, "why": c.why} for c in read
    ]
    echo(f"{file}:")
    rows(items, Format.table, columns=["column", "header", "field", "why"])
    converted = [
        {"column": c.column, "typed (Bijoy)": original, "read as": text}
        for c in bijoy
        for original, text in c.samples
    ]
    if converted:
        echo("Typed in Bijoy (বিজয়), read as Unicode Bangla (a few cells of each column):")
        rows(converted, Format.table, columns=["column", "typed (Bijoy)", "read as"])


def bijoy(file: str, converted: Iterable[Converted], encoding: str | None = None) -> None:
    """Name the encoding a CSV file was read in and the columns whose Bijoy text was
    converted, so that no guess is silent."""
    if encoding is not None:
        echo(f"{file}: CSV read as {encoding} text.")
    found = [
        f'{c.column} "{c.header}" ({c.cells:,} cell{"" if c.cells == 1 else "s"})'
        for c in converted
    ]
    if found:
        echo(
            f"{file}: typed in Bijoy (বিজয়), read as Unicode Bangla: column "
            + ", ".join(found)
            + ". (--no-bijoy reads the Latin text as it is.)"
        )


def other_periods(read: Iterable[Column]) -> None:
    """The columns kept because their header names another period ("গত মাসের ব্যয়" is not
    this month's spending), once per batch: said, never read as this period's figure."""
    from ngocoord.intake.columns import OTHER_PERIOD

    said = dict.fromkeys(f'"{c.header}" {c.why}' for c in read if OTHER_PERIOD in c.why)
    for line in said:
        warn(f"Column {line}.")


def kept(headers: Iterable[str], form: str) -> None:
    """The columns no field fitted, once per batch, with the command that would map each."""
    from ngocoord.intake.columns import map_command

    found = list(dict.fromkeys(headers))
    if not found:
        return
    warn(
        f"Columns no field fits, kept with their rows ({len(found)}): "
        + ", ".join(f'"{h}"' for h in found)
    )
    for h in found:
        warn(
            f"  to read it as a field from now on: {map_command(h, form)} (FIELD ignore: left out)"
        )


def left_out(read: Iterable[Column]) -> None:
    """The columns a map left out (`ignore`), once per batch: named, their values not kept."""
    from ngocoord.intake.columns import LEFT_OUT

    found: dict[str, dict[str, None]] = {}
    for c in read:
        if c.outcome == LEFT_OUT:
            found.setdefault(c.why, {})[c.header or c.letter] = None
    for why, headers in found.items():
        named = ", ".join(f'"{h}"' for h in headers)
        echo(f"Columns {why}, their values not kept ({len(headers)}): {named}")
