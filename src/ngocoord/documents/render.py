"""Documents from templates: one Jinja environment, the Bangla filters, the output file.

Templates live in the shipped `templates` folder (packaged as `ngocoord/templates`); a folder
of the office's own (`--templates DIR`, else the setting `templates.dir`) is searched first,
so a clerk can change one letter without copying the rest.

A document `NAME` is written as
- md:   `NAME.md.j2` rendered as it is (also the plain-text body of e-mail);
- html: `NAME.html.j2` rendered (autoescaped: HTML templates only);
- docx: `NAME.md.j2` rendered, and its headings, paragraphs, line breaks, bold, lists and
  pipe tables turned into a Word document whose fonts are set for Bangla (complex script):
  `ngocoord.documents.docx`;
- pdf:  `NAME.html.j2` rendered and laid out by WeasyPrint (Pango/HarfBuzz shape the Bangla
  conjuncts), refused when no font that covers Bangla is installed: `ngocoord.documents.pdf`.

Undefined variables are errors (StrictUndefined); every template error becomes an
`NgocoordError` that names the template and the line.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import bangla, files
from ngocoord.documents.docx import markdown_to_docx
from ngocoord.documents.pdf import require_bengali_font, write_pdf
from ngocoord.errors import Invalid, NgocoordError, NotFound
from ngocoord.resources import folder
from ngocoord.store import settings

if TYPE_CHECKING:
    from jinja2 import Environment
    from sqlmodel import Session

FORMATS = ("docx", "html", "md", "pdf")
SUFFIX = ".j2"
DEFAULT_FONT = "Nikosh"


# ---------------------------------------------------------------- filters


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return bangla.parse_date(value)
    raise ValueError(f"not a date: {value!r}")


def bn(value: object) -> str:
    """Bengali digits: 2021 → "২০২১"; None → ""."""
    return "" if value is None else bangla.to_bengali_digits(value)


def date_bn(value: object) -> str:
    """ "১০ ফেব্রুয়ারি, ২০২১"."""
    return bangla.format_date_bn(_day(value))


def date_ad(value: object) -> str:
    """ "২৯ জানুয়ারি ২০২১ খ্রিষ্টাব্দ"."""
    return bangla.format_date_christian(_day(value))


def date_bangabda(value: object) -> str:
    """ "১৫ মাঘ ১৪২৭ বঙ্গাব্দ"."""
    return bangla.format_date_bangabda(_day(value))


def month_bn(value: object, sep: str = "/") -> str:
    """ "জানুয়ারি/২০২১" from "2021-01" (or a date)."""
    if isinstance(value, date):
        return bangla.format_month_bn(value.year, value.month, sep)
    year, month = bangla.parse_month(value)
    return bangla.format_month_bn(year, month, sep)


def money(value: object, decimals: int | None = None) -> str:
    """Bangladeshi grouping in Bengali digits: 1234567 → "১২,৩৪,৫৬৭"."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return bangla.group_amount(value, decimals)
    return bangla.group_amount(bangla.parse_decimal(value), decimals)


def ordinal2(value: object) -> str:
    """A serial as minutes number items: 1 → "০১"."""
    return bangla.to_bengali_digits(f"{bangla.parse_int(value):02d}")


def time_bn(value: object) -> str:
    """16:00 → "বিকাল ৪:০০ ঘটিকা" (ভোর, সকাল, দুপুর, বিকাল, সন্ধ্যা, রাত; 12-hour clock)."""
    if isinstance(value, datetime | time):
        return bangla.format_time_bn(value.hour, value.minute)
    text = bangla.to_latin_digits(str(value)).strip()
    found = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", text)
    if not found:
        raise ValueError(f"not a time like 16:00: {value!r}")
    return bangla.format_time_bn(int(found.group(1)), int(found.group(2)))


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell: no | or line breaks of its own."""
    if value is None:
        return ""
    return " ".join(str(value).split()).replace("|", "\\|")


FILTERS = {
    "bn": bn,
    "date_bn": date_bn,
    "date_ad": date_ad,
    "date_bangabda": date_bangabda,
    "month_bn": month_bn,
    "money": money,
    "ordinal2": ordinal2,
    "time_bn": time_bn,
    "cell": cell,
}


# ---------------------------------------------------------------- environment


_SUFFIX_FORMATS = {"htm": "html", "markdown": "md"}


def output_file(
    fmt: str | None, out: Path | None, allowed: tuple[str, ...], stem: str
) -> tuple[str, Path]:
    """The format and file of a rendered document: --format if given, else what --out's name
    ends in, else the first allowed; a folder or no --out gets `stem.<format>`."""
    listed = " | ".join(allowed)
    if fmt is not None:
        fmt = fmt.lower()
        if fmt not in allowed:
            raise Invalid(f"Unknown format {fmt!r}.", f"Use --format {listed}.")
    elif out is not None and out.suffix and not out.is_dir():
        suffix = out.suffix.lower().lstrip(".")
        fmt = _SUFFIX_FORMATS.get(suffix, suffix)
        if fmt not in allowed:
            raise Invalid(
                f"Cannot tell the format from the file name {out.name}.",
                f"Give --format ({listed}) or end the name with one of them.",
            )
    else:
        fmt = allowed[0]
    if out is None:
        out = Path(f"{stem}.{fmt}")
    elif out.is_dir():
        out = files.inside(out, f"{stem}.{fmt}")
    return fmt, out


def shipped_dir() -> Path:
    return folder("templates")


def templates_dir(session: Session | None, given: Path | None) -> Path | None:
    """The office's own template folder: `--templates DIR`, else the setting templates.dir."""
    where = "--templates"
    if given is None and session is not None:
        configured = settings.get(session, "templates.dir")
        given, where = (Path(configured), "the setting templates.dir") if configured else (None, "")
    if given is None:
        return None
    given = given.expanduser()
    if not given.is_dir():
        raise Invalid(
            f"The template folder {given} (from {where}) does not exist.",
            "Give an existing folder, or `ngocoord config set templates.dir FOLDER`.",
        )
    return given


