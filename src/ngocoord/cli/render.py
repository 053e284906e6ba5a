"""`ngocoord render`: the documents the office prints, signs and sends."""

from __future__ import annotations

import typer

from ngocoord.cli import attendance_sheet, minutes, summary

app = typer.Typer(
    help="Printable documents: minutes, summary tables, the attendance sheet.",
    no_args_is_help=True,
)
app.command("minutes")(minutes.minutes)
app.command("summary")(summary.summary)
app.command("attendance-sheet")(attendance_sheet.attendance_sheet)
