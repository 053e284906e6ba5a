"""`ngocoord check`: who has sent the monthly returns, who is late, who has not (cron-ready).

Exit status: 0 nothing overdue, 3 something overdue, 1 error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ngocoord.cli.common import parse_day, reading, today
from ngocoord.cli.output import Format, FormatOption, echo, json_out, rows

if TYPE_CHECKING:
    from ngocoord.compliance.check import Check

app = typer.Typer(
    help="Who has sent the monthly returns, who is late, who has not.",
    invoke_without_command=True,
)
Opt = typer.Option
OVERDUE_EXIT = 3
SYMBOL = {
    "on time": "✓",
    "late": "L",
    "missing": "✗",
    "not yet due": "·",
    "not listed": "–",
    "before tracking": "○",
}


@app.callback()
def check(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        Opt("--month", help="Month reported on (default: the latest month already due)."),
    ] = None,
    as_of: Annotated[
        str | None, Opt("--as-of", help="Judge as on this date (default today, Bangladesh).")
    ] = None,
    kind: Annotated[
        str | None, Opt("--kind", help="One return kind (default: all), e.g. ngo-report.")
    ] = None,
    upazila: Annotated[str | None, Opt("--upazila", help="Only this upazila.")] = None,
    fmt: FormatOption = Format.table,
    quiet: Annotated[
        bool, Opt("--quiet", "-q", help="Print nothing when nothing is overdue (for cron).")
    ] = False,
) -> None:
    """Check each return kind for a month: on time, late, missing (overdue), not yet due."""
    if ctx.invoked_subcommand is not None:
        return
    from ngocoord.bangla import parse_month_arg
    from ngocoord.compliance import check as compliance
    from ngocoord.register import kinds

    day = parse_day(as_of, "--as-of") or today()
    wanted = parse_month_arg(month) if month else None
    with reading(ctx) as conn:
        checks = [
            compliance.check(conn, k, month=wanted, as_of=day, upazila=upazila)
            for k in kinds.tracked_rows(conn, kind)
        ]
    overdue = sum(c.overdue for c in checks)
    if quiet and not overdue:
        raise typer.Exit(0)
    if fmt is Format.json:
        payload = {"as_of": day.isoformat(), "checks": [c.as_dict() for c in checks]}
        json_out(payload)
    elif fmt is Format.csv:
        rows(
            [{"kind": c.kind, "month": c.month, **u.as_dict()} for c in checks for u in c.units],
            Format.csv,
        )
    else:
        for c in checks:
            _print_check(c)
    raise typer.Exit(OVERDUE_EXIT if overdue else 0)


def _print_check(c: Check) -> None:
    echo(f"{c.kind} for {c.month}: due {c.due_date}, as of {c.as_of}")
    if c.before_tracking:
        echo("  Before the tracking start (config tracking.start): nothing expected.")
        _print_review(c)
        echo("")
        return
    items = [
        {
            "unit": u.unit,
            "name": u.name,
            "status": u.status,
            "received": u.received_on,
            "days": u.days_late if u.days_late is not None else u.days_overdue,
            "head": u.head_name,
            "mobile": u.mobile,
        }
        for u in sorted(c.units, key=lambda u: (u.status != "missing", u.status, u.unit))
    ]
    rows(items, Format.table)
    t = c.totals()
    rate = f"{t['reporting_rate']:.0%}" if t["reporting_rate"] is not None else "–"
    echo(
        f"Expected {t['expected']}: {t['on_time']} on time, {t['late']} late, "
        f"{t['missing']} missing, {t['not_yet_due']} not yet due; reporting rate {rate}."
    )
    _print_review(c)
    echo(c.sentence() + "\n")


def _print_review(c: Check) -> None:
    """The month's lock and what changed after review, whether it is tracked or not."""
    if c.lock is not None:
        echo(f"Locked after review: {c.lock.describe()}.")
    for change in c.changed_after_review:
        at = change["at"][:16].replace("T", " ")
        echo(
            f"Figures changed after review (পর্যালোচনার পর তথ্য পরিবর্তিত): {change['unit']} "
            f"{change['change']}, {at} Asia/Dhaka by {change['by']}: {change['reason']}"
        )


@app.command("history")
def history(
    ctx: typer.Context,
    first: Annotated[
        str | None, Opt("--from", help="First month (default: 12 months back).")
    ] = None,
    last: Annotated[
        str | None, Opt("--to", help="Last month (default: the latest month already due).")
    ] = None,
    kind: Annotated[str, Opt("--kind", help="Return kind.")] = "ngo-report",
    as_of: Annotated[str | None, Opt("--as-of", help="Judge as on this date.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A month × NGO grid (✓ on time, L late, ✗ missing, – not on the list, ○ before the
    tracking start) and the repeat defaulters (missed 3 or more of the last 12 months)."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.compliance import check as compliance
    from ngocoord.register import kinds

    day = parse_day(as_of, "--as-of") or today()
    with reading(ctx) as conn:
        grid = compliance.history(
            conn,
            kinds.tracked_rows(conn, kind)[0],
            first=parse_month_arg(first) if first else None,
            last=parse_month_arg(last) if last else None,
            as_of=day,
        )
        start = compliance.tracking_start(conn)
    if fmt is Format.json:
        json_out(grid.as_dict())
        return
    if fmt is Format.csv:
        items = [
            {"unit": r["unit"], **r["cells"], "missed_last_12": r["missed_last_12"]}
            for r in grid.rows
        ]
        rows(items, fmt, columns=["unit", *grid.months, "missed_last_12"])
        return
    short = {m: f"{m[5:]}/{m[2:4]}" for m in grid.months}  # 2021-01 -> 01/21, to fit a terminal
    items = [
        {
            "unit": r["unit"],
            **{short[m]: SYMBOL[v] for m, v in r["cells"].items()},
            "missed": r["missed_last_12"],
        }
        for r in grid.rows
    ]
    rows(items, fmt, columns=["unit", *short.values(), "missed"])
    echo(legend(grid.months, start))
    defaulters = grid.repeat_defaulters
    echo(
        f"Repeat defaulters (missed {compliance.REPEAT_MISSES}+ of the last 12 months): "
        + (", ".join(f"{r['unit']} ({r['missed_last_12']})" for r in defaulters) or "none")
    )


def legend(months: list[str], start: str | None) -> str:
    """What the grid's symbols mean; a month before the tracking start is named as that, not
    as a month off the list: nothing was expected in it from anyone."""
    said = "✓ on time  L late  ✗ missing  · not yet due  – not on the list"
    if start is not None and months and months[0] < start:
        said += f"  ○ before the tracking start ({start}): not expected"
    return said
