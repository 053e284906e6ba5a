"""Every document the office prints in Bangla writes its numbers in Bengali digits.

The class, not an example: the demo district's register has a Latin number put into every
text column a document can print (the completeness test holds each text column of the schema
to a decision: printed in Bangla, or Latin, or never printed), a second meeting is recorded
so the standard items are written from the register, and then every document of every
`render` command (and `ngo show`, `remind`) is written in every format it offers and read
back as the clerk sees it. What may stay Latin: the NGOs' codes, e-mail and web addresses,
and the English names.
"""

from __future__ import annotations

import csv
import html
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli

from ngocoord.bangla import to_bengali_digits

# Each text column of the schema whose value a Bangla document may print: a Latin number is
# put into it, and must come out in Bengali digits.
PRINTED = {
    "office": {"name_bn"},
    "ngo": {"name_bn", "head_name", "head_designation", "address", "sectors", "projects", "notes"},
    "registration": {"number"},
    "membership": {"start_reason", "end_reason"},
    "report_line": {"project", "donor", "sector", "activities"},
    "meeting": {
        "venue",
        "chair_name",
        "chair_designation",
        "committee",
        "memo_no",
        "read_by",
        "previous_changes",
        "opening",
        "closing",
        "signatory_name",
        "signatory_designation",
        "distribution",
        "reopened_reason",
    },
    "attendance": {"organisation", "name", "designation"},
    "agenda_item": {"discussion", "implementers"},
    "decision": {"text", "implementers"},
    "lock_override": {"reason"},
    "period_lock": {"reason"},
    "decision_note": {"text"},
    "submission": {"prepared_by", "designation"},
}
# The text columns that stay Latin where printed (codes, addresses, English names, people's
# login names) or that no document prints (keys, states, hashes, JSON, file names).
NOT_BANGLA = {
    "office": {"level", "name_en"},
    "setting": {"key", "value"},  # the printed ones are set below, one by one
    "ngo": {"code", "name_en", "name_key", "mobile", "email", "website", "extra"},
    "ngo_former_code": {"code"},
    "registration": {"authority"},
    "run": {"command", "os_user", "outcome", "changes", "undoes"},
    "audit": {"prior", "os_user", "command", "table_name", "row_key", "action", "old", "new"},
    "return_kind": {"name", "title_bn", "submitter"},
    "submission": {
        "month",
        "content_hash",
        "source_file",
        "stored_file",
        "mobile",
        "imported_by",
        "void_reason",
    },
    "report_line": {"extra"},
    "column_map": {"form", "header_key", "header", "field"},
    "reminder": {"month", "to_address", "memo_no"},
    "meeting": {"time", "month_reviewed", "previous_minutes", "finalised_by", "signed"},
    "agenda_item": {"standard"},
    "decision": {"status"},
    "decision_note": {"kind"},
    "minutes_sent": {"what", "to_address", "decisions", "sent_by", "target", "state"},
    "period_lock": {"month", "locked_by"},
    "lock_override": {"month", "unit", "change", "changed_by"},
}
SETTINGS = {
    "office.name": "জেলা প্রশাসকের কার্যালয় 2, দিনাজপুর",
    "chair.name": "মোঃ মাহমুদুল আলম 3",
    "chair.designation": "জেলা প্রশাসক 4",
    "committee.name": "জেলা এনজিও সমন্বয় কমিটি 5",
    "memo.prefix": "05.47.2700.000.06",
    "office.phone": "0531-65001",
}
LATIN_DIGIT = re.compile(r"[0-9]")
# the lines of the meeting document whose values the tool writes, not the clerk
TOOL_WRITTEN = ("সভা নং:", "তারিখ:", "সময়:", "আলোচ্য মাস:", "স্মারকের তারিখ:", "=== বিষয়")
DATA_VALUE = re.compile(r"\d+|\d{4}-\d{2}-\d{2}")
ADDRESS = re.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+", re.IGNORECASE)


def _text_columns() -> dict[str, set[str]]:
    from sqlalchemy import String, Text
    from sqlmodel import AutoString, SQLModel

    import ngocoord.store.models  # noqa: F401  (the tables)

    return {
        name: {c.name for c in t.columns if isinstance(c.type, String | Text | AutoString)}
        for name, t in SQLModel.metadata.tables.items()
    }


