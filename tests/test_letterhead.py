"""Every document the office issues prints the same letterhead: the minutes, the attendance
sheet, the reminder letters and their list, the summary and the NGO profile page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Cli

from ngocoord import demo
from ngocoord.documents.letterhead import office_context
from ngocoord.store.db import open_register

OFFICE = "জেলা প্রশাসকের কার্যালয়,  দিনাজপুর 5200"  # Latin digits and a double space, as typed
PRINTED = "জেলা প্রশাসকের কার্যালয়, দিনাজপুর ৫২০০"
PHONE = "0531-65001"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letterhead") / "demo"
    demo.build(folder)
    return folder


@pytest.fixture
def office(demo_folder: Path, tmp_path: Path) -> Cli:
    cli = Cli(shutil.copytree(demo_folder, tmp_path / "demo") / "register.sqlite")
    cli("config", "set", "office.name", OFFICE)
    cli("config", "set", "office.phone", PHONE)
    cli("config", "set", "office.website", "www.dinajpur.gov.bd")
    return cli


def test_one_office_context(office: Cli) -> None:
    register = open_register(f"sqlite:///{office.db}")
    try:
        with register.session() as s:
            got = office_context(s)
    finally:
        register.close()
    assert got["name"] == PRINTED
    assert got["phone"] == "০৫৩১-৬৫০০১"
    assert got["website"] == "www.dinajpur.gov.bd"
    assert set(got) == {"name", "name_en", "district", "phone", "email", "website"}


def test_every_document_prints_the_same_office(office: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    office("render", "minutes", "1", "--format", "md", "--out", str(out / "minutes.md"))
    office("render", "attendance-sheet", "1", "--format", "md", "--out", str(out / "sheet.md"))
    office(
        "render", "summary", "--month", "2021-01", "--as-of", "2021-02-10",
        "--out", str(out / "summary.md"),
    )  # fmt: skip
    office(
        "remind", "--month", "2021-01", "--as-of", "2021-02-10", "--format", "md",
        "--out", str(out / "reminders"),
    )  # fmt: skip
    office("ngo", "show", "MBSK", "--format", "html", "--out", str(out / "MBSK.html"))
    files = [*out.glob("*.*"), *(out / "reminders").glob("*.md")]
    assert len(files) > 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert PRINTED in text, path.name
        assert "5200" not in text, path.name


def test_memo_prefix_loses_a_trailing_full_stop_in_minutes_and_letters(
    office: Cli, tmp_path: Path
) -> None:
    import sqlite3

    from ngocoord.meetings import minutes

    office("config", "set", "memo.prefix", "05.44.2700.008.16.")
    conn = sqlite3.connect(office.db)
    with conn:
        conn.execute("UPDATE meeting SET memo_no = NULL WHERE id = 1")
    conn.close()
    register = open_register(f"sqlite:///{office.db}")
    try:
        with register.session() as s:
            number = minutes.context(s, 1)["memo"]["number"]
    finally:
        register.close()
    assert number == "০৫.৪৪.২৭০০.০০৮.১৬." + minutes.BLANK

    out = tmp_path / "reminders"
    office(
        "remind", "--month", "2021-01", "--as-of", "2021-02-10", "--format", "md",
        "--out", str(out),
    )  # fmt: skip
    letters = "".join(p.read_text(encoding="utf-8") for p in out.glob("*_reminder.md"))
    assert "০৫.৪৪.২৭০০.০০৮.১৬.০০১" in letters
    assert "১৬..০" not in letters
