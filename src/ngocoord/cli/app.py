"""The `ngocoord` command: global options, error handling, and the sub-commands."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ngocoord import __version__
from ngocoord.cli.common import State
from ngocoord.errors import NgocoordError, NgocoordWarning


class _Root(TyperGroup):
    """Turns the core's errors into a red message and an exit status, never a traceback; finds
    the sub-commands in COMMANDS, loading only the one named."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from ngocoord.cli.coercion import plain_values

        plain_values(self, ctx, commands=False)  # Typer adds the completion options late
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            from ngocoord.cli.coercion import plain_values

            self.add_command(plain_values(load_command(cmd_name), ctx), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        """Typer's, with "Did you mean" drawn from COMMANDS (most are not loaded yet)."""
        from difflib import get_close_matches

        from typer._click.exceptions import UsageError

        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            matches = get_close_matches(args[0], list(COMMANDS)) if args else []
            if matches and "Did you mean" not in exc.message:
                found = ", ".join(f"{m!r}" for m in matches)
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {found}?"
            raise

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        """The commands and their help lines as click writes them, without loading any."""
        from typer._click.utils import make_default_short_help

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, make_default_short_help(text, limit)) for name, (_, _, text) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        self.argv = list(args) if args is not None else sys.argv[1:]
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        import warnings

        from ngocoord.store import runs

        # here, not in main: --help and a usage error stop before invoke; a sub-command's
        # --help stops after it, so what is loaded here stays the standard library's
        runs.begin_command(getattr(self, "argv", sys.argv[1:]))

        with warnings.catch_warnings():
            warnings.simplefilter("always", NgocoordWarning)
            warnings.showwarning = _show_warning
            try:
                result = super().invoke(ctx)
            except typer.Exit as stop:
                _end_run("ok" if not stop.exit_code else f"exit {stop.exit_code}")
                raise
            except Exception as exc:
                state = ctx.obj if isinstance(ctx.obj, State) else State()
                known = _as_message(exc, state)
                from ngocoord.masking import hide

                _end_run("error: " + hide(str(known or exc).split("\n")[0], _secrets(state)))
                if known is None:
                    raise
                _report(known, state)
                raise typer.Exit(known.exit_code) from None
            _end_run("ok")
            return result


def _end_run(outcome: str) -> None:
    """The command's run (if it changed the register) gets its end, outcome and counts; the
    command may have said more than ok (a batch: "2 files rejected")."""
    from ngocoord.store import runs

    runs.finish(runs.outcome() or outcome)


def _secrets(state: State) -> list[str | None]:
    """Passwords that must not be printed: the one in the register's URL."""
    import os

    from ngocoord.masking import password_of

    given = [state.db, os.environ.get("NGOCOORD_DB")]
    return [password_of(value) for value in given if value]


def _as_message(exc: Exception, state: State) -> NgocoordError | None:
    """The core's errors as they are; a driver error on the register, or a file that cannot be
    written, as the project's error too (a fault met outside the core's own mapping)."""
    if isinstance(exc, NgocoordError):
        return exc
    if isinstance(exc, OSError) and exc.filename is not None:
        return _file_error(exc)
    from ngocoord.store.faults import register_fault

    try:
        url = state.url
    except Exception:  # the location itself cannot be read: leave the error as it is
        return None
    return register_fault(exc, url)


def _file_error(exc: OSError) -> NgocoordError:
    """An OSError naming a file, as a read or a write fault: a missing file or folder, a folder
    given for a file, a file this user may not read; else a file that cannot be written."""
    import errno
    import os
    from pathlib import Path

    from ngocoord.errors import BadFile
    from ngocoord.files import write_error

    path = Path(str(exc.filename))
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        if not path.parent.is_dir():
            return BadFile(
                f"{path}: the folder {path.parent} does not exist; nothing was changed.",
                "Check the path, or create the folder, then run the command again.",
            )
        return BadFile(
            f"{path}: cannot be read: there is no such file; nothing was changed.",
            "Check the file's name and folder, then run the command again.",
        )
    if exc.errno == errno.EISDIR:
        return BadFile(f"{path} is a folder, not a file; nothing was changed.")
    if exc.errno in (errno.EACCES, errno.EPERM) and path.exists() and not os.access(path, os.R_OK):
        return BadFile(
            f"{path}: cannot be read: {exc.strerror or 'permission denied'} (this user may "
            "not read it); nothing was changed.",
            "Make the file readable for this user, or copy it to a folder of yours, then run "
            "the command again.",
        )
    return write_error(path, exc)