def _autoescape(name: str | None) -> bool:
    return name is not None and name.lower().endswith((".html", ".html.j2", ".htm", ".htm.j2"))


class Renderer:
    """Renders and writes documents from the shipped templates and an optional override."""

    def __init__(
        self,
        override: Path | None = None,
        *,
        font: str | None = None,
        latin_font: str | None = None,
    ) -> None:
        self.override = override
        self.font = font or DEFAULT_FONT
        self.latin_font = latin_font or self.font
        self.search = [p for p in (override, shipped_dir()) if p is not None]
        self._env: Environment | None = None

    @classmethod
    def for_register(cls, session: Session, override: Path | None = None) -> Renderer:
        """A renderer set up from the register's settings (templates.dir, docx fonts)."""

        return cls(
            templates_dir(session, override),
            font=settings.get(session, "docx.font"),
            latin_font=settings.get(session, "docx.latin_font"),
        )

    @property
    def env(self) -> Environment:
        if self._env is None:
            from jinja2 import Environment, FileSystemLoader, StrictUndefined

            env = Environment(
                loader=FileSystemLoader([str(p) for p in self.search], encoding="utf-8"),
                undefined=StrictUndefined,
                autoescape=_autoescape,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            env.filters.update(FILTERS)
            env.globals["font"] = self.font
            self._env = env
        return self._env

    def _name_of(self, filename: str | None, fallback: str) -> str:
        if not filename:
            return fallback
        path = Path(filename)
        for root in self.search:
            try:
                return path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
        return path.name

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render one template; template mistakes come back as messages with name and line."""
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        try:
            return self.env.get_template(name).render(context)
        except TemplateNotFound as exc:
            folders = ", ".join(str(p) for p in self.search)
            raise NotFound(f"No template {exc.name} in {folders}.") from None
        except TemplateSyntaxError as exc:
            where = self._name_of(exc.filename, exc.name or name)
            raise NgocoordError(
                f"template {where} line {exc.lineno}: {exc.message}", exc.filename
            ) from None
        except (TemplateError, ValueError, TypeError, ArithmeticError) as exc:
            frame = _template_frame(exc)
            if frame is None and not isinstance(exc, TemplateError):
                raise
            filename, line = frame or (None, 0)
            where = self._name_of(filename, name)
            message = getattr(exc, "message", None) or str(exc)
            raise NgocoordError(f"template {where} line {line}: {message}", filename) from None

    def write(self, document: str, fmt: str, context: dict[str, Any], path: Path) -> Path:
        """Write `document` (e.g. "reminder") in md, html, docx or pdf to `path`."""
        if fmt not in FORMATS:
            raise Invalid(f"Unknown format {fmt!r}.", f"Use one of {', '.join(FORMATS)}.")
        if fmt == "pdf":
            require_bengali_font()  # before anything is written
        files.make_dirs(path.parent)
        if fmt == "docx":
            text = self.render(f"{document}.md{SUFFIX}", context)
            markdown_to_docx(text, path, font=self.font, latin_font=self.latin_font)
        elif fmt == "pdf":
            text = self.render(f"{document}.html{SUFFIX}", context)
            write_pdf(text, path, base_url=self.search[0])
        else:
            text = self.render(f"{document}.{fmt}{SUFFIX}", context)
            files.write_text(path, text)
        return path


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """(file, line) of the innermost template frame in a traceback Jinja has rewritten."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
