"""`ngocoord decisions` and `ngocoord decision`: following decisions up."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import typer

from ngocoord.cli.common import parse_day, session, today
from ngocoord.cli.output import Format, FormatOption, echo, rows

app = typer.Typer(help="One decision: done, drop, note, edit, show.", no_args_is_help=True)
Opt = typer.Option


def decisions(
    ctx: typer.Context,
    open_: Annotated[bool, Opt("--open", help="Only decisions not yet done or dropped.")] = False,
    overdue: Annotated[bool, Opt("--overdue", help="Open decisions past their due date.")] = False,
    implementer: Annotated[
        str | None, Opt("--implementer", help="NGO code, upazila or text of the implementer.")
    ] = None,
    meeting: Annotated[int | None, Opt("--meeting", help="Only this meeting.")] = None,
    as_of: Annotated[str | None, Opt("--as-of", help="Date for --overdue (default today).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List decisions to follow up; open ones carry forward until done or dropped."""
    from ngocoord.meetings import decisions as core

    with session(ctx) as s:
        found = core.listing(
            s,
            open_only=open_,
            overdue_on=(parse_day(as_of, "--as-of") or today()) if overdue else None,
            implementer=implementer,
            meeting_id=meeting,
        )
    columns = ["id", "held_on", "number", "text", "implementers", "due_on", "status"]
    rows(found, fmt, columns=columns if fmt is Format.table else None)


@app.command("done")
def done(
    ctx: typer.Context,
    decision_id: Annotated[int, typer.Argument(help="Decision ID.")],
    note: Annotated[str | None, Opt("--note", help="How it was carried out.")] = None,
    on: Annotated[str | None, Opt("--on", help="Date (default today).")] = None,
) -> None:
    """Mark a decision carried out."""
    from ngocoord.meetings import decisions as core

    with session(ctx) as s:
        core.close(s, decision_id, "done", note, parse_day(on, "--on") or today())
    echo(f"Decision {decision_id} is done.")


@app.command("drop")
def drop(
    ctx: typer.Context,
    decision_id: Annotated[int, typer.Argument(help="Decision ID.")],
    reason: Annotated[str, Opt("--reason", help="Why it is no longer followed.")],
    on: Annotated[str | None, Opt("--on", help="Date (default today).")] = None,
) -> None:
    """Stop following a decision up, with the reason."""
    from ngocoord.meetings import decisions as core

    with session(ctx) as s:
        core.close(s, decision_id, "dropped", reason, parse_day(on, "--on") or today())
    echo(f"Decision {decision_id} is dropped.")


@app.command("note")
def note(
    ctx: typer.Context,
    decision_id: Annotated[int, typer.Argument(help="Decision ID.")],
    text: Annotated[str, typer.Argument(help="The note.")],
) -> None:
    """Add a follow-up note to a decision."""
    from ngocoord.meetings import decisions as core

    with session(ctx) as s:
        core.add_note(s, decision_id, text, today())
    echo(f"Note added to decision {decision_id}.")


@app.command("show")
def show(
    ctx: typer.Context,
    decision_id: Annotated[int, typer.Argument(help="Decision ID.")],
) -> None:
    """Show a decision and its follow-up notes."""
    from ngocoord.meetings import decisions as core

    with session(ctx) as s:
        core.get(s, decision_id)
        (row,) = core.listing(s, decision_id=decision_id)
        history = core.notes(s, decision_id)
        ended = core.membership_ended(s, decision_id)
    echo(f"{row['number']} ({row['held_on']}, meeting {row['meeting']}): {row['text']}")
    echo(f"Implementers: {row['implementers'] or '–'}; due: {row['due_on'] or '–'}")
    closed = f" on {row['closed_on']}" if row["closed_on"] else ""
    echo(f"Status: {row['status']}{closed}")
    linked = row["linked"]
    if linked:
        many = f"{len(linked)} NGOs" if len(linked) > 10 else ", ".join(linked)
        echo(f"Linked: {many}")
    if ended:
        period = f"on the list {ended['from']} to {ended['to']}"
        echo(f"Ended the membership of {ended['ngo']} ({period}).")
    for n in history:
        echo(f"  {n['on']} {n['kind']}: {n['text']}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    decision_id: Annotated[int, typer.Argument(help="Decision ID.")],
    text: Annotated[str | None, Opt("--text", help="The decision as it should read.")] = None,
    due: Annotated[
        str | None, Opt("--due", help='Due date, e.g. 07.03.2021 ("" for none).')
    ] = None,
    implementer: Annotated[
        str | None,
        Opt(
            "--implementer",
            help='Who implements it: NGOs, offices, "সকল এনজিও" ("" for the item\'s).',
        ),
    ] = None,
) -> None:
    """Change a decision's text, due date or implementers (not of a finalised meeting)."""
    from ngocoord.errors import Invalid
    from ngocoord.meetings import items

    if text is None and due is None and implementer is None:
        raise Invalid("Give --text, --due or --implementer.")
    due_on: date | Literal[False] | None = False  # False: leave it as it is
    if due is not None:
        due_on = parse_day(due, "--due") if due.strip() else None
    with session(ctx) as s:
        changed = items.edit_decision(
            s, decision_id, text=text, due_on=due_on, implementers=implementer
        )
    echo(
        f"Decision {decision_id} is changed."
        if changed
        else f"Decision {decision_id}: nothing changed."
    )
