"""What any cell of an incoming sheet may hold, whatever its column.

A NUL byte stored in a name breaks every Word document that later prints it; a terminal
escape sequence in a name would be replayed on the clerk's screen; a count beyond what the
register's integer columns hold stopped a whole batch. Each is an error for that one cell,
with its place, like any value that does not parse.
"""

from __future__ import annotations

import re

from ngocoord.errors import ParseError
from ngocoord.intake.extent import MAX_TEXT

MAX_COUNT = 2_147_483_647  # the largest integer every register column holds (PostgreSQL's)
# C0 and C1 controls other than tab and line breaks (a cell typed with Alt+Enter has those)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def shown(value: object, limit: int = 60) -> str:
    """A cell's value as a message quotes it: repr, cut short (a cell may hold megabytes)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def check_text(value: object) -> None:
    """ParseError when a text cell holds control characters or is longer than Excel allows."""
    if not isinstance(value, str):
        return
    text = value
    if len(text) > MAX_TEXT:
        raise ParseError(
            f"the cell holds {len(text):,} characters; the limit is {MAX_TEXT:,}: "
            "shorten it or move the text elsewhere"
        )
    found = _CONTROL.search(text)
    if found:
        raise ParseError(
            f"the cell holds a control character (U+{ord(found.group()):04X}), which cannot be"
            " printed: retype the text, or paste it as plain text"
        )


def checked_texts(texts: list[str]) -> bool:
    """True when none of the texts would fail `check_text`: one search over them all, not a
    call per cell (a roster's column of a hundred thousand names)."""
    if not texts:
        return True
    return max(map(len, texts)) <= MAX_TEXT and _CONTROL.search("\t".join(texts)) is None


def check_count(number: int) -> int:
    """A count (beneficiaries, staff): 0 to MAX_COUNT."""
    if number < 0:
        raise ParseError("is negative; write 0 or more")
    if number > MAX_COUNT:
        raise ParseError(f"is over {MAX_COUNT:,}; check the number")
    return number
