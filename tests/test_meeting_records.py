"""Meeting records the office can sign: nothing recorded is lost without saying so, item ০১'s
figures are the register's until the minutes are signed, and then they stay as signed."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, at_a_terminal, receive, report_csv, table_dump
from openpyxl import Workbook

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture
def office(office: Cli) -> Cli:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    return office


def new_meeting(cli: Cli, date: str, *extra: str) -> int:
    out = cli("meeting", "new", "--date", date, *extra).output
    return int(out.split()[1])


def first_meeting(cli: Cli, date: str, *extra: str) -> int:
    return new_meeting(cli, date, "--time", "16:00", "--venue", "সম্মেলন কক্ষ", *extra)


def show(cli: Cli, meeting_id: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        cli("meeting", "show", str(meeting_id), "--format", "json").output
    )
    return data


def minutes_md(cli: Cli, meeting_id: int, tmp_path: Path) -> tuple[str, str]:
    """The minutes as Markdown, and what `render minutes` said (its warnings)."""
    out = tmp_path / f"minutes-{meeting_id}.md"
    said = cli("render", "minutes", str(meeting_id), "--format", "md", "--out", str(out)).output
    return out.read_text(encoding="utf-8"), said


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet(path: Path, *rows: list[str]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_the_clerks_month_figures_true_until_signed(office: Cli, tmp_path: Path) -> None:
    """A meeting on 10 March reviewing February, created before any February report is in;
    the reports received on 5 March are imported; the minutes count them, and say they came
    in after the meeting was recorded; finalised, February is locked and a later report is
    refused, then taken with an unlock reason and changes nothing in the minutes; reopened,
    the minutes count it, and say the meeting was reopened (February stays locked)."""
    meeting = first_meeting(office, "10.03.2021")
    assert "৩টি এনজিওর মধ্যে ০ টি" in show(office, meeting)["items"][0]["discussion"]
    receive(office, tmp_path, "MBSK", "2021-02", "2021-03-05")
    receive(office, tmp_path, "CTW", "2021-02", "2021-03-05")
    md, said = minutes_md(office, meeting, tmp_path)
    row = next(line for line in md.splitlines() if line.startswith("| ০১ |"))
    assert "কর্মরত ৩টি এনজিওর মধ্যে ২ টি এনজিও ছক মোতাবেক ফেব্রুয়ারি/২০২১" in row
    assert "প্রতিবেদন দাখিল করেনি: ঢাকা আহছানিয়া মিশন।" in row
    assert "কাম-টু-ওয়ার্ক" not in row.split("দাখিল করেনি")[1]
    assert "2 report(s) for ফেব্রুয়ারি/২০২১ came in after meeting" in flat(said)
    assert any("came in after" in w for w in show(office, meeting)["warnings"])

    out = office("meeting", "finalise", str(meeting)).output
    files = [Path(line.strip()) for line in out.splitlines() if line.startswith("  ")]
    assert sorted(p.suffix for p in files) == [".docx", ".pdf"]
    assert all(p.is_file() and p.parent.parent.name == "register-files" for p in files)
    assert files[0].read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    signed, _ = minutes_md(office, meeting, tmp_path)

    assert "2021-02, the month it reviewed, is locked on" in out
    late = report_csv(tmp_path / "late", "DAM", "2021-02")  # received before the meeting day
    refused = office("report", "import", str(late), "--received-on", "2021-03-08", code=1).output
    assert "2021-02 is locked for দিনাজপুর, locked on" in refused
    assert f"when meeting {meeting} of 2021-03-10 was finalised" in refused
    why = "ডাকে আসা প্রতিবেদন, সভার আগে পৌঁছেছিল"
    office("report", "import", str(late), "--received-on", "2021-03-08", "--unlock-reason", why)
    again, said = minutes_md(office, meeting, tmp_path)
    assert again == signed  # the figures as signed
    assert "finalised" in said
    refused = office("meeting", "attend", str(meeting), "DAM", "--name", "সালমা", code=1).output
    assert "finalised" in refused and "meeting reopen" in refused
    assert "--reason" in office("meeting", "reopen", str(meeting), code=2).output

    said = office(
        "meeting", "reopen", str(meeting), "--reason", "ঢাকা আহছানিয়া মিশনের প্রতিবেদন পাওয়া গেছে"
    )
    assert "2021-02 stays locked" in flat(said.output) and "ngocoord unlock 2021-02" in said.output
    reopened, said = minutes_md(office, meeting, tmp_path)
    row = next(line for line in reopened.splitlines() if line.startswith("| ০১ |"))
    assert "কর্মরত ৩টি এনজিওর মধ্যে ৩ টি" in row and "দাখিল করেনি" not in row
    assert "পুনরায় খোলা হয়: ঢাকা আহছানিয়া মিশনের প্রতিবেদন পাওয়া গেছে" in reopened
    assert "reopened" in said
    trail = json.loads(office("log", "--changes", "--format", "json").output)
    actions = [r["action"] for r in trail if r["table"] == "meeting"]
    assert "finalise" in actions and "reopen" in actions


def test_a_meeting_before_its_month_is_due_says_so(office: Cli) -> None:
    meeting = first_meeting(office, "05.03.2021")  # February is due on 7 March
    warnings = show(office, meeting)["warnings"]
    assert any("due by 2021-03-07, not before the meeting on 2021-03-05" in w for w in warnings)
    on_time = new_meeting(office, "10.03.2021")
    assert not any("due by" in w for w in show(office, on_time)["warnings"])


def test_items_sheet_adds_new_numbers_and_replaces_only_when_told(
    office: Cli, tmp_path: Path
) -> None:
    meeting = first_meeting(office, "10.02.2021")
    standard = show(office, meeting)["items"]
    assert [(i["number"], i["standard"]) for i in standard] == [(1, "figures"), (2, "rota")]
    clash = sheet(
        tmp_path / "clash.xlsx", ["০২", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার করতে হবে।", "সকল এনজিও"]
    )
    before = table_dump(office.db)
    out = office("meeting", "items", str(meeting), str(clash), code=1).output
    assert "item ০২ (written by `meeting new`: rota)" in out and "--replace" in out
    assert "nothing was changed" in out
    assert table_dump(office.db) == before

    new_only = sheet(
        tmp_path / "new.xlsx",
        ["০৩", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার করতে হবে।", "সকল এনজিও"],
        ["০৪", "উপজেলা সভা।", "কার্যবিবরণী পাঠাতে হবে।", "উপজেলা নির্বাহী অফিসার (সকল)"],
    )
    office("meeting", "items", str(meeting), str(new_only))
    items = show(office, meeting)["items"]
    assert [(i["number"], i["standard"]) for i in items] == [
        (1, "figures"),
        (2, "rota"),
        (3, None),
        (4, None),
    ]
    assert items[:2] == standard
    office("meeting", "items", str(meeting), str(new_only))  # the same sheet again: no change

    office("meeting", "items", str(meeting), str(clash), "--replace")
    items = show(office, meeting)["items"]
    assert items[1]["discussion"] == "করোনা পরিস্থিতি।" and items[1]["standard"] is None
    trail = json.loads(office("log", "--changes", "--format", "json", "--limit", "200").output)
    replaced = next(
        r for r in trail if r["table"] == "agenda_item" and r["key"] == f"{meeting}:2"
        and r["action"] == "update"
    )  # fmt: skip
    assert "এনজিওসমূহের কার্যক্রম পর্যায়ক্রমে" in str(replaced["old"])
    assert "করোনা পরিস্থিতি।" in str(replaced["new"])


DOC = """\
সভা নং: {id}
তারিখঃ ১০.০২.২০২১
সময় - বিকাল ৪:০০
স্থানঃ জেলা প্রশাসকের   সম্মেলন কক্ষ
সভাপতিঃ মোঃ মাহমুদুল আলম
সভাপতির পদবি: জেলা প্রশাসক, দিনাজপুর
আলোচ্য মাস: জানুয়ারি/২০২১
বিগত কার্যবিবরণী দৃঢ়করণ: {confirmed}

