"""Typer's coercion of option values, without pydantic where a value needs no conversion.

Typer builds a pydantic TypeAdapter for every option it processes, even one left at its
default, and importing pydantic for that costs about 80 ms of every command's start-up (`check
--help` pays it for the root's `--db`). A value that is already what its option declares (None,
text for a text option, a whole number for a number without bounds, an Enum member or one of
its names for a choice) goes through Typer's own functions here, as its adapter would pass it;
anything else, and every error, goes to Typer's own coercion, so values and messages stay
Typer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import choice_coercion_annotation, coerce_cli_choice


@dataclass(frozen=True)
class _Plain(RuntimeParam):
    """Plain values as Typer's adapter would return them; the rest to Typer's own coercion."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        info, kind = self.parameter_info, self.annotation
        if info.parser is None and not param.multiple and param.nargs == 1:
            if kind is str and isinstance(value, str):
                return value
            if kind is int and type(value) is int and info.min is None and info.max is None:
                return value
            choice = choice_coercion_annotation(kind, info)
            if choice is not None:
                try:
                    return coerce_cli_choice(
                        value, choices=choice[0], case_sensitive=choice[1], ctx=ctx
                    )
                except ValueError:
                    pass  # Typer's adapter says why, in its own words
        real = build_runtime_param(self.descriptor)
        return real._coerce_value(value, param=param, ctx=ctx)


def plain_values(command: Any, ctx: Any, commands: bool = True) -> Any:
    """The click command, its parameters (with its --help, and its sub-commands') given the
    pydantic-free coercion, unless Typer has already built theirs."""
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if (
            descriptor is not None
            and descriptor.file_annotation is None
            and getattr(param, "_runtime_param", True) is None
        ):
            param._runtime_param = _Plain(
                annotation=descriptor.annotation,
                parameter_info=descriptor.parameter_info,
                descriptor=descriptor,
            )
    for sub in getattr(command, "commands", {}).values() if commands else ():
        plain_values(sub, ctx)
    return command
