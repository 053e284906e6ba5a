"""`ngocoord render summary`: the month's summary for the coordination meeting, as an A4
HTML page or PDF, Markdown, an Excel workbook (tables and a chart) or the NGO status table as
CSV."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.common import TemplatesOption, parse_day, session, today
from ngocoord.cli.output import echo

Opt = typer.Option


class SummaryFormat(StrEnum):
    html = "html"
    md = "md"
    pdf = "pdf"
    xlsx = "xlsx"
    csv = "csv"


def summary(
    ctx: typer.Context,
    month: Annotated[str, Opt("--month", help="Month reported on, e.g. 2021-01.")],
    out: Annotated[Path, Opt("--out", help="File to write.")],
    fmt: Annotated[
        SummaryFormat | None,
        Opt(
            "--format",
            help="html, md, pdf, xlsx or csv (the NGO status table); default: from the --out name.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        Opt("--as-of", help="Judge on time/late/missing as on this day (default today)."),
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Summary of a month: reporting status by NGO and upazila, beneficiaries and money by
    sector and upazila, the 12-month reporting rate, repeat defaulters."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.compliance import summary as core
    from ngocoord.compliance import summary_files
    from ngocoord.documents.render import Renderer, output_file

    wanted = parse_month_arg(month)
    day = parse_day(as_of, "--as-of") or today()
    chosen, out = output_file(
        fmt.value if fmt else None, out, summary_files.FORMATS, f"summary-{wanted}"
    )
    with session(ctx) as s:
        data = core.build(s, wanted, day)
        rendered = chosen in summary_files.RENDERED
        renderer = Renderer.for_register(s, templates) if rendered else None
    written = summary_files.write(data, chosen, out, renderer)
    echo(str(written))
