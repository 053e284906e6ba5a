"""`ngocoord remind`: Bangla reminder letters to the NGOs whose monthly return is overdue,
optionally e-mailed to them.

Exit status: 0 done (also when nothing was overdue), 1 error or an e-mail that failed.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.common import TemplatesOption, parse_day, session, today
from ngocoord.cli.output import Format, echo, rows, warn

Opt = typer.Option


class DocFormat(StrEnum):
    docx = "docx"
    html = "html"
    md = "md"


def remind(
    ctx: typer.Context,
    out: Annotated[
        Path, Opt("--out", help="Folder to write the letters and the covering list into.")
    ],
    month: Annotated[
        str | None,
        Opt("--month", help="Month reported on (default: the latest month already due)."),
    ] = None,
    kind: Annotated[str, Opt("--kind", help="Return kind the NGOs owe.")] = "ngo-report",
    as_of: Annotated[
        str | None,
        Opt("--as-of", help="Judge and date the letters as on this day (default today)."),
    ] = None,
    fmt: Annotated[DocFormat, Opt("--format", help="docx, html or md.")] = DocFormat.docx,
    send: Annotated[
        bool,
        Opt(
            "--send",
            help="E-mail each letter to the NGO (SMTP settings; password from "
            "NGOCOORD_SMTP_PASSWORD or the OS keyring).",
        ),
    ] = False,
    again: Annotated[
        bool, Opt("--again", help="With --send: mail NGOs already reminded for this month too.")
    ] = False,
    templates: TemplatesOption = None,
) -> None:
    """Write a reminder letter to each NGO whose return is overdue, and a covering list."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.compliance import reminders

    day = parse_day(as_of, "--as-of") or today()
    wanted = parse_month_arg(month) if month else None
    with session(ctx) as s:
        result = reminders.remind(
            s,
            out=out,
            as_of=day,
            kind_name=kind,
            month=wanted,
            fmt=fmt.value,
            send=send,
            again=again,
            templates=templates,
        )
    heading = f"{result.kind} for {result.month}: due {result.due_date}, as of {result.as_of}"
    if result.before_tracking:
        echo(f"{heading}: before the tracking start (config tracking.start); nothing expected.")
        return
    if not result.letters:
        echo(f"{heading}: nothing overdue, no letters written.")
        return
    echo(f"{heading}: {len(result.letters)} overdue. Written:")
    for letter in result.letters:
        note = f" (reminded by e-mail on {letter.reminded_on})" if letter.reminded_on else ""
        echo(f"  {letter.path}{note}")
    if result.list_file is not None:
        echo(f"  {result.list_file} (covering list)")
    if not result.send:
        return
    rows(
        [{"ngo": d.code, "e-mail": d.email or "", "result": d.result} for d in result.deliveries],
        Format.table,
    )
    sent, failed = result.count(reminders.SENT), result.count(reminders.FAILED)
    echo(
        f"Sent {sent}; already reminded {result.count(reminders.ALREADY)}; "
        f"no e-mail {result.count(reminders.NO_EMAIL)}; failed {failed}."
    )
    if failed:
        warn(f"{failed} reminder(s) could not be sent and were not recorded; run again to retry.")
        raise typer.Exit(1)
