"""The `ngocoord` command: global options, error handling, and the sub-commands."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ngocoord import __version__
from ngocoord.cli.common import State
from ngocoord.errors import NgocoordError


class _Root(TyperGroup):
    """Turns the core's errors into a red message and an exit status, never a traceback."""

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        from ngocoord.store import audit

        audit.set_command(list(args) if args is not None else sys.argv[1:])
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NgocoordError as exc:
            from ngocoord.cli.output import error

            state = ctx.obj if isinstance(ctx.obj, State) else State()
            if state.verbose:
                import traceback

                traceback.print_exc()
            error(str(exc))
            raise typer.Exit(exc.exit_code) from None


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
