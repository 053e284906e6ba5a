"""The one place that decides where the register lives.

Order: the `--db` option, else the NGOCOORD_DB environment variable, else a file in the
user data directory. Each may be a file path or a SQLAlchemy URL (postgresql://…).
"""

from __future__ import annotations

import os
from pathlib import Path

from ngocoord.errors import Invalid
from ngocoord.masking import mask_argv

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
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        raise Invalid(
            f"{path} is a folder, not a register file.",
            f"Give the register's file, e.g. --db {path / DEFAULT_NAME}",
        )
    return "sqlite:///" + str(path)


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
    return mask_argv([url])[0]


# Filesystems on which SQLite's file locking cannot be trusted (a second writer corrupts).
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "fuse.sshfs"}
MOUNTS = Path("/proc/self/mounts")


def network_filesystem(path: Path, mounts: Path | None = None) -> str | None:
    """The network filesystem type (nfs, cifs…) that `path` lies on, read from the mount
    table (Linux); None when it is local or the table cannot be read."""
    try:
        lines = (mounts or MOUNTS).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = Path(os.path.abspath(path))
    best: tuple[int, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(fields[1].replace("\\040", " "))
        if target == point or point in target.parents:
            depth = len(point.parts)
            if best is None or depth >= best[0]:
                best = (depth, fields[2])
    if best is None or best[1].lower() not in NETWORK_FILESYSTEMS:
        return None
    return best[1]


def warn_if_network(path: Path, mounts: Path | None = None) -> None:
    """Warn that a SQLite register on a network filesystem is unsafe, and say what to use."""
    kind = network_filesystem(path, mounts)
    if kind is None:
        return
    import warnings

    from ngocoord.errors import NgocoordWarning

    warnings.warn(
        NgocoordWarning(
            f"The register {path} is on a network filesystem ({kind}): SQLite's locking is not "
            "safe there, and two offices writing at once can damage it. Keep the register on a "
            "local disk (back it up to the share with `ngocoord db backup`), or put a shared "
            "register on a PostgreSQL server (--db postgresql+psycopg://USER:PASSWORD@HOST/DB)."
        ),
        stacklevel=3,
    )
