"""Documents from templates: one Jinja environment, the Bangla filters, and the writers.

Templates live in the shipped `templates` folder (packaged as `ngocoord/templates`); a folder
of the office's own (`--templates DIR`, else the setting `templates.dir`) is searched first,
so a clerk can change one letter without copying the rest.

A document `NAME` is written as
- md:   `NAME.md.j2` rendered as it is (also the plain-text body of e-mail);
- html: `NAME.html.j2` rendered (autoescaped: HTML templates only);
- docx: `NAME.md.j2` rendered, and its headings, paragraphs, line breaks, bold, lists and
  pipe tables turned into a Word document whose fonts are set for Bangla (complex script);
- pdf:  `NAME.html.j2` rendered and laid out by WeasyPrint (Pango/HarfBuzz shape the Bangla
  conjuncts), refused when no font that covers Bangla is installed.

Undefined variables are errors (StrictUndefined); every template error becomes an
`NgocoordError` that names the template and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import bangla
from ngocoord.errors import Invalid, NgocoordError, NotFound

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
        out = out / f"{stem}.{fmt}"
    return fmt, out


def shipped_dir() -> Path:
    from ngocoord.resources import folder

    return folder("templates")


def templates_dir(session: Session | None, given: Path | None) -> Path | None:
    """The office's own template folder: `--templates DIR`, else the setting templates.dir."""
    where = "--templates"
    if given is None and session is not None:
        from ngocoord.store import settings

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
        from ngocoord.store import settings

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
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "docx":
            text = self.render(f"{document}.md{SUFFIX}", context)
            markdown_to_docx(text, path, font=self.font, latin_font=self.latin_font)
        elif fmt == "pdf":
            text = self.render(f"{document}.html{SUFFIX}", context)
            write_pdf(text, path, base_url=self.search[0])
        else:
            text = self.render(f"{document}.{fmt}{SUFFIX}", context)
            path.write_text(text, encoding="utf-8", newline="\n")
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


# ---------------------------------------------------------------- PDF

# Fonts that cover Bangla, by the file names they are installed under where fontconfig's
# fc-list is not on the PATH (Windows, macOS): file-name stem prefix -> family.
_BENGALI_FONT_FILES = {
    "nikosh": "Nikosh",
    "notosansbengali": "Noto Sans Bengali",
    "notoserifbengali": "Noto Serif Bengali",
    "solaimanlipi": "SolaimanLipi",
    "kalpurush": "Kalpurush",
    "siyamrupali": "Siyam Rupali",
    "vrinda": "Vrinda",
    "shonar": "Shonar Bangla",
    "lohit-bengali": "Lohit Bengali",
    "mukti": "Mukti",
    "banglamn": "Bangla MN",
    "banglasangammn": "Bangla Sangam MN",
    "kohinoorbangla": "Kohinoor Bangla",
}

NO_BENGALI_FONT_HINT = (
    "Install one: on Debian/Ubuntu `sudo apt install fonts-noto-core` (Noto Sans Bengali); "
    "on Windows install Nikosh or Noto Sans Bengali (right-click the .ttf, Install for all "
    "users). Word (docx) and HTML output do not need it."
)


def _font_dirs() -> list[Path]:
    import os

    dirs = [
        Path.home() / ".fonts",
        Path.home() / ".local/share/fonts",
        Path.home() / "Library/Fonts",
    ]
    dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path("/Library/Fonts")]
    for var, sub in (("WINDIR", "Fonts"), ("LOCALAPPDATA", "Microsoft/Windows/Fonts")):
        if os.environ.get(var):
            dirs.append(Path(os.environ[var]) / sub)
    return [d for d in dirs if d.is_dir()]


