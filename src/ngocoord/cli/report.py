"""`ngocoord report`: the NGOs' monthly report workbooks (the ছক)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ngocoord.cli.common import (
    ExplainOption,
    MapOption,
    NoBijoyOption,
    StrictOption,
    UnlockOption,
    parse_day,
    session,
    state,
    today,
)
from ngocoord.cli.output import Format, FormatOption, echo, mobile, progress, rows, warn

if TYPE_CHECKING:
    from ngocoord.intake.report_batch import Batch, Outcome

app = typer.Typer(
    help="NGO monthly reports: blank templates, batch import, list, show, history, void.",
    no_args_is_help=True,
)
Opt = typer.Option
KIND = "ngo-report"


@app.command("template")
def template(
    ctx: typer.Context,
    month: Annotated[str, Opt("--month", help="Month reported on, e.g. 2021-01.")],
    out: Annotated[Path, Opt("--out", help="Folder to write the workbooks to.")],
    ngo: Annotated[
        list[str] | None, Opt("--ngo", help="Only these NGO codes (repeat the option).")
    ] = None,
) -> None:
    """Write a pre-filled blank report workbook for each NGO on the list that month."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.intake.report_template import write_templates

    with session(ctx) as s:
        written = write_templates(s, parse_month_arg(month), out, ngo or None)
    echo(f"Wrote {len(written)} report workbook(s) to {out}")


def _received(value: str, receipts: Path | None) -> Callable[[Path], date]:
    """--received-on and --receipts as the core's rule for each file's received date."""
    from ngocoord.intake.receipts import received_rule

    if receipts is not None or value == "mtime":
        return received_rule(mtime=value == "mtime", sheet=receipts)
    day = parse_day(value, "--received-on") if value != "today" else today()
    return received_rule(on=day)


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Report files and folders (recursive).")],
    received_on: Annotated[
        str,
        Opt(
            "--received-on",
            help="Date the reports came in: a date, 'today' (Bangladesh date) or 'mtime'.",
        ),
    ] = "today",
    receipts: Annotated[
        Path | None, Opt("--receipts", help="Sheet of (file name, date received).")
    ] = None,
    dry_run: Annotated[bool, Opt("--dry-run", help="Check and show; write nothing.")] = False,
    jobs: Annotated[
        int | None,
        Opt(
            "--jobs",
            min=1,
            help="Processes reading the files (default: one per CPU for 100 files or more, "
            "on Linux).",
        ),
    ] = None,
    rejects: Annotated[
        Path | None,
        Opt(
            "--rejects",
            help="Workbook listing every problem of the rejected files "
            "(default rejected-YYYY-MM-DD.xlsx here; with --dry-run only when given; "
            "a file there is kept, this one written as NAME-2.xlsx).",
        ),
    ] = None,
    explain: ExplainOption = False,
    maps: MapOption = None,
    strict: StrictOption = False,
    no_bijoy: NoBijoyOption = False,
    unlock_reason: UnlockOption = None,
) -> None:
    """Import a batch of report workbooks; each file is all in or all out."""
    from ngocoord.intake.report_batch import import_reports
    from ngocoord.intake.report_file import gather
    from ngocoord.store.db import open_register

    files, others = gather(paths)
    if others:
        listed = ", ".join(str(p) for p in others[:10]) + (", …" if len(others) > 10 else "")
        warn(
            f"Not read, not a spreadsheet (.xlsx, .xls, .ods, .csv): {len(others)} file(s): "
            f"{listed}. Ask the NGO for the ছক as a spreadsheet, or `ngocoord return receive` "
            "a file that is another return."
        )
    if not files:
        from ngocoord.errors import Invalid

        raise Invalid(
            "No report files (.xlsx, .xls, .ods, .csv) found in " + ", ".join(map(str, paths))
        )
    received = _received(received_on, receipts)
    register = open_register(state(ctx).url)
    try:
        with progress("Importing reports", len(files)) as advance:
            if rejects is None and not dry_run:
                rejects = Path(f"rejected-{today().isoformat()}.xlsx")
            batch = import_reports(
                register,
                files,
                received,
                dry_run=dry_run,
                progress=advance,
                jobs=jobs,
                rejects=rejects,
                maps=maps,
                strict=strict,
                bijoy=not no_bijoy,
                unlock_reason=unlock_reason,
            )
    finally:
        register.close()
    _summary(batch, explain or dry_run, rejects)
    if batch.rejected:
        from ngocoord.store import runs

        runs.set_outcome(f"{len(batch.rejected)} files rejected")
        raise typer.Exit(1)


