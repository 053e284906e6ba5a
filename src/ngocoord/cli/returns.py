"""`ngocoord return`: returns that are not spreadsheets, and the kinds of return."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.common import UnlockOption, parse_day, session, state, today
from ngocoord.cli.output import Format, FormatOption, echo, rows

app = typer.Typer(
    help="Other returns (upazila minutes, letters) and the kinds of return.", no_args_is_help=True
)
Opt = typer.Option


@app.command("receive")
def receive(
    ctx: typer.Context,
    kind: Annotated[str, Opt("--kind", help="Return kind, e.g. upazila-minutes.")],
    month: Annotated[str, Opt("--month", help="Month it covers, e.g. 2021-01.")],
    file: Annotated[Path | None, typer.Argument(help="The file received (PDF, scan…).")] = None,
    upazila: Annotated[
        str | None, Opt("--from", help="Upazila that sent it (upazila returns).")
    ] = None,
    ngo: Annotated[str | None, Opt("--ngo", help="NGO code that sent it (NGO returns).")] = None,
    received_on: Annotated[
        str | None, Opt("--received-on", help="Date received (default today).")
    ] = None,
    unlock_reason: UnlockOption = None,
) -> None:
    """Record a return that came in; a copy of its file is kept beside the register."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import returns

    with session(ctx) as s:
        result = returns.receive_file(
            s,
            state(ctx).url,
            kind_name=kind,
            upazila=upazila,
            ngo_code=ngo,
            month=parse_month_arg(month),
            received_on=parse_day(received_on, "--received-on") or today(),
            file=file,
            unlock_reason=unlock_reason,
        )
        sub = result.submission
        stored = sub.stored_file if sub is not None else None
    if result.status == "unchanged":
        echo("Already recorded with the same file; nothing changed.")
        return
    replaced = f", replaced version {result.replaces}" if result.replaces is not None else ""
    echo(f"Recorded {kind} for {month} as version {result.version}{replaced}.")
    if stored:
        echo(f"Copy kept at {stored}")


@app.command("list")
def list_(
    ctx: typer.Context,
    kind: Annotated[str, Opt("--kind", help="Return kind.")],
    month: Annotated[str, Opt("--month", help="Month, e.g. 2021-01.")],
    fmt: FormatOption = Format.table,
) -> None:
    """List the returns of one kind in for a month."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import received

    with session(ctx) as s:
        rows(received.listing(s, kind, parse_month_arg(month)), fmt)


@app.command("kinds")
def kinds(
    ctx: typer.Context,
    fmt: FormatOption = Format.table,
) -> None:
    """List the kinds of return, who sends them, their due day and whether they are tracked."""
    from ngocoord.register import returns

    with session(ctx) as s:
        items = [
            {
                "name": k.name,
                "title": k.title_bn,
                "from": k.submitter,
                "due_day": k.due_day,
                "enabled": k.enabled if fmt is Format.json else "on" if k.enabled else "off",
            }
            for k in returns.kinds(s)
        ]
    rows(items, fmt)


@app.command("add-kind")
def add_kind(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Short name, e.g. training-report.")],
    title: Annotated[str, Opt("--title", help="Title in Bangla.")],
    submitter: Annotated[str, Opt("--from", help="ngo or upazila.")],
    due_day: Annotated[int, Opt("--due-day", help="Day of the next month it is due.")],
    unlock_reason: UnlockOption = None,
) -> None:
    """Add a kind of monthly return of the office's own."""
    from ngocoord.register import locks

    with session(ctx) as s:
        locks.add_kind(s, name, title, submitter, due_day, unlock_reason)
    echo(f"Added return kind {name}, due on day {due_day} of the next month.")


KindName = Annotated[str, typer.Argument(help="Return kind, e.g. upazila-minutes.")]


def _switch(ctx: typer.Context, name: str, enabled: bool, unlock_reason: str | None) -> None:
    from ngocoord.register import locks

    with session(ctx) as s:
        changed = locks.switch(s, name, enabled, unlock_reason)
    state_ = "on" if enabled else "off"
    if not changed:
        echo(f"The return kind {name} is already {state_}; nothing changed.")
    elif enabled:
        echo(f"The return kind {name} is on: `check`, `remind` and the summary include it again.")
    else:
        echo(
            f"The return kind {name} is off: `check` (and its exit status), `check history`, "
            "`remind` and the summary leave it out. Its returns already in are kept."
        )


@app.command("disable-kind")
def disable_kind(ctx: typer.Context, name: KindName, unlock_reason: UnlockOption = None) -> None:
    """Switch off a kind of return the office does not track: no longer checked or reminded."""
    _switch(ctx, name, False, unlock_reason)


@app.command("enable-kind")
def enable_kind(ctx: typer.Context, name: KindName, unlock_reason: UnlockOption = None) -> None:
    """Switch a kind of return back on: checked again from its next check."""
    _switch(ctx, name, True, unlock_reason)
