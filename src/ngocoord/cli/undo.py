"""`ngocoord undo RUN`: one run's changes put back, after saying what will be done."""

from __future__ import annotations

from typing import Annotated

import typer

from ngocoord.cli.common import UnlockOption, session
from ngocoord.cli.output import ask, echo


def undo(
    ctx: typer.Context,
    run: Annotated[int, typer.Argument(help="The run's number, as `ngocoord log` lists it.")],
    cascade: Annotated[
        bool,
        typer.Option("--cascade", help="Undo the later runs that changed the same rows too."),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do it without asking.")] = False,
    unlock_reason: UnlockOption = None,
) -> None:
    """Undo one run (a command that changed the register), after showing what it will do.

    Files kept beside the register stay (`ngocoord db prune` removes those no row names).
    The undo is a run of its own, so it can be undone in turn."""
    from ngocoord.register import undo as core

    with session(ctx) as s:
        conn = s.connection()
        plan = core.plan(conn, run)
        echo(f"Run {run}: {plan.command}")
        for step in plan.steps[:20]:
            echo(f"  {step.what}")
        if len(plan.steps) > 20:
            echo(f"  … and {len(plan.steps) - 20} more")
        if not cascade:
            core.alone(plan)  # refused before the question, not after it
        elif plan.later:
            echo("Later runs that changed the same rows, undone first, newest first:")
            for line in core.commands(conn, plan.later):
                echo(f"  {line}")
        ask(
            "Undo it?",
            yes=yes,
            refused=f"Not undoing run {run} without a terminal to ask at; nothing was changed.",
            hint=f"Run `ngocoord undo {run} --yes` to undo it from a script.",
        )
        done = core.apply(conn, run, cascade=cascade, unlock_reason=unlock_reason)
    echo(f"Undone: run {', '.join(map(str, done))}.")
