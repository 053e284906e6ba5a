"""`ngocoord lock`, `locks`, `unlock`: months locked after review."""

from __future__ import annotations

from typing import Annotated

import typer

from ngocoord.cli.common import session
from ngocoord.cli.output import Format, FormatOption, ask, echo, rows, warn

MonthArgument = Annotated[str, typer.Argument(help="Month, e.g. 2021-01.")]


def lock(
    ctx: typer.Context,
    month: MonthArgument,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is locked.")] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help="Lock it even if its returns are not yet due (else asked, or with --reason).",
        ),
    ] = False,
) -> None:
    """Lock a reviewed month: its returns cannot be imported, voided or changed without
    --unlock-reason."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import locks

    month = parse_month_arg(month)
    with session(ctx) as s:
        early = locks.not_yet_due(s.connection(), month)
        if early is not None:
            warn(early)
            ask(
                f"Lock {month} now?",
                yes=yes or reason is not None,
                refused=f"{month} is not locked: its returns are not yet due.",
                hint="Give --yes (or --reason TEXT) to lock it before it is due.",
            )
        taken = locks.lock(s, month, reason=reason, before_due=early is not None)
    echo(f"{taken.month} is locked for {taken.office}: {taken.describe()}.")
    echo("Its returns change only with --unlock-reason TEXT, or after `ngocoord unlock`.")


def locks_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the locked months: when, by whom, why, or which meeting locked them."""
    from ngocoord.register import locks

    with session(ctx) as s:
        items = [held.as_dict() for held in locks.listing(s)]
    if fmt is Format.table:
        for item in items:
            item["locked_at"] = item["locked_at"].replace("T", " ")
    rows(items, fmt, columns=["month", "office", "locked_at", "locked_by", "reason", "meeting"])


def unlock(
    ctx: typer.Context,
    month: MonthArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why the reviewed month must change.")],
) -> None:
    """Remove the lock of a month; the reason is recorded in the log."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import locks

    with session(ctx) as s:
        held = locks.unlock(s, parse_month_arg(month), reason)
    echo(f"{held.month} is unlocked for {held.office} (it was {held.describe()}).")
