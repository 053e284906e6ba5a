"""The meeting as a plain text document the clerk edits in any editor, and its parser.

Long Bangla paragraphs cannot be typed on a command line; here they are written as text,
and every mistake is reported with the line it is on. See docs/meeting-document.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ngocoord.bangla import (
    format_month_bn,
    parse_date,
    parse_month,
    to_bengali_digits,
    to_latin_digits,
)
from ngocoord.errors import ParseError

# header key -> (field, aliases); the first alias is what `render` writes.
HEADER: dict[str, list[str]] = {
    "meeting": ["সভা নং", "Meeting"],
    "held_on": ["তারিখ", "Date"],
    "time": ["সময়", "Time"],
    "venue": ["স্থান", "Venue"],
    "chair_name": ["সভাপতি", "Chair"],
    "chair_designation": ["সভাপতির পদবি", "Chair designation"],
    "month_reviewed": ["আলোচ্য মাস", "Month reviewed"],
    "committee": ["কমিটি", "Committee"],
    "memo_no": ["স্মারক নং", "Memo no"],
    "memo_date": ["স্মারকের তারিখ", "Memo date"],
    "read_by": ["বিগত সভার সিদ্ধান্ত পাঠ করেন", "Read by"],
    "previous_minutes": ["বিগত কার্যবিবরণী দৃঢ়করণ", "Previous minutes confirmed"],
    "presenter": ["উপস্থাপনকারী এনজিও", "Presenter"],
    "next_presenter": ["পরবর্তী উপস্থাপনকারী এনজিও", "Next presenter"],
    "signatory_name": ["স্বাক্ষরকারী", "Signatory"],
    "signatory_designation": ["স্বাক্ষরকারীর পদবি", "Signatory designation"],
}
SECTIONS = {
    "opening": ["সূচনা", "Opening"],
    "item": ["বিষয়", "Item"],
    "closing": ["সমাপনী", "Closing"],
    "distribution": ["বিতরণ", "Distribution"],
}
PARTS = {
    "discussion": ["আলোচনা", "Discussion"],
    "decisions": ["সিদ্ধান্ত", "Decisions"],
    "implementers": ["বাস্তবায়ন", "Implementers"],
}
OPTIONS = {
    "due": ["শেষ তারিখ", "due"],
    "remove": ["বাদ", "remove"],
    "implementers": ["বাস্তবায়ন", "বাস্তবায়নে", "implementers"],
}
USE_OPTIONS = "use {শেষ তারিখ: DATE}, {বাদ: CODE} or {বাস্তবায়ন: NAMES}"
# How the previous minutes were taken, in the header: হ্যাঁ, না, or সংশোধনসহ: the changes.
WITH_CHANGES = ("সংশোধনসহ", "with changes")
PART_LINES = "'--- আলোচনা', '--- সিদ্ধান্ত' or '--- বাস্তবায়ন'"
YES = {"হ্যাঁ", "হ্যা", "yes", "y", "true", "1"}
NO = {"না", "no", "n", "false", "0", ""}


def yes_or_no(text: str) -> bool | None:
    """হ্যাঁ, yes, 1 … as True; না, no, 0 or nothing as False; anything else None. The one
    reading of a yes-or-no cell, in the meeting document as in the attendance sheet."""
    folded = _norm(text)
    return True if folded in YES else False if folded in NO else None


@dataclass
class DecisionText:
    seq: int
    text: str
    due_on: date | None = None
    removes: str | None = None  # NGO code taken off the list by this decision
    line: int = 0
    implementers: str = ""  # its own implementers ({বাস্তবায়ন: …}); else the item's


@dataclass
class ItemText:
    number: int
    discussion: str = ""
    decisions: list[DecisionText] = field(default_factory=list)
    implementers: str = ""
    line: int = 0
    standard: str | None = None  # what `meeting new` wrote it as (figures, carried, rota)


@dataclass
class MeetingText:
    header: dict[str, Any] = field(default_factory=dict)
    opening: str = ""
    closing: str = ""
    distribution: list[str] = field(default_factory=list)
    items: list[ItemText] = field(default_factory=list)


class DocumentError(ParseError):
    """Mistakes in an edited meeting document, each with its line number."""

    def __init__(self, problems: list[tuple[int, str]], source: str = "the document") -> None:
        lines = "\n".join(f"{source}:{n}: {msg}" for n, msg in problems)
        super().__init__(
            f"{len(problems)} problem(s) in {source}; nothing was changed:\n{lines}",
            "Correct those lines and apply the document again.",
        )
        self.problems = problems


def _norm(text: str) -> str:
    return " ".join(to_latin_digits(text).casefold().split())


def quote(text: str, limit: int = 40) -> str:
    """The start of a line for a message, cut between graphemes: never after a virama, before
    a vowel sign or mark, or inside a conjunct (ক্ষ stays whole)."""
    text = " ".join(text.split())
    end = min(limit, len(text))
    while end < len(text) and (
        unicodedata.category(text[end]) in ("Mn", "Mc", "Me")
        or text[end] in "\u200c\u200d\u09cd"
        or text[end - 1] in "\u200d\u09cd"
    ):
        end += 1
    return repr(text[:end] + ("…" if end < len(text) else ""))


# The separators typists put between a key and its value: ':', the visarga 'ঃ', or '-'.
_SEPARATOR = re.compile(r"[:ঃ-]")


def key_value(line: str, keys: dict[str, str]) -> tuple[str, str] | None:
    """(key, value) of a 'key: value' line whose key is one of `keys` (normalised alias ->
    key), whichever separator was typed; None when no known key comes before one."""
    for m in _SEPARATOR.finditer(line):
        key = keys.get(_norm(line[: m.start()]))
        if key is not None:
            return key, line[m.end() :].strip()
    return None


_HEADER_KEYS = {_norm(a): k for k, aliases in HEADER.items() for a in aliases}
_SECTION_KEYS = {_norm(a): k for k, aliases in SECTIONS.items() for a in aliases}
_PART_KEYS = {_norm(a): k for k, aliases in PARTS.items() for a in aliases}
_OPTION_KEYS = {_norm(a): k for k, aliases in OPTIONS.items() for a in aliases}
# A decision number (৩.১, 3.1, ৩ . ১) where a decision starts: at the start of a line or after
# the end of a sentence, not part of a date (১০.০২.২০২১) or a longer number.
_DECISION_NO = re.compile(
    r"(?:^|(?<=\n)|(?<=[।!?])|(?<=[।.!?]\s))[ \t]*([০-৯0-9]{1,2})[ \t]*[.।][ \t]*([০-৯0-9]{1,2})"
    r"(?![০-৯0-9]|[.।][০-৯0-9])(?=[\s)।.:ঃ-]|$)"
)
_OPTION = re.compile(r"\{([^{}:ঃ-]+)[:ঃ-]([^{}]*)\}")


def split_decisions(
    item: int, text: str, first_line: int = 0, problems: list[tuple[int, str]] | None = None
) -> list[DecisionText]:
    """Decisions numbered item.n (৩.১ … ৩.২ …), on their own lines or in one paragraph as
    they come from Word; a block without such numbers is one decision. A number of another
    item (৪.২ under item ০৩) or a number written twice is a problem on its line: taken as it
    is, it would merge two decisions or move a due date from one to another."""
    problems = problems if problems is not None else []
    marks = list(_DECISION_NO.finditer(text))
    if not marks:
        return _listed(text, first_line) or (
            [DecisionText(1, text.strip(), line=first_line)] if text.strip() else []
        )
    found: list[DecisionText] = []
    head = text[: marks[0].start()].strip()
    seen: dict[int, int] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end() : end].strip()
        if i == 0 and head:
            body = f"{head} {body}"
        line = first_line + text[: m.start()].count("\n")
        number, seq = int(to_latin_digits(m.group(1))), int(to_latin_digits(m.group(2)))
        said = to_bengali_digits(f"{number}.{seq}")
        if number != item:
            own = to_bengali_digits(f"{item:02d}")
            problems.append(
                (
                    line,
                    f"decision {said} is under item {own}: number it {to_bengali_digits(item)}.N, "
                    f"or move it under item {to_bengali_digits(f'{number:02d}')}: {quote(body)}",
                )
            )
        elif seq in seen:
            problems.append(
                (line, f"decision {said} appears twice (also on line {seen[seq]}): {quote(body)}")
            )
        seen.setdefault(seq, line)
        found.append(DecisionText(seq, body, line=line))
    return found


# A line that starts "১." or "2)": the clerk's own list of an item's decisions, one a line.
_LISTED_NO = re.compile(r"^[ \t]*([০-৯0-9]{1,2})[ \t]*[.)।](?![০-৯0-9])[ \t]*", re.MULTILINE)


def _listed(text: str, first_line: int) -> list[DecisionText]:
    """Decisions written one a line as ১. … ২. … (numbered 1, 2, 3 … in order, at least two):
    the item's decisions ১.১, ১.২ …; anything else, none (the block is one decision)."""
    marks = list(_LISTED_NO.finditer(text))
    numbers = [int(to_latin_digits(m.group(1))) for m in marks]
    if (
        len(marks) < 2
        or numbers != list(range(1, len(marks) + 1))
        or text[: marks[0].start()].strip()
    ):
        return []
    found = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        line = first_line + text[: m.start()].count("\n")
        found.append(DecisionText(numbers[i], text[m.end() : end].strip(), line=line))
    return found


