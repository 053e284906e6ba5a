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
    """Turns the core's errors into a red message and an exit status, never a traceback."""

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        from ngocoord.store import audit

        audit.set_command(list(args) if args is not None else sys.argv[1:])
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("always", NgocoordWarning)
            warnings.showwarning = _show_warning
            try:
                return super().invoke(ctx)
            except Exception as exc:
                state = ctx.obj if isinstance(ctx.obj, State) else State()
                known = _as_message(exc, state)
                if known is None:
                    raise
                _report(known, state)
                raise typer.Exit(known.exit_code) from None


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
        from pathlib import Path

        from ngocoord.files import write_error

        return write_error(Path(str(exc.filename)), exc)
    from ngocoord.store.faults import register_fault

    try:
        url = state.url
    except Exception:  # the location itself cannot be read: leave the error as it is
        return None
    return register_fault(exc, url)


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


def _register_commands() -> None:
    from ngocoord.cli import (
        check,
        columns,
        config,
        db,
        decisions,
        demo,
        log,
        meeting,
        ngo,
        remind,
        render,
        report,
        returns,
        setup,
        templates,
    )

    app.command("init")(setup.init)
    app.add_typer(db.app, name="db")
    app.add_typer(config.app, name="config")
    app.add_typer(ngo.app, name="ngo")
    app.add_typer(report.app, name="report")
    app.add_typer(columns.app, name="columns")
    app.add_typer(returns.app, name="return")
    app.add_typer(check.app, name="check")
    app.add_typer(meeting.app, name="meeting")
    app.command("decisions")(decisions.decisions)
    app.add_typer(decisions.app, name="decision")
    app.command("remind")(remind.remind)
    app.add_typer(render.app, name="render")
    app.add_typer(templates.app, name="templates")
    app.command("log")(log.log)
    app.command("demo")(demo.demo)


_register_commands()


def main() -> None:
    app(prog_name="ngocoord")
