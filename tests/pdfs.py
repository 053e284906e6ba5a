"""Reading the PDFs the tests write: which fonts set the text and whether each is embedded,
and where words stand on the pages (poppler's pdftotext -bbox)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

BANGLA = re.compile(r"[\u0980-\u09ff]")
BANGLA_FAMILIES = ("Noto-Sans-Bengali", "Noto-Serif-Bengali", "NotoSansBengali", "NotoSerifBengali")
BANGLA_FAMILIES += ("Nikosh", "SolaimanLipi", "Kalpurush", "Vrinda", "Lohit-Bengali", "Mukti")


def _font_name(font: Any) -> str:
    return str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]


def _embedded(font: Any) -> bool:
    descendants = font.get("/DescendantFonts")
    target = descendants[0].get_object() if descendants else font
    descriptor = target.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def assert_bangla_in_embedded_bangla_fonts(path: Path) -> int:
    """Every font of the PDF is embedded and its Bangla text is set in a Bangla font; the
    number of pages."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    fonts_used: dict[str, str] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = _font_name(font)
            assert _embedded(font), f"font {name} is not embedded"
            fonts_used.setdefault(name, "")

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if font is not None and text.strip():
                fonts_used[_font_name(font)] = fonts_used.get(_font_name(font), "") + text

        page.extract_text(visitor_text=visit)
    bangla_fonts = {name for name, text in fonts_used.items() if BANGLA.search(text)}
    assert bangla_fonts, f"no Bangla text found in the PDF: {sorted(fonts_used)}"
    for name in bangla_fonts:
        assert any(family.lower() in name.lower() for family in BANGLA_FAMILIES), (
            f"Bangla text set in {name}, not a Bangla font"
        )
    return len(reader.pages)


@dataclass(frozen=True)
class Word:
    page: int  # from 1
    text: str
    top: float  # points from the top of the page
    bottom: float
    page_height: float


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>'
)


def words(path: Path, tmp: Path) -> list[Word] | None:
    """Every word of the PDF with its page and its top and bottom; None without poppler."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    out = tmp / f"{path.stem}-bbox.html"
    subprocess.run([pdftotext, "-bbox", str(path), str(out)], check=True)
    found = []
    pages = _PAGE.findall(out.read_text(encoding="utf-8"))
    for number, (_, height, body) in enumerate(pages, start=1):
        for top, bottom, text in _WORD.findall(body):
            found.append(Word(number, unescape(text), float(top), float(bottom), float(height)))
    return found
