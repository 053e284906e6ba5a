"""The exceptions the core raises; the CLI turns them into messages and exit statuses.

Every message says what was wrong, where, and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class NgocoordError(Exception):
    """Base of every error the clerk should see as a message, not a traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class NotInitialised(NgocoordError):
    """The register does not exist yet."""


class SchemaOutdated(NgocoordError):
    """The register was made by an older version and needs `db upgrade`."""


class Busy(NgocoordError):
    """Another process is using the register in a way that excludes this command; try again."""


class NotFound(NgocoordError):
    """A code, key or row named by the user is not in the register."""


class Invalid(NgocoordError):
    """A value that is not acceptable: on the command line, in a setting, or in a file's content
    (a monthly report's header, a meeting document, an attendance sheet)."""


class WouldReplace(Invalid):
    """A command would remove or replace what is recorded (items, decisions, attendance): it
    names each one, and changes nothing unless told to replace them (--replace, or yes when
    asked at a terminal)."""

    def __init__(self, what: list[str]) -> None:
        lines = "\n".join(f"  {line}" for line in what)
        super().__init__(
            f"This would replace or remove what is recorded; nothing was changed:\n{lines}",
            "Run it again with --replace to replace them, or change the file to keep them.",
        )
        self.what = what


class Locked(NgocoordError):
    """A change to a return of a month locked after review: the message names the lock (when,
    by whom, why); `--unlock-reason` lets the change through, recorded."""


class ParseError(Invalid, ValueError):
    """A value that does not parse (a number, date, month, mobile, registration, a header, a
    meeting document): every parser raises this and nothing else, whatever it is given."""


class UnknownPlace(Invalid):
    """A place name that the gazetteer cannot resolve."""


class BadFile(NgocoordError):
    """A file that cannot be read at all (corrupt, encrypted, wrong type, empty)."""


@dataclass(frozen=True)
class CellProblem:
    """One problem in one cell of an input sheet."""

    file: str
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.sheet}:{self.row}:{self.column}: {self.message}"


SHOWN_PROBLEMS = 20  # problems printed in full; the rest are counted, the rejects list all


def summary(problems: list[CellProblem]) -> str:
    """The first SHOWN_PROBLEMS problems one per line, then how many more there are in each
    column: a file with 100,000 bad rows must not flood the screen (they go to a workbook)."""
    lines = [str(p) for p in problems[:SHOWN_PROBLEMS]]
    rest = problems[SHOWN_PROBLEMS:]
    if rest:
        counts: dict[str, int] = {}
        for p in rest:
            counts[p.column] = counts.get(p.column, 0) + 1
        kinds = ", ".join(f"{n:,} in {column}" for column, n in counts.items())
        lines.append(f"… and {len(rest):,} more: {kinds}")
    return "\n".join(lines)


class InvalidRows(NgocoordError):
    """A sheet has rows that cannot be taken in: the first problems are shown, all of them are
    in the rejects workbook when one was written. `read` is what was made of the file before
    its rows were refused (its columns), for `--explain` to show all the same."""

    def __init__(
        self,
        problems: list[CellProblem],
        hint: str | None = None,
        rejects: object = None,
        read: Any = None,
    ) -> None:
        saved = f"\nEvery problem is listed in {rejects}." if rejects is not None else ""
        super().__init__(
            f"{len(problems):,} problem(s); nothing was written:\n{summary(problems)}{saved}",
            hint,
        )
        self.problems = problems
        self.rejects = rejects
        self.read = read


class NgocoordWarning(UserWarning):
    """Something the clerk should know that does not stop the command (the CLI prints it)."""
