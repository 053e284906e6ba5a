"""Every command answers --help, the version is printed, and `python -m ngocoord` works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from ngocoord import __version__
from ngocoord.cli.app import app


def _sub(cmd: Any, name: str) -> Any:
    """A sub-command as click finds it (the root loads its commands only when named)."""
    return cmd.get_command(typer.Context(cmd), name)


def _all_commands() -> list[list[str]]:
    root = get_command(app)
    found: list[list[str]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        found.append(path)
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(typer.Context(cmd)):
                walk(_sub(cmd, name), [*path, name])

    walk(root, [])
    return found


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p) or "ngocoord")
def test_every_command_has_help(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    root = get_command(app)
    cmd: Any = root
    for name in path:
        cmd = _sub(cmd, name)
    assert (cmd.help or "").strip(), f"{path} has no help text"


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"ngocoord {__version__}"


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ngocoord", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"ngocoord {__version__}"


def test_help_does_not_import_heavy_modules() -> None:
    """`ngocoord --help` must stay fast: no SQLAlchemy, openpyxl or jinja2 at start-up."""
    code = (
        "import sys\n"
        "from ngocoord.cli.app import app\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'openpyxl', 'jinja2', 'python_calamine',"
        " 'alembic', 'rapidfuzz') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_root_help_lines_are_the_commands_own() -> None:
    """`ngocoord --help` lists COMMANDS without loading them; each line is what the loaded
    command says of itself, and no command is left out of COMMANDS."""
    from ngocoord.cli.app import COMMANDS, load_command

    for name, (_module, _attribute, text) in COMMANDS.items():
        cmd = load_command(name)
        assert " ".join((cmd.help or "").split("\n\n")[0].split()) == text, name
    section = CliRunner().invoke(app, ["--help"]).output.split("Commands:")[1]
    listed = [line.split()[0] for line in section.splitlines() if line[:3].strip()]
    assert listed == list(COMMANDS)
    cli_folder = Path(__file__).parents[1] / "src" / "ngocoord" / "cli"
    modules = {path.stem for path in cli_folder.glob("*.py")} - NOT_COMMANDS
    assert modules == {module for module, _, _ in COMMANDS.values()}


# cli modules that define no sub-command of their own (shared, or parts of another command)
NOT_COMMANDS = {
    "__init__",
    "app",
    "asking",
    "coercion",
    "common",
    "output",
    "attendance_sheet",
    "minutes",
    "summary",
}


def _modules_after(args: list[str]) -> list[str]:
    """The ngocoord.cli modules and heavy libraries loaded by running `ngocoord ARGS`."""
    code = (
        "import sys\n"
        "from ngocoord.cli.app import main\n"
        f"sys.argv = ['ngocoord', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('ngocoord.cli.',"
        " 'ngocoord.store.')) or m in ('sqlalchemy', 'sqlmodel'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split("\n")[-2].split()


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["ngo", "list", "--help"]])
def test_help_builds_only_the_command_asked_for(args: list[str]) -> None:
    """One command's --help imports that command's module alone, and no register code: a
    sub-command's help is printed after the root's invoke, which notes the command line for
    its run (store.runs, standard library only)."""
    shared = {
        "ngocoord.cli.app",
        "ngocoord.cli.coercion",
        "ngocoord.cli.common",
        "ngocoord.cli.output",
    }
    loaded = set(_modules_after(args))
    asked = set() if args[0] == "--help" else {f"ngocoord.cli.{args[0]}", "ngocoord.store.runs"}
    assert loaded - shared == asked
    assert {"ngocoord.cli.app", "ngocoord.cli.common"} <= loaded


def test_common_never_reaches_back_into_the_root_app() -> None:
    """cli.common is what every sub-app imports; it imports no CLI module, not even for types."""
    import ast
    from pathlib import Path

    import ngocoord.cli.common as common

    tree = ast.parse(Path(common.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert [m for m in imported if m.startswith("ngocoord.cli")] == []


def test_a_bad_date_is_answered_with_the_example_the_help_gives(register: Any) -> None:
    """The help of `meeting new --date` and the hint after a bad date show the same form."""
    import re

    help_text = register("meeting", "new", "--help").output
    example = re.search(r"e\.g\. (\S+?)\.?\s", help_text)
    assert example, help_text
    out = register("meeting", "new", "--date", "31.02.2021", code=1).output
    assert f"like {example.group(1)}" in out, out
    assert out.rstrip().endswith(".")


def test_check_does_not_import_document_libraries(office: Any, db: Any) -> None:
    """`ngocoord check` (the cron job) loads neither the ORM (SQLModel, pydantic, the models:
    it reads through SQLAlchemy Core) nor anything that writes documents or reads spreadsheets:
    the layering rule of docs/ARCHITECTURE.md."""
    code = (
        "import sys\n"
        "from ngocoord.cli.app import main\n"
        f"sys.argv = ['ngocoord', '--db', {str(db)!r}, 'check', '--quiet']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('openpyxl', 'jinja2', 'docx', 'weasyprint', 'python_calamine',"
        " 'alembic', 'rapidfuzz') if m in sys.modules]\n"
        "orm = [m for m in ('sqlmodel', 'pydantic', 'sqlalchemy.orm', 'ngocoord.store.models')"
        " if m in sys.modules]\n"
        "print('loaded:', ','.join(heavy + orm), 'sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "loaded:  True", out.stdout + out.stderr


@pytest.mark.parametrize("command", [["ngo", "list"], ["init", "--district", "দিনাজপুর"]])
def test_a_folder_given_as_the_register_is_named_as_such(tmp_path: Any, command: list[str]) -> None:
    """--db pointing at a folder says so, instead of "read-only" or "already exists"."""
    result = CliRunner().invoke(app, ["--db", str(tmp_path), *command])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path} is a folder, not a register file." in result.output
    assert str(tmp_path / "register.sqlite") in result.output
    assert list(tmp_path.iterdir()) == []
