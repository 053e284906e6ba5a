"""`ngocoord templates`: copies of the shipped document templates, for the office to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.output import echo

app = typer.Typer(
    help="The document templates (minutes, letters, sheets): export them to edit.",
    no_args_is_help=True,
)
Opt = typer.Option


@app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to copy the templates into.")],
    force: Annotated[
        bool, Opt("--force", help="Overwrite templates already in the folder.")
    ] = False,
) -> None:
    """Copy the shipped templates into FOLDER, to be edited and used instead of the shipped
    ones (a template missing from the folder is still taken from the shipped set)."""
    from ngocoord.documents.render import shipped_dir
    from ngocoord.errors import Invalid
    from ngocoord.files import copy, make_dirs

    source = shipped_dir()
    files = sorted(p for p in source.iterdir() if p.is_file() and p.name.endswith(".j2"))
    if folder.exists() and not folder.is_dir():
        raise Invalid(f"{folder} is a file, not a folder.")
    existing = [p.name for p in files if (folder / p.name).exists()]
    if existing and not force:
        raise Invalid(
            f"{folder} already has {', '.join(existing)}; nothing was copied.",
            "Give --force to overwrite them, or export into another folder.",
        )
    make_dirs(folder)
    for path in files:
        copy(path, folder / path.name)
        echo(f"  {folder / path.name}")
    where = folder.resolve()
    echo(f"Copied {len(files)} templates to {where}. Edit them (UTF-8), then use them with")
    echo(f"  ngocoord render minutes MEETING --templates {where}")
    echo("or make them the office's templates for every document:")
    echo(f"  ngocoord config set templates.dir {where}")
