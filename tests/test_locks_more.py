"""The lock's rule where it did not reach before: a kind added, an NGO's upazilas, a roster
dry run, a meeting's removal decisions, and the tracking start when it is not set (the first
month with a return, which an earlier month's return moves). Each changes what `check` shows
for a locked month, so each is refused naming the lock, or made with --unlock-reason and
shown as changed after review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, report_csv, table_dump
from test_locks import prepared
from test_locks_figures import REASON, WHY, checked, last_run, refused, roster
from test_meetings import doc_for
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)

KIND = ("return", "add-kind", "training-report", "--title", "প্রশিক্ষণ প্রতিবেদন",
        "--from", "ngo", "--due-day", "10")  # fmt: skip


def test_a_kind_added_meets_the_lock_of_the_tracked_months(office: Cli, tmp_path: Path) -> None:
    """A kind added shows every NGO missing it in each tracked month: in locked January too,
    so it is refused naming the lock, or added with a reason and shown as changed after review.
    A locked month before the tracking start does not count it, and says nothing."""
    report_csv(tmp_path / "in", "MBSK", "2021-01")  # the first return: tracked from January
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    office("lock", "2021-01", "--reason", REASON)
    out = refused(office, *KIND)
    assert "training-report added (2021-01)" in out and REASON in out
    assert "training-report" not in office("return", "kinds").output
    office(*KIND, "--unlock-reason", WHY)
    figures = checked(office, kind="training-report")
    assert figures["totals"]["missing"] == 3
    (change,) = figures["changed_after_review"]
    assert change == {**change, "unit": "training-report", "change": "added", "reason": WHY}
    office("config", "set", "tracking.start", "2021-02", "--unlock-reason", WHY)
    office("return", "add-kind", "fd6-report", "--title", "এফডি-৬", "--from", "ngo",
           "--due-day", "10")  # fmt: skip
    assert checked(office, kind="fd6-report")["changed_after_review"] == []


def upazila(cli: Cli, name: str, month: str = "2021-01") -> list[str]:
    out = cli("check", "--kind", "ngo-report", "--month", month, "--upazila", name,
              "--as-of", "2021-03-20", "--format", "json", code=None).output  # fmt: skip
    return [u["unit"] for u in json.loads(out)["checks"][0]["units"]]


def test_an_ngo_s_upazilas_meet_the_lock(office: Cli) -> None:
    """MBSK works in সদর and বিরল; January is locked. Moving it to পার্বতীপুর would change
    who was expected of each upazila in January (`check --upazila`): refused naming the lock,
    or made with a reason. The same upazilas written again, or the upazilas of an NGO that
    joined after January, change no reviewed month. Undoing the change meets the lock too."""
    office("lock", "2021-01", "--reason", REASON)
    assert "MBSK" in upazila(office, "বিরল") and "MBSK" not in upazila(office, "পার্বতীপুর")
    out = refused(office, "ngo", "edit", "MBSK", "--areas", "পার্বতীপুর")
    assert "MBSK upazilas দিনাজপুর সদর, বিরল → পার্বতীপুর (2021-01)" in out
    office("ngo", "edit", "MBSK", "--areas", "বিরল, দিনাজপুর সদর")  # the same two
    office("ngo", "add", "--code", "NEW", "--name-bn", "নতুন সংস্থা", "--joined", "2021-02-01")
    office("ngo", "edit", "NEW", "--areas", "বিরল")
    assert checked(office)["changed_after_review"] == []
    office("ngo", "edit", "MBSK", "--areas", "পার্বতীপুর", "--unlock-reason", WHY)
    edit = last_run(office)
    assert "MBSK" in upazila(office, "পার্বতীপুর") and "MBSK" not in upazila(office, "বিরল")
    (change,) = checked(office)["changed_after_review"]
    assert change == {**change, "unit": "MBSK", "reason": WHY}
    assert "MBSK upazilas put back by undo" in refused(office, "undo", str(edit), "--yes")
    office("undo", str(edit), "--yes", "--unlock-reason", WHY)
    assert "MBSK" in upazila(office, "বিরল")


def test_a_roster_import_that_moves_an_ngo_s_upazilas(office: Cli, tmp_path: Path) -> None:
    """The same rule for a roster whose upazilas column gives MBSK others, and its dry run
    (a district list, said with --district-list: its one row names one upazila alone)."""
    office("lock", "2021-01", "--reason", REASON)
    path = tmp_path / "areas.csv"
    rows = "এনজিও কোড,সংস্থার নাম,কর্ম এলাকা (উপজেলা)\nMBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র,পার্বতীপুর\n"
    path.write_text(rows, encoding="utf-8")
    out = refused(office, "ngo", "import", str(path), "--district-list")
    assert "MBSK upazilas changed by roster import (2021-01)" in out
    dry = office("ngo", "import", str(path), "--district-list", "--dry-run", code=1).output
    assert "The import would be refused: MBSK upazilas changed" in " ".join(dry.split())
    office("ngo", "import", str(path), "--district-list", "--unlock-reason", WHY)
    assert "MBSK" in upazila(office, "পার্বতীপুর")
    assert [c["unit"] for c in checked(office)["changed_after_review"]] == ["MBSK"]


def test_a_roster_dry_run_says_the_import_would_be_refused(office: Cli, tmp_path: Path) -> None:
    """A dry run shows what the import would do and that it would be refused by the lock (why,
    and that --unlock-reason lets it through), exit 1, nothing written; with the reason it says
    the change would be recorded as made after review, and still writes nothing."""
    office("lock", "2021-01", "--reason", REASON)
    both = roster(tmp_path, "NEW,নতুন সংস্থা,\n", "new.csv")
    before = table_dump(office.db)
    out = " ".join(office("ngo", "import", str(both), "--add-new", "--dry-run", code=1)
                   .output.split())  # fmt: skip
    assert "+ NEW নতুন সংস্থা" in out and "1 would be added" in out
    assert "The import would be refused: NEW added to the list by roster import (2021-01)" in out
    assert "2021-01 is locked for দিনাজপুর" in out and "--unlock-reason" in out
    assert table_dump(office.db) == before
    out = " ".join(office("ngo", "import", str(both), "--add-new", "--dry-run",
                          "--unlock-reason", WHY).output.split())  # fmt: skip
    assert "recorded as changed after review: 2021-01" in out
    assert table_dump(office.db) == before
    office("ngo", "import", str(both), "--add-new", "--dry-run", "--joined", "2021-02-01")


def removal_doc(tmp_path: Path, meeting: int, removes: bool = True) -> Path:
    text = doc_for(meeting)
    if not removes:  # item ০৩, with its decision ৩.১, taken out of the document
        text = text.split("=== বিষয় ০৩")[0] + "=== বিষয় ০৪" + text.split("=== বিষয় ০৪")[1]
    path = tmp_path / f"meeting-{meeting}-{removes}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_removal_decisions_meet_the_lock_and_take_a_reason(office: Cli, tmp_path: Path) -> None:
    """The minutes of 10 February are typed in after February was reviewed and locked: their
    decision ৩.১ takes DAM off the list from the meeting's day, so February's expected NGOs
    change. `meeting edit` is refused naming the lock, and goes through with --unlock-reason;
    taking the decision out again, or deleting the meeting, puts DAM back: the same rule."""
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    meeting = int(office("meeting", "new", "--date", "2021-02-10", "--time", "16:00",
                         "--venue", "কক্ষ").output.split()[1])  # fmt: skip
    office("lock", "2021-02", "--reason", REASON)
    edit = ("meeting", "edit", str(meeting), "--file", str(removal_doc(tmp_path, meeting)),
            "--replace")  # fmt: skip
    out = refused(office, *edit)
    assert "DAM removed from the list on 2021-02-10 (2021-02)" in out
    assert "meeting's day" in out and "--on" not in out
    office(*edit, "--unlock-reason", WHY)
    feb = checked(office, "2021-02")
    assert "DAM" not in [u["unit"] for u in feb["units"]]
    assert [(c["unit"], c["reason"]) for c in feb["changed_after_review"]] == [("DAM", WHY)]
    without = ("meeting", "edit", str(meeting), "--file",
               str(removal_doc(tmp_path, meeting, removes=False)), "--replace")  # fmt: skip
    assert "DAM back on the list" in refused(office, *without)
    office(*without, "--unlock-reason", WHY)
    assert "DAM" in [u["unit"] for u in checked(office, "2021-02")["units"]]
    office(*edit, "--unlock-reason", WHY)
    out = refused(office, "meeting", "delete", str(meeting), "--yes")
    assert "DAM back on the list" in out
    office("meeting", "delete", str(meeting), "--yes", "--unlock-reason", WHY)
    feb = checked(office, "2021-02")
    assert "DAM" in [u["unit"] for u in feb["units"]]
    assert len(feb["changed_after_review"]) == 4


def test_an_earlier_month_s_return_moves_an_unset_tracking_start(
    office: Cli, tmp_path: Path
) -> None:
    """No tracking.start is set, so it is the first month with a return (January). October
    2020 is locked: `check` shows it before tracking, nothing expected. A return of June 2020
    would move the start to June and make October count (three NGOs missing): refused naming
    the lock, a dry run says so, and it goes in with a reason; undoing it moves the start back,
    the same rule. With tracking.start set the start does not move: not refused."""
    report_csv(tmp_path / "jan", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "jan"), "--received-on", "2021-02-05")
    office("lock", "2020-10", "--reason", REASON)
    assert checked(office, "2020-10")["before_tracking"] is True
    june = report_csv(tmp_path / "june", "MBSK", "2020-06")
    before = table_dump(office.db)
    out = " ".join(office("report", "import", str(june), "--received-on", "2020-07-05",
                          code=1).output.split())  # fmt: skip
    assert "tracking.start 2021-01 → 2020-06" in out and "(2020-10)" in out, out
    assert "config set tracking.start" in out
    assert table_dump(office.db) == before
    dry = office("report", "import", str(june), "--received-on", "2020-07-05", "--dry-run", code=1)
    assert "(2020-10)" in " ".join(dry.output.split()) and table_dump(office.db) == before
    office("report", "import", str(june), "--received-on", "2020-07-05", "--unlock-reason", WHY)
    october = checked(office, "2020-10")
    assert october["totals"]["missing"] == 3
    assert [c["unit"] for c in october["changed_after_review"]] == ["tracking.start"]
    imported = last_run(office)
    assert "tracking.start 2020-06 → 2021-01" in refused(office, "undo", str(imported), "--yes")
    office("undo", str(imported), "--yes", "--unlock-reason", WHY)
    assert checked(office, "2020-10")["before_tracking"] is True
    office("config", "set", "tracking.start", "2021-01")
    office("report", "import", str(june), "--received-on", "2020-07-05")  # before the start
    assert checked(office, "2020-10")["before_tracking"] is True


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_kind_and_an_earlier_month_on_each_engine(url: str, tmp_path: Path) -> None:  # noqa: F811
    """The new rules on SQLite and PostgreSQL: refused naming the lock with nothing written,
    made with a reason and shown in `check`."""
    where = Cli(url)  # type: ignore[arg-type]  # a URL is a --db too
    prepared(url, tmp_path)
    where("lock", "2021-01", "--reason", REASON)
    where("lock", "2020-10", "--reason", REASON)
    log = len(json.loads(where("log", "--format", "json", "-n", "100").output))
    assert "(2021-01)" in " ".join(where(*KIND, code=1).output.split())
    june = report_csv(tmp_path / "june", "MBSK", "2020-06")
    out = where("report", "import", str(june), "--received-on", "2020-07-05", code=1).output
    assert "(2020-10)" in " ".join(out.split())
    assert len(json.loads(where("log", "--format", "json", "-n", "100").output)) == log
    where(*KIND, "--unlock-reason", WHY)
    where("report", "import", str(june), "--received-on", "2020-07-05", "--unlock-reason", WHY)
    changes: list[Any] = checked(where, "2020-10")["changed_after_review"]
    assert [c["unit"] for c in changes] == ["tracking.start"]
