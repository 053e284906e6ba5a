"""Word documents from the templates' Markdown: headings, paragraphs (each source line a line
of the letter), bold, bullet and numbered lists, pipe tables, rules, page breaks and signature
blocks, on A4, with the fonts set for Bangla (Word's complex script).

python-docx is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ngocoord import files
from ngocoord.bangla import to_bengali_digits


@dataclass
class Block:
    kind: str  # heading, para, bullet, number, table, rule, pagebreak
    lines: list[str]
    level: int = 0
    widths: list[int] | None = None  # a table's relative column widths (dashes of its rule)
    signature: bool = False  # a paragraph set as a signature block: right half, centred


_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"[-*+]\s+(.*)")
_NUMBER = re.compile(r"(\d+[.)])\s+(.*)")
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
        elif item := _BULLET.fullmatch(stripped):
            flush()
            blocks.append(Block("bullet", [item.group(1)]))
        elif item := _NUMBER.fullmatch(stripped):
            # numbered as written, in Bengali digits: Word's own list numbers are Latin
            flush()
            blocks.append(Block("number", [f"{to_bengali_digits(item.group(1))} {item.group(2)}"]))
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
            style_name = "List Bullet" if block.kind == "bullet" else "List"
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
                fitted = fit_columns(widths, rows, usable / Mm(1), font, latin_font or font)
                for c, column_mm in enumerate(fitted):
                    column_width = Mm(column_mm)
                    table.columns[c].width = column_width
                    for cell in table.columns[c].cells:
                        cell.width = column_width
            for r, cells in enumerate(rows):
                for c in range(width):
                    target = table.cell(r, c).paragraphs[0]
                    value = cells[c] if c < len(cells) else ""
                    add_runs(target, f"**{value}**" if r == 0 and value else value)
            document.add_paragraph()
    buffer = io.BytesIO()  # built whole in memory, then written complete or not at all
    document.save(buffer)
    return files.write_bytes(path, buffer.getvalue())


CELL_PADDING_MM = 2 * 1.9 + 1.0  # Word's cell margins (0.08 in each side), and a little air
TABLE_FONT_PT = 13  # the Normal style's size (set_fonts), which table cells keep
LONGEST_WORD_SHARE = 0.25  # of the page's width: a longer word is not a name, and may break


def words(cell: str) -> list[str]:
    """The words of a cell as Word may not break them: split at spaces, line breaks and after
    hyphens (where Word may break a line), without the Markdown bold marks."""
    text = "".join(chunk for chunk, _ in inline_runs(_LINE_BREAK.sub(" ", cell)))
    return [w for w in re.split(r"\s+|(?<=-)", text) if w]


def fit_columns(
    shares: list[int], rows: list[list[str]], usable_mm: float, font: str, latin_font: str
) -> list[float]:
    """Column widths (mm) in the table's proportions, each widened where needed to hold its
    longest word (the header row bold) as it prints in these fonts, what it gains taken from
    the columns with room to spare. A word over a quarter of the page's width (a web address)
    is left to break; where not every column's longest word fits, the proportions stand."""
    from ngocoord.documents.fonts import text_width_mm

    widths = [usable_mm * share / sum(shares) for share in shares]
    least = [0.0] * len(widths)
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells[: len(widths)]):
            for word in words(cell):
                need = text_width_mm(word, TABLE_FONT_PT, font, latin_font, bold=r == 0)
                if need + CELL_PADDING_MM <= usable_mm * LONGEST_WORD_SHARE:
                    least[c] = max(least[c], need + CELL_PADDING_MM)
    if sum(least) > usable_mm:
        return widths
    wanted = [max(w, n) for w, n in zip(widths, least, strict=True)]
    excess = sum(wanted) - usable_mm
    if excess <= 0:
        return wanted
    room = [w - n for w, n in zip(wanted, least, strict=True)]
    return [w - excess * r / sum(room) for w, r in zip(wanted, room, strict=True)]


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
