"""`ngocoord demo`: build a register from the bundled Dinajpur sample."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ngocoord.cli.output import echo


def demo(
    dir: Annotated[
        Path, typer.Option("--dir", help="Folder to create the demo register in.")
    ] = Path("ngocoord-demo"),
) -> None:
    """Build a register from the sample Dinajpur district and show what to try next."""
    from ngocoord import demo as core

    result = core.build(dir)
    for step in result.steps:
        echo(f"✓ {step}")
    if result.files:
        echo("\nDocuments written:")
        for line in result.files:
            echo(f"  {line}")
    db = result.db_path
    echo(f"\nThe demo register is {db}. Try:")
    for cmd in (
        "check --month 2021-01 --as-of 2021-02-10",
        "check history --to 2021-01 --as-of 2021-02-10",
        "report show MBSK 2021-01",
        "meeting show 1",
        "decisions --open --implementer CTW",
        "ngo list --upazila পার্বতীপুর",
        "ngo show MBSK",
        "config list",
        "log -n 5",
    ):
        echo(f"  ngocoord --db {db} {cmd}")
