"""`ngocoord meeting`: record the monthly coordination meeting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ngocoord.cli.asking import ReplaceOption, replacing
from ngocoord.cli.common import (
    TemplatesOption,
    UnlockOption,
    parse_day,
    session,
    state,
    today,
)
from ngocoord.cli.output import (
    DocFormat,
    DocFormatOption,
    Format,
    FormatOption,
    echo,
    rows,
    terminal_safe,
    warn,
)

if TYPE_CHECKING:
    from sqlmodel import Session

app = typer.Typer(
    help="Meetings: create, edit as a document, items, attendance, confirm, finalise, send, "
    "delete, rota, relink.",
    no_args_is_help=True,
)
Opt = typer.Option


@app.command("new")
def new(
    ctx: typer.Context,
    date: Annotated[str, Opt("--date", help="Meeting date, e.g. 10.02.2021.")],
    time: Annotated[
        str | None, Opt("--time", help="Time, e.g. 16:00 (default: last meeting's).")
    ] = None,
    venue: Annotated[str | None, Opt("--venue", help="Venue (default: last meeting's).")] = None,
    chair: Annotated[
        str | None, Opt("--chair", help="Chair (default: setting chair.name).")
    ] = None,
    chair_designation: Annotated[
        str | None, Opt("--chair-designation", help="Chair's designation.")
    ] = None,
    reviews: Annotated[
        str | None, Opt("--reviews", help="Month reviewed (default: the month before).")
    ] = None,
    level: Annotated[str, Opt("--level", help="district or upazila.")] = "district",
    upazila: Annotated[str | None, Opt("--upazila", help="Upazila of an upazila meeting.")] = None,
    memo_no: Annotated[str | None, Opt("--memo-no", help="Memo number of the minutes.")] = None,
) -> None:
    """Record a meeting with the standard items written (who reported, open decisions, rota)."""
    from ngocoord.bangla import parse_month_arg
    from ngocoord.meetings import decisions, standard
    from ngocoord.meetings import meeting as meetings

    day = parse_day(date, "--date")
    assert day is not None
    closed: list[int] = []
    with session(ctx) as s:
        meeting = meetings.create(
            s,
            held_on=day,
            time=time,
            venue=venue,
            chair_name=chair,
            chair_designation=chair_designation,
            month_reviewed=parse_month_arg(reviews) if reviews else None,
            level=level,
            upazila=upazila,
            memo_no=memo_no,
            closed=closed,
        )
        number = meeting.id
        done = [d for i in closed for d in decisions.listing(s, decision_id=i)]
        picked = standard.rota_said(s, meeting)
    echo(f"Meeting {number} recorded for {day}. Standard items are written; edit the rest with:")
    echo(f"  ngocoord meeting edit {number}")
    if picked:
        echo(picked)
    for d in done:
        echo(
            f"Decision {d['number']} of the meeting on {d['held_on']} (id {d['id']}) is done: "
            "this meeting restates it or carries it out."
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: FormatOption = Format.table,
) -> None:
    """List the meetings."""
    from ngocoord.meetings import meeting as meetings

    with session(ctx) as s:
        rows(meetings.listing(s), fmt)


@app.command("show")
def show(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    fmt: DocFormatOption = DocFormat.text,
) -> None:
    """Show a meeting: header, items and decisions, attendance, open decisions carried."""
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings.attendance import said as attendance_said
    from ngocoord.meetings.document import quote, render
    from ngocoord.meetings.overview import overview

    with session(ctx) as s:
        shown = overview(s, meetings.get(s, meeting_id))
    if fmt == "json":
        typer.echo(json.dumps(shown.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    echo(render(shown.values, shown.doc))
    for said in shown.warnings:
        warn(said)
    if shown.decisions:  # their texts are in the document above: the table says where each is
        brief = [{**d, "text": quote(d["text"])} for d in shown.decisions]
        columns = ["id", "number", "status", "due_on", "closed_on", "implementers", "text"]
        rows(brief, Format.table, columns=columns, title="Decisions of this meeting")
    echo(f"Attendance: {attendance_said(shown.attendance())}.")
    if shown.finalised:
        at = shown.finalised["at"]
        echo(f"Finalised on {at[:16].replace('T', ' ')} Asia/Dhaka by {shown.finalised['by']}.")
    else:
        echo(f"Not finalised: `ngocoord meeting finalise {meeting_id}` signs the minutes.")
    if shown.carried:
        echo(
            f"Open decisions of earlier meetings: {len(shown.carried)} "
            "(`ngocoord decisions --open`)."
        )
    for sent in shown.sent:
        what = f"decisions {sent['decisions']}" if sent["decisions"] else sent["what"]
        old = "" if sent["current"] else f" (the version finalised {sent['version']})"
        at = f"{sent['at'][:16].replace('T', ' ')} Asia/Dhaka"
        if sent["state"] == "sending":
            echo(
                f"Sending since {at}, not known to have gone: {what} to {sent['to']}{old} (a "
                "`meeting send` cut off or at work now; `meeting send --again` sends it again)"
            )
        else:
            echo(f"Sent {at}: {what} to {sent['to']}{old}")


def _editor_text(text: str, meeting_id: int) -> tuple[str, Path]:
    """Open the text in $VISUAL/$EDITOR (Notepad on Windows) and return what was saved."""
    import os
    import shlex
    import subprocess
    import sys
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        editor = "notepad" if sys.platform == "win32" else "nano"
    from ngocoord import files

    folder = Path(tempfile.mkdtemp(prefix="ngocoord-"))
    path = files.write_text(folder / f"meeting-{meeting_id}.txt", text, private=True)
    try:
        subprocess.run([*shlex.split(editor, posix=sys.platform != "win32"), str(path)], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        from ngocoord.errors import Invalid

        raise Invalid(
            f"Could not run the editor {editor!r}: {exc}.",
            f"Set EDITOR, or edit {path} yourself and run `ngocoord meeting edit {meeting_id} "
            f"--file {path}`.",
        ) from exc
    return path.read_text(encoding="utf-8"), path


@app.command("doc")
def doc(ctx: typer.Context, meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")]) -> None:
    """Print the meeting as the text document `meeting edit --file` reads back."""
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings.document import render

    with session(ctx) as s:
        values, text, _ = meetings.live(s, meetings.get(s, meeting_id))
    typer.echo(terminal_safe(render(values, text)), nl=False)


@app.command("edit")
def edit(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    file: Annotated[
        Path | None, Opt("--file", help="Apply this document instead of opening an editor.")
    ] = None,
    replace: ReplaceOption = False,
    unlock_reason: UnlockOption = None,
) -> None:
    """Edit the whole meeting as a text document (in $EDITOR, or from --file); items and
    decisions left out are removed only after saying which (--replace in scripts)."""
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings.document import DocumentError, parse, render

    with session(ctx) as s:
        meeting = meetings.get(s, meeting_id)
        meetings.writable(meeting)
        if file is not None:
            if not file.is_file():
                from ngocoord.errors import Invalid

                raise Invalid(f"{file} does not exist.")
            text, source = file.read_text(encoding="utf-8-sig"), file
        else:
            values, current, _ = meetings.live(s, meeting)
            text, source = _editor_text(render(values, current), meeting_id)
    try:
        parsed = parse(text, str(source))
    except DocumentError as exc:
        if file is None:
            exc.hint = (
                f"Your text is kept in {source}: fix it there and run "
                f"`ngocoord meeting edit {meeting_id} --file {source}`."
            )
        raise

    def apply(s: Session, replace: bool) -> dict[str, int]:
        meeting = meetings.get(s, meeting_id)
        return meetings.apply_document(
            s, meeting, parsed, replace=replace, unlock_reason=unlock_reason
        )

    counts = replacing(ctx, replace, apply)
    if not counts["changed"]:
        echo(f"Meeting {meeting_id}: nothing changed, so nothing was written.")
        return
    echo(
        f"Meeting {meeting_id} updated: {counts['items']} items, {counts['decisions']} decisions"
        + (
            f", {counts['removed_decisions']} decisions removed."
            if counts["removed_decisions"]
            else "."
        )
    )


@app.command("items")
def items(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    file: Annotated[Path, typer.Argument(help="Sheet: ক্র: নং | আলোচনা | সিদ্ধান্ত | বাস্তবায়ন.")],
    replace: ReplaceOption = False,
    unlock_reason: UnlockOption = None,
) -> None:
    """Add the items and decisions of the minutes' four-column sheet; an item already recorded
    under a number the sheet holds is replaced only after saying which (--replace in scripts)."""
    from ngocoord.meetings import items as items_
    from ngocoord.meetings import meeting as meetings

    def run(s: Session, replace: bool) -> dict[str, int]:
        meeting = meetings.get(s, meeting_id)
        meetings.writable(meeting)
        return items_.import_items(s, meeting, file, replace=replace, unlock_reason=unlock_reason)

    counts = replacing(ctx, replace, run)
    echo(f"Meeting {meeting_id}: {counts['items']} items, {counts['decisions']} decisions.")


@app.command("attend")
def attend(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    codes: Annotated[list[str] | None, typer.Argument(help="NGO codes.")] = None,
    org: Annotated[str | None, Opt("--org", help="A government office that attended.")] = None,
    absent: Annotated[bool, Opt("--absent", help="Mark the NGOs absent.")] = False,
    name: Annotated[str | None, Opt("--name", help="Who came.")] = None,
    designation: Annotated[str | None, Opt("--designation", help="Their designation.")] = None,
    head: Annotated[
        bool | None, Opt("--head/--deputy", help="The NGO's head came, or a subordinate.")
    ] = None,
    replace: ReplaceOption = False,
) -> None:
    """Mark NGOs present or absent (or a government office present) at a meeting."""
    from ngocoord.errors import Invalid
    from ngocoord.meetings import attendance as attendance_
    from ngocoord.meetings import meeting as meetings

    if not codes and not org:
        raise Invalid("Give NGO codes or --org.")

    def run(s: Session, replace: bool) -> None:
        meeting = meetings.get(s, meeting_id)
        for code in codes or []:
            attendance_.mark(
                s,
                meeting,
                ngo_code=code,
                present=not absent,
                name=name,
                designation=designation,
                is_head=head,
                replace=replace,
            )
        if org:
            attendance_.mark(s, meeting, organisation=org, name=name, designation=designation)

    replacing(ctx, replace, run)
    marked = len(codes or []) + (1 if org else 0)
    echo(f"Marked {marked} at meeting {meeting_id}.")


@app.command("attendance")
def attendance(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    file: Annotated[Path, typer.Argument(help="Attendance sheet (xlsx, ods, csv).")],
    replace: ReplaceOption = False,
) -> None:
    """Take a meeting's attendance from a sheet; NGOs not marked present are absent. Marks
    already recorded that the sheet does not repeat are replaced only after saying which."""
    from ngocoord.meetings import attendance as attendance_
    from ngocoord.meetings import meeting as meetings

    def run(s: Session, replace: bool) -> tuple[dict[str, Any], dict[str, int]]:
        meeting = meetings.get(s, meeting_id)
        counts = attendance_.import_attendance(s, meeting, file, replace=replace)
        return counts, attendance_.counted(*attendance_.attendance(s, meeting))

    counts, figures = replacing(ctx, replace, run)
    echo(f"Meeting {meeting_id}: {attendance_.said(figures)}.")
    if counts["unsigned"]:
        warn(
            f"Not signed (স্বাক্ষর empty), so counted absent ({len(counts['unsigned'])}): "
            + "; ".join(counts["unsigned"])
            + ". If one of them came, write উপস্থিত in its উপস্থিতি cell and import again."
        )
    if counts["not_read"]:
        warn(
            f"{file}: columns not read ({len(counts['not_read'])}): "
            + ", ".join(f'"{h}"' for h in counts["not_read"])
        )


@app.command("confirm")
def confirm(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    with_changes: Annotated[
        str | None, Opt("--with-changes", help="Confirmed with these changes.")
    ] = None,
    not_confirmed: Annotated[
        bool, Opt("--not-confirmed", help="The previous minutes were not confirmed.")
    ] = False,
) -> None:
    """Record how this meeting took the previous meeting's minutes (দৃঢ়করণ); the generated
    opening paragraph says so."""
    from ngocoord.errors import Invalid
    from ngocoord.meetings import meeting as meetings

    if with_changes is not None and not_confirmed:
        raise Invalid("Give --with-changes or --not-confirmed, not both.")
    state_ = "not_confirmed" if not_confirmed else "changed" if with_changes else "confirmed"
    with session(ctx) as s:
        meetings.confirm(s, meetings.get(s, meeting_id), state_, with_changes)
    said = {
        "confirmed": "confirmed the previous minutes",
        "changed": "confirmed the previous minutes with changes",
        "not_confirmed": "did not confirm the previous minutes",
    }[state_]
    echo(f"Meeting {meeting_id} {said}.")


@app.command("finalise")
def finalise(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    templates: TemplatesOption = None,
) -> None:
    """Freeze the minutes as signed (text, figures, attendance, decisions) and write them as
    PDF and Word into the register's files folder; later changes need `meeting reopen`."""
    from ngocoord.documents.render import Renderer
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings import signing
    from ngocoord.register.returns import files_dir

    folder = files_dir(state(ctx).url) / "minutes"
    with session(ctx) as s:
        meeting = meetings.get(s, meeting_id)
        for said in meetings.live(s, meeting)[2]:
            warn(said)
        done = signing.finalise(s, meeting, folder, Renderer.for_register(s, templates))
        held = signing.lock_of(s, meeting)
    echo(f"Meeting {meeting_id} is finalised; the minutes as signed:")
    for path in done.files:
        echo(f"  {path}")
    if done.as_return:
        echo(done.as_return)
    if held is not None:
        echo(f"{held.month}, the month it reviewed, is {held.describe()}.")


