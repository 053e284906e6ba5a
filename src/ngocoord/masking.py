"""Secrets never leave: the password of a database URL is shown as *** wherever a command line,
a location or a message is recorded or printed.

Written without SQLAlchemy, so it also masks what SQLAlchemy cannot parse, and so recording the
command line costs nothing at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"

_SCHEME = r"[A-Za-z][A-Za-z0-9+.\-]*://"
# scheme://user:PASSWORD@host…: the password runs to the last @ of the word (a password typed
# with an @ of its own, unencoded, is still hidden whole).
_IN_TEXT = re.compile(rf"(?P<head>{_SCHEME}[^\s/?#@:]*:)\S*@")
# One command-line argument may hold spaces (a quoted password); it is masked as one word.
_IN_ARG = re.compile(rf"(?P<head>{_SCHEME}[^\s/?#@:]*:).*@", re.DOTALL)
# …?password=PASSWORD in the query of a URL (libpq and psycopg read it from there too).
_IN_QUERY = re.compile(r"(?P<head>[?&;](?:password|passwd|pwd|pass)=)[^&\s]*", re.IGNORECASE)


def _masked(pattern: re.Pattern[str], text: str) -> str:
    text = pattern.sub(lambda m: f"{m.group('head')}{MASK}@", text)
    return _IN_QUERY.sub(lambda m: f"{m.group('head')}{MASK}", text)


def mask(text: str) -> str:
    """`text` with every URL password in it replaced by ***: postgresql://u:***@host/db."""
    if "://" not in text and "=" not in text:
        return text
    return _masked(_IN_TEXT, text)


def mask_argv(argv: Iterable[str]) -> list[str]:
    """The arguments of a command line, each with its URL password masked."""
    return [_masked(_IN_ARG, arg) if "://" in arg or "=" in arg else arg for arg in argv]


def password_of(url: str) -> str | None:
    """The password written in a URL (userinfo or ?password=), to hide wherever it turns up."""
    found = re.match(rf"{_SCHEME}[^\s/?#@:]*:(?P<secret>.*)@", url, re.DOTALL)
    if found and found.group("secret"):
        return found.group("secret")
    query = re.search(r"[?&;](?:password|passwd|pwd|pass)=(?P<secret>[^&]+)", url, re.I)
    return query.group("secret") if query else None


def hide(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` masked, and every known secret in it (however it was quoted) replaced by ***."""
    text = mask(text)
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, MASK)
    return text