def test_every_text_column_is_decided() -> None:
    """A new text column is either printed in Bangla (and tried below) or said to stay Latin."""
    for table, columns in _text_columns().items():
        decided = PRINTED.get(table, set()) | NOT_BANGLA.get(table, set())
        assert columns <= decided, f"{table}: decide {sorted(columns - decided)}"
        assert not PRINTED.get(table, set()) & NOT_BANGLA.get(table, set())
        assert decided <= columns, f"{table}: no columns {sorted(decided - columns)}"


def _with_numbers(db: Path) -> None:
    """A Latin number appended to every printed text column, in every row that has one."""
    conn = sqlite3.connect(db)
    try:
        for table, columns in PRINTED.items():
            for column in columns:
                conn.execute(
                    f"UPDATE {table} SET {column} = {column} || ' 12' WHERE {column} IS NOT NULL"
                )
        # and filled where the demo leaves them empty
        for column in ("head_name", "head_designation", "address", "notes", "projects"):
            conn.execute(f"UPDATE ngo SET {column} = 'লেখা 7' WHERE {column} IS NULL")
        conn.execute("UPDATE ngo SET start_year = 1986")
        conn.execute(
            "UPDATE meeting SET memo_no = '05.47.2700.000.06.001.21', read_by = 'সহকারী 8', "
            "signatory_name = 'স্বাক্ষরকারী 9', signatory_designation = 'পদবি 10', "
            "previous_changes = 'সংশোধন 11', previous_minutes = 'changed', "
            "memo_date = '2021-02-14'"
        )
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def numbered(tmp_path: Path) -> Cli:
    from ngocoord import demo

    built = demo.build(tmp_path / "demo")
    cli = Cli(tmp_path / "demo" / built.db_path.name)
    for key, value in SETTINGS.items():
        cli("config", "set", key, value)
    _with_numbers(cli.db)
    # a second meeting: its standard items (who reported, open decisions, the rota) are
    # written from the register, figures and all
    cli("meeting", "new", "--date", "11.03.2021", "--venue", "কক্ষ 101")
    cli("meeting", "attend", "2", "MBSK", "--name", "প্রধান 2", "--designation", "পরিচালক 3")
    cli("meeting", "attend", "2", "--org", "অফিস 4", "--name", "করিম 5")
    return cli


def _allowed(db: Path) -> list[str]:
    """The Latin text a Bangla document may print: codes and English names, longest first."""
    conn = sqlite3.connect(db)
    try:
        found = [r[0] for r in conn.execute("SELECT code FROM ngo UNION SELECT name_en FROM ngo")]
        found += [r[0] for r in conn.execute("SELECT name_en FROM office")]
    finally:
        conn.close()
    return sorted({f for f in found if f}, key=len, reverse=True)


def _visible(path: Path) -> str:
    """The text of a written document as the clerk reads it."""
    suffix = path.suffix
    if suffix == ".docx":
        from docx import Document

        document = Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join(parts)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        return "\n".join(
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if isinstance(v, str)  # numbers stay numbers a spreadsheet can add up
        )
    text = path.read_text("utf-8-sig")
    if suffix == ".csv":  # a data file: its serials and ISO dates stay what a spreadsheet reads
        fields = [f for r in csv.reader(text.splitlines()) for f in r]
        return "\n".join(f for f in fields if not DATA_VALUE.fullmatch(f.strip()))
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    if suffix == ".html":
        text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def _leaks(path: Path, allowed: list[str]) -> list[str]:
    text = ADDRESS.sub(" ", _visible(path))
    for latin in allowed:
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(latin)}(?![A-Za-z0-9])", " ", text)
    return [
        f"{path.name}: …{text[max(0, m.start() - 30) : m.end() + 30]}…".replace("\n", " ")
        for m in LATIN_DIGIT.finditer(text)
    ]


