"""Asking before a change that would replace or remove what is recorded (`meeting` and its
sub-commands): the one way the question is put, and the option that answers it in scripts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ngocoord.cli.common import session
from ngocoord.cli.output import echo, warn

if TYPE_CHECKING:
    from sqlmodel import Session

ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--replace", help="Replace or remove what is recorded without asking (for scripts)."
    ),
]
T = TypeVar("T")


def replacing(
    ctx: typer.Context,
    replace: bool,
    run: Callable[[Session, bool], T],
    question: str = "Replace them?",
) -> T:
    """Run a change; if it would replace or remove what is recorded, name it and ask at a
    terminal (elsewhere, without --replace or --yes, exit 1 with nothing changed). The
    question and the change are one transaction: what is replaced is what was named."""
    from ngocoord.errors import WouldReplace

    with session(ctx) as s:
        try:
            return run(s, replace)
        except WouldReplace as exc:  # raised before the change wrote anything
            if replace or not sys.stdin.isatty():
                raise
            warn(exc.message)
            if not typer.confirm(question, default=False):
                echo("Nothing was changed.")
                raise typer.Exit(1) from None
        return run(s, True)
