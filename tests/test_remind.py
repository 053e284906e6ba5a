"""`ngocoord remind`: letters to the NGOs whose report is overdue, a covering list, and e-mail
through a real SMTP server (aiosmtpd) running in the test."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, RosterFile, receive, table_dump
from smtp_server import PASSWORD, Inbox, free_port, serve, use_server

from ngocoord.documents.docx import docx_text

MONTH, AS_OF = "2021-01", "2021-02-10"  # due 7 February: three days overdue
PREFIX = "০৫.৪৪.২৭০০.০০৮.১৬"


@pytest.fixture
def office(office: Cli, tmp_path: Path) -> Cli:
    """Dinajpur with MBSK, CTW and DAM; MBSK sent its January report, CTW and DAM did not."""
    receive(office, tmp_path, "MBSK", MONTH, "2021-02-05")
    for key, value in [
        ("chair.name", "মোঃ মাহমুদুল আলম"),
        ("office.phone", "0531-65001"),
        ("office.email", "dcdinajpur@mopa.gov.bd"),
        ("memo.prefix", "05.44.2700.008.16"),
    ]:
        office("config", "set", key, value)
    office("ngo", "edit", "DAM", "--email", "dam@example.org")
    office("ngo", "edit", "MBSK", "--email", "mbsk@example.org")
    return office


def remind(cli: Cli, out: Path, *args: str, code: int | None = 0) -> Any:
    return cli("remind", "--month", MONTH, "--as-of", AS_OF, "--out", str(out), *args, code=code)


def reminders(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT n.code, r.month, r.to_address, r.memo_no FROM reminder r "
            "JOIN ngo n ON n.id = r.ngo_id ORDER BY r.id"
        ).fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------- letters


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_letters_for_overdue_ngos_only(office: Cli, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "letters"
    result = remind(office, out, "--format", fmt)
    assert sorted(p.name for p in out.iterdir()) == [
        f"2021-01_CTW_reminder.{fmt}",
        f"2021-01_DAM_reminder.{fmt}",
        f"2021-01_reminders.{fmt}",
    ]
    assert "2 overdue" in result.output and "2021-01_reminders" in result.output
    path = out / f"2021-01_DAM_reminder.{fmt}"
    text = docx_text(path) if fmt == "docx" else path.read_text(encoding="utf-8")
    for expected in [
        "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
        "জেলা প্রশাসকের কার্যালয়, দিনাজপুর",
        f"স্মারক নং- {PREFIX}.০০২",
        "তারিখ: ২৭ মাঘ ১৪২৭ বঙ্গাব্দ / ১০ ফেব্রুয়ারি ২০২১ খ্রিষ্টাব্দ",
        "বেগম সালমা খাতুন",
        "জোনাল ম্যানেজার",
        "ঢাকা আহছানিয়া মিশন",
        "বিষয়: জানুয়ারি/২০২১ মাসের মাসিক কার্যক্রম প্রতিবেদন দাখিল প্রসঙ্গে।",
        "৭ ফেব্রুয়ারি, ২০২১ তারিখের মধ্যে",
        "৩ দিন অতিক্রান্ত",
        "পাওয়া যায়নি",
        "(মোঃ মাহমুদুল আলম)",
        "জেলা প্রশাসক",
        "০৫৩১-৬৫০০১",
        "dcdinajpur@mopa.gov.bd",
    ]:
        assert expected in text, (expected, text)
    ctw = out / f"2021-01_CTW_reminder.{fmt}"
    ctw_text = docx_text(ctw) if fmt == "docx" else ctw.read_text(encoding="utf-8")
    assert f"{PREFIX}.০০১" in ctw_text and "মো: রফিকুল ইসলাম" in ctw_text
    assert not list(out.glob("*MBSK*"))
    assert reminders(office.db) == []  # writing letters records nothing


def test_covering_list(office: Cli, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    remind(office, out, "--format", "md")
    text = (out / "2021-01_reminders.md").read_text(encoding="utf-8")
    assert "জানুয়ারি/২০২১ মাসের মাসিক কার্যক্রম প্রতিবেদন দাখিল না করায়" in text
    assert "| ক্রমিক | সংস্থা | প্রধান | মোবাইল | ই-মেইল | বিলম্ব (দিন) | স্মারক নং |" in text
    assert (
        "| ০১ | কাম-টু-ওয়ার্ক (সিটিডাব্লিউ) | মো: রফিকুল ইসলাম, নির্বাহী পরিচালক | "
        f"০১৮১২৩৪৫৬৭৮ |  | ৩ | {PREFIX}.০০১ |"
    ) in text
    assert (
        "| ০২ | ঢাকা আহছানিয়া মিশন | বেগম সালমা খাতুন, জোনাল ম্যানেজার | ০১৯১১০০০১১১ | "
        f"dam@example.org | ৩ | {PREFIX}.০০২ |"
    ) in text
    assert "মোট ২টি সংস্থা।" in text and "এমবিএসকে" not in text
    remind(office, out, "--format", "docx")
    word = docx_text(out / "2021-01_reminders.docx")
    assert "ঢাকা আহছানিয়া মিশন" in word and "dam@example.org" in word and "ক্রমিক" in word


def test_no_memo_prefix_leaves_a_blank(
    register: Cli, roster_file: RosterFile, tmp_path: Path
) -> None:
    register("ngo", "import", str(roster_file()))
    receive(register, tmp_path, "MBSK", MONTH, "2021-02-05")
    out = tmp_path / "letters"
    remind(register, out, "--format", "md")
    letter = (out / "2021-01_DAM_reminder.md").read_text(encoding="utf-8")
    assert "স্মারক নং- ......" in letter
    listing = (out / "2021-01_reminders.md").read_text(encoding="utf-8")
    assert "স্মারক নং" not in listing


def test_nothing_overdue_exits_0_and_says_so(office: Cli, tmp_path: Path) -> None:
    for code in ("CTW", "DAM"):
        receive(office, tmp_path, code, MONTH, "2021-02-07")
    out = tmp_path / "letters"
    result = remind(office, out)
    assert "nothing overdue" in result.output
    assert not out.exists() or not list(out.iterdir())
    early = office("remind", "--month", MONTH, "--as-of", "2021-02-07", "--out", str(out))
    assert "nothing overdue" in early.output


def test_own_templates_from_option_and_setting(office: Cli, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "reminder.md.j2").write_text(
        "{{ ngo.name }}: {{ month | month_bn }}, {{ days_overdue | bn }} দিন\n", encoding="utf-8"
    )
    out = tmp_path / "a"
    remind(office, out, "--format", "md", "--templates", str(mine))
    assert (out / "2021-01_DAM_reminder.md").read_text(encoding="utf-8") == (
        "ঢাকা আহছানিয়া মিশন: জানুয়ারি/২০২১, ৩ দিন\n"
    )
    assert "গণপ্রজাতন্ত্রী" not in (out / "2021-01_reminders.md").read_text(encoding="utf-8")
    office("config", "set", "templates.dir", str(mine))
    out_b = tmp_path / "b"
    remind(office, out_b, "--format", "md")
    assert (out_b / "2021-01_CTW_reminder.md").read_text(encoding="utf-8").startswith("কাম-টু")
    (mine / "reminder.md.j2").write_text("{{ ngo.nmae }}\n", encoding="utf-8")
    bad = remind(office, out_b, "--format", "md", code=1)
    assert "template reminder.md.j2 line 1" in bad.output
    missing = remind(office, out_b, "--templates", str(tmp_path / "nope"), code=1)
    assert "does not exist" in missing.output


def test_upazila_returns_get_no_letters(office: Cli, tmp_path: Path) -> None:
    result = remind(office, tmp_path / "x", "--kind", "upazila-minutes", code=1)
    assert "reminders are letters to NGOs" in result.output


# ---------------------------------------------------------------- e-mail


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    yield from serve(auth=False)


@pytest.fixture
def smtp_auth() -> Iterator[Inbox]:
    yield from serve(auth=True)


def test_send_mails_each_letter_and_records_it(office: Cli, tmp_path: Path, smtp: Inbox) -> None:
    use_server(office, smtp)
    office("ngo", "edit", "CTW", "--email", "ctw@example.org")
    out = tmp_path / "letters"
    result = remind(office, out, "--send")
    assert len(smtp.messages) == 2
    (message,) = smtp.to("dam@example.org")
    assert message["To"] == "dam@example.org"
    assert "ngocell@dinajpur.gov.bd" in message["From"]
    assert "জানুয়ারি/২০২১" in message["Subject"] and "দাখিল প্রসঙ্গে" in message["Subject"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "ঢাকা আহছানিয়া মিশন" in text and f"{PREFIX}.০০২" in text
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "2021-01_DAM_reminder.docx"
    assert attachment.get_content() == (out / "2021-01_DAM_reminder.docx").read_bytes()
    assert smtp.to("ctw@example.org")[0]["To"] == "ctw@example.org"
    assert not smtp.to("mbsk@example.org")
    assert reminders(office.db) == [
        ("CTW", MONTH, "ctw@example.org", f"{PREFIX}.০০১"),
        ("DAM", MONTH, "dam@example.org", f"{PREFIX}.০০২"),
    ]
    assert "Sent 2; already reminded 0; no e-mail 0; failed 0." in result.output
    log = office("log", "--changes", "--format", "json").output
    assert "reminder" in log and "ngo-report:DAM:2021-01" in log


def test_not_mailed_twice_without_again(office: Cli, tmp_path: Path, smtp: Inbox) -> None:
    use_server(office, smtp)
    out = tmp_path / "letters"
    remind(office, out, "--send", "--format", "md")
    assert len(smtp.messages) == 1  # DAM; CTW has no e-mail
    second = remind(office, out, "--send", "--format", "md")
    assert len(smtp.messages) == 1
    assert "already reminded on" in second.output and "Sent 0" in second.output
    # The letter written again keeps the number it was sent with.
    text = (out / "2021-01_DAM_reminder.md").read_text(encoding="utf-8")
    assert f"{PREFIX}.০০২" in text
    assert len(reminders(office.db)) == 1
    third = remind(office, out, "--send", "--again", "--format", "md")
    assert len(smtp.messages) == 2 and "Sent 1" in third.output
    rows = reminders(office.db)
    assert [r[0] for r in rows] == ["DAM", "DAM"]
    assert rows[1][3] == f"{PREFIX}.০০৪"  # a new letter, a new number after ০০৩ (CTW)
    assert smtp.messages[1].message.get_body(("plain",)).get_content().count(f"{PREFIX}.০০৪") == 1


def test_ngo_without_email_is_delivered_by_hand(office: Cli, tmp_path: Path, smtp: Inbox) -> None:
    use_server(office, smtp)
    out = tmp_path / "letters"
    result = remind(office, out, "--send", "--format", "html")
    assert "no e-mail: deliver by hand" in result.output
    line = next(li for li in result.output.splitlines() if li.startswith("CTW"))
    assert "deliver by hand" in line
    assert (out / "2021-01_CTW_reminder.html").exists()
    assert [r[0] for r in reminders(office.db)] == ["DAM"]
    (message,) = smtp.messages
    (attachment,) = list(message.message.iter_attachments())
    assert attachment.get_content_type() == "text/html"
    assert "ঢাকা আহছানিয়া মিশন" in attachment.get_content()


def test_missing_smtp_settings_send_and_record_nothing(
    office: Cli, tmp_path: Path, smtp: Inbox
) -> None:
    out = tmp_path / "letters"
    result = remind(office, out, "--send", code=1)
    assert "smtp.host and smtp.sender not set" in result.output
    assert "ngocoord config set smtp.host" in result.output
    office("config", "set", "smtp.host", "127.0.0.1")
    before = table_dump(office.db)
    result = remind(office, out, "--send", code=1)
    assert "smtp.sender not set" in result.output
    assert table_dump(office.db) == before and smtp.messages == []
    assert not out.exists()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_password_from_environment_never_stored(
    office: Cli, tmp_path: Path, smtp_auth: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # no OS keyring on this machine
    monkeypatch.delenv("NGOCOORD_SMTP_PASSWORD", raising=False)
    use_server(office, smtp_auth)
    office("config", "set", "smtp.user", "ngocell")
    out = tmp_path / "letters"
    before = table_dump(office.db)
    no_password = remind(office, out, "--send", code=1)
    assert "NGOCOORD_SMTP_PASSWORD" in no_password.output
    assert table_dump(office.db) == before and smtp_auth.logins == []

    monkeypatch.setenv("NGOCOORD_SMTP_PASSWORD", "wrong")
    refused = remind(office, out, "--send", code=1)
    assert "refused the login ngocell" in refused.output and "wrong" not in refused.output
    assert table_dump(office.db) == before and smtp_auth.messages == []

    monkeypatch.setenv("NGOCOORD_SMTP_PASSWORD", PASSWORD)
    result = remind(office, out, "--send")
    assert "Sent 1" in result.output
    assert smtp_auth.logins[-1] == ("ngocell", PASSWORD)
    assert len(smtp_auth.messages) == 1
    assert [r[0] for r in reminders(office.db)] == ["DAM"]
    for path in office.db.parent.glob(office.db.name + "*"):  # the register, its WAL and SHM
        assert PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in result.output
    assert PASSWORD not in office("log", "--changes", "--format", "json").output


@pytest.fixture
def smtp_stalling() -> Iterator[Inbox]:
    """A server that refuses a wrong login and stalls any second try (as some do)."""
    yield from serve(auth=True, stall=8)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_refused_login_is_said_at_once(
    office: Cli, tmp_path: Path, smtp_stalling: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_server(office, smtp_stalling)
    office("config", "set", "smtp.user", "ngocell")
    monkeypatch.setenv("NGOCOORD_SMTP_PASSWORD", "wrong-password")
    before = table_dump(office.db)
    started = time.monotonic()
    refused = remind(office, tmp_path / "letters", "--send", code=1)
    assert time.monotonic() - started < 6
    assert "SMTP login refused" in refused.output and "535" in refused.output
    assert "Cannot reach" not in refused.output and "wrong-password" not in refused.output
    assert smtp_stalling.logins == [("ngocell", "wrong-password")]  # tried once, not per method
    assert table_dump(office.db) == before and smtp_stalling.messages == []


def test_a_refused_address_fails_alone(office: Cli, tmp_path: Path, smtp: Inbox) -> None:
    use_server(office, smtp)
    office("ngo", "edit", "CTW", "--email", "ctw@example.org")
    smtp.refuse.add("ctw@example.org")
    out = tmp_path / "letters"
    result = remind(office, out, "--send", code=1)
    line = next(li for li in result.output.splitlines() if li.startswith("CTW"))
    assert "failed" in line and "550" in line
    assert "Sent 1" in result.output and "failed 1" in result.output
    assert [r[0] for r in reminders(office.db)] == ["DAM"]
    smtp.refuse.clear()
    retry = remind(office, out, "--send")
    assert "Sent 1; already reminded 1" in retry.output
    assert [r[0] for r in reminders(office.db)] == ["DAM", "CTW"]


def test_unreachable_server_is_an_error(office: Cli, tmp_path: Path) -> None:
    office("config", "set", "smtp.host", "127.0.0.1")
    office("config", "set", "smtp.port", str(free_port()))
    office("config", "set", "smtp.sender", "ngocell@dinajpur.gov.bd")
    office("config", "set", "smtp.tls", "false")
    result = remind(office, tmp_path / "letters", "--send", code=1)
    assert "Cannot reach the SMTP server 127.0.0.1" in result.output
    assert reminders(office.db) == []
