"""How wide a word prints: read from the font Word or LibreOffice will set it in (the family
asked for, else the Bangla font fontconfig falls back to, else a known Bangla font in the usual
font folders), so that a table column can be made wide enough that no word breaks inside it.

The width is the sum of the glyphs' advances without shaping: a conjunct or a vowel sign is
never wider shaped than its letters side by side, so the measure errs on the wide side.
fontTools (which WeasyPrint brings) is imported inside the functions.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from ngocoord.documents.pdf import BENGALI_FONT_FILES, font_dirs

# A Bangla letter set in a font we cannot read is taken as this many ems wide (the widest
# letters of Nikosh and Noto Sans Bengali are about 0.7 em; most are narrower).
FALLBACK_EM = 0.75
POINT_MM = 25.4 / 72
BOLDER = 1.1  # how much wider bold is, where only the regular font can be read


@functools.cache
def font_file(family: str, bold: bool = False, bangla: bool = True) -> Path | None:
    """The file of the font a text in `family` is set in here (a Bangla text, or a Latin
    one), or None."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        pattern = family + (":lang=bn" if bangla else "") + (":weight=bold" if bold else "")
        try:
            done = subprocess.run(
                [fc_match, "--format=%{file}", pattern],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            done = None
        if done is not None and done.returncode == 0 and Path(done.stdout.strip()).is_file():
            return Path(done.stdout.strip())
    if not bangla:
        return None
    wanted = re.sub(r"\s", "", family.lower())
    prefixes = sorted(BENGALI_FONT_FILES, key=lambda p: not wanted.startswith(p))
    for prefix in prefixes:
        for folder in font_dirs():
            for path in folder.rglob("*"):
                stem = re.sub(r"[\s_-]", "", path.stem.lower())
                font = path.suffix.lower() in (".ttf", ".otf") and stem.startswith(prefix)
                if font and bold == ("bold" in stem):
                    return path
    return None


@functools.cache
def _advances(path: Path) -> tuple[dict[int, int], int]:
    """Each character's advance in font units, and the font's units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap() or {}
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}
    return widths, int(font["head"].unitsPerEm)


def text_width_mm(
    text: str, size_pt: float, family: str, latin_family: str | None = None, bold: bool = False
) -> float:
    """How wide `text` prints at `size_pt` (millimetres, erring wide): Bangla in `family`,
    Latin letters and digits in `latin_family` (Word's complex-script and ascii fonts)."""
    bangla = _measure(family, bold, bangla=True)
    latin = _measure(latin_family or family, bold, bangla=False)
    units = sum((latin if ord(ch) < LATIN_END else bangla)(ch) for ch in text)
    return units * size_pt * POINT_MM


LATIN_END = 0x0250  # Basic Latin to Latin Extended-B: set in the ascii font


@functools.cache
def _measure(family: str, bold: bool, bangla: bool) -> Callable[[str], float]:
    """A character's advance in ems in that font (bold from the regular font's widths, a
    little wider, when there is no bold file; FALLBACK_EM when there is no font at all)."""
    path, scale = font_file(family, bold, bangla), 1.0
    if path is None and bold:
        path, scale = font_file(family, False, bangla), BOLDER
    if path is None:
        return lambda ch: FALLBACK_EM * scale
    widths, per_em = _advances(path)

    def advance(ch: str) -> float:
        return widths.get(ord(ch), FALLBACK_EM * per_em) / per_em * scale

    return advance