def _status(o: Outcome, dry_run: bool) -> str:
    """What happened to the file, as the clerk reads it: a resubmission was imported as a new
    version and replaced the one before (it is not itself superseded)."""
    if o.status != "imported":
        return o.status
    done = "would be imported" if dry_run else "imported"
    if o.replaces is None:
        return done
    replaced = "replacing" if dry_run else "replaced"
    return f"{done} as version {o.version}, {replaced} version {o.replaces}"


def _summary(batch: Batch, explain: bool, asked: Path | None) -> None:
    """The batch file by file, then in sum; the rejects workbook by the name written (`asked`,
    or a new name beside it when a file was there). Each warning of a file taken as read is
    said with its cell, the first SHOWN_PROBLEMS of them."""
    from ngocoord.cli import columns
    from ngocoord.intake.report_batch import SAME

    if explain:
        for o in batch.outcomes:
            if o.columns:
                columns.explain(str(o.file), o.columns, o.bijoy)
    items = [
        {
            "file": str(o.file),
            "status": _status(o, batch.dry_run),
            "ngo": o.code,
            "month": o.month,
            "received_on": o.received_on,
            "version": o.version,
            "reason": o.reason,
        }
        for o in batch.outcomes
    ]
    rows(items, Format.table, columns=["file", "status", "ngo", "month", "received_on", "reason"])
    for o in batch.outcomes:
        columns.bijoy(str(o.file), o.bijoy, o.encoding)
        if o.renamed and o.status != "rejected":
            warn(f"{o.file}: {o.renamed}, changed by `ngo edit --code`; taken as {o.code}.")
    from ngocoord.errors import SHOWN_PROBLEMS

    warnings = [said for o in batch.warned for said in o.warnings]
    for said in warnings[:SHOWN_PROBLEMS]:
        warn(f"Warning, taken as read: {said}")
    if len(warnings) > SHOWN_PROBLEMS:
        where = "the workbook below" if batch.rejects_file else "--rejects FILE.xlsx"
        warn(f"… and {len(warnings) - SHOWN_PROBLEMS:,} more warning(s): {where} lists every one.")
    verb = "would be " if batch.dry_run else ""
    replacing = sum(1 for o in batch.outcomes if o.replaces is not None)
    newer = f" ({replacing} as a new version replacing an earlier one)" if replacing else ""
    warned = f" ({len(batch.warned)} with a warning to check)" if batch.warned else ""
    copies = batch.count(SAME)
    same = f", {copies} the same file as another (read once)" if copies else ""
    echo(
        f"{len(batch.outcomes)} file(s): {batch.count('imported')} {verb}imported{newer}, "
        f"{batch.count('unchanged')} unchanged{warned}{same}, {batch.count('rejected')} rejected."
    )
    columns.other_periods(c for o in batch.outcomes if o.status != "rejected" for c in o.columns)
    columns.kept((h for o in batch.outcomes if o.status != "rejected" for h in o.kept), "report")
    columns.left_out(c for o in batch.outcomes if o.status != "rejected" for c in o.columns)
    if batch.rejected:
        warn("Rejected files were not imported; correct them and import them again.")
    if batch.rejects_file is not None:
        kept = f" ({asked} was already there and is kept)" if batch.rejects_file != asked else ""
        what = "problem of the rejected files" if batch.rejected else "warning"
        what += " and every warning" if batch.rejected and batch.warned else ""
        warn(f"Every {what} is listed in {batch.rejects_file}{kept}.")


