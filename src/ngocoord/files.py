"""Writing files: complete or not at all, inside the folder they belong in, and the register's
own files for its owner only.

Every file ngocoord writes goes through `replacing`: it is written to a temporary name in the
same folder and renamed over the target once complete, so a full disk or a failed write leaves
no partial file behind and the same command can simply be run again. A failed write becomes a
message that says what happened and what to do. A file named after something from outside
(a return kind, an NGO code, a received file's name) is placed with `inside`, which refuses a
name that would lead out of its folder.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ngocoord.errors import BadFile, Invalid

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


SLUG = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?")
SLUG_RULE = "1 to 40 Latin letters, digits and -, not starting or ending with -"


def slug(value: str, what: str) -> str:
    """A name that will become part of a file or folder name (a return kind): a short slug,
    so that no name can climb out of the folder it is written in or name another place."""
    if not SLUG.fullmatch(value):
        raise Invalid(
            f"The {what} {value!r} cannot be used: it becomes part of file names.",
            f"Write {SLUG_RULE} (e.g. upazila-minutes).",
        )
    return value


def inside(folder: Path, *parts: str) -> Path:
    """`folder / parts…`, refused unless it stays inside `folder` once resolved: a name read
    from a register, a file or the command line may hold `..`, `/` or a link's way out."""
    base = Path(folder).resolve()
    resolved = base.joinpath(*parts).resolve()
    odd = any(not p or p in (".", "..") or any(c in p for c in "/\\\0") for p in parts)
    if odd or (resolved != base and base not in resolved.parents):
        shown = "/".join(parts)
        raise Invalid(
            f"{shown!r} would be written outside {folder}; nothing was written.",
            "A return kind or code that names files may hold only letters, digits, - and _;"
            " this one was stored before that rule: add a kind with such a name "
            "(`return add-kind`) and use it instead.",
        )
    return Path(folder).joinpath(*parts)


def write_error(path: Path, exc: OSError) -> BadFile:
    """An OSError met while writing `path`, as a message the clerk can act on."""
    if exc.errno in _NO_SPACE:
        return BadFile(
            f"{path}: no space left on the disk (or over this user's quota); nothing was written.",
            "Free space on that disk, or choose another folder, and run the command again.",
        )
    if exc.errno in _NOT_WRITABLE:
        return BadFile(
            f"{path}: cannot be written: {exc.strerror or 'permission denied'} "
            "(the file or its folder is read-only for this user); nothing was written.",
            "Make the folder writable for this user, or choose another folder; if the file is "
            "open in Excel or Word, close it and try again.",
        )
    return BadFile(
        f"{path}: cannot be written ({exc.strerror or exc}); nothing was written.",
        "Check the folder and the disk, then run the command again.",
    )


def make_dirs(folder: Path, *, private: bool = False) -> Path:
    """Create `folder` and any missing parents; those created are owner-only when private."""
    missing = []
    current = Path(folder)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    try:
        for created in reversed(missing):
            created.mkdir(mode=PRIVATE_DIR if private else 0o777, exist_ok=True)
            if private:
                os.chmod(created, PRIVATE_DIR)  # mkdir's mode is cut by the umask
    except OSError as exc:
        raise write_error(folder, exc) from exc
    return folder


def make_private(path: Path) -> None:
    """Owner-only permissions on a file ngocoord made (POSIX; on Windows the folder's ACL rules)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


@contextmanager
def replacing(path: Path, *, private: bool = False, exclusive: bool = False) -> Iterator[Path]:
    """A temporary file beside `path` for the caller to write; renamed to `path` on success,
    removed on any failure. `exclusive` refuses to replace a file that is already there;
    `private` makes the file the owner's only (0600), else it gets the usual permissions."""
    path = Path(path)
    if exclusive and path.exists():
        raise Invalid(f"{path} already exists.", "Choose a new file name.")
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as exc:
        raise write_error(path, exc) from exc
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        if not private:
            os.chmod(partial, 0o666 & ~_umask())
        _rename(partial, path, exclusive)
    except OSError as exc:
        raise write_error(path, exc) from exc
    finally:
        partial.unlink(missing_ok=True)


def _rename(partial: Path, path: Path, exclusive: bool) -> None:
    if not exclusive:
        os.replace(partial, path)
        return
    try:
        os.link(partial, path)  # fails if another process made `path` meanwhile
    except FileExistsError:
        raise Invalid(f"{path} already exists.", "Choose a new file name.") from None
    except OSError:  # a filesystem without hard links
        if path.exists():
            raise Invalid(f"{path} already exists.", "Choose a new file name.") from None
        os.replace(partial, path)


def write_bytes(path: Path, data: bytes, **options: bool) -> Path:
    with replacing(path, **options) as partial:
        partial.write_bytes(data)
    return Path(path)


def write_new(path: Path, data: bytes) -> Path:
    """`data` written where no file is: at `path`, or, when a file is there (or appears while
    this writes), at path-2, path-3, … beside it. Returns the name written: a file made afresh
    by each run (a batch's rejects workbook) never replaces an earlier run's."""
    n = 1
    while True:
        candidate = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            try:
                return write_bytes(candidate, data, exclusive=True)
            except Invalid:
                if not candidate.exists():
                    raise
        n += 1


def write_text(path: Path, text: str, **options: bool) -> Path:
    return write_bytes(path, text.encode("utf-8"), **options)


def write_with(path: Path, writer: Callable[[Path], object], **options: bool) -> Path:
    """Let `writer` write the file (python-docx, SQLite's backup…) under the temporary name."""
    with replacing(path, **options) as partial:
        writer(partial)
    return Path(path)


def copy(source: Path, path: Path, **options: bool) -> Path:
    """A copy of `source` at `path`, its modification time kept."""

    def _copy(partial: Path) -> None:
        shutil.copyfile(source, partial)
        shutil.copystat(source, partial, follow_symlinks=True)
        if options.get("private"):
            os.chmod(partial, PRIVATE_FILE)

    return write_with(path, _copy, **options)
