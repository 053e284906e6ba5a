"""`ngocoord db`: where the register is, and its upgrade, backup and restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.common import state
from ngocoord.cli.output import ask, echo

app = typer.Typer(
    help="The register file: location, upgrade, backup, restore, prune.", no_args_is_help=True
)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the register is (from --db, NGOCOORD_DB or the user data folder)."""
    from ngocoord.store.location import describe

    echo(describe(state(ctx).url))


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Bring the register's schema up to this version (a backup is written first)."""
    from ngocoord.store import maintenance

    backup, before, after = maintenance.upgrade(state(ctx).url)
    if backup is not None:
        echo(f"Backup written to {backup}")
    if before == after:
        echo(f"The register is already on schema {after}.")
    else:
        echo(f"Upgraded the register from schema {before} to {after}.")


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="New file to write the copy to.")],
) -> None:
    """Copy the register to FILE; safe while another ngocoord is writing to it."""
    from ngocoord.store import maintenance

    out = maintenance.backup(state(ctx).url, file)
    echo(f"Backup written to {out}")


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by `ngocoord db backup`.")],
    other_district: Annotated[
        bool,
        typer.Option("--other-district", help="Restore it even if it is another district's."),
    ] = False,
) -> None:
    """Replace the register with FILE after checking it; the replaced one is kept aside."""
    from ngocoord.store import audit, maintenance

    replaced = maintenance.restore(state(ctx).url, file, other_district=other_district)
    audit.restored(state(ctx).url, file.expanduser().resolve(), replaced)
    echo(f"Restored the register from {file}")
    if replaced is not None:
        echo(f"The replaced register is kept at {replaced}")


@app.command("prune")
def prune(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Delete them without asking.")] = False,
) -> None:
    """Delete the files kept beside the register that no return refers to (after an undo)."""

    from ngocoord.cli.common import session
    from ngocoord.register import kept_files

    with session(ctx) as s:
        found = kept_files.unreferenced(s, state(ctx).url)
        if not found:
            echo("No kept file is without its return; nothing to delete.")
            return
        for path in found:
            echo(f"  {path}")
        ask(
            f"Delete these {len(found)} files?",
            yes=yes,
            refused=f"Not deleting {len(found)} files without a terminal to ask at.",
            hint="Run `ngocoord db prune --yes` to delete them from a script.",
        )
        kept_files.prune(s, found)
    echo(f"Deleted {len(found)} files no return refers to.")
