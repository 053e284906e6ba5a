"""Which column of a file ends in which field, and the columns kept with their rows.

Every non-empty column ends in exactly one of: a field; a kind deliberately not stored (the
serial number, a blank spacer); or, when nothing says what it is, *kept*: its cells go with
their row as extras (header -> text), so nothing an office sent is lost. What decides, in
order: the office's map of that header (`ngocoord columns map`, or `--map` for one import),
the header's meaning (`ngocoord.meaning`), and the values (a column of mobiles, of upazila
names, a name in Bangla script). A map to `ignore` ("not ours") leaves a column out: named
among the columns read, its cells not kept. Two columns for one field, or one column fitting
two, is an error that names them; the clerk maps the header once and it is read that way from
then on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ngocoord.bangla import to_latin_digits
from ngocoord.errors import BadFile
from ngocoord.intake.headers import PATH_JOIN, Column, column_letter, header_key
from ngocoord.intake.sniff import _bad

if TYPE_CHECKING:
    from ngocoord.meaning import Form, Verdict

Rows = list[tuple[int, list[object]]]
OFFICE_MAP = "office map"  # where a map came from: the office's (`columns map`), or --map
ONE_IMPORT = "--map"
IGNORE = "ignore"  # the field a map gives a column that is not the office's: left out
LEFT_OUT = "left out"  # that column's outcome, as `--explain` shows it
_SAID = {OFFICE_MAP: "the office's map", ONE_IMPORT: "--map"}
SAMPLE = 30  # distinct values looked at per column: enough to know its kind, cheap on any size


@dataclass
class Hints:
    """What the caller knows beyond the header texts."""

    maps: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # key -> (field, source)
    by_values: Mapping[str, Callable[[object], bool]] = field(default_factory=dict)
    script_pair: tuple[str, str] | None = None  # (the Bangla field, the English field)
    not_stored: frozenset[str] = frozenset({"serial"})
    strict: bool = False
    bijoy: bool = True  # convert Bangla typed with Bijoy (ngocoord.bijoy); --no-bijoy turns off
    form_name: str = "roster"  # for the `columns map` command a message gives


def map_key(text: str) -> str:
    """How a mapped header is looked up: the same for every spelling of spacing and marks."""
    return header_key(text.replace(PATH_JOIN, " "))


_MOBILE = re.compile(r"\+?(?:88)?01\d{9}")


def looks_like_mobile(value: object) -> bool:
    """An 11-digit number starting 01 (one or more in a cell), or a number cell whose 0 Excel
    dropped (1712345678)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return 1_000_000_000 <= value <= 1_999_999_999
    text = re.sub(r"[\s\-–]", "", to_latin_digits(str(value)))
    parts = [p for p in re.split(r"[,;/]", text) if p]
    return bool(parts) and all(_MOBILE.fullmatch(p) for p in parts)


def _is_bangla(text: str) -> bool:
    return any("\u0980" <= ch <= "\u09ff" for ch in text)


def _sample(rows: Rows, col: int) -> list[object]:
    seen: dict[object, None] = {}
    for _, cells in rows:
        if col < len(cells):
            value = cells[col]
            if value is not None and value not in seen:
                seen[value] = None
                if len(seen) >= SAMPLE:
                    break
    return list(seen)


def _passes(test: Callable[[object], bool], values: list[object]) -> bool:
    if not values:
        return False
    good = 0
    for value in values:
        try:
            good += bool(test(value))
        except Exception:  # a test that cannot read the value: not of that kind
            continue
    return good * 10 >= len(values) * 9


@dataclass
class Assigned:
    """The outcome: field -> column, field -> header as read, kept columns, every column."""

    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    kept: dict[int, str] = field(default_factory=dict)
    read: list[Column] = field(default_factory=list)


def _script(pair: tuple[str, str], values: list[object], path: tuple[str, ...]) -> tuple[str, str]:
    texts = [str(v) for v in values]
    if texts:
        bangla = sum(_is_bangla(t) for t in texts)
        if bangla * 2 > len(texts):
            return pair[0], "values in Bangla script"
        return pair[1], "values in Latin script"
    if _is_bangla(" ".join(path)):
        return pair[0], "header in Bangla (no values)"
    return pair[1], "header in English (no values)"