def _options(decision: DecisionText, problems: list[tuple[int, str]]) -> None:
    for m in list(_OPTION.finditer(decision.text)):
        key = _OPTION_KEYS.get(_norm(m.group(1)))
        value = m.group(2).strip()
        if key is None:
            problems.append(
                (
                    decision.line,
                    f"unknown option {{{m.group(1)}: …}}; {USE_OPTIONS}",
                )
            )
            continue
        if key == "due":
            try:
                decision.due_on = parse_date(value)
            except ValueError:
                problems.append((decision.line, f"the due date {quote(value)} cannot be read"))
        elif key == "implementers":
            decision.implementers = " ".join(value.split())
        else:
            decision.removes = value.upper()
    decision.text = " ".join(_OPTION.sub("", decision.text).split())


def parse(text: str, source: str = "the document") -> MeetingText:
    """Parse an edited document; raise DocumentError listing every bad line."""
    doc = MeetingText()
    problems: list[tuple[int, str]] = []
    section: str | None = None
    item: ItemText | None = None
    part: str | None = None
    buffers: dict[tuple[str, int, str], list[tuple[int, str]]] = {}

    def add(key: tuple[str, int, str], n: int, line: str) -> None:
        buffers.setdefault(key, []).append((n, line))

    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.lstrip().startswith("#"):
            continue
        if line.startswith("==="):
            title = _SEPARATOR.sub(" ", line.strip("= ")).strip()
            words = title.split(None, 1)
            kind = _SECTION_KEYS.get(_norm(title)) or (
                _SECTION_KEYS.get(_norm(words[0])) if words else None
            )
            part = None
            if kind == "item":
                number = to_latin_digits(words[1]).strip() if len(words) > 1 else ""
                if not number.isdigit():
                    problems.append(
                        (n, f"an item needs its number, like '=== বিষয় ০১' (got {quote(title)})")
                    )
                    section, item = None, None
                    continue
                item = ItemText(int(number), line=n)
                if any(i.number == item.number for i in doc.items):
                    problems.append((n, f"item {number} appears twice"))
                doc.items.append(item)
                section = "item"
            elif kind is None:
                names = ", ".join(a[0] for a in SECTIONS.values())
                problems.append((n, f"unknown section {quote(title)}; sections are: {names}"))
                section = None
            else:
                section, item = kind, None
            continue
        if line.startswith("---"):
            title = line.strip("- ").strip().rstrip(":ঃ").strip()
            part = _PART_KEYS.get(_norm(title))
            if section != "item":
                problems.append((n, f"'--- {title}' belongs under an item ('=== বিষয় ০১')"))
            elif part is None:
                names = ", ".join(a[0] for a in PARTS.values())
                problems.append((n, f"unknown part {quote(title)}; an item has: {names}"))
            continue
        if section is None:
            if not line.strip():
                continue
            found = key_value(line, _HEADER_KEYS)
            if found is None:
                problems.append((n, f"not a 'key: value' line of the header: {quote(line)}"))
                continue
            doc.header[found[0]] = (" ".join(found[1].split()), n)
            continue
        if section == "item":
            if item is None:
                continue
            if part is None:
                if line.strip():
                    problems.append(
                        (
                            n,
                            f"text under an item must follow {PART_LINES}",
                        )
                    )
                continue
            add(("item", item.number, part), n, line)
        else:
            add((section, 0, ""), n, line)

    def joined(key: tuple[str, int, str]) -> tuple[str, int]:
        lines = buffers.get(key, [])
        paragraphs = "\n".join(line for _, line in lines).strip()
        first = next((n for n, line in lines if line.strip()), 0)
        return "\n".join(" ".join(p.split()) for p in paragraphs.split("\n\n")), first

    doc.opening = joined(("opening", 0, ""))[0]
    doc.closing = joined(("closing", 0, ""))[0]
    doc.distribution = [
        re.sub(r"^\s*[-•]?\s*[০-৯0-9]*\s*[।.)]?\s*", "", line).strip()
        for _, line in buffers.get(("distribution", 0, ""), [])
        if line.strip()
    ]
    for it in doc.items:
        it.discussion = joined(("item", it.number, "discussion"))[0]
        it.implementers = joined(("item", it.number, "implementers"))[0]
        text, first = joined(("item", it.number, "decisions"))
        raw = "\n".join(line for _, line in buffers.get(("item", it.number, "decisions"), []))
        it.decisions = split_decisions(it.number, raw, first, problems) if text else []
        if not it.discussion:
            problems.append((it.line, f"item {it.number} has no discussion ('--- আলোচনা')"))
        for d in it.decisions:
            _options(d, problems)
    _check_header(doc, problems)
    if problems:
        raise DocumentError(sorted(problems), source)
    return doc