def _report(exc: NgocoordError, state: State) -> None:
    """Print the message (with --verbose, the traceback first), every password masked."""
    from ngocoord.cli.output import error
    from ngocoord.masking import hide

    secrets = _secrets(state)
    if state.verbose:
        import traceback

        sys.stderr.write(hide(traceback.format_exc(), secrets))
    error(hide(str(exc), secrets))


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    from ngocoord.cli.output import warn

    warn(f"Warning: {message}")


app = typer.Typer(
    cls=_Root,
    help="Register of NGOs, their monthly reports and the monthly coordination meeting.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ngocoord {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Register file or SQLAlchemy URL (default: $NGOCOORD_DB, else user data folder).",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Register of NGOs, their monthly reports and the monthly coordination meeting."""
    ctx.obj = State(db=db, verbose=verbose)


# Every sub-command: its name, the module of ngocoord.cli and the function or Typer app there,
# and the first paragraph of its help for `ngocoord --help`. A command is imported and built
# only when it is named, so `ngocoord check` (or its --help) loads and builds check alone;
# tests/test_cli_basics.py holds these help lines to the commands' own.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("setup", "init", "Create the register for a district office and its upazila offices."),
    "decisions": (
        "decisions",
        "decisions",
        "List decisions to follow up; open ones carry forward until done or dropped.",
    ),
    "remind": (
        "remind",
        "remind",
        "Write a reminder letter to each NGO whose return is overdue, and a covering list.",
    ),
    "log": (
        "log",
        "log",
        "The runs that changed the register (who, when, what); one run's changes, old → new.",
    ),
    "undo": (
        "undo",
        "undo",
        "Undo one run (a command that changed the register), after showing what it will do.",
    ),
    "lock": (
        "locks",
        "lock",
        "Lock a reviewed month: its returns cannot be imported, voided or changed without "
        "--unlock-reason.",
    ),
    "locks": (
        "locks",
        "locks_",
        "List the locked months: when, by whom, why, or which meeting locked them.",
    ),
    "unlock": ("locks", "unlock", "Remove the lock of a month; the reason is recorded in the log."),
    "demo": (
        "demo",
        "demo",
        "Build a register from the sample Dinajpur district and show what to try next.",
    ),
    "db": ("db", "app", "The register file: location, upgrade, backup, restore, prune."),
    "config": (
        "config",
        "app",
        "The office's settings (name, chair, memo prefix, due days, SMTP).",
    ),
    "ngo": (
        "ngo",
        "app",
        "The NGO roster: import, export, list, show, add, edit, remove, rejoin, reg, history.",
    ),
    "report": (
        "report",
        "app",
        "NGO monthly reports: blank templates, batch import, list, show, history, void.",
    ),
    "columns": (
        "columns",
        "app",
        "Column headers: map one to a field for every later file, list, unmap, the fields.",
    ),
    "return": (
        "returns",
        "app",
        "Other returns (upazila minutes, letters) and the kinds of return.",
    ),
    "check": ("check", "app", "Who has sent the monthly returns, who is late, who has not."),
    "meeting": (
        "meeting",
        "app",
        "Meetings: create, edit as a document, items, attendance, confirm, finalise, send, delete, "
        "rota, relink.",
    ),
    "decision": ("decisions", "app", "One decision: done, drop, note, edit, show."),
    "render": (
        "render",
        "app",
        "Printable documents: minutes, summary tables, the attendance sheet.",
    ),
    "templates": (
        "templates",
        "app",
        "The document templates (minutes, letters, sheets): export them to edit.",
    ),
    "text": ("text", "app", "Text files: convert Bangla typed with Bijoy (SutonnyMJ) to Unicode."),
}


def load_command(name: str) -> Any:
    """The click command of COMMANDS[name], built as Typer builds the sub-commands of `app`."""
    import importlib

    from typer.main import get_command_from_info, get_group_from_info
    from typer.models import CommandInfo, TyperInfo

    module, attribute, _help = COMMANDS[name]
    found = getattr(importlib.import_module(f"ngocoord.cli.{module}"), attribute)
    if isinstance(found, typer.Typer):
        return get_group_from_info(
            TyperInfo(found, name=name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
    return get_command_from_info(
        CommandInfo(name=name, callback=found),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )


def command_tree() -> Any:
    """The root click group with every sub-command loaded, for walking the whole tree (the
    command reference, tests); a run of `ngocoord` loads only the command it names."""
    from typer.main import get_command

    root: Any = get_command(app)
    for name in COMMANDS:
        root.get_command(typer.Context(root), name)
    return root


def main() -> None:
    import gc

    try:
        app(prog_name="ngocoord")
    finally:
        # what the command made is left to the process's end: at exit the collector would
        # walk every object once more (a fifth of a short command's CPU time); files and the
        # register are closed by the commands themselves, and exit handlers still run
        gc.freeze()
