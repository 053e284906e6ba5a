"""PDF from HTML: WeasyPrint lays the page out (Pango/HarfBuzz shape the Bangla conjuncts), and
nothing is written when no font that covers Bangla is installed.

WeasyPrint is imported inside `write_pdf`, so importing this module stays cheap.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from ngocoord import files
from ngocoord.errors import NgocoordError

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
    files.make_dirs(path.parent)
    return files.write_bytes(path, data)