def assign(
    where: tuple[str, str, int],
    header_paths: list[tuple[str, ...]],
    rows: Rows,
    form: Form,
    hints: Hints,
) -> Assigned:
    """Decide every column; `where` is (file, "sheet X" or "the file", header row)."""
    display, place, header_row = where
    out = Assigned()
    by_field: dict[str, list[int]] = {}
    decided: dict[int, tuple[str, str]] = {}
    pending: list[int] = []
    unclear: list[str] = []
    by_script: list[int] = []  # name columns their values' script decided
    other_period: dict[int, str] = {}  # columns a field fits but for the period they name
    for col, path in enumerate(header_paths):
        text = PATH_JOIN.join(path)
        chosen = None
        if path:
            chosen = hints.maps.get(map_key(text)) or hints.maps.get(map_key(path[-1]))
        if chosen is not None and chosen[0] == IGNORE:
            why = f"left out, as {_SAID.get(chosen[1], chosen[1])} said"
            out.read.append(Column(column_letter(col), text, LEFT_OUT, why))
            continue
        if chosen is not None:
            name, why = chosen[0], f'{chosen[1]}: "{text}" = {chosen[0]}'
        else:
            verdict = form.recognise(path)
            if verdict.ambiguous:
                choices = " or ".join(verdict.candidates)
                unclear.append(f'{column_letter(col)} "{text}" could be {choices}')
                continue
            name, why = verdict.field, verdict.why()  # type: ignore[assignment]
            if verdict.other_period:
                other_period[col] = _other_period(verdict, form)
            pair = hints.script_pair
            if pair and name in pair and not verdict.concepts & {"BANGLA", "ENGLISH"}:
                by_script.append(col)
                name, why = _script(pair, _sample(rows, col), path)
                why = f"{verdict.why()}; {why}"
        if name is None:
            pending.append(col)
            continue
        decided[col] = (name, why)
        by_field.setdefault(name, []).append(col)
    if unclear:
        raise _unclear(display, place, header_row, unclear, hints)
    if hints.script_pair:
        _by_header_language(hints.script_pair, by_script, decided, by_field, header_paths)
    for name, cols in by_field.items():
        if len(cols) > 1 and len({header_paths[c] for c in cols}) > 1:
            raise _twice(display, place, header_row, cols, header_paths, form, name)
        for extra in cols[1:]:  # one header merged over several columns: the first is the field
            del decided[extra]
            pending.append(extra)
    for wanted, test in hints.by_values.items():
        if wanted in by_field:
            continue
        fits = [c for c in pending if _passes(test, _sample(rows, c))]
        if len(fits) == 1:  # two columns of mobiles: neither is picked, both are kept
            decided[fits[0]] = (wanted, f"values: they look like {wanted}")
            pending.remove(fits[0])
            by_field[wanted] = fits
    for col, (name, why) in decided.items():
        path = header_paths[col]
        out.columns[name] = col
        out.headers[name] = _short(path, name, form) or column_letter(col)
        outcome = "not stored" if name in hints.not_stored else name
        out.read.append(Column(column_letter(col), PATH_JOIN.join(path), outcome, why))
    for col in sorted(pending):
        text = PATH_JOIN.join(header_paths[col])
        if not _sample(rows, col)[:1]:
            why = "no header, no values (a spacer)" if not text else "no values in any row"
            out.read.append(Column(column_letter(col), text, "not stored", why))
            continue
        key = text or column_letter(col)
        if key in out.kept.values() or key in out.headers.values():
            key = f"{key} ({column_letter(col)})"
        out.kept[col] = key
        why = other_period.get(col, "no field fits")
        out.read.append(Column(column_letter(col), text, "kept", f"{why}: kept with its row"))
    out.read.sort(key=lambda c: (len(c.letter), c.letter))
    if hints.strict and out.kept:
        raise _strict(display, place, out, hints)
    return out


def _by_header_language(
    pair: tuple[str, str],
    by_script: list[int],
    decided: dict[int, tuple[str, str]],
    by_field: dict[str, list[int]],
    header_paths: list[tuple[str, ...]],
) -> None:
    """Two name columns whose values look alike (or one empty): each header's own language
    decides instead, so "সংস্থার নাম" and "Name of NGO" stay two names."""
    for name in pair:
        cols = by_field.get(name, [])
        if len(cols) < 2 or not set(cols) <= set(by_script):
            continue
        for col in cols:
            chosen, why = _script(pair, [], header_paths[col])
            by_field[name].remove(col)
            by_field.setdefault(chosen, []).append(col)
            decided[col] = (chosen, f"{decided[col][1]}; two alike: {why}")


OTHER_PERIOD = "names another period"


def _other_period(verdict: Verdict, form: Form) -> str:
    """Why a column a field would fit is kept instead: its header names another period."""
    said = ", ".join(f'"{w}"' for w in verdict.period_words)
    fields = " or ".join(f'"{form.label(f)}"' for f in verdict.other_period)
    return f"{OTHER_PERIOD} ({said}), so it is not {fields}"


def _short(path: tuple[str, ...], name: str, form: Form) -> str:
    """The header as messages name it: the top of its path when that alone means the field (a
    translation under it adds nothing), else the whole path."""
    for n in range(1, len(path)):
        if form.field(path[:n]) == name:
            return PATH_JOIN.join(path[:n])
    return PATH_JOIN.join(path)


def map_command(header: str, form_name: str) -> str:
    """The command that maps a header once for all later files."""
    quoted = header.replace('"', '\\"')
    suffix = "" if form_name == "roster" else f" --for {form_name}"
    return f'ngocoord columns map "{quoted}" FIELD{suffix}'


def _unclear(
    display: str, place: str, header_row: int, unclear: list[str], hints: Hints
) -> BadFile:
    return _bad(
        display,
        f"in {place}, the header (row {header_row}) is unclear: " + "; ".join(unclear) + ".",
        "Say which field each is for: "
        + map_command("HEADER", hints.form_name)
        + ' (once for every later file), or --map "HEADER=FIELD" for this import (FIELD'
        " ignore leaves a column out); `ngocoord columns fields` lists the fields.",
    )


def _twice(
    display: str,
    place: str,
    header_row: int,
    cols: list[int],
    header_paths: list[tuple[str, ...]],
    form: Form,
    name: str,
) -> BadFile:
    named = " and ".join(f'{column_letter(c)} "{PATH_JOIN.join(header_paths[c])}"' for c in cols)
    each = "both mean" if len(cols) == 2 else "all mean"
    return _bad(
        display,
        f"in {place}, columns {named} (row {header_row}) {each} "
        f'"{form.label(name)}"; a column may appear only once.',
        "Rename or delete all but one of them and save the file again, or map a header to "
        'another field with --map "HEADER=FIELD".',
    )


def _strict(display: str, place: str, out: Assigned, hints: Hints) -> BadFile:
    named = ", ".join(f'"{k}"' for k in out.kept.values())
    return _bad(
        display,
        f"in {place}, no field fits the columns {named} (--strict).",
        "Map each to a field: " + map_command("HEADER", hints.form_name) + ".",
    )