def bengali_fonts() -> list[str]:
    """Families of the installed fonts that cover Bangla (`fc-list :lang=bn family`; where
    there is no fc-list, the known Bangla fonts found in the usual font folders)."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    families: set[str] = set()
    if fc_list:
        try:
            done = subprocess.run(
                [fc_list, ":lang=bn", "family"],
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            done = None
        if done is not None and done.returncode == 0:
            for line in done.stdout.splitlines():
                families.update(f.strip() for f in line.split(",") if f.strip())
            return sorted(families)
    for folder in _font_dirs():
        for path in folder.rglob("*"):
            if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
                continue
            stem = re.sub(r"[\s_]", "", path.stem.lower())
            for prefix, family in _BENGALI_FONT_FILES.items():
                if stem.startswith(prefix):
                    families.add(family)
    return sorted(families)


def require_bengali_font() -> list[str]:
    """The installed Bangla font families; NgocoordError naming what to install if none."""
    found = bengali_fonts()
    if not found:
        raise NgocoordError(
            "No font that covers Bangla is installed, so a PDF would print boxes instead of "
            "Bangla text; nothing was written.",
            NO_BENGALI_FONT_HINT,
        )
    return found


def write_pdf(html: str, path: Path, base_url: Path | str | None = None) -> Path:
    """Lay out `html` (A4 through its print CSS) as a PDF at `path` with WeasyPrint.

    Refuses, writing nothing, when no Bangla font is installed or WeasyPrint cannot load
    (its Pango libraries are missing). The file appears only once the PDF is complete.
    """
    require_bengali_font()
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise NgocoordError(
            f"PDF output needs WeasyPrint and its Pango libraries, which could not be loaded "
            f"({exc}); nothing was written.",
            "On Debian/Ubuntu: `sudo apt install libpango-1.0-0 libpangoft2-1.0-0` and "
            "`pip install weasyprint`; on Windows see "
            "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html, or write "
            "--format docx or html and print that instead.",
        ) from None
    data = HTML(string=html, base_url=str(base_url) if base_url is not None else None).write_pdf()
    assert data is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------- Markdown to Word


@dataclass
class Block:
    kind: str  # heading, para, bullet, number, table, rule, pagebreak
    lines: list[str]
    level: int = 0
    widths: list[int] | None = None  # a table's relative column widths (dashes of its rule)
    signature: bool = False  # a paragraph set as a signature block: right half, centred


_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"[-*+]\s+(.*)")
_NUMBER = re.compile(r"\d+[.)]\s+(.*)")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})\s*")
_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*")
_PAGE_BREAK = re.compile(r"<!--\s*page-?break\s*-->", re.IGNORECASE)
_SIGNATURE = re.compile(r"<!--\s*signature\s*-->", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def parse_markdown(text: str) -> list[Block]:
    """The small Markdown the templates use: headings, paragraphs (each source line is a line
    of the letter), bullet and numbered lists, pipe tables (the dashes of the rule under the
    header give the columns' relative widths), rules, and `<!-- pagebreak -->` lines; a
    `<!-- signature -->` line makes the next paragraph a signature block."""
    blocks: list[Block] = []
    para: list[str] = []
    signature = False

    def flush() -> None:
        nonlocal signature
        if para:
            blocks.append(Block("para", para.copy(), signature=signature))
            para.clear()
            signature = False

    for raw in text.splitlines():
        line = raw.rstrip("\\").rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if _PAGE_BREAK.fullmatch(stripped):
            flush()
            blocks.append(Block("pagebreak", []))
        elif _SIGNATURE.fullmatch(stripped):
            flush()
            signature = True
        elif heading := _HEADING.fullmatch(stripped):
            flush()
            blocks.append(Block("heading", [heading.group(2)], len(heading.group(1))))
        elif stripped.startswith("|"):
            flush()
            if not (blocks and blocks[-1].kind == "table"):
                blocks.append(Block("table", []))
            if not _TABLE_RULE.fullmatch(stripped):
                blocks[-1].lines.append(stripped)
            elif blocks[-1].widths is None:
                blocks[-1].widths = [max(c.count("-"), 1) for c in split_cells(stripped)]
        elif _RULE.fullmatch(stripped):
            flush()
            blocks.append(Block("rule", []))
        elif (item := _BULLET.fullmatch(stripped)) or (item := _NUMBER.fullmatch(stripped)):
            flush()
            kind = "bullet" if _BULLET.fullmatch(stripped) else "number"
            blocks.append(Block(kind, [item.group(1)]))
        else:
            para.append(stripped)
    flush()
    return blocks


def split_cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


_INLINE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])|(\*\*|__)")


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """Text split into (text, bold) runs: **bold** and __bold__; backslash escapes undone."""
    runs: list[tuple[str, bool]] = []
    bold = False
    buf: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        buf.append(text[pos : m.start()])
        if m.group(1) is not None:
            buf.append(m.group(1))
        else:
            if buf and "".join(buf):
                runs.append(("".join(buf), bold))
            buf = []
            bold = not bold
        pos = m.end()
    buf.append(text[pos:])
    if "".join(buf):
        runs.append(("".join(buf), bold))
    return runs


def markdown_to_docx(text: str, path: Path, *, font: str, latin_font: str | None = None) -> Path:
    """A Word document (A4) of the Markdown text, with Bangla fonts set on its styles."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    set_fonts(document, font, latin_font or font)
    styles = document.styles
    for level, size in ((1, 16), (2, 14), (3, 13)):
        style: Any = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(6 if level > 1 else 0)
        style.paragraph_format.space_after = Pt(4)

    def add_runs(paragraph: Any, line: str) -> None:
        for i, part in enumerate(_LINE_BREAK.split(line)):  # <br>: a line break in a cell
            if i:
                paragraph.add_run().add_break()
            for chunk, bold in inline_runs(part):
                run = paragraph.add_run(chunk)
                if bold:
                    run.bold = True
                    run._r.get_or_add_rPr().get_or_add_bCs()  # Bangla is bold by w:bCs

    for block in parse_markdown(text):
        if block.kind == "heading":
            paragraph = document.add_heading(level=min(block.level, 9))
            add_runs(paragraph, block.lines[0])
            if block.level <= 2:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "para":
            paragraph = document.add_paragraph()
            for i, line in enumerate(block.lines):
                if i:
                    paragraph.add_run().add_break()
                add_runs(paragraph, line)
            if block.signature:  # as government letters sign: in the right half, centred
                usable = section.page_width - section.left_margin - section.right_margin
                paragraph.paragraph_format.left_indent = int(usable * 0.48)
                paragraph.paragraph_format.keep_together = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind in ("bullet", "number"):
            style_name = "List Bullet" if block.kind == "bullet" else "List Number"
            add_runs(document.add_paragraph(style=style_name), block.lines[0])
        elif block.kind == "rule":
            document.add_paragraph()
        elif block.kind == "pagebreak":
            from docx.enum.text import WD_BREAK

            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif block.kind == "table" and block.lines:
            rows = [split_cells(r) for r in block.lines]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = styles["Table Grid"]
            _repeat_header(table.rows[0])
            widths = block.widths
            if widths and len(widths) == width and len(set(widths)) > 1:
                usable = section.page_width - section.left_margin - section.right_margin
                table.autofit = False
                for c, share in enumerate(widths):
                    column_width = int(usable * share / sum(widths))
                    table.columns[c].width = column_width
                    for cell in table.columns[c].cells:
                        cell.width = column_width
            for r, cells in enumerate(rows):
                for c in range(width):
                    target = table.cell(r, c).paragraphs[0]
                    value = cells[c] if c < len(cells) else ""
                    add_runs(target, f"**{value}**" if r == 0 and value else value)
            document.add_paragraph()
    document.save(str(path))
    return path


def _repeat_header(row: Any) -> None:
    """Word repeats this table row at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)


_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_AFTER_SZCS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _child(rpr: Any, tag: str, successors: tuple[str, ...]) -> Any:
    """The rPr child `tag`, added in schema order when missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = rpr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        rpr.insert_element_before(element, *successors)
    return element


def set_fonts(document: Any, bangla_font: str, latin_font: str, size_pt: float = 13) -> None:
    """Bangla is a complex script to Word: its font is rFonts/@w:cs, its language lang/@w:bidi.

    The defaults, the Normal style and every style naming a theme font get explicit fonts
    (a theme font would win over them), and Bangladesh Bangla as the complex-script language.
    """
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles_element = document.styles.element
    normal_style = document.styles["Normal"]
    normal_style.font.size = Pt(size_pt)
    normal = normal_style.element.get_or_add_rPr()
    defaults = styles_element.findall(f"{qn('w:docDefaults')}//{qn('w:rPr')}")
    rprs = [normal, *defaults]
    for style in styles_element.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is not None and rpr is not normal and rpr.find(qn("w:rFonts")) is not None:
            rprs.append(rpr)
    for rpr in rprs:
        fonts = rpr.get_or_add_rFonts()
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), latin_font)
        fonts.set(qn("w:cs"), bangla_font)
    _child(normal, "w:szCs", _AFTER_SZCS).set(qn("w:val"), str(round(size_pt * 2)))
    for rpr in (normal, *defaults):
        lang = _child(rpr, "w:lang", _AFTER_LANG)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "en-US")
        lang.set(qn("w:bidi"), "bn-BD")


def docx_text(path: Path) -> str:
    """All the text of a Word document, paragraphs and table cells, for checks and tests."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)
