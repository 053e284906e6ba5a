"""`ngocoord log`: the runs that changed the register, and what each changed."""

from __future__ import annotations

from typing import Annotated

import typer

from ngocoord.cli.common import parse_day, session
from ngocoord.cli.output import Format, FormatOption, rows


def log(
    ctx: typer.Context,
    run: Annotated[
        int | None, typer.Argument(help="A run's number: what it changed, old → new.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.")] = 50,
    since: Annotated[
        str | None, typer.Option("--since", help="Runs from this day on (Bangladesh date).")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Runs by this OS user.")] = None,
    command: Annotated[
        str | None, typer.Option("--command", help='Runs whose command holds this ("ngo import").')
    ] = None,
    ngo: Annotated[str | None, typer.Option("--ngo", help="Runs that changed this NGO.")] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="Runs that changed a return of this month.")
    ] = None,
    changes: Annotated[
        bool, typer.Option("--changes", help="The changes row by row, each with its run.")
    ] = False,
    table: Annotated[
        str | None, typer.Option("--table", help="With --changes: only this table.")
    ] = None,
    key: Annotated[
        str | None, typer.Option("--key", help="With --changes: only this row (an NGO code).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The runs that changed the register (who, when, what); one run's changes, old → new.

    Times are Bangladesh time (Asia/Dhaka, +06:00)."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import trail

    with session(ctx) as s:
        if run is not None:
            items = trail.run_changes(s, run, bangla=fmt is Format.table)
        elif changes or table or key:
            items = trail.changes(s, limit=limit, table=table, key=key)
        else:
            items = trail.list_runs(
                s,
                since=parse_day(since, "--since"),
                user=user,
                command=command,
                ngo=ngo,
                month=parse_month_arg(month) if month else None,
                limit=limit,
            )
    if fmt is not Format.json and not (run is not None or changes or table or key):
        for item in items:  # "ngo 70, setting 3" in a table or CSV cell
            item["changes"] = ", ".join(f"{t} {n}" for t, n in item["changes"].items())
    rows(items, fmt)