def _check_header(doc: MeetingText, problems: list[tuple[int, str]]) -> None:
    """Turn header strings into values; record what cannot be read."""

    values: dict[str, Any] = {}
    for key, (value, n) in doc.header.items():
        try:
            if key in ("held_on", "memo_date"):
                values[key] = parse_date(value) if value else None
            elif key == "time":
                values[key] = parse_time(value)
            elif key == "month_reviewed":
                year, month = parse_month(value)
                values[key] = f"{year:04d}-{month:02d}"
            elif key == "previous_minutes":
                values[key], values["previous_changes"] = previous_minutes(value)
            elif key == "meeting":
                values[key] = int(to_latin_digits(value)) if value else None
            elif key in ("presenter", "next_presenter"):
                values[key] = value.upper() or None
            else:
                values[key] = value or None
        except ValueError as exc:
            problems.append((n, f"{HEADER[key][0]}: {quote(value)} cannot be read ({exc})"))
    doc.header = values


def previous_minutes(value: str) -> tuple[str | None, str | None]:
    """The header's দৃঢ়করণ line as (state, changes): হ্যাঁ, না, সংশোধনসহ: the changes, or blank."""
    for prefix in WITH_CHANGES:
        if _norm(value).startswith(prefix):
            changes = _SEPARATOR.sub(" ", value.strip()[len(prefix) :], count=1).strip()
            if not changes:
                raise ValueError("write the changes after সংশোধনসহ:")
            return "changed", changes
    if not value.strip():
        return None, None
    answer = yes_or_no(value)
    if answer is None:
        raise ValueError("write হ্যাঁ, না or সংশোধনসহ: the changes")
    return ("confirmed" if answer else "not_confirmed"), None


