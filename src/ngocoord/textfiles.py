"""The text a file's bytes hold, as offices save text: one rule for the CSV readers and
`text bijoy`.

UTF-8 (with or without Excel's BOM) first; UTF-16 with its BOM, as Excel saves "Unicode text"
and Notepad saves "Unicode"; else Windows-1252, Excel's "CSV (Comma delimited)" and Notepad's
"ANSI" on an office PC, in which Bijoy text is saved (SutonnyMJ is a Latin-1 font): bytes that
are not UTF-8 are almost never valid UTF-8 by chance. What is none of them (bytes Windows-1252
leaves undefined, or control characters no text holds: a binary file) is no text.
"""

from __future__ import annotations

import contextlib
import re

UTF8, UTF16, ANSI = "UTF-8", "UTF-16 (Excel's Unicode text)", "Windows-1252 (ANSI)"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str] | None:
    """The text and the encoding it was read in, or None when the bytes are no text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16"), UTF16
    try:
        return data.decode("utf-8-sig"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else (text, ANSI)
