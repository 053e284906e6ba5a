"""`ngocoord render attendance-sheet`: the sheet the NGOs and officers sign at the meeting."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.common import TemplatesOption, session
from ngocoord.cli.output import echo

Opt = typer.Option

SHEET_FORMATS = ("pdf", "html", "md", "docx", "xlsx")


def attendance_sheet(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID (`ngocoord meeting list`).")],
    fmt: Annotated[
        str | None,
        Opt(
            "--format",
            help="pdf, html, md, docx or xlsx, the workbook `meeting attendance` reads back "
            "(default: from --out, else pdf).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        Opt("--out", help="File to write (default: attendance-YYYY-MM-DD.<format> here)."),
    ] = None,
    blank: Annotated[
        int, Opt("--blank", help="Blank rows after the NGOs, for government officers.")
    ] = 10,
    templates: TemplatesOption = None,
) -> None:
    """Write the attendance sheet for a meeting: a row for each NGO on the list that day
    (ক্রমিক, সংস্থা, নাম, পদবি, মোবাইল, স্বাক্ষর), then blank rows for officers."""
    from ngocoord.documents.render import Renderer, output_file
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings.minutes import sheet_context, write_sheet_xlsx

    with session(ctx) as s:
        meeting = meetings.get(s, meeting_id)
        chosen, path = output_file(
            fmt, out, SHEET_FORMATS, f"attendance-{meeting.held_on:%Y-%m-%d}"
        )
        values = sheet_context(s, meeting_id, blank)
        renderer = Renderer.for_register(s, templates)
    if chosen == "xlsx":
        write_sheet_xlsx(values, path)
    else:
        renderer.write("attendance_sheet", chosen, values, path)
    echo(str(path))
