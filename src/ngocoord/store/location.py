"""The one place that decides where the register lives.

Order: the `--db` option, else the NGOCOORD_DB environment variable, else a file in the
user data directory. Each may be a file path or a SQLAlchemy URL (postgresql://…).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NGOCOORD_DB"
DEFAULT_NAME = "register.sqlite"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ngocoord", appauthor=False) / DEFAULT_NAME


def resolve(db: str | None = None) -> str:
    """The register's SQLAlchemy URL."""
    value = db or os.environ.get(ENV_VAR) or str(default_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for a server database."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    return Path(url[len(prefix) :])


def describe(url: str) -> str:
    """The location as the clerk should read it: a path, or the URL without its password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
