"""`ngocoord ngo`: the roster of NGOs on the coordination list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ngocoord.cli.common import (
    ExplainOption,
    MapOption,
    NoBijoyOption,
    StrictOption,
    TemplatesOption,
    UnlockOption,
    parse_day,
    session,
    today,
)
from ngocoord.cli.output import Format, FormatOption, echo, rows, warn

if TYPE_CHECKING:
    from ngocoord.intake.roster_file import RosterResult

app = typer.Typer(
    help="The NGO roster: import, export, list, show, add, edit, remove, rejoin, reg, history.",
    no_args_is_help=True,
)

Opt = typer.Option


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Roster sheet: .xlsx, .xls, .ods or .csv.")],
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    skip_invalid: Annotated[
        bool, Opt("--skip-invalid", help="Write the good rows; save the bad ones to a workbook.")
    ] = False,
    rejects: Annotated[
        Path | None,
        Opt("--rejects", help="Where to save rejected rows (default FILE.rejected.xlsx)."),
    ] = None,
    joined: Annotated[
        str | None, Opt("--joined", help="List date for new NGOs whose row has none.")
    ] = None,
    sheet: Annotated[str | None, Opt("--sheet", help="Sheet to read (default: the first).")] = None,
    explain: ExplainOption = False,
    maps: MapOption = None,
    strict: StrictOption = False,
    no_bijoy: NoBijoyOption = False,
    add_new: Annotated[
        bool,
        Opt("--add-new", help="Rows that may be NGOs of the register are new NGOs: add them."),
    ] = False,
    same_as: Annotated[
        list[str] | None,
        Opt(
            "--same-as",
            help='"ROW NAME=CODE": this row is that NGO of the register (repeatable).',
            metavar="ROW NAME=CODE",
        ),
    ] = None,
    unlock_reason: UnlockOption = None,
    upazila: Annotated[
        str | None,
        Opt(
            "--upazila",
            help="The file is this upazila office's list: its NGOs gain the upazila and keep "
            "their others; values that differ from the register's are listed, not taken.",
        ),
    ] = None,
    update: Annotated[
        bool, Opt("--update", help="With --upazila: take the file's values where they differ.")
    ] = False,
    district_list: Annotated[
        bool,
        Opt(
            "--district-list",
            help="The file is the district's list, though its title or rows name one upazila: "
            "its upazila cells replace the NGOs' upazilas.",
        ),
    ] = False,
) -> None:
    """Add and update NGOs from a roster sheet (matched by code, either name or the acronym in
    brackets). A row whose name is close to an NGO's, or that carries its acronym, is refused
    until --same-as or --add-new says which it is. An upazila office's list is imported with
    --upazila; a file whose title or rows name one upazila is refused until one of --upazila
    or --district-list says which list it is."""
    from ngocoord.cli import columns
    from ngocoord.errors import InvalidRows
    from ngocoord.intake.roster_file import import_roster

    with session(ctx) as s:
        try:
            result = import_roster(
                s,
                file,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                rejects=rejects,
                joined=parse_day(joined, "--joined"),
                sheet=sheet,
                maps=maps,
                strict=strict,
                add_new=add_new,
                same_as=same_as,
                bijoy=not no_bijoy,
                unlock_reason=unlock_reason,
                upazila=upazila,
                update=update,
                district_list=district_list,
            )
        except InvalidRows as refused:  # the columns as read, then the rows refused
            if (explain or dry_run) and refused.read is not None:
                columns.explain(refused.read.file, refused.read.columns, refused.read.bijoy)
            raise
        if dry_run:
            s.rollback()
    if explain or dry_run:
        columns.explain(result.file, result.columns, result.bijoy)
    columns.bijoy(result.file, result.bijoy, result.encoding)
    _report(result)
    columns.kept(result.kept_columns, "roster")
    columns.left_out(result.columns)
    for header in result.left_out:
        warn(f'Left out: "{header}", the problems a rejects workbook lists (not the NGOs\' data).')
    if result.refused is not None:
        warn(str(result.refused))
    elif result.after_review:
        echo(
            "With the unlock reason, it would be recorded as changed after review: "
            f"{', '.join(result.after_review)}."
        )
    if result.rejected or result.refused is not None:
        raise typer.Exit(1)


SHOWN = 200  # NGOs listed one by one after an import; a national roster would flood the screen


def _report(result: RosterResult) -> None:
    verb = "would be" if result.dry_run else "were"
    lines = [f"+ {code}  {name}" for code, name in result.added[:SHOWN]]
    if len(result.added) > SHOWN:
        lines.append(f"+ … and {len(result.added) - SHOWN} more (`ngocoord log` lists them all)")
    for change in result.changed[:SHOWN]:
        lines.append(f"~ {change.code}  {change.name}")
        for fieldname, (old, new) in change.fields.items():
            lines.append(f"    {fieldname}: {_shown(old)} → {_shown(new)}")
    if len(result.changed) > SHOWN:
        lines.append(f"~ … and {len(result.changed) - SHOWN} more changed")
    if lines:
        echo("\n".join(lines))
    for said in result.renamed:
        warn(f"{result.file}: {said}, changed by `ngo edit --code`; the row is taken as that NGO.")
    _areas_said(result)
    echo(
        f"{result.file}: {len(result.added)} {verb} added, {len(result.changed)} {verb} changed, "
        f"{result.unchanged} unchanged."
    )
    if result.rejected:
        from ngocoord.errors import summary

        warn(f"{len(result.rejected):,} row(s) rejected:")
        warn(summary([p for _, problems in result.rejected for p in problems]))
        if result.rejects_file is not None:
            kept = result.rejects_kept
            kept_said = f" ({kept} was already there and is kept)" if kept is not None else ""
            warn(
                f"Rejected rows saved to {result.rejects_file}{kept_said}: "
                "fix them and import that file."
            )


def _shown(value: object) -> str:
    """A value of the changes listed: ∅ for none, a list of upazilas as their names."""
    if value in (None, "", []):
        return "∅"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _areas_said(result: RosterResult) -> None:
    """In plain words: what an upazila's list did and did not take, or the upazilas a
    district list takes NGOs out of, NGO by NGO."""
    dry, one = result.dry_run, result.upazila
    if one is not None:
        echo(
            f"{one.name} upazila's list (--upazila): the NGOs on it gain {one.name} and keep "
            "their other upazilas; the register's NGOs not on it are left as they are."
        )
        if one.held:
            warn(
                f"{len(one.held)} value(s) of the file differ from the register's and "
                f"{'would not be' if dry else 'were not'} taken (the register's are kept; "
                "--update takes the file's):"
            )
        for h in one.held[:SHOWN]:
            warn(f"  {h.code}  {h.name}: {h.field}: register {_shown(h.register)}, "
                 f"file {_shown(h.file)}")  # fmt: skip
        if len(one.held) > SHOWN:
            warn(f"  … and {len(one.held) - SHOWN} more")
    removals = result.removals
    if removals:
        warn(f"{len(removals)} NGO(s) {'would lose' if dry else 'lost'} upazilas they had:")
    for change, gone in removals[:SHOWN]:
        now = _shown(change.fields["upazilas"][1])
        works = "would no longer work" if dry else "no longer works"
        warn(f"  {change.code}  {change.name}: {works} in {', '.join(gone)} (the file gives {now})")
    if len(removals) > SHOWN:
        warn(f"  … and {len(removals) - SHOWN} more")


@app.command("list")
def list_(
    ctx: typer.Context,
    upazila: Annotated[
        str | None, Opt("--upazila", help="Only NGOs working in this upazila.")
    ] = None,
    sector: Annotated[str | None, Opt("--sector", help="Only NGOs in this sector.")] = None,
    status: Annotated[
        str | None, Opt("--status", help="listed (on the list today) or removed.")
    ] = None,
    name: Annotated[
        str | None, Opt("--name", help="Only NGOs with this in their Bangla or English name.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the NGOs of the register (`ngo export` writes every field, to edit and import)."""
    from ngocoord.errors import Invalid
    from ngocoord.register import roster

    if status not in (None, "listed", "removed"):
        raise Invalid(f"Unknown status {status!r}.", "Use --status listed or --status removed.")
    with session(ctx) as s:
        items = roster.listing(
            s, today(), upazila=upazila, sector=sector, status_filter=status, name=name
        )
    columns = ["code", "name_bn", "head_name", "mobile", "upazilas", "status"]
    rows(items, fmt, columns=None if fmt is not Format.table else columns)


