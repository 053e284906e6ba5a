"""Helpers shared by the benchmark scripts.

The benchmarks are run as scripts (`python benchmarks/NAME.py`), not as a package, so they
import this module as a sibling (`from common import ...`): a script's own folder is first on
sys.path.
"""

from __future__ import annotations

import cProfile
import io
import os
import platform
import pstats
import re
import sqlite3
import sys
from pathlib import Path

# The packages whose versions every benchmark prints; a script may name more.
DISTRIBUTIONS = ("ngocoord", "python-calamine", "openpyxl", "SQLAlchemy")


def cli_command() -> list[str]:
    """The installed console script next to this Python, else `python -m ngocoord`."""
    name = "ngocoord.exe" if os.name == "nt" else "ngocoord"
    script = Path(sys.executable).parent / name
    return [str(script)] if script.exists() else [sys.executable, "-m", "ngocoord"]


def load() -> str:
    """The 1-minute load average, when the system tells it: other work skews the figures."""
    try:
        return f", load average {os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):
        return ""


def versions(*extra: str) -> str:
    """Python, SQLite and the versions of DISTRIBUTIONS and `extra` packages, in one line."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"Python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    for dist in (*DISTRIBUTIONS, *extra):
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist} (not installed)")
    return ", ".join(parts)


def profile_text(profiler: cProfile.Profile, top: int, *orders: str, head: str = "") -> str:
    """The profiler's top functions by each pstats sort key in `orders`, after `head`, as text.

    Paths are made relative to sys.path (ngocoord/roster_import.py, sqlalchemy/orm/session.py,
    ...) and runs of blank lines squeezed to one.
    """
    out = io.StringIO()
    out.write(head)
    stats = pstats.Stats(profiler, stream=out)
    for order in orders:
        stats.sort_stats(order).print_stats(top)
    text = out.getvalue()
    for folder in sorted({p for p in sys.path if p}, key=len, reverse=True):
        text = text.replace(folder.rstrip(os.sep) + os.sep, "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()