def _documents(cli: Cli, out: Path) -> list[Path]:
    """Every Bangla document the commands write, in every format each offers."""
    written = []
    for meeting in ("1", "2"):
        for fmt in ("md", "html", "docx"):
            path = out / f"minutes-{meeting}.{fmt}"
            cli("render", "minutes", meeting, "--out", str(path))
            written.append(path)
        for fmt in ("md", "html", "docx", "xlsx"):
            path = out / f"sheet-{meeting}.{fmt}"
            cli("render", "attendance-sheet", meeting, "--out", str(path))
            written.append(path)
    for fmt in ("md", "html", "xlsx", "csv"):
        path = out / f"summary.{fmt}"
        cli("render", "summary", "--month", "2021-01", "--as-of", "2021-03-01", "--out", str(path))
        written.append(path)
    for code in ("MBSK", "CTW", "ASA"):
        path = out / f"profile-{code}.html"
        cli("ngo", "show", code, "--format", "html", "--out", str(path))
        written.append(path)
    for fmt in ("md", "html", "docx"):
        folder = out / f"reminders-{fmt}"
        cli(
            "remind",
            "--out",
            str(folder),
            "--month",
            "2021-01",
            "--as-of",
            "2021-03-01",
            "--format",
            fmt,
            code=None,
        )
        written += sorted(folder.glob(f"*.{fmt}"))[:3]
    for meeting in ("1", "2"):
        # the meeting as `meeting show` gives it: the texts stay as typed (the document is
        # edited and applied again), the values the tool writes are in Bengali digits
        shown = cli("meeting", "show", meeting).stdout.splitlines()
        path = out / f"meeting-{meeting}.txt"
        path.write_text("\n".join(li for li in shown if li.startswith(TOOL_WRITTEN)), "utf-8")
        written.append(path)
    return written + _mails(cli.db, out)


def _mails(db: Path, out: Path) -> list[Path]:
    """The texts `meeting send` mails: the minutes' covering note, each implementer's
    decisions (from the same values it sends them with)."""
    from ngocoord.documents.render import Renderer
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings import minutes, sending
    from ngocoord.store.db import open_register

    register = open_register(f"sqlite:///{db}")
    written = []
    try:
        with register.session() as s:
            renderer = Renderer.for_register(s)
            for number in (1, 2):
                context = minutes.context(s, number)
                context["title"] = context["heading"].rstrip(":").strip()
                path = out / f"mail-{number}.md"
                text = renderer.render("minutes_mail.md.j2", {**context, "files": ["m.pdf"]})
                path.write_text(text, "utf-8")
                written.append(path)
                mails, _ = sending._implementers(s, meetings.get(s, number))
                for i, mail in enumerate(mails[:3]):
                    own = {"subject": "বিষয়", "implementer": {"name": mail.recipient}}
                    values = {**context, **own, "decisions": mail.decisions}
                    path = out / f"decisions-{number}-{i}.md"
                    path.write_text(renderer.render("decisions_mail.md.j2", values), "utf-8")
                    written.append(path)
    finally:
        register.close()
    return written


def test_no_latin_digit_outside_codes_addresses_and_english(numbered: Cli, tmp_path: Path) -> None:
    documents = _documents(numbered, tmp_path / "out")
    allowed = _allowed(numbered.db)
    leaks = [leak for path in documents for leak in _leaks(path, allowed)[:5]]
    assert not leaks, "\n".join(leaks)
    # and the numbers put in are there, in Bengali digits
    minutes = (tmp_path / "out" / "minutes-1.md").read_text("utf-8")
    assert to_bengali_digits(" 12") in minutes
    shown = (tmp_path / "out" / "meeting-1.txt").read_text("utf-8")
    assert "সভা নং: ১\n" in shown and "=== বিষয় ০১" in shown
    assert any(p.name.startswith("decisions-") for p in documents)


def test_a_numbered_list_in_word_is_numbered_in_bengali_digits(tmp_path: Path) -> None:
    """Word's own list numbers are Latin whatever the text: an office's template that writes
    a numbered list gets its numbers written, as typed, in Bengali digits."""
    from docx import Document

    from ngocoord.documents.docx import markdown_to_docx

    path = tmp_path / "list.docx"
    markdown_to_docx("সূচি:\n\n1. প্রথম কাজ\n2) দ্বিতীয় কাজ\n", path, font="Nikosh")
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["সূচি:", "১. প্রথম কাজ", "২) দ্বিতীয় কাজ"]
    assert "numPr" not in document.element.xml and "w:numId" not in document.element.xml