@app.command("reopen")
def reopen(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    reason: Annotated[str, Opt("--reason", help="Why the signed minutes must change.")],
) -> None:
    """Make a finalised meeting changeable again; the reason is audited and printed on the
    next minutes."""
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings import signing

    with session(ctx) as s:
        meeting = meetings.get(s, meeting_id)
        signing.reopen(s, meeting, reason)
        held = signing.lock_of(s, meeting)
    echo(f"Meeting {meeting_id} is reopened: its minutes follow the register again.")
    if held is not None:
        echo(
            f"{held.month} stays locked ({held.describe()}): its returns change only with "
            f"--unlock-reason, or after `ngocoord unlock {held.month} --reason TEXT`."
        )


@app.command("send")
def send(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    to: Annotated[
        list[str] | None,
        Opt("--to", help="Also send the minutes to this address (repeatable)."),
    ] = None,
    again: Annotated[
        bool, Opt("--again", help="Send again to those who already received this version.")
    ] = False,
    templates: TemplatesOption = None,
) -> None:
    """E-mail the finalised minutes (PDF and Word) to the setting minutes.recipients and
    --to, and each implementer its own decisions with their due dates."""
    from ngocoord import periods
    from ngocoord.documents.render import Renderer
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings import sending

    with session(ctx) as s:
        result = sending.send(
            s,
            meetings.get(s, meeting_id),
            Renderer.for_register(s, templates),
            to=to or [],
            again=again,
        )
    echo(f"Meeting {meeting_id}, the minutes finalised {periods.clock(result.version)}:")
    rows(
        [
            {
                "to": m.label if m.what == sending.MINUTES or not m.to else f"{m.label} <{m.to}>",
                "what": " ".join([m.what, ", ".join(d["number"] for d in m.decisions)]).strip(),
                "result": m.result,
            }
            for m in result.mails
        ],
        Format.table,
    )
    if not any(m.what == sending.MINUTES for m in result.mails):
        warn(
            "No address for the minutes: set minutes.recipients (`ngocoord config set`) "
            "or give --to."
        )
    for d in result.by_hand:
        warn(
            f"Decision {d['number']} names no NGO or office of the register "
            f"({d['implementers'] or 'no implementer'}): deliver it by hand."
        )
    failed = result.count(sending.FAILED)
    echo(
        f"Sent {result.count(sending.SENT)}; already sent {result.count(sending.ALREADY)}; "
        f"no e-mail {result.count(sending.NO_EMAIL)}; failed {failed}."
    )
    claimed = result.count(sending.CLAIMED)
    if claimed:
        warn(f"{claimed} mail(s) claimed by another `meeting send` were not sent by this one.")
    if failed:
        warn(f"{failed} mail(s) could not be sent and were not recorded; run again to retry.")
        raise typer.Exit(1)


