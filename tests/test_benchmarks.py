"""`python -m benchmarks` runs its groups and writes its table and JSON (no timings judged:
the figures depend on the machine; this holds the plumbing to working)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_harness_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    args = ["--quick", "--only", "startup", "--pairs", "1", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", *args, "--keep", str(tmp_path / "work")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a goal failed, which is a figure
    figures = json.loads(out.read_text(encoding="utf-8"))
    measures = [r["measure"] for r in figures["results"]]
    assert measures == [
        "`ngocoord --help`",
        "`ngocoord check --help`",
        "`ngocoord check`, demo district",
    ]
    for result in figures["results"]:
        assert len(result["ngocoord"]) == len(result["floor"]) == 1
        assert result["pass"] in (True, False)
        assert result["measure"] in done.stdout
    assert ("FAIL" in done.stdout) == (done.returncode == 1)


def test_the_postgresql_group_asked_for_without_a_server_is_left_out_saying_so() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "postgres", "--pairs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "postgres: left out, no --postgres URL given" in done.stderr
    assert "PostgreSQL" not in done.stdout