def previous_minutes_text(state: str | None, changes: str | None) -> str:
    """The header's দৃঢ়করণ line for a state: what previous_minutes reads back."""
    if state == "changed":
        return f"{WITH_CHANGES[0]}: {changes or ''}"
    return {"confirmed": "হ্যাঁ", "not_confirmed": "না"}.get(state or "", "")


def parse_time(text: str) -> str:
    """'16:00', '৪:০০', 'বিকাল ৪:০০', '4:00 PM' as HH:MM (24-hour)."""
    latin = to_latin_digits(text).strip().lower()
    m = re.search(r"(\d{1,2})[:.](\d{2})", latin)
    if not m:
        raise ParseError("write a time like 16:00")
    hour, minute = int(m.group(1)), int(m.group(2))
    afternoon = any(w in latin for w in ("pm", "বিকাল", "বিকেল", "সন্ধ্যা", "রাত", "দুপুর"))
    if afternoon and hour < 12 and not ("দুপুর" in latin and hour == 12):
        hour += 12
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ParseError("no such time")
    return f"{hour:02d}:{minute:02d}"


def render(values: dict[str, Any], doc: MeetingText) -> str:
    """The document for the editor: header lines, then the sections."""
    lines = [
        "# ngocoord meeting document: edit the text, keep the '===' and '---' lines.",
        "# Decisions are numbered ১.১, ১.২ … under item ০১.",
        "# Options after a decision: {শেষ তারিখ: ০৭.০৩.২০২১} {বাদ: CODE} {বাস্তবায়ন: NAMES}",
    ]
    for key, aliases in HEADER.items():
        value = values.get(key)
        if key == "previous_minutes":
            value = previous_minutes_text(value, values.get("previous_changes"))
        elif isinstance(value, date):
            value = to_bengali_digits(value.strftime("%d.%m.%Y"))
        elif key == "month_reviewed" and value:
            value = format_month_bn(int(value[:4]), int(value[5:]))
        elif key in ("time", "meeting") and value is not None:
            value = to_bengali_digits(value)
        lines.append(f"{aliases[0]}: {'' if value is None else value}")
    lines += ["", "=== সূচনা", doc.opening, ""]
    for it in doc.items:
        number = to_bengali_digits(f"{it.number:02d}")
        lines += [f"=== বিষয় {number}", "--- আলোচনা", it.discussion, "--- সিদ্ধান্ত"]
        for d in it.decisions:
            options = ""
            if d.due_on:
                options += f" {{শেষ তারিখ: {to_bengali_digits(d.due_on.strftime('%d.%m.%Y'))}}}"
            if d.removes:
                options += f" {{বাদ: {d.removes}}}"
            if d.implementers and d.implementers != it.implementers:
                options += f" {{বাস্তবায়ন: {d.implementers}}}"
            prefix = (
                f"{to_bengali_digits(f'{it.number}.{d.seq}')} " if len(it.decisions) > 1 else ""
            )
            lines.append(f"{prefix}{d.text}{options}")
        lines += ["--- বাস্তবায়ন", it.implementers, ""]
    lines += ["=== সমাপনী", doc.closing, "", "=== বিতরণ"]
    lines += [f"{to_bengali_digits(i)}। {d}" for i, d in enumerate(doc.distribution, start=1)]
    return "\n".join(lines) + "\n"
