"""`meeting send`: the finalised minutes e-mailed to the distribution (PDF and Word attached),
and each implementer its own decisions with their due dates, through a real SMTP server
(aiosmtpd) as `remind` is tested; each mail recorded once it went, never twice for the same
version without --again, and shown by `meeting show`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, table_dump
from smtp_server import Inbox, free_port, serve, use_server

from ngocoord.documents.docx import docx_text

ITEMS = """=== বিষয় ০৩
--- আলোচনা
প্রকল্পের তথ্য হালনাগাদ।
--- সিদ্ধান্ত
৩.১ মার্চের সভায় প্রকল্পের তথ্য উপস্থাপন করতে হবে। {শেষ তারিখ: ১০.০৩.২০২১}
৩.২ জানুয়ারি মাসের প্রতিবেদন দাখিল করতে হবে। {শেষ তারিখ: ১৫.০২.২০২১} {বাস্তবায়ন: ঢাকা আহছানিয়া মিশন}
--- বাস্তবায়ন
MBSK, CTW

=== বিষয় ০৪
--- আলোচনা
উপজেলা পর্যায়ের সমন্বয়।
--- সিদ্ধান্ত
উপজেলা সমন্বয় সভা প্রতি মাসে আয়োজন করতে হবে।
--- বাস্তবায়ন
উপজেলা নির্বাহী অফিসার, পার্বতীপুর

=== বিষয় ০৫
--- আলোচনা
বিবিধ।
--- সিদ্ধান্ত
কার্যবিবরণী ওয়েবসাইটে প্রকাশ করতে হবে।
--- বাস্তবায়ন
সহকারী কমিশনার, এনজিও বিষয়ক সেল

