"""The README, docs and CI say what the code does."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_line = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    assert ci_line in readme


def test_cli_reference_is_current() -> None:
    expected = _script("cli_docs").render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run python scripts/cli_docs.py"


def test_every_json_listing_is_documented() -> None:
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for command in ("ngo list", "ngo show", "config list", "log"):
        assert f"`ngocoord {command}" in doc


@pytest.mark.parametrize("command", ["ngo list", "ngo show", "config list", "log"])
def test_readme_mentions_main_commands(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"ngocoord (--db \S+ )?{command}", readme)
