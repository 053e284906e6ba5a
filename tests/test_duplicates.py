"""No logic is written twice in src/: pylint's similarity checker over the package (not migrations).

Five lines is the threshold: the repeated Typer option boilerplate of cli/ stays below it, and a
rule copied into a second module does not.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ngocoord"
MIN_LINES = 5


def test_no_repeated_code() -> None:
    files = sorted(str(p) for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pylint.checkers.symilar import Run; Run(sys.argv[1:])",
            f"--duplicates={MIN_LINES}",
            "--ignore-comments",
            "--ignore-docstrings",
            "--ignore-imports",
            "--ignore-signatures",
            *files,
        ],
        capture_output=True,
        text=True,
    )
    total = re.search(r"TOTAL lines=(\d+) duplicates=(\d+)", out.stdout)
    assert total, out.stdout + out.stderr
    assert int(total.group(1)) > 10_000, "the checker read too little of the package"
    assert total.group(2) == "0", f"code repeated in src/ngocoord:\n{out.stdout}"