@app.command("list")
def list_(
    ctx: typer.Context,
    month: Annotated[str, Opt("--month", help="Month reported on, e.g. 2021-01.")],
    fmt: FormatOption = Format.table,
) -> None:
    """List the reports in for a month (current versions), with how many warnings each was
    taken with."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import received

    with session(ctx) as s:
        items = received.listing(s, KIND, parse_month_arg(month))
    if fmt is not Format.json:  # the count here; `report show` says each one
        for item in items:
            item["warnings"] = len(item["warnings"]) or ""
    rows(items, fmt)


@app.command("show")
def show(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code.")],
    month: Annotated[str, typer.Argument(help="Month, e.g. 2021-01.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show the current version of an NGO's report for a month, row by row."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import report_sanity, returns
    from ngocoord.register.received import lines_of

    with session(ctx) as s:
        sub = returns.current(s, KIND, code, parse_month_arg(month))
        assert sub.id is not None
        lines = lines_of(s, sub.id)
        found = report_sanity.stored(s, [sub])[sub.id]
    if fmt is Format.table:  # JSON and CSV stay rows; `report list --format json` has them
        for f in found:
            warn(f"Warning, taken as read: {f.said()}")
        echo(
            f"{code.upper()} {sub.month}, version {sub.version}, received {sub.received_on}, "
            f"from {sub.source_file}"
        )
        if sub.prepared_by:
            echo(f"Prepared by {sub.prepared_by}, {sub.designation or ''} {mobile(sub.mobile)}")
        for line in lines:  # kept columns as one column of the table: header: text
            line["extra"] = "; ".join(f"{h}: {v}" for h, v in line["extra"].items())
    rows(lines, fmt)


@app.command("remap")
def remap(
    ctx: typer.Context,
    month: Annotated[str, Opt("--month", help="Month reported on, e.g. 2021-01.")],
    unlock_reason: UnlockOption = None,
) -> None:
    """Move kept values into the fields their headers are now mapped to (`columns map`), in
    the current version of each report of the month: same version, same received date."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.intake import column_maps
    from ngocoord.intake.remap import remap as move
    from ngocoord.intake.report_batch import upazila_reader

    with session(ctx) as s:
        done = move(
            s.connection(),
            parse_month_arg(month),
            column_maps.load(s, "report"),
            upazila_reader(s),
            unlock_reason=unlock_reason,
        )
    for label, count in done.moved.items():
        echo(f"{label}: {count} value(s) moved into their fields")
    for why in done.left:
        warn(why)
    echo(f"{len(done.moved)} report(s) changed in place.")


@app.command("history")
def history(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code.")],
    month: Annotated[str, typer.Argument(help="Month, e.g. 2021-01.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Every version received of an NGO's report for a month."""
    from ngocoord import periods
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import returns

    # the table names the office's clock; JSON and CSV give ISO 8601 with its offset
    shown = periods.clock if fmt is Format.table else periods.stamp
    with session(ctx) as s:
        versions = returns.history(s, KIND, code, parse_month_arg(month))
        items = [
            {
                "version": v.version,
                "current": v.is_current,
                "received_on": v.received_on.isoformat(),
                "file": v.source_file,
                "imported_at": shown(v.imported_at),
                "imported_by": v.imported_by,
                "voided": v.void_reason or "",
            }
            for v in versions
        ]
    rows(items, fmt)


@app.command("void")
def void(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code.")],
    month: Annotated[str, typer.Argument(help="Month, e.g. 2021-01.")],
    reason: Annotated[str, Opt("--reason", help="Why it does not count (kept in history).")],
    unlock_reason: UnlockOption = None,
) -> None:
    """Void a report filed under the wrong NGO or month; it stays in history."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.register import returns

    with session(ctx) as s:
        target = returns.void(s, KIND, code, parse_month_arg(month), reason, unlock_reason)
    echo(f"Voided version {target.version} of {code.upper()} {target.month}.")
