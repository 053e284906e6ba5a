"""`ngocoord render minutes`: the minutes of a meeting as Word, PDF, HTML or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.common import TemplatesOption, session
from ngocoord.cli.output import echo

Opt = typer.Option

MINUTES_FORMATS = ("docx", "pdf", "html", "md")
_SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}


def resolve_format(
    fmt: str | None, out: Path | None, allowed: tuple[str, ...], stem: str
) -> tuple[str, Path]:
    """The format (given, else from --out's suffix, else the first allowed) and the file."""
    from ngocoord.errors import Invalid

    if fmt is None:
        fmt = _SUFFIXES.get(out.suffix.lower()) if out is not None else None
        fmt = fmt or allowed[0]
    fmt = fmt.lower()
    if fmt not in allowed:
        raise Invalid(f"Unknown format {fmt!r}.", f"Use --format {' | '.join(allowed)}.")
    if out is None:
        out = Path(f"{stem}.{fmt}")
    if out.is_dir():
        out = out / f"{stem}.{fmt}"
    return fmt, out


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
    from ngocoord import meetings
    from ngocoord import minutes as core
    from ngocoord.render import Renderer

    with session(ctx) as s:
        meeting = meetings.get(s, meeting_id)
        chosen, path = resolve_format(fmt, out, MINUTES_FORMATS, f"minutes-{meeting.held_on:%Y-%m}")
        values = core.context(s, meeting_id)
        renderer = Renderer.for_register(s, templates)
    renderer.write("minutes", chosen, values, path)
    echo(str(path))
