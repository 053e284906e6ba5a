"""What a file that came in really is, before any sheet is read.

Clerks rename files (.xls saved as .xlsx, web pages saved as .xls), send password-protected,
empty, half-copied or enormous workbooks, and save CSV in whatever encoding and with whatever
delimiter their Excel uses. This module looks at the bytes: it tells xlsx from xls from ods
from csv by content, refuses what cannot be read with a `BadFile` that tells the clerk what to
do, and finds the encoding and delimiter of a CSV file. `ngocoord.intake.sheets` reads what
passes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ngocoord import textfiles
from ngocoord.errors import BadFile
from ngocoord.intake import extent

ACCEPTED = ".xlsx, .xlsm, .xls, .ods or .csv"
_KIND_BY_SUFFIX = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 500 * 1024 * 1024  # zip-bomb guard for xlsx/ods

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"

_RESAVE_HINT = (
    "Open it in Excel or LibreOffice and save it again as an Excel workbook (.xlsx), "
    "then import that file."
)
_PASSWORD_HINT = (
    "Open it in Excel, remove the password (File › Info › Protect Workbook) and save it again."
)
_TOO_LARGE_HINT = (
    "Split it into smaller files, or delete unused sheets and empty formatted rows, "
    "and save it again."
)


def _bad(display: str, message: str, hint: str | None = None) -> BadFile:
    return BadFile(f"{display}: {message}", hint)


Extents = dict[str, extent.Extent]


def _check_file(path: Path, display: str) -> tuple[str, Extents]:
    """Check that `path` is a readable spreadsheet of an accepted kind; return what it really is
    and, for a zipped one (xlsx, ods), the real extent of its sheets (`intake.extent`).

    The kind comes from the content, not the name: clerks rename files (.xls saved as .xlsx,
    web pages saved as .xls), and a clear message beats a parser's stack of errors.
    """
    suffix = path.suffix.lower()
    kind = _KIND_BY_SUFFIX.get(suffix)
    if kind is None:
        what = f'"{suffix}" files' if suffix else "files without an extension"
        raise _bad(
            display,
            f"cannot read {what}; accepted are {ACCEPTED}.",
            "Save the sheet from Excel or LibreOffice in one of those formats.",
        )
    try:
        if not path.exists():
            raise _bad(display, "file not found.", "Check the file name and folder.")
        if not path.is_file():
            raise _bad(display, "is a folder, not a file.", "Give the path of the file itself.")
        size = path.stat().st_size
        if size == 0:
            raise _bad(
                display,
                "the file is empty (0 bytes).",
                "It was probably not saved or copied completely. " + _RESAVE_HINT,
            )
        if size > MAX_FILE_BYTES:
            raise _bad(
                display,
                f"the file is too large ({size / 1024 / 1024:.0f} MB; "
                f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB).",
                _TOO_LARGE_HINT,
            )
        with path.open("rb") as fh:
            head = fh.read(512)
            if head.startswith(_OLE_MAGIC):
                fh.seek(0)
                if _ENCRYPTION_INFO in fh.read():
                    raise _bad(display, "is protected with a password to open.", _PASSWORD_HINT)
                return "xls", {}
    except OSError as exc:
        raise _bad(display, f"cannot be opened ({exc.strerror or exc}).") from exc
    if head.startswith(_ZIP_MAGICS):
        return _check_zip(path, display)
    if kind == "csv":
        return "csv", {}
    raise _bad(display, _not_a_spreadsheet(head, suffix), _RESAVE_HINT)


def _not_a_spreadsheet(head: bytes, suffix: str) -> str:
    """Say what a file with spreadsheet extension but no spreadsheet inside most likely is."""
    probe = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return f"is a web page (HTML) saved with a {suffix} name, not a real spreadsheet."
    if probe.startswith(b"<?xml"):
        return f"is an XML file (perhaps 'XML Spreadsheet 2003') with a {suffix} name."
    if probe.startswith(b"%pdf"):
        return f"is a PDF document with a {suffix} name, not a spreadsheet."
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut at the end of the probe
            return f"is not a {suffix} spreadsheet; the file is damaged or of another kind."
        text = head[: exc.start].decode("utf-8")
    first_line = text.partition("\n")[0]
    csv_like = any(d in first_line for d in ",;\t")
    return f"is a plain text file with a {suffix} name, not a real spreadsheet" + (
        " (if it is a CSV file, rename it to .csv)." if csv_like else "."
    )


def _check_zip(path: Path, display: str) -> tuple[str, Extents]:
    """Tell xlsx from ods inside a zip, refuse damaged archives and zip bombs, and measure the
    sheets while the zip is open."""
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
                raise _bad(
                    display,
                    "the workbook is too large when unpacked "
                    f"(over {MAX_UNZIPPED_BYTES // 1024 // 1024} MB).",
                    _TOO_LARGE_HINT,
                )
            names = {i.filename for i in infos}
            if "mimetype" in names:
                mime = zf.read("mimetype").strip()
                if mime == _ODS_MIME:
                    return "ods", extent.sheet_extents(zf, "ods")
                raise _bad(
                    display,
                    f"is an OpenDocument file of another kind ({mime.decode(errors='replace')}),"
                    " not a spreadsheet.",
                    _RESAVE_HINT,
                )
            if "xl/workbook.xml" in names or any(n.endswith("workbook.xml") for n in names):
                return "xlsx", extent.sheet_extents(zf, "xlsx")
            if "content.xml" in names:  # an OpenDocument file written without its mimetype
                return "ods", extent.sheet_extents(zf, "ods")
            if "word/document.xml" in names:
                what = "a Word document"
            elif any(n.startswith("ppt/") for n in names):
                what = "a PowerPoint file"
            else:
                what = "a zip archive"
            raise _bad(display, f"is {what}, not a spreadsheet.", _RESAVE_HINT)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        ValueError,
        KeyError,
    ) as exc:
        raise _bad(
            display,
            f"the workbook is damaged or incomplete ({exc}).",
            "It was probably not saved or copied completely. " + _RESAVE_HINT,
        ) from exc
    except OSError as exc:
        raise _bad(display, f"cannot be opened ({exc.strerror or exc}).") from exc


def _reader_error(display: str, exc: BaseException) -> BadFile:
    """Wrap whatever the spreadsheet reader raised into a clerk-facing BadFile."""
    if type(exc).__name__ == "PasswordError":
        return _bad(display, "is protected with a password to open.", _PASSWORD_HINT)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return _bad(
        display,
        f"could not be read as a spreadsheet; it may be damaged ({detail}).",
        _RESAVE_HINT,
    )


# --- csv: encoding and delimiter -----------------------------------------------------------


# What each encoding a CSV may come in is called in the import summary.
def _decode_csv(data: bytes, display: str) -> tuple[str, str]:
    """A CSV file's text and the encoding it was read in (named in the import summary), by
    the one rule of `textfiles`; what is no text is refused."""
    found = textfiles.decode(data)
    if found is None:
        raise _not_text(display)
    return found


def _not_text(display: str) -> BadFile:
    return _bad(
        display,
        "is not a text file in UTF-8, UTF-16 or Windows-1252 (ANSI), so it cannot be read as CSV"
        " (Bangla letters would be garbled).",
        'In Excel use File › Save As › "CSV UTF-8 (Comma delimited)"; in LibreOffice choose '
        'character set "Unicode (UTF-8)". Or save it as .xlsx instead.',
    )


def _sniff_delimiter(text: str) -> str:
    """Pick , ; or tab: the one that splits most of the first lines into several fields.

    csv.Sniffer gets confused by title lines and Bangla text; counting is enough here.
    """

    sample = "\n".join(text[:65536].splitlines()[:30])
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if len(r) > 1 and any(c.strip() for c in r)]
        score = (len(widths), max(widths, default=0))
        if score > best_score:
            best, best_score = delimiter, score
    return best
