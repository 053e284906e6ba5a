"""The office's settings, kept in the register so every clerk's PC sees the same ones.

A plain key/value store: what `ngocoord config` shows beside them (the due day of each return
kind) is composed in `ngocoord.register.config`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ngocoord.bangla import parse_int, parse_mobile, parse_month
from ngocoord.emails import is_email
from ngocoord.errors import Invalid, NotFound
from ngocoord.store import audit

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session


def _text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("it is empty")
    return value


def int_between(low: int, high: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        number = parse_int(value)
        if not low <= number <= high:
            raise ValueError(f"it must be a whole number from {low} to {high}")
        return str(number)

    return parse


def _email(value: str) -> str:
    value = value.strip()
    if not is_email(value):
        raise ValueError("it is not an e-mail address like name@example.gov.bd")
    return value


def addresses(value: str | None) -> list[str]:
    """The addresses of a comma-separated list (a semicolon separates as well)."""
    return [a.strip() for a in (value or "").replace(";", ",").split(",") if a.strip()]


def _emails(value: str) -> str:
    found = addresses(value)
    if not found:
        raise ValueError("it holds no address")
    bad = [a for a in found if not is_email(a)]
    if bad:
        raise ValueError(f"{', '.join(bad)}: not an e-mail address like name@example.gov.bd")
    return ", ".join(found)


def _phone(value: str) -> str:
    return parse_mobile(value)


def _month(value: str) -> str:
    year, month = parse_month(value)
    return f"{year:04d}-{month:02d}"


def _bool(value: str) -> str:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on", "হ্যাঁ"}:
        return "true"
    if lowered in {"0", "false", "no", "off", "না"}:
        return "false"
    raise ValueError("it must be true or false")


@dataclass(frozen=True)
class Key:
    name: str
    description: str
    parse: Callable[[str], str] = _text
    default: str | None = None
    read_only: bool = False


KEYS: dict[str, Key] = {
    k.name: k
    for k in [
        Key("district", "District of this office (set by init)", read_only=True),
        Key("office.name", "Office name as printed on letters (Bangla)"),
        Key("office.name_en", "Office name in English"),
        Key("office.phone", "Office telephone", _phone),
        Key("office.email", "Office e-mail", _email),
        Key("office.website", "Website where minutes are published"),
        Key(
            "minutes.recipients",
            "Addresses `meeting send` mails the finalised minutes to (comma-separated)",
            _emails,
        ),
        Key("chair.name", "Default chair of the meeting"),
        Key("chair.designation", "Designation of the default chair", default="জেলা প্রশাসক"),
        Key(
            "committee.name",
            "Name of the coordination committee",
            default="জেলা এনজিও বিষয়ক সমন্বয় কমিটি",
        ),
        Key("memo.prefix", "Memo number prefix, e.g. ০৫.৪৪.২৭০০.০০৮.১৬"),
        Key("tracking.start", "First month (YYYY-MM) for which returns are expected", _month),
        Key("smtp.host", "SMTP server for reminders"),
        Key("smtp.port", "SMTP port", int_between(1, 65535), "587"),
        Key("smtp.user", "SMTP login name"),
        Key("smtp.sender", "From address of reminder mail", _email),
        Key("smtp.tls", "Use STARTTLS", _bool, "true"),
        Key("templates.dir", "Folder of your own templates, used before the shipped ones"),
        Key("docx.font", "Bangla (complex-script) font of Word documents", default="Nikosh"),
        Key("docx.latin_font", "Latin font of Word documents (default: docx.font)"),
    ]
}

SECRET_HINT = (
    "Passwords are never stored in the register: set the environment variable "
    "NGOCOORD_SMTP_PASSWORD or keep it in the OS keyring."
)


# An upazila office's e-mail: office.<its English name, lower case, "-" for spaces>.email
# (register/config.py finds the upazila as the clerk writes it and gives this key).
UPAZILA_EMAIL = re.compile(r"office\.([a-z0-9]+(?:-[a-z0-9]+)*)\.email")


def key_info(name: str) -> Key:
    if name in KEYS:
        return KEYS[name]
    upazila = UPAZILA_EMAIL.fullmatch(name)
    if upazila is not None:
        return Key(name, f"E-mail of the upazila office ({upazila.group(1)})", _email)
    if "password" in name.lower() or "secret" in name.lower():
        raise Invalid(f"`{name}` cannot be stored.", SECRET_HINT)
    close = difflib.get_close_matches(name, list(KEYS), n=3, cutoff=0.5)
    hint = f"Did you mean {', '.join(close)}? " if close else ""
    raise NotFound(
        f"Unknown setting `{name}`.",
        f"{hint}`ngocoord config list` shows every setting.",
    )


def stored(session: Session) -> dict[str, str]:
    from sqlmodel import select

    from ngocoord.store.models import Setting

    return {s.key: s.value for s in session.exec(select(Setting))}


def get(db: Session | Connection, name: str) -> str | None:
    """The stored value, else the default, else None; read without the ORM from a Core
    connection (`check`, which loads no models)."""
    info = key_info(name)
    from sqlalchemy.engine import Connection

    if isinstance(db, Connection):
        from sqlalchemy import select

        from ngocoord.store.tables import table

        t = table(db, "setting").c
        value = db.execute(select(t.value).where(t.key == name)).scalar()
        return value if value is not None else info.default
    from ngocoord.store.models import Setting

    row = db.get(Setting, name)
    return row.value if row is not None else info.default


def put(session: Session, name: str, value: str, *, internal: bool = False) -> str:
    """Validate and store a setting; return the stored (normalised) value."""
    info = key_info(name)
    if info.read_only and not internal:
        raise Invalid(f"`{name}` is set when the register is created and cannot be changed.")
    try:
        clean = info.parse(value)
    except ValueError as exc:
        raise Invalid(f"Bad value for `{name}`: {value!r}: {exc}.", info.description) from exc
    from ngocoord.store.models import Setting

    row = session.get(Setting, name)
    old = row.value if row is not None else None
    if old == clean:
        return clean
    if row is None:
        session.add(Setting(key=name, value=clean))
    else:
        row.value = clean
    audit.record(
        session,
        "setting",
        name,
        "insert" if old is None else "update",
        {"value": old},
        {"value": clean},
    )
    return clean


def listing(session: Session) -> list[dict[str, str | None]]:
    """Every setting with its value (stored or default) and what it is for."""
    values = stored(session)
    upazilas = sorted(k for k in values if UPAZILA_EMAIL.fullmatch(k))
    return [
        {
            "key": k.name,
            "value": values.get(k.name, k.default),
            "default": "yes" if k.name not in values and k.default is not None else "",
            "description": k.description,
        }
        for k in [*KEYS.values(), *map(key_info, upazilas)]
    ]
