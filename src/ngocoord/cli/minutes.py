"""`ngocoord render minutes`: the minutes of a meeting as Word, PDF, HTML or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.common import TemplatesOption, session
from ngocoord.cli.output import echo, warn

Opt = typer.Option

MINUTES_FORMATS = ("docx", "pdf", "html", "md")


def minutes(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID (`ngocoord meeting list`).")],
    fmt: Annotated[
        str | None,
        Opt("--format", help="docx, pdf, html or md (default: from --out, else docx)."),
    ] = None,
    out: Annotated[
        Path | None,
        Opt("--out", help="File to write (default: minutes-YYYY-MM.<format> here)."),
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Write the minutes of a meeting: heading, the four-column table of items, decisions and
    implementers, signature, memo and distribution, appendices of who came and who did not."""
    from ngocoord.documents.render import Renderer, output_file
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings import minutes as core

    with session(ctx) as s:
        meeting = meetings.get(s, meeting_id)
        chosen, path = output_file(fmt, out, MINUTES_FORMATS, f"minutes-{meeting.held_on:%Y-%m}")
        values = core.context(s, meeting_id)
        renderer = Renderer.for_register(s, templates)
        said = meetings.live(s, meeting)[2]
    for line in said:
        warn(line)
    renderer.write("minutes", chosen, values, path)
    echo(str(path))