=== সূচনা
{opening}

=== বিষয়ঃ 1
--- আলোচনাঃ
প্রতিবেদন দাখিল নিয়ে আলোচনা হয়।
--- সিদ্ধান্ত
1.1 সংস্থা প্রধানগণ উপস্থিত থাকবেন। ১ . ২ ওয়েব পোর্টাল হালনাগাদ করবেন। {{শেষ তারিখঃ ০৭.০৩.২০২১}}
--- বাস্তবায়ন
সকল এনজিও, দিনাজপুর।

=== বিষয় ০৩
--- আলোচনা
ঢাকা আহছানিয়া মিশন সংস্থার দিনাজপুর জেলায় কোন কার্যক্রম নেই।
--- সিদ্ধান্ত
৩.১ তালিকা হতে ঢাকা আহছানিয়া মিশনকে বাদ দেয়ার সিদ্ধান্ত গৃহীত হয়। {{বাদ: DAM}}
{second}
--- বাস্তবায়ন
সিটিডাব্লিউ ও এমবিএসকে
"""


def doc(meeting_id: int, **parts: str) -> str:
    values = {
        "id": str(meeting_id),
        "confirmed": "হ্যাঁ",
        "opening": "উপস্থিত সকল সদস্যকে শুভেচ্ছা জানিয়ে সভার কার্যক্রম শুরু করা হয়।",
        "second": "৩.২ কার্যক্রম চলমান কিনা প্রতিবেদন দিতে অনুরোধ করা হয়। {বাস্তবায়ন: এমবিএসকে}",
    }
    return DOC.format(**{**values, **parts})


def edit(cli: Cli, meeting_id: int, text: str, tmp_path: Path, *extra: str, code: int = 0) -> str:
    path = tmp_path / "meeting.txt"
    path.write_text(text, encoding="utf-8")
    out: str = cli(
        "meeting", "edit", str(meeting_id), "--file", str(path), *extra, code=code
    ).output
    return out


@pytest.mark.parametrize(
    ("second", "said"),
    [
        ("৪.২ কার্যক্রম চলমান কিনা প্রতিবেদন দিতে অনুরোধ করা হয়।", "decision ৪.২ is under item ০৩"),
        ("৩.১ কার্যক্রম চলমান কিনা প্রতিবেদন দিতে অনুরোধ করা হয়।", "decision ৩.১ appears twice"),
    ],
)
def test_a_mistyped_decision_number_is_an_error_on_its_line(
    office: Cli, tmp_path: Path, second: str, said: str
) -> None:
    meeting = first_meeting(office, "10.02.2021")
    before = table_dump(office.db)
    out = flat(edit(office, meeting, doc(meeting, second=second), tmp_path, "--replace", code=1))
    assert f"meeting.txt:26: {said}" in out and "nothing was changed" in out
    assert table_dump(office.db) == before


def test_a_decision_without_an_item_in_the_sheet_is_an_error(office: Cli, tmp_path: Path) -> None:
    meeting = first_meeting(office, "10.02.2021")
    bad = sheet(
        tmp_path / "bad.xlsx",
        ["০৩", "করোনা পরিস্থিতি।", "৩.১ মাস্ক ব্যবহার। ৪.১ দূরত্ব বজায়।", "সকল এনজিও"],
        ["", "", "হাত ধোয়া নিশ্চিত করতে হবে।", ""],
    )
    before = table_dump(office.db)
    out = flat(office("meeting", "items", str(meeting), str(bad), code=1).output)
    assert ":2:C" in out and "decision ৪.১ is under item ০৩" in out
    assert ":3:B" in out and "decisions without an item" in out
    assert table_dump(office.db) == before


def test_colons_digits_and_spaces_as_typed(office: Cli, tmp_path: Path) -> None:
    """স্থানঃ, 'সময় -', Latin item and decision numbers, '১ . ২' and extra spaces are read."""
    meeting = first_meeting(office, "10.02.2021")
    edit(office, meeting, doc(meeting), tmp_path, "--replace")
    data = show(office, meeting)
    assert data["venue"] == "জেলা প্রশাসকের সম্মেলন কক্ষ" and data["time"] == "16:00"
    first = data["items"][0]["decisions"]
    assert [d["seq"] for d in first] == [1, 2] and first[1]["due_on"] == "2021-03-07"


def test_decisions_have_their_own_implementers(office: Cli, tmp_path: Path) -> None:
    """৩.২ names its own (এমবিএসকে, MBSK's acronym in Bangla); ৩.১ takes the item's two
    ("সিটিডাব্লিউ ও এমবিএসকে"); "সকল এনজিও" of item ০১ is every NGO on the list once the
    meeting's removals are made (DAM, removed by ৩.১, is not)."""
    meeting = first_meeting(office, "10.02.2021")
    edit(office, meeting, doc(meeting), tmp_path, "--replace")

    def numbers(code: str) -> list[str]:
        found = office("decisions", "--implementer", code, "--format", "json").output
        return [d["number"] for d in json.loads(found)]

    assert numbers("CTW") == ["১.১", "১.২", "৩.১"]
    assert numbers("MBSK") == ["১.১", "১.২", "৩.১", "৩.২"]
    assert numbers("DAM") == []  # ৩.১ takes it off the list that day: "সকল এনজিও" is not it
    item = show(office, meeting)["items"][1]
    assert [d["implementers"] for d in item["decisions"]] == ["সিটিডাব্লিউ ও এমবিএসকে", "এমবিএসকে"]
    written = office("meeting", "doc", str(meeting)).output
    assert written.count("{বাস্তবায়ন: এমবিএসকে}") == 1  # ৩.১ takes the item's


def test_a_removal_decision_is_done_and_rejoining_names_it(office: Cli, tmp_path: Path) -> None:
    meeting = first_meeting(office, "10.02.2021")
    edit(office, meeting, doc(meeting), tmp_path, "--replace")
    listed = json.loads(office("decisions", "--meeting", str(meeting), "--format", "json").output)
    removal = next(d for d in listed if d["number"] == "৩.১")
    assert removal["status"] == "done" and removal["closed_on"] == "2021-02-10"
    assert removal["id"] not in [
        d["id"] for d in json.loads(office("decisions", "--open", "--format", "json").output)
    ]
    shown = flat(office("decision", "show", str(removal["id"])).output)
    assert "Ended the membership of DAM" in shown and "to 2021-02-10" in shown
    out = flat(office("ngo", "rejoin", "DAM", "--on", "2021-05-01").output)
    assert f"goes against decision ৩.১ of meeting {meeting}" in out
    assert "on the list again" in out


@pytest.mark.parametrize(
    ("options", "opening"),
    [
        ((), "অতঃপর কোনরূপ সংশোধন না থাকায় বিগত সভার কার্যবিবরণী দৃঢ় করা হয়।"),
        (
            ("--with-changes", "বিষয় ০৩ এর সিদ্ধান্তে সংস্থার নাম সংশোধন"),
            "অতঃপর নিম্নরূপ সংশোধনসহ বিগত সভার কার্যবিবরণী দৃঢ় করা হয়: "
            "বিষয় ০৩ এর সিদ্ধান্তে সংস্থার নাম সংশোধন।",
        ),
        (("--not-confirmed",), "বিগত সভার কার্যবিবরণী দৃঢ় করা হয়নি।"),
    ],
)
def test_confirm_states_in_the_opening(
    office: Cli, tmp_path: Path, options: tuple[str, ...], opening: str
) -> None:
    meeting = first_meeting(office, "10.02.2021")
    office("meeting", "confirm", str(meeting), *options)
    md, _ = minutes_md(office, meeting, tmp_path)
    assert opening in md
    if options:  # a typed opening that says they were confirmed unchanged contradicts it
        typed = doc(
            meeting,
            confirmed="",
            opening="অতঃপর কোনরূপ সংশোধন না থাকায় বিগত সভার কার্যবিবরণী দৃঢ় করা হয়।",
        )
        text = typed.replace("বিগত কার্যবিবরণী দৃঢ়করণ: \n", "")
        edit(office, meeting, text, tmp_path, "--replace")
        assert any("typed opening" in w for w in show(office, meeting)["warnings"])
    trail = json.loads(office("log", "--changes", "--format", "json").output)
    assert any(r["action"] == "update" and "previous_minutes" in str(r["new"]) for r in trail)


def test_confirm_in_the_document_round_trips(office: Cli, tmp_path: Path) -> None:
    meeting = first_meeting(office, "10.02.2021")
    edit(office, meeting, doc(meeting, confirmed="সংশোধনসহ: নাম সংশোধন"), tmp_path, "--replace")
    data = show(office, meeting)
    assert (data["previous_minutes"], data["previous_changes"]) == ("changed", "নাম সংশোধন")
    assert (
        "বিগত কার্যবিবরণী দৃঢ়করণ: সংশোধনসহ: নাম সংশোধন" in office("meeting", "doc", str(meeting)).output
    )


def test_follow_up_notes_come_into_the_next_minutes(office: Cli, tmp_path: Path) -> None:
    first = first_meeting(office, "10.02.2021")
    edit(office, first, doc(first), tmp_path, "--replace")
    listed = json.loads(office("decisions", "--meeting", str(first), "--format", "json").output)
    by_number = {d["number"]: d["id"] for d in listed}
    second = new_meeting(office, "10.03.2021")
    office("decision", "note", str(by_number["৩.২"]), "ইউনিটি ফর এনজিও'স চিঠি পেয়েছে")
    md, _ = minutes_md(office, second, tmp_path)
    carried = next(line for line in md.splitlines() if "অনিষ্পন্ন" in line)
    cell = carried.split(" | ")[1].split("<br>")
    assert cell[0] == "বিগত সভাসমূহের অনিষ্পন্ন সিদ্ধান্তসমূহ সভায় পর্যালোচনা করা হয়:"
    assert [line.split(" (")[0] for line in cell[1:]] == ["১.১", "১.২", "৩.২"]
    assert all("(১০ ফেব্রুয়ারি, ২০২১ তারিখের সভা)" in line for line in cell[1:])
    assert cell[3].endswith("— এমবিএসকে (অগ্রগতি: ইউনিটি ফর এনজিও'স চিঠি পেয়েছে)")


def test_errors_quote_whole_graphemes() -> None:
    """Cut at every length, a line of the sample minutes never ends inside a grapheme: not
    before a vowel sign or mark, not after a virama (a conjunct stays whole)."""
    from ngocoord.meetings.document import quote

    lines = [
        line
        for line in (SAMPLE / "meeting-2021-02.txt").read_text(encoding="utf-8").splitlines()
        if len(line) > 20
    ]
    assert len(lines) > 20
    for line in lines:
        text = " ".join(line.split())
        for limit in range(1, len(text)):
            cut = quote(line, limit)[1:-1].removesuffix("…")
            assert text.startswith(cut)
            rest = text[len(cut) :]
            if rest:
                assert unicodedata.category(rest[0]) not in ("Mn", "Mc", "Me"), (cut, rest)
                assert not cut.endswith("\u09cd"), cut


def test_editing_the_document_names_what_it_would_remove(office: Cli, tmp_path: Path) -> None:
    """The document leaves out the rota item ০২ and changes item ০১ so that it is no longer the
    figures item: exit 1 naming both, nothing changed; with --replace, done and audited."""
    meeting = first_meeting(office, "10.02.2021")
    before = table_dump(office.db)
    out = flat(edit(office, meeting, doc(meeting), tmp_path, code=1))
    assert "item ০২ (written by `meeting new`: rota)" in out and "would be removed" in out
    assert "item ০১ (written by `meeting new`: figures)" in out
    assert table_dump(office.db) == before
    edit(office, meeting, doc(meeting), tmp_path, "--replace")
    trail = json.loads(office("log", "--changes", "--format", "json", "--limit", "200").output)
    gone = next(r for r in trail if r["key"] == f"{meeting}:2" and r["action"] == "delete")
    assert "এনজিওসমূহের কার্যক্রম পর্যায়ক্রমে" in str(gone["old"]) and gone["new"] is None
    changed = next(r for r in trail if r["table"] == "meeting" and r["action"] == "update")
    assert json.loads(changed["old"])["venue"] == "সম্মেলন কক্ষ"
    assert json.loads(changed["new"])["venue"] == "জেলা প্রশাসকের সম্মেলন কক্ষ"
    # the same document again removes nothing, so it needs no --replace
    edit(office, meeting, office("meeting", "doc", str(meeting)).output, tmp_path)


def test_attendance_is_replaced_only_when_told(office: Cli, tmp_path: Path) -> None:
    meeting = first_meeting(office, "10.02.2021")
    office("meeting", "attend", str(meeting), "MBSK", "--name", "মোঃ আব্দুল হাকীম মিয়া")
    before = table_dump(office.db)
    out = office("meeting", "attend", str(meeting), "MBSK", "--name", "রহিম", code=1).output
    assert "MBSK at meeting" in out and "মোঃ আব্দুল হাকীম মিয়া" in out
    assert table_dump(office.db) == before
    office("meeting", "attend", str(meeting), "MBSK", "--name", "মোঃ আব্দুল হাকীম মিয়া")  # same
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["সংস্থার কোড", "নাম", "উপস্থিতি"])
    ws.append(["CTW", "রহিম", "উপস্থিত"])
    path = tmp_path / "attendance.xlsx"
    wb.save(path)
    out = flat(office("meeting", "attendance", str(meeting), str(path), code=1).output)
    assert "MBSK at meeting" in out and "present (মোঃ আব্দুল হাকীম মিয়া)" in out
    assert table_dump(office.db) == before
    office("meeting", "attendance", str(meeting), str(path), "--replace")
    assert [p["ngo_code"] for p in show(office, meeting)["present"]] == ["CTW"]


