"""`ngocoord log`: the audit trail."""

from __future__ import annotations

from typing import Annotated

import typer

from ngocoord.cli.common import session
from ngocoord.cli.output import Format, FormatOption, rows


def log(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many changes to show.")] = 50,
    table: Annotated[str | None, typer.Option("--table", help="Only this table.")] = None,
    key: Annotated[
        str | None, typer.Option("--key", help="Only this row (e.g. an NGO code).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show the latest changes to the register: when, who, command, what, old → new."""
    from ngocoord.masking import mask
    from ngocoord.store import audit

    with session(ctx) as s:
        items = [
            {
                "at": e.at.strftime("%Y-%m-%d %H:%M:%S"),
                "user": e.os_user,
                "command": mask(e.command),  # rows written before masking too
                "table": e.table_name,
                "key": e.row_key,
                "action": e.action,
                "old": e.old,
                "new": e.new,
            }
            for e in audit.recent(s, limit=limit, table=table, key=key)
        ]
    rows(items, fmt)