"""


@pytest.fixture
def office(office: Cli, tmp_path: Path) -> Cli:
    return prepared(office, tmp_path)


def prepared(office: Cli, tmp_path: Path) -> Cli:
    """Dinajpur with MBSK, CTW and DAM; a meeting on 10 February 2021 whose items ০৩–০৫ give
    decisions to MBSK and CTW, to DAM, to the Parbatipur upazila office, and to an officer who
    is no NGO or office of the register; the standard items replaced by them."""
    for key, value in [
        ("chair.name", "মোঃ মাহমুদুল আলম"),
        ("office.email", "dcdinajpur@mopa.gov.bd"),
        ("minutes.recipients", "adc@dinajpur.gov.bd, ngoab@ngoab.gov.bd"),
        ("office.পার্বতীপুর.email", "uno.parbatipur@mopa.gov.bd"),
    ]:
        office("config", "set", key, value)
    office("ngo", "edit", "MBSK", "--email", "mbsk@example.org")
    office("ngo", "edit", "CTW", "--email", "ctw@example.org")
    office("meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "সম্মেলন কক্ষ")
    doc = office("meeting", "doc", "1").output
    head, rest = doc.split("=== বিষয় ০১", 1)
    closing = rest[rest.index("=== সমাপনী") :]
    path = tmp_path / "meeting-1.txt"
    path.write_text(head + ITEMS + closing, encoding="utf-8")
    office("meeting", "edit", "1", "--file", str(path), "--replace")
    return office


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    yield from serve(auth=False)


def sent_rows(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT what, to_address, decisions FROM minutes_sent ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    content: str = body.get_content()
    return content


def send(cli: Cli, *args: str, code: int | None = 0) -> Any:
    return cli("meeting", "send", "1", *args, code=code)


def test_a_meeting_not_finalised_is_refused(office: Cli, smtp: Inbox) -> None:
    use_server(office, smtp)
    before = table_dump(office.db)
    result = send(office, code=1)
    assert "Meeting 1 is not finalised" in result.output
    assert "ngocoord meeting finalise 1" in result.output
    assert table_dump(office.db) == before and smtp.messages == []


def test_minutes_and_each_implementers_own_decisions(
    office: Cli, smtp: Inbox, tmp_path: Path
) -> None:
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    result = send(office, "--to", "dc@dinajpur.gov.bd", "--to", "ADC@dinajpur.gov.bd")

    # The distribution: the setting's two addresses and --to's one (the repeated one once).
    for address in ("adc@dinajpur.gov.bd", "ngoab@ngoab.gov.bd", "dc@dinajpur.gov.bd"):
        (message,) = smtp.to(address)
        assert message["To"] == address and "ngocell@dinajpur.gov.bd" in message["From"]
        assert message["Subject"] == (
            "দিনাজপুর জেলায় এনজিও কর্মতৎপরতা সম্পর্কে ফেব্রুয়ারি/২০২১ মাসের মাসিক সমন্বয় সভার কার্য বিবরণী"
        )
        assert "১০ ফেব্রুয়ারি, ২০২১" in text_of(message)
        files = {a.get_filename(): a for a in message.iter_attachments()}
        assert sorted(files) == ["minutes-2021-02.docx", "minutes-2021-02.pdf"]
        pdf = files["minutes-2021-02.pdf"]
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_content().startswith(b"%PDF")
    word = tmp_path / "attached.docx"
    word.write_bytes(files["minutes-2021-02.docx"].get_content())  # dc@'s, the last above
    minutes = docx_text(word)
    assert "মার্চের সভায় প্রকল্পের তথ্য উপস্থাপন করতে হবে" in minutes
    assert "উপজেলা সমন্বয় সভা প্রতি মাসে আয়োজন করতে হবে" in minutes

    # Each implementer: its own decisions, with their due dates, and nothing else.
    (mbsk,) = smtp.to("mbsk@example.org")
    text = text_of(mbsk)
    assert "সিদ্ধান্ত বাস্তবায়ন প্রসঙ্গে" in mbsk["Subject"]
    assert "মহিলা বহুমুখী শিক্ষা কেন্দ্র" in text and "১টি সিদ্ধান্ত" in text
    assert "৩.১। মার্চের সভায় প্রকল্পের তথ্য উপস্থাপন করতে হবে" in text
    assert "বাস্তবায়নের সময়সীমা: ১০ মার্চ, ২০২১" in text
    assert "প্রতিবেদন দাখিল করতে হবে" not in text and "উপজেলা সমন্বয়" not in text
    assert list(mbsk.iter_attachments()) == []
    assert "৩.১। মার্চের সভায়" in text_of(smtp.to("ctw@example.org")[0])
    (uno,) = smtp.to("uno.parbatipur@mopa.gov.bd")
    uno_text = text_of(uno)
    assert "উপজেলা নির্বাহী অফিসার, পার্বতীপুর" in uno_text
    assert "০৪। উপজেলা সমন্বয় সভা প্রতি মাসে আয়োজন করতে হবে" in uno_text
    assert "বাস্তবায়নের সময়সীমা: নির্ধারিত নয়" in uno_text and "৩.১" not in uno_text
    assert len(smtp.messages) == 6

    # DAM has no e-mail, item ০৫'s officer is not in the register: both listed, not skipped.
    dam = next(li for li in result.output.splitlines() if li.startswith("DAM "))
    assert "decisions ৩.২" in dam and "no e-mail: deliver by hand" in dam
    assert "Decision ০৫ names no NGO or office of the register" in result.output
    assert "সহকারী কমিশনার, এনজিও বিষয়ক সেল" in result.output
    assert "Sent 6; already sent 0; no e-mail 1; failed 0." in result.output

    assert sorted(sent_rows(office.db)) == sorted(
        [
            ("minutes", "adc@dinajpur.gov.bd", None),
            ("minutes", "ngoab@ngoab.gov.bd", None),
            ("minutes", "dc@dinajpur.gov.bd", None),
            ("decisions", "mbsk@example.org", "৩.১"),
            ("decisions", "ctw@example.org", "৩.১"),
            ("decisions", "uno.parbatipur@mopa.gov.bd", "০৪"),
        ]
    )
    log = json.loads(office("log", "--changes", "--format", "json").output)
    actions = [e["action"] for e in log if e["table"] == "minutes_sent"]
    assert sorted(actions) == ["insert"] * 6 + ["update"] * 6  # each claimed, then marked sent
    shown = json.loads(office("meeting", "show", "1", "--format", "json").output)["sent"]
    assert {(s["to"], s["what"], s["implementer"], s["current"]) for s in shown} >= {
        ("mbsk@example.org", "decisions", "MBSK", True),
        ("uno.parbatipur@mopa.gov.bd", "decisions", "Parbatipur", True),
        ("ngoab@ngoab.gov.bd", "minutes", None, True),
    }
    text_show = office("meeting", "show", "1").output
    assert "Asia/Dhaka: minutes to ngoab@ngoab.gov.bd" in text_show
    assert "Asia/Dhaka: decisions ৩.১ to ctw@example.org" in text_show
    assert any(li.startswith("MBSK <mbsk@example.org>") for li in result.output.splitlines())


def test_never_twice_for_one_version_without_again(office: Cli, smtp: Inbox) -> None:
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    send(office)
    assert len(smtp.messages) == 5
    second = send(office)
    assert len(smtp.messages) == 5 and "Sent 0; already sent 5" in second.output
    assert "already sent on" in second.output and "--again" in second.output
    office("config", "set", "minutes.recipients", "adc@dinajpur.gov.bd, new@dinajpur.gov.bd")
    third = send(office)  # only the new address
    assert [m.envelope_to for m in smtp.messages[5:]] == [["new@dinajpur.gov.bd"]]
    assert "Sent 1; already sent 4" in third.output  # ngoab@ is off the list now
    again = send(office, "--again")
    assert len(smtp.messages) == 11 and "Sent 5" in again.output
    assert len(sent_rows(office.db)) == 11

    # Reopened and finalised again, it is a new version: it goes to everyone once more.
    office("meeting", "reopen", "1", "--reason", "সিদ্ধান্ত সংশোধন")
    assert "not finalised" in send(office, code=1).output
    office("meeting", "finalise", "1")
    fresh = send(office)
    assert "Sent 5; already sent 0" in fresh.output
    shown = json.loads(office("meeting", "show", "1", "--format", "json").output)["sent"]
    assert [s["current"] for s in shown].count(True) == 5
    assert "(the version finalised" in office("meeting", "show", "1").output


def test_a_failing_server_records_only_what_went(office: Cli, smtp: Inbox) -> None:
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    smtp.limit = 2  # takes two messages, then refuses every one
    result = send(office, code=1)
    assert "Sent 2;" in result.output and "failed 3" in result.output
    assert "451" in result.output and "were not recorded; run again" in result.output
    assert [r[1] for r in sent_rows(office.db)] == [
        m.envelope_to[0] for m in smtp.messages
    ]  # exactly those the server took
    smtp.limit = None
    retry = send(office)
    assert "Sent 3; already sent 2" in retry.output and len(smtp.messages) == 5
    assert len(sent_rows(office.db)) == 5


def test_an_unreachable_server_sends_and_records_nothing(office: Cli) -> None:
    office("meeting", "finalise", "1")
    office("config", "set", "smtp.host", "127.0.0.1")
    office("config", "set", "smtp.port", str(free_port()))
    office("config", "set", "smtp.sender", "ngocell@dinajpur.gov.bd")
    office("config", "set", "smtp.tls", "false")
    before = table_dump(office.db)
    result = send(office, code=1)
    assert "Cannot reach the SMTP server 127.0.0.1" in result.output
    assert table_dump(office.db) == before


def test_implementers_alone_when_no_address_is_set(office: Cli, smtp: Inbox) -> None:
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    conn = sqlite3.connect(office.db)  # an office that never set minutes.recipients
    with conn:
        conn.execute("DELETE FROM setting WHERE key = 'minutes.recipients'")
    conn.close()
    result = send(office)
    assert "No address for the minutes: set minutes.recipients" in result.output
    assert "Sent 3;" in result.output
    assert sorted(m.envelope_to[0] for m in smtp.messages) == [
        "ctw@example.org",
        "mbsk@example.org",
        "uno.parbatipur@mopa.gov.bd",
    ]


def test_bad_addresses_and_settings_are_refused(office: Cli, smtp: Inbox) -> None:
    bad = office("config", "set", "minutes.recipients", "adc@dinajpur.gov.bd, nobody", code=1)
    assert "nobody: not an e-mail address" in bad.output
    unknown = office("config", "set", "office.ঢাকা.email", "x@example.org", code=1)
    assert 'Unknown upazila "ঢাকা"' in unknown.output
    assert office("config", "get", "office.parbatipur.email").output.strip() == (
        "uno.parbatipur@mopa.gov.bd"
    )
    listed = json.loads(office("config", "list", "--format", "json").output)
    assert {"key": "office.parbatipur.email", "value": "uno.parbatipur@mopa.gov.bd"}.items() <= (
        next(r for r in listed if r["key"] == "office.parbatipur.email").items()
    )
    office("meeting", "finalise", "1")
    use_server(office, smtp)
    before = table_dump(office.db)
    wrong = send(office, "--to", "not-an-address", code=1)
    assert "--to 'not-an-address' is not an e-mail address" in wrong.output
    assert table_dump(office.db) == before and smtp.messages == []


def test_a_reopened_meeting_deleted_takes_its_record_of_mails_into_the_log(
    office: Cli, smtp: Inbox
) -> None:
    """A meeting sent, reopened and deleted: its record of mails goes with it (a foreign key
    would refuse the delete otherwise), named first and audited with every value."""
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    send(office)
    office("meeting", "reopen", "1", "--reason", "ভুল সভা")
    asked = office("meeting", "delete", "1", code=1)
    assert "the record of 5 e-mail(s) sent of its earlier minutes" in asked.output
    assert "2021-01 stays locked" in asked.output
    office("meeting", "delete", "1", "--yes")
    assert sent_rows(office.db) == []
    conn = sqlite3.connect(office.db)
    try:
        gone = conn.execute(
            "SELECT old FROM audit WHERE table_name = 'minutes_sent' AND action = 'delete'"
        ).fetchall()
    finally:
        conn.close()
    assert len(gone) == 5 and all("to_address" in json.loads(o) for (o,) in gone)
    (held,) = json.loads(office("locks", "--format", "json").output)
    assert held["month"] == "2021-01" and held["meeting"] is None
    assert "meeting 1 of 2021-02-10 was finalised (deleted)" in held["reason"]