def test_a_typed_figures_sentence_the_register_does_not_bear_out(
    office: Cli, tmp_path: Path
) -> None:
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-05")
    meeting = first_meeting(office, "10.02.2021")
    typed = doc(meeting).replace(
        "প্রতিবেদন দাখিল নিয়ে আলোচনা হয়।",
        "দিনাজপুর জেলায় কর্মরত ৭০টি এনজিওর মধ্যে ৫৯ টি এনজিও প্রতিবেদন দাখিল করেছেন।",
    )
    edit(office, meeting, typed, tmp_path, "--replace")
    warnings = show(office, meeting)["warnings"]
    assert any("says 59 of 70 NGOs reported; the register has 1 of 3" in w for w in warnings)


@pytest.mark.parametrize(("expected", "received"), [(3, 0), (3, 2), (70, 59), (12, 12)])
def test_the_figures_pattern_is_the_sentence_item_01_is_written_with(
    expected: int, received: int
) -> None:
    """standard.FIGURES_SENTENCE finds what compliance.check writes, whatever the counts."""
    from datetime import date

    from ngocoord.compliance.check import LATE, MISSING, ON_TIME, Check, Unit
    from ngocoord.meetings.standard import FIGURES_SENTENCE

    statuses = [ON_TIME, LATE]
    units = [
        Unit(f"N{i}", f"সংস্থা {i}", statuses[i % 2] if i < received else MISSING)
        for i in range(expected)
    ]
    check = Check("ngo-report", "ngo", "2021-01", date(2021, 2, 7), date(2021, 2, 10), units)
    sentence = check.sentence("দিনাজপুর")
    found = FIGURES_SENTENCE.search(f"সভায় জানান যে, {sentence} অন্য কথা।")
    assert found is not None and found.group(0) == sentence


@pytest.mark.parametrize(("answer", "status"), [(b"n\n", 1), (b"y\n", 0)])
def test_at_a_terminal_it_names_what_it_would_replace_and_asks(
    office: Cli, tmp_path: Path, answer: bytes, status: int
) -> None:
    meeting = first_meeting(office, "10.02.2021")
    clash = sheet(
        tmp_path / "clash.xlsx", ["০২", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার করতে হবে।", "সকল এনজিও"]
    )
    before = table_dump(office.db)
    code, said = at_a_terminal(office.db, answer, "meeting", "items", str(meeting), str(clash))
    assert code == status, said
    assert "item ০২ (written by `meeting new`: rota)" in said
    discussion = show(office, meeting)["items"][1]["discussion"]
    if status:
        assert "Nothing was changed" in said and table_dump(office.db) == before
    else:
        assert discussion == "করোনা পরিস্থিতি।"
