"""The README, docs and CI say what the code does."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

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


def _json_commands() -> list[str]:
    """Every command whose --format offers json, walked from the app."""

    from ngocoord.cli.app import command_tree

    found: list[str] = []

    def walk(cmd: Any, path: list[str]) -> None:
        for param in cmd.params:
            if "--format" in getattr(param, "opts", ()) and re.search(
                r"\bjson\b", param.help or ""
            ):
                found.append(" ".join(path))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(command_tree(), [])
    return found


def test_every_json_listing_is_documented() -> None:
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    commands = _json_commands()
    assert {"ngo list", "ngo show", "config list", "log", "meeting show"} <= set(commands)
    missing = [c for c in commands if f"`ngocoord {c}" not in doc]
    assert not missing, f"docs/json.md does not document: {missing}"


def test_every_setting_is_documented(register: Any) -> None:
    """Every key `ngocoord config list` shows, due days included, is in docs/settings.md."""
    import json

    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    keys = [i["key"] for i in json.loads(register("config", "list", "--format", "json").output)]
    assert "chair.name" in keys and "due.ngo-report" in keys
    missing = [k for k in keys if f"| `{k}` |" not in doc]
    assert not missing, f"docs/settings.md does not document: {missing}"


@pytest.mark.parametrize("command", ["ngo list", "ngo show", "config list", "log"])
def test_readme_mentions_main_commands(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"ngocoord (--db \S+ )?{command}", readme)


# The README's "A session", run as shown: every `$` line in a shell, in a fresh folder.

ELIDED = "…"  # a line that is only this stands for any number of lines; at a line's end, the rest


def readme_session() -> list[tuple[str, list[str]]]:
    """Each `$` command of the section "A session" with the output lines shown under it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## A session\n", 1)[1].split("\n## ", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```\n(.*?)^```$", section, re.S | re.M):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                assert steps, f"output before any command in the README's session: {line!r}"
                steps[-1][1].append(line)
    return steps


def shown_as(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is what the README shows: lines equal, but where `…` elides them."""
    if not expected:
        return not actual
    first, rest = expected[0], expected[1:]
    if first.strip() == ELIDED:
        return any(shown_as(rest, actual[i:]) for i in range(len(actual) + 1))
    if not actual:
        return False
    if first.endswith(ELIDED):
        same = actual[0].startswith(first[: -len(ELIDED)].rstrip())
    else:
        same = actual[0] == first
    return same and shown_as(rest, actual[1:])


def test_elision_marks() -> None:
    assert shown_as(["a", "…", "d"], ["a", "b", "c", "d"])
    assert shown_as(["a", "  …"], ["a"])
    assert shown_as(["Did you mean: x? …"], ["Did you mean: x? Upazilas of …"])
    assert not shown_as(["a", "d"], ["a", "b", "d"])
    assert not shown_as(["a"], ["a", "b"])
    assert not shown_as(["… 12 files"], ["… 11 files"])


def _spoiled_roster(sample: Path, path: Path) -> None:
    """The sample roster with a short mobile number in row 9 and another district's upazila."""
    from openpyxl import load_workbook

    wb = load_workbook(sample / "roster.xlsx")
    ws = wb.worksheets[0]
    ws["F9"] = "০১৭১২৩"
    ws["I14"] = "ঢাকা সদর"
    wb.save(path)


def test_readme_session_runs_as_shown(tmp_path: Path) -> None:
    import os
    import shlex
    import shutil
    import subprocess
    import sys

    steps = readme_session()
    assert steps[0][0].startswith("ngocoord demo"), "the session starts from a fresh demo"
    setup = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## A session\n")[0]
    assert f"&& {steps[0][0]}\n" in setup, "the set-up line ends with the session's demo"
    shutil.copytree(ROOT / "sample_data", tmp_path / "sample_data")
    _spoiled_roster(tmp_path / "sample_data", tmp_path / "bad.xlsx")
    mark = "\x1e"
    script = [
        "exec 2>&1",
        f"cd {shlex.quote(str(tmp_path))}",
        f'ngocoord() {{ {shlex.quote(sys.executable)} -m ngocoord "$@"; }}',
    ]
    for command, _ in steps:
        # The mark after each command keeps its exit status for the next one (`echo $?`).
        script += [command, f"__status=$?; printf '{mark}\\n'; (exit $__status)"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    env.pop("NGOCOORD_DB", None)
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    outputs = done.stdout.split(f"{mark}\n")
    assert len(outputs) == len(steps) + 1, done.stdout
    if "minutes-2021-02.pdf not written" in outputs[0]:
        if os.environ.get("CI"):
            pytest.fail("CI must have a Bangla font: apt-get install fonts-noto-core")
        pytest.skip("no Bangla font installed (apt install fonts-noto-core)")
    for (command, expected), output in zip(steps, outputs, strict=False):
        actual = output.splitlines()
        assert shown_as(expected, actual), (
            f"$ {command}\n--- the README shows:\n"
            + "\n".join(expected)
            + "\n--- it prints:\n"
            + "\n".join(actual)
        )
