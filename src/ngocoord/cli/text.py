"""`ngocoord text`: text files in the office's old encodings, put in Unicode."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ngocoord.cli.output import echo

app = typer.Typer(
    help="Text files: convert Bangla typed with Bijoy (SutonnyMJ) to Unicode.",
    no_args_is_help=True,
)


@app.command("bijoy")
def bijoy_(
    file: Annotated[
        str, typer.Argument(help="Text file typed with Bijoy (UTF-8 or Windows ANSI); - for stdin.")
    ],
) -> None:
    """Write a Bijoy-typed text as Unicode Bangla; English lines, e-mails and codes stay."""
    from ngocoord.bijoy import convert_text, decode

    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        from pathlib import Path

        from ngocoord.errors import Invalid

        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise Invalid(
                f"{file}: cannot be read ({exc.strerror or exc}).",
                "Give the path of a text file, or - to read standard input.",
            ) from exc
    text = convert_text(decode(data, "standard input" if file == "-" else file))
    echo(text.removesuffix("\n"))
