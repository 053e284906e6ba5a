"""Files shipped with ngocoord: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

from pathlib import Path

from ngocoord.errors import NgocoordError

_HERE = Path(__file__).resolve().parent


def folder(name: str) -> Path:
    """`templates` or `sample_data`: the packaged copy (wheel) or the repository's (checkout)."""
    for candidate in (_HERE / name, _HERE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise NgocoordError(f"The {name} folder is missing from this installation of ngocoord.")