@app.command("history")
def history(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code, e.g. MBSK.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Every change to an NGO, its registrations, memberships, returns and decisions, in order.

    Times are Bangladesh time (+06:00); `run` is the run that made each change."""
    from ngocoord.register import trail

    with session(ctx) as s:
        items = trail.ngo_history(s, code)
    rows(items, fmt)


@app.command("show")
def show(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code, e.g. MBSK.")],
    fmt: Annotated[str, Opt("--format", help="text, json, html or pdf.")] = "text",
    out: Annotated[
        Path | None, Opt("--out", help="With html or pdf: the file (default CODE.html/.pdf).")
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Show an NGO's profile: registrations, areas, head and contacts, sectors, list history.

    With --format html or pdf: a printable page, with the months its monthly report came in.
    """
    import json

    from ngocoord import bangla, ngo_profile
    from ngocoord.errors import Invalid
    from ngocoord.register import roster

    if fmt not in ("text", "json", "html", "pdf"):
        raise Invalid(f"Unknown format {fmt!r}.", "Use --format text, json, html or pdf.")
    if fmt in ("html", "pdf"):
        from ngocoord.documents.render import Renderer, output_file

        with session(ctx) as s:
            p = roster.profile(s, code, today())
            document = ngo_profile.context(s, p, today())
            renderer = Renderer.for_register(s, templates)
        _, path = output_file(fmt, out, ("html", "pdf"), document["ngo"]["code"])
        renderer.write("ngo_profile", fmt, document, path)
        echo(str(path))
        return
    if out is not None:
        raise Invalid("--out goes with --format html or pdf.")
    with session(ctx) as s:
        p = roster.profile(s, code, today())
        n = p.ngo
        data = p.as_dict()
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return

    def line(label: str, value: object) -> None:
        if value not in (None, "", []):
            echo(f"  {label}: {value}")

    echo(f"{n.name_bn or n.name_en}  [{n.code}]")
    line("English name", n.name_en if n.name_bn else None)
    line("On the list", "yes" if p.status == "listed" else "no (removed)")
    line("জেলায় কাজের শুরু", ngo_profile.start_text(n.start_year))
    line("অবস্থান", n.address)
    line("প্রধান", ", ".join(x for x in (n.head_name, n.head_designation) if x))
    line("মোবাইল", bangla.to_bengali_digits(n.mobile) if n.mobile else None)
    line("ই-মেইল", n.email)
    line("ওয়েবসাইট", n.website)
    line("কর্ম এলাকা", ", ".join(p.areas))
    line("কার্যক্রম", ", ".join(p.sectors))
    line("প্রকল্প", ", ".join(p.projects))
    if p.registrations:
        echo("  আইনগত কাঠামো:")
        for r in p.registrations:
            echo(f"    • {ngo_profile.registration_line(r)}")
    echo("  List membership:")
    for m in p.periods:
        start = m.start_date or "(before tracking)"
        end = m.end_date or "now"
        reason = f"  ({m.end_reason})" if m.end_reason else ""
        echo(f"    {start} → {end}{reason}")
    line("মন্তব্য", n.notes)
    for header, value in data["extra"].items():
        line(header, value)


_FIELD_HELP = {
    "name_bn": "Name in Bangla.",
    "name_en": "Name in English.",
    "head_name": "Head of the NGO.",
    "head_designation": "Head's designation.",
    "mobile": "Mobile number(s).",
    "email": "E-mail address.",
    "address": "Address.",
    "website": "Website.",
    "start_year": "Year work started in the district.",
    "sectors": "Sectors, comma-separated.",
    "projects": "Projects, comma-separated.",
    "notes": "Notes.",
}


ReuseCodeOption = Annotated[
    bool,
    Opt(
        "--reuse-code",
        help="Give a code that was another NGO's former code (files carrying it then go to "
        "this NGO).",
    ),
]


def _given(options: dict[str, object]) -> dict[str, str]:
    """The NGO fields given on the command line (an empty string clears a field in `edit`)."""
    return {k: str(options[k]) for k in _FIELD_HELP if options.get(k) is not None}


@app.command("add")
def add(
    ctx: typer.Context,
    name_bn: Annotated[str | None, Opt(help=_FIELD_HELP["name_bn"])] = None,
    name_en: Annotated[str | None, Opt(help=_FIELD_HELP["name_en"])] = None,
    code: Annotated[str | None, Opt(help="Code (assigned from the name if not given).")] = None,
    head_name: Annotated[str | None, Opt(help=_FIELD_HELP["head_name"])] = None,
    head_designation: Annotated[str | None, Opt(help=_FIELD_HELP["head_designation"])] = None,
    mobile: Annotated[str | None, Opt(help=_FIELD_HELP["mobile"])] = None,
    email: Annotated[str | None, Opt(help=_FIELD_HELP["email"])] = None,
    address: Annotated[str | None, Opt(help=_FIELD_HELP["address"])] = None,
    website: Annotated[str | None, Opt(help=_FIELD_HELP["website"])] = None,
    start_year: Annotated[str | None, Opt(help=_FIELD_HELP["start_year"])] = None,
    sectors: Annotated[str | None, Opt(help=_FIELD_HELP["sectors"])] = None,
    projects: Annotated[str | None, Opt(help=_FIELD_HELP["projects"])] = None,
    notes: Annotated[str | None, Opt(help=_FIELD_HELP["notes"])] = None,
    areas: Annotated[str | None, Opt(help="Upazilas worked in, comma-separated.")] = None,
    joined: Annotated[
        str | None, Opt(help="Date it joined the list (default: open-ended).")
    ] = None,
    reuse_code: ReuseCodeOption = False,
    unlock_reason: UnlockOption = None,
) -> None:
    """Add one NGO to the register and the coordination list."""
    from ngocoord.register import roster

    values = _given(locals())
    with session(ctx) as s:
        ngo = roster.add(
            s,
            values,
            code=code,
            areas=areas,
            joined=parse_day(joined, "--joined"),
            reuse_code=reuse_code,
            unlock_reason=unlock_reason,
        )
        echo(f"Added {ngo.code}  {ngo.name_bn or ngo.name_en}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code.")],
    name_bn: Annotated[str | None, Opt(help=_FIELD_HELP["name_bn"])] = None,
    name_en: Annotated[str | None, Opt(help=_FIELD_HELP["name_en"])] = None,
    head_name: Annotated[str | None, Opt(help=_FIELD_HELP["head_name"])] = None,
    head_designation: Annotated[str | None, Opt(help=_FIELD_HELP["head_designation"])] = None,
    mobile: Annotated[str | None, Opt(help=_FIELD_HELP["mobile"])] = None,
    email: Annotated[str | None, Opt(help=_FIELD_HELP["email"])] = None,
    address: Annotated[str | None, Opt(help=_FIELD_HELP["address"])] = None,
    website: Annotated[str | None, Opt(help=_FIELD_HELP["website"])] = None,
    start_year: Annotated[str | None, Opt(help=_FIELD_HELP["start_year"])] = None,
    sectors: Annotated[str | None, Opt(help=_FIELD_HELP["sectors"])] = None,
    projects: Annotated[str | None, Opt(help=_FIELD_HELP["projects"])] = None,
    notes: Annotated[str | None, Opt(help=_FIELD_HELP["notes"])] = None,
    areas: Annotated[str | None, Opt(help="Upazilas worked in (replaces the list).")] = None,
    new_code: Annotated[
        str | None,
        Opt(
            "--code",
            help="A new code (e.g. RDRS): used from now on; files with the old one still match.",
        ),
    ] = None,
    reuse_code: ReuseCodeOption = False,
    unlock_reason: UnlockOption = None,
) -> None:
    """Change an NGO's fields; an empty value ("") clears a field."""
    from ngocoord.errors import Invalid
    from ngocoord.register import roster

    changes = _given(locals())
    if not changes and areas is None and new_code is None:
        raise Invalid("Nothing to change.", "Give at least one option, e.g. --mobile 01712345678.")
    with session(ctx) as s:
        if new_code is not None:
            old = roster.rename(s, code, new_code, reuse=reuse_code)
            code = roster.get(s, new_code).code
            still = f" (files that still carry {old} are taken as {code})" if old != code else ""
            echo(f"code: {old} → {code}{still}")
        diff = roster.apply_changes(s, code, changes)
        for k, (old, new) in diff.items():
            echo(
                f"{k}: {old if old not in (None, '') else '∅'} → {new if new is not None else '∅'}"
            )
        if areas is not None:
            ngo = roster.get(s, code)
            echo("upazilas: " + ", ".join(roster.set_areas(s, ngo, areas, unlock_reason)))
        if not diff and areas is None and new_code is None:
            echo("Nothing changed.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code.")],
    on: Annotated[str, Opt("--on", help="Date it leaves the list.")],
    reason: Annotated[str, Opt("--reason", help="Why (kept in its history).")],
    unlock_reason: UnlockOption = None,
) -> None:
    """Take an NGO off the coordination list from a date; its history is kept."""
    from ngocoord.register import roster

    day = parse_day(on, "--on")
    assert day is not None
    with session(ctx) as s:
        roster.remove(s, code, day, reason, unlock_reason)
    echo(f"{code.upper()} is off the list from {day}; reports are not expected after that.")


