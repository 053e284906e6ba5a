"""`ngocoord init`: create the register for one office."""

from __future__ import annotations

from typing import Annotated

import typer

from ngocoord.cli.common import state
from ngocoord.cli.output import echo


def init(
    ctx: typer.Context,
    district: Annotated[
        str, typer.Option("--district", help="District of the office, in Bangla or English.")
    ],
    office: Annotated[
        str | None, typer.Option("--office", help="Office name as printed on letters.")
    ] = None,
) -> None:
    """Create the register for a district office and its upazila offices."""
    from ngocoord import places
    from ngocoord.store import offices
    from ngocoord.store.db import create_register

    where = places.find_district(district)  # before anything is created
    register = create_register(state(ctx).url)
    try:
        with register.session() as session:
            home = offices.set_up(session, where, office)
            count = len(offices.upazila_offices(session))
            name = home.name_bn
    finally:
        register.close()
    echo(f"Created the register at {register.where}")
    echo(f"District: {name} ({where.en}), {count} upazilas.")
    echo("Next: ngocoord ngo import ROSTER.xlsx")
