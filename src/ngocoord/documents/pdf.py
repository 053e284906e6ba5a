"""PDF from HTML: WeasyPrint lays the page out (Pango/HarfBuzz shape the Bangla conjuncts), and
nothing is written when no font that covers Bangla is installed.

A template keeps a block or table row on one page with `break-inside: avoid`; one that also
has the class `split-when-long` and an id is kept so only while it is at most half a page
tall. Taller, it would leave the page before it half empty: the page is laid out again with
those allowed to split.

WeasyPrint is imported inside `write_pdf`, so importing this module stays cheap.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from ngocoord import files
from ngocoord.errors import NgocoordError

# Fonts that cover Bangla, by the file names they are installed under where fontconfig's
# fc-list is not on the PATH (Windows, macOS): file-name stem prefix -> family.
BENGALI_FONT_FILES = {
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


def font_dirs() -> list[Path]:
    """The folders fonts are installed in, on Linux, macOS and Windows, that exist here."""
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
    for folder in font_dirs():
        for path in folder.rglob("*"):
            if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
                continue
            stem = re.sub(r"[\s_]", "", path.stem.lower())
            for prefix, family in BENGALI_FONT_FILES.items():
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
    from weasyprint import CSS

    base = str(base_url) if base_url is not None else None
    document = HTML(string=html, base_url=base).render()
    long = long_blocks(document)
    if long:
        allowed = ", ".join(f"#{name}" for name in sorted(long))
        split = CSS(string=f"{allowed} {{ break-inside: auto !important; }}")
        document = HTML(string=html, base_url=base).render(stylesheets=[split])
    data = document.write_pdf()
    assert data is not None
    files.make_dirs(path.parent)
    return files.write_bytes(path, data)


SPLIT_WHEN_LONG = "split-when-long"
_ID = re.compile(r"[A-Za-z][\w-]*")


def long_blocks(document: Any) -> dict[str, float]:
    """The ids of the `split-when-long` elements of a laid-out document that are taller than
    half the page's content area, with their heights as a share of it."""
    heights: dict[str, float] = {}
    for page in document.pages:
        box = page._page_box  # WeasyPrint's layout of the page: its boxes, in CSS pixels
        half = box.height / 2
        on_page: dict[str, float] = {}
        for child in box.descendants():
            element = getattr(child, "element", None)
            if element is None or child.element_tag != element.tag:
                continue
            name = element.get("id") or ""
            if SPLIT_WHEN_LONG in (element.get("class") or "").split() and _ID.fullmatch(name):
                on_page[name] = max(on_page.get(name, 0.0), child.margin_height() / (2 * half))
        for name, share in on_page.items():
            heights[name] = heights.get(name, 0.0) + share
    return {name: share for name, share in heights.items() if share > 0.5}