@app.command("rejoin")
def rejoin(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="NGO code.")],
    on: Annotated[str, Opt("--on", help="Date it is back on the list.")],
    reason: Annotated[str | None, Opt("--reason", help="Why.")] = None,
    unlock_reason: UnlockOption = None,
) -> None:
    """Put a removed NGO back on the coordination list from a date."""
    from ngocoord.register import roster

    day = parse_day(on, "--on")
    assert day is not None
    from ngocoord.meetings.decisions import removal_of

    with session(ctx) as s:
        period = roster.rejoin(s, code, day, reason, unlock_reason)
        against = removal_of(s, period.ngo_id)
    if against:
        warn(
            f"This goes against decision {against['number']} of meeting {against['meeting']} "
            f"({against['held_on']}, decision ID {against['id']}), which took {code.upper()} "
            f"off the list: {against['text']}"
        )
    echo(f"{code.upper()} is on the list again from {day}.")


@app.command("export")
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="The file to write: .xlsx or .csv.")],
) -> None:
    """Write the whole roster (every field, registration, upazila, period on the list, kept
    column) to a sheet that `ngo import` reads back: edit it, import it."""
    from ngocoord.intake.roster_export import export as write

    with session(ctx) as s:
        count = write(s, out)
    echo(f"{out}: {count} NGOs.")