@app.command("delete")
def delete(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    yes: Annotated[bool, Opt("--yes", help="Delete without asking (for scripts).")] = False,
    unlock_reason: UnlockOption = None,
) -> None:
    """Delete a meeting that is not finalised, with its items, decisions and attendance: names
    what goes and asks (--yes in scripts); every row removed is in `ngocoord log`."""
    from ngocoord.meetings import deletion
    from ngocoord.meetings import meeting as meetings

    def run(s: Session, yes: bool) -> deletion.Contents:
        meeting = meetings.get(s, meeting_id)
        return deletion.delete(s, meeting, yes=yes, unlock_reason=unlock_reason)

    gone = replacing(ctx, yes, run, "Delete it?")
    echo(f"Meeting {meeting_id} is deleted ({len(gone.rows)} rows; `ngocoord log` keeps them).")


@app.command("rota")
def rota(
    ctx: typer.Context,
    on: Annotated[str | None, Opt("--date", help="As on this date (default today).")] = None,
    limit: Annotated[int, Opt("--limit", "-n", help="How many to show.")] = 5,
    upazila: Annotated[
        str | None, Opt("--upazila", help="At this upazila's own meetings: its NGOs.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Suggest who presents next: the NGO that has gone longest without presenting."""
    from ngocoord.meetings import meeting as meetings

    with session(ctx) as s:
        found = meetings.rota(s, parse_day(on, "--date") or today(), upazila=upazila)[:limit]
        items = [
            {
                "code": r["ngo"].code,
                "name": r["ngo"].name_bn or r["ngo"].name_en,
                "last_presented": r["last_presented"],
                "why": r["why"],
            }
            for r in found
        ]
    rows(items, fmt)


@app.command("relink")
def relink(
    ctx: typer.Context,
    meeting_id: Annotated[int, typer.Argument(help="Meeting ID.")],
    replace: ReplaceOption = False,
) -> None:
    """Link the meeting's decisions to their implementers by today's rule (an upazila's own
    meeting: its NGOs and its officer): says what changes and asks; audited."""
    from ngocoord.meetings import items as core
    from ngocoord.meetings import meeting as meetings

    def run(s: Session, replace: bool) -> list[str]:
        return core.relink(s, meetings.get(s, meeting_id), replace=replace)

    changed = replacing(ctx, replace, run, "Link them by the rule?")
    said = f"{len(changed)} decision(s) linked anew" if changed else "all linked so already"
    echo("\n".join([*changed, f"Meeting {meeting_id}: {said} by the rule."]))


@app.command("attendance-report")
def attendance_report(
    ctx: typer.Context,
    year: Annotated[int | None, Opt("--year", help="Only meetings of this year.")] = None,
    upazila: Annotated[
        str | None, Opt("--upazila", help="Only this upazila's own meetings.")
    ] = None,
    fmt: DocFormatOption = DocFormat.text,
) -> None:
    """Heads versus subordinates per meeting, and NGOs absent 3 or more meetings in a row."""
    from ngocoord.meetings import attendance as attendance_
    from ngocoord.store import offices

    with session(ctx) as s:
        office = offices.find_upazila_office(s, upazila) if upazila else offices.home(s)
        report = attendance_.attendance_report(s, office.id, year)
    if fmt == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    columns = ["meeting", "held_on", "on_list", "present", "by_head", "head_share"]
    rows(report["meetings"], Format.table, columns=columns)
    for said in report["warnings"]:
        warn(said)
    share = report["head_share"]
    echo(f"Represented by their head over the period: {share:.0%}" if share is not None else "")
    if report["absent_3_in_a_row"]:
        warn("Absent from 3 or more meetings in a row:")
        for r in report["absent_3_in_a_row"]:
            warn(f"  {r['code']}  {r['name']}  ({r['meetings']} meetings)")
