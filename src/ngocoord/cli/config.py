"""`ngocoord config`: the office's settings kept in the register."""

from __future__ import annotations

from typing import Annotated

import typer

from ngocoord.cli.common import UnlockOption, session
from ngocoord.cli.output import Format, FormatOption, echo, rows

app = typer.Typer(
    help="The office's settings (name, chair, memo prefix, due days, SMTP).", no_args_is_help=True
)


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: FormatOption = Format.table,
) -> None:
    """Show every setting with its value (or default) and what it is for."""
    from ngocoord.register import config

    with session(ctx) as s:
        rows(config.listing(s), fmt)


@app.command("get")
def get(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Setting name.")]) -> None:
    """Print one setting's value (empty when unset)."""
    from ngocoord.register import config

    with session(ctx) as s:
        echo(config.get(s, key) or "")


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Setting name, e.g. chair.name.")],
    value: Annotated[str, typer.Argument(help="New value.")],
    unlock_reason: UnlockOption = None,
) -> None:
    """Change one setting; the value is checked first."""
    from ngocoord.register import config

    with session(ctx) as s:
        stored = config.put(s, key, value, unlock_reason)
    echo(f"{key} = {stored}")