reg_app = typer.Typer(
    help="An NGO's registrations by hand: add, edit, remove.", no_args_is_help=True
)
app.add_typer(reg_app, name="reg")

CodeArg = Annotated[str, typer.Argument(help="NGO code.")]
AuthorityOpt = Annotated[
    str, Opt("--authority", help="NGOAB, DSS, DWA, RJSC, MRA or OTHER (or its name).")
]


@reg_app.command("add")
def reg_add(
    ctx: typer.Context,
    code: CodeArg,
    authority: AuthorityOpt,
    number: Annotated[str, Opt("--number", help="Registration number, e.g. 1963.")],
    when: Annotated[str | None, Opt("--date", help="Date (or year) of registration.")] = None,
) -> None:
    """Add a registration to an NGO."""
    from ngocoord.register import by_hand

    with session(ctx) as s:
        reg = by_hand.add(s, code, authority, number, when)
        echo(f"{code.upper()}: {reg.authority} {reg.number} {reg.reg_date or reg.reg_year or ''}")


@reg_app.command("edit")
def reg_edit(
    ctx: typer.Context,
    code: CodeArg,
    authority: AuthorityOpt,
    number: Annotated[
        str | None, Opt("--number", help="Which one, when it has two with this authority.")
    ] = None,
    new_number: Annotated[str | None, Opt("--new-number", help="The number to write.")] = None,
    when: Annotated[str | None, Opt("--date", help="Date (or year) of registration.")] = None,
) -> None:
    """Change a registration's number or date."""
    from ngocoord.register import by_hand

    with session(ctx) as s:
        old, new = by_hand.edit(s, code, authority, number=number, new_number=new_number, when=when)
    changed = [f"{k}: {old[k] or '∅'} → {new[k] or '∅'}" for k in old if old[k] != new[k]]
    echo("\n".join(changed) if changed else "Nothing changed.")


@reg_app.command("remove")
def reg_remove(
    ctx: typer.Context,
    code: CodeArg,
    authority: AuthorityOpt,
    number: Annotated[
        str | None, Opt("--number", help="Which one, when it has two with this authority.")
    ] = None,
) -> None:
    """Remove a registration entered by mistake (the audit log keeps it)."""
    from ngocoord.register import by_hand

    with session(ctx) as s:
        old = by_hand.remove(s, code, authority, number)
    echo(f"{code.upper()}: removed {old['authority']} {old['number']}.")
