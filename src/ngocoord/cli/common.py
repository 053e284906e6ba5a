"""What every command needs: the register named by --db, and options read the clerk's way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ngocoord.errors import Invalid

# The --templates option of every command that renders a document.
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates", help="Folder of your own templates (default: config templates.dir)."
    ),
]

# The options `ngo import` and `report import` share.
ExplainOption = Annotated[
    bool,
    typer.Option("--explain", help="Print each column: its header as read, its field, and why."),
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help='Read a header as a field in this import: --map "HEADER=FIELD" (FIELD ignore: '
        "the column is left out).",
    ),
]
NoBijoyOption = Annotated[
    bool,
    typer.Option(
        "--no-bijoy",
        help="Read Latin text as it is: do not convert Bangla typed with Bijoy to Unicode.",
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Refuse a file with columns no field fits (else they are kept)."),
]

# The option of every command that changes returns: a month locked after review changes only
# with a reason, which is recorded and shown in `check` and the summary.
UnlockOption = Annotated[
    str | None,
    typer.Option(
        "--unlock-reason",
        help="Change a locked month's returns or figures all the same, for this reason (recorded).",
    ),
]


if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session


@dataclass
class State:
    """What the root command's options say: the register (--db) and --verbose."""

    db: str | None = None
    verbose: bool = False

    @property
    def url(self) -> str:
        from ngocoord.store.location import resolve

        return resolve(self.db)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    return root.obj


@contextmanager
def session(ctx: typer.Context) -> Iterator[Session]:
    """A session on the register, committed when the command succeeds."""
    from ngocoord.store.db import open_register

    register = open_register(state(ctx).url)
    try:
        with register.session() as s:
            yield s
    finally:
        register.close()


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Connection]:
    """A Core connection on the register, for a command that only reads and loads no models."""
    from ngocoord.store.db import open_register

    register = open_register(state(ctx).url)
    try:
        with register.reading() as conn:
            yield conn
    finally:
        register.close()


def parse_day(value: str | None, option: str) -> date | None:
    """A date option in any form the clerk writes (Bengali or Latin digits, day first)."""
    if value is None:
        return None
    from ngocoord.bangla import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise Invalid(
            f"Bad date for {option}: {value!r} ({exc}).",
            "Write the day first, like 10.02.2021 (or 2021-02-10).",
        ) from exc


def today() -> date:
    from ngocoord.periods import today as bd_today

    return bd_today()
