"""Typer's coercion of option values, without pydantic where a value needs no conversion.

Typer builds a pydantic TypeAdapter for every option it processes, even one left at its
default, and importing pydantic for that costs about 80 ms of every command's start-up (`check
--help` pays it for the root's `--db`). A value that is already what its option declares (None,
text for a text option, a flag's True or False, a whole number for a number without bounds, an
Enum member or one of its names for a choice), or text for a path (made a Path, as pydantic
would, then Typer's own path checks), and lists of these for a repeated option or a variadic
argument, goes through Typer's own functions here, as its adapter would pass it;
anything else, and every error, goes to Typer's own coercion, so values and messages stay
Typer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import choice_coercion_annotation, coerce_cli_choice, coerce_cli_path

_NOT_PLAIN = object()  # a value the plain path leaves to Typer's adapter


@dataclass(frozen=True)
class _Plain(RuntimeParam):
    """Plain values as Typer's adapter would return them; the rest to Typer's own coercion."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.annotation
        if self.parameter_info.parser is None:
            if get_origin(kind) is list and isinstance(value, list | tuple):
                # a repeated option or a variadic argument: a list, as the adapter gives
                items = [self._leaf(get_args(kind)[0], item, param, ctx) for item in value]
                if all(item is not _NOT_PLAIN for item in items):
                    return items
            elif not param.multiple and param.nargs == 1:
                found = self._leaf(kind, value, param, ctx)
                if found is not _NOT_PLAIN:
                    return found
        real = build_runtime_param(self.descriptor)
        return real._coerce_value(value, param=param, ctx=ctx)

    def _leaf(self, kind: Any, value: Any, param: Any, ctx: Any) -> Any:
        info = self.parameter_info
        if kind is str and isinstance(value, str):
            return value
        if kind is bool and type(value) is bool:  # a flag, as click gives it
            return value
        if kind is int and type(value) is int and info.min is None and info.max is None:
            return value
        path = isinstance(kind, type) and issubclass(kind, Path) and info.path_type is None
        if path and isinstance(value, str):
            try:  # Typer's own path checks, given the Path pydantic makes of the text
                return coerce_cli_path(kind(value), info, path_type=kind, param=param, ctx=ctx)
            except Exception:
                return _NOT_PLAIN  # Typer's adapter says why, in its own words
        choice = choice_coercion_annotation(kind, info)
        if choice is not None:
            try:
                return coerce_cli_choice(
                    value, choices=choice[0], case_sensitive=choice[1], ctx=ctx
                )
            except ValueError:
                pass  # Typer's adapter says why, in its own words
        return _NOT_PLAIN


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
