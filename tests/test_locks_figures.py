"""A reviewed month's figures stay as reviewed unless someone gives a reason: every change that
would alter what `check` shows for a locked month (a version brought back by undo, an NGO's
joining or leaving day, the tracking start, a kind switched off or on) is refused naming the
lock, or made with --unlock-reason, recorded and shown as changed after review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, report_csv, table_dump
from test_locks import prepared
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)

REASON = "ফেব্রুয়ারির সভায় পর্যালোচিত"
WHY = "সভার পরে ভুল ধরা পড়েছে"
CHANGED_BN = "পর্যালোচনার পর তথ্য পরিবর্তিত"


def last_run(cli: Cli) -> int:
    return int(json.loads(cli("log", "--format", "json", "-n", "1").output)[0]["run"])


def checked(cli: Cli, month: str = "2021-01", kind: str = "ngo-report") -> dict[str, Any]:
    out = cli("check", "--kind", kind, "--month", month, "--as-of", "2021-03-20",
              "--format", "json", code=None).output  # fmt: skip
    found: dict[str, Any] = json.loads(out)["checks"][0]
    return found


def refused(cli: Cli, *args: str) -> str:
    """The command refused, naming the lock, and the register left exactly as it was."""
    before = table_dump(cli.db)
    out = " ".join(cli(*args, code=1).output.split())
    assert "is locked for" in out and "--unlock-reason" in out, out
    assert table_dump(cli.db) == before
    return out


def test_undo_bringing_a_removed_version_back_into_a_locked_month(
    office: Cli, tmp_path: Path
) -> None:
    """MBSK's January report imported and the import undone (the version is gone); January
    reviewed and locked: undoing the undo would bring the version back into the reviewed
    figures, so it meets the lock like any other change to them."""
    report_csv(tmp_path / "in", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    office("undo", str(last_run(office)), "--yes")
    removal = last_run(office)
    office("lock", "2021-01", "--reason", REASON)
    out = refused(office, "undo", str(removal), "--yes")
    assert "MBSK ngo-report 2021-01 was not changed: 2021-01 is locked" in out
    assert checked(office)["totals"]["received"] == 0
    office("undo", str(removal), "--yes", "--unlock-reason", WHY)
    figures = checked(office)
    assert figures["totals"]["received"] == 1
    (change,) = figures["changed_after_review"]
    assert change["unit"] == "MBSK" and change["reason"] == WHY
    assert change["change"] == f"version 1 brought back by undo {removal}"


def test_the_list_changed_into_a_locked_month_meets_the_lock(office: Cli) -> None:
    """January reviewed and locked with MBSK, CTW and DAM expected. Taking CTW off the list
    from a day in January, adding an NGO that joined in January (or with no joining day), or
    putting CTW back from January would change who was expected: each is refused naming the
    lock, and goes through with a reason, shown as changed after review."""
    office("lock", "2021-01", "--reason", REASON)
    assert checked(office)["totals"]["expected"] == 3
    out = refused(office, "ngo", "remove", "CTW", "--on", "2021-01-20", "--reason", "বন্ধ")
    assert "CTW removed from the list on 2021-01-20 (2021-01)" in out
    assert "2021-01 is locked for দিনাজপুর, locked on" in out and REASON in out and "--on" in out
    added = ("ngo", "add", "--code", "NEW", "--name-bn", "নতুন সংস্থা")
    assert "--joined DATE" in refused(office, *added)
    assert "(2021-01)" in refused(office, *added, "--joined", "2021-01-05")
    office("ngo", "remove", "CTW", "--on", "2021-01-20", "--reason", "বন্ধ", "--unlock-reason", WHY)
    figures = checked(office)
    assert figures["totals"]["expected"] == 2, figures["units"]
    (change,) = figures["changed_after_review"]
    assert change == {**change, "unit": "CTW", "reason": WHY,
                      "change": "removed from the list on 2021-01-20"}  # fmt: skip
    refused(office, "ngo", "rejoin", "CTW", "--on", "2021-01-25")
    office("ngo", "rejoin", "CTW", "--on", "2021-01-25", "--unlock-reason", WHY)
    assert checked(office)["totals"]["expected"] == 3
    assert len(checked(office)["changed_after_review"]) == 2


def test_a_change_from_a_day_after_the_locked_months_is_not_refused(office: Cli) -> None:
    """What the clerk expects: removing an NGO from today on, or adding one that joined this
    month, changes no reviewed month, so last month's lock says nothing."""
    office("lock", "2021-01", "--reason", REASON)
    office("ngo", "remove", "CTW", "--on", "2021-02-10", "--reason", "বন্ধ")
    office("ngo", "add", "--code", "NEW", "--name-bn", "নতুন সংস্থা", "--joined", "2021-02-01")
    office("ngo", "rejoin", "CTW", "--on", "2021-03-01")
    assert checked(office)["totals"]["expected"] == 3
    assert checked(office)["changed_after_review"] == []
    assert checked(office, "2021-02")["totals"]["expected"] == 3  # DAM, MBSK, NEW


def test_the_tracking_start_due_day_and_kinds_of_a_locked_month(
    office: Cli, tmp_path: Path
) -> None:
    """MBSK's January report came on 5 February (due day 7: on time); January locked. A
    tracking start after January, a due day before the 5th, and the kind switched off would
    each change January's figures: refused naming the lock, or made with a reason. A due day
    that moves no receipt across it, and a tracking start before January, change nothing."""
    report_csv(tmp_path / "in", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    office("config", "set", "tracking.start", "2021-01")
    office("lock", "2021-01", "--reason", REASON)
    assert "(2021-01)" in refused(office, "config", "set", "tracking.start", "2021-02")
    assert "tracking.start 2021-01 → 2021-02" in refused(
        office, "config", "set", "tracking.start", "2021-02"
    )
    office("config", "set", "tracking.start", "2020-10")  # January stays tracked
    assert "due day 7 → 3" in refused(office, "config", "set", "due.ngo-report", "3")
    office("config", "set", "due.ngo-report", "20")  # the 5th stays on time; 20 March is past
    assert checked(office)["totals"]["on_time"] == 1 and not checked(office)["changed_after_review"]
    assert "ngo-report switched off" in refused(office, "return", "disable-kind", "ngo-report")
    office("config", "set", "due.ngo-report", "3", "--unlock-reason", WHY)
    figures = checked(office)
    assert figures["totals"]["late"] == 1
    (change,) = figures["changed_after_review"]
    assert change["unit"] == "ngo-report" and change["change"] == "due day 20 → 3"
    office("return", "disable-kind", "ngo-report", "--unlock-reason", WHY)
    office("return", "enable-kind", "ngo-report", "--unlock-reason", WHY)
    office("config", "set", "tracking.start", "2021-02", "--unlock-reason", WHY)
    assert checked(office)["before_tracking"] is True
    changes = [c["change"] for c in checked(office)["changed_after_review"]]
    assert changes == ["due day 20 → 3", "switched off", "switched on",
                       "2020-10 → 2021-02"]  # fmt: skip
    text = office("check", "--kind", "ngo-report", "--month", "2021-01", "--as-of", "2021-03-20")
    said = " ".join(text.output.split())
    assert "Before the tracking start" in said and "Locked after review" in said
    assert f"{CHANGED_BN}): tracking.start 2020-10 → 2021-02" in said and WHY in said


def roster(tmp_path: Path, rows: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text("এনজিও কোড,সংস্থার নাম,তালিকাভুক্তির তারিখ\n" + rows, encoding="utf-8")
    return path


def test_a_roster_import_that_changes_a_locked_month_s_list(office: Cli, tmp_path: Path) -> None:
    """A new NGO with no joining day would be expected in locked January, and MBSK's joining
    day moved to February would take it out of January: the import is refused naming both; with a
    joining day after January it goes through, and with a reason it is recorded."""
    office("lock", "2021-01", "--reason", REASON)
    both = roster(tmp_path, "NEW,নতুন সংস্থা,\nMBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র,2021-02-01\n", "both.csv")
    out = refused(office, "ngo", "import", str(both), "--add-new")
    assert "NEW added to the list by roster import (2021-01)" in out
    assert "MBSK joined the list on 2021-02-01 (was open-ended) (2021-01)" in out
    later = roster(tmp_path, "NEW,নতুন সংস্থা,\n", "later.csv")
    office("ngo", "import", str(later), "--add-new", "--joined", "2021-02-01")
    assert checked(office)["totals"]["expected"] == 3
    office("ngo", "import", str(both), "--unlock-reason", WHY)  # MBSK's day moves
    figures = checked(office)
    assert figures["totals"]["expected"] == 2, figures["units"]
    assert [c["unit"] for c in figures["changed_after_review"]] == ["MBSK"]


def test_undo_of_a_list_change_meets_the_lock(office: Cli) -> None:
    """Undoing a removal from mid-January would put CTW back into locked January's list, and
    undoing an NGO added open-ended would take it out: refused, or recorded with a reason.
    Undoing a removal from February changes no locked month."""
    office("lock", "2021-01", "--reason", REASON)
    office("ngo", "remove", "DAM", "--on", "2021-02-10", "--reason", "বন্ধ")
    office("undo", str(last_run(office)), "--yes")  # February: no locked month changes
    office("ngo", "remove", "CTW", "--on", "2021-01-20", "--reason", "বন্ধ", "--unlock-reason", WHY)
    removal = last_run(office)
    out = refused(office, "undo", str(removal), "--yes")
    assert f"CTW list periods put back by undo {removal} (2021-01)" in out
    office("ngo", "add", "--code", "NEW", "--name-bn", "নতুন সংস্থা", "--unlock-reason", WHY)
    added = last_run(office)
    assert checked(office)["totals"]["expected"] == 3  # MBSK, DAM, NEW
    assert f"NEW removed by undo {added}" in refused(office, "undo", str(added), "--yes")
    office("undo", str(added), "--yes", "--unlock-reason", WHY)
    office("undo", str(removal), "--yes", "--unlock-reason", WHY)
    figures = checked(office)
    assert figures["totals"]["expected"] == 3  # MBSK, CTW, DAM
    # the records of the runs undone go with them; each undo's own stays
    changes = [(c["unit"], c["change"]) for c in figures["changed_after_review"]]
    assert changes == [("NEW", f"removed by undo {added}"),
                       ("CTW", f"list periods put back by undo {removal}")]  # fmt: skip


def test_undo_of_a_kind_switched_off_meets_the_lock(office: Cli) -> None:
    """A kind switched off before January was locked: undoing that would bring its January
    figures back into the reviewed month."""
    office("return", "disable-kind", "upazila-minutes")
    off = last_run(office)
    office("lock", "2021-01", "--reason", REASON)
    assert "upazila-minutes switched on by undo" in refused(office, "undo", str(off), "--yes")
    office("undo", str(off), "--yes", "--unlock-reason", WHY)
    (change,) = checked(office, kind="upazila-minutes")["changed_after_review"]
    assert change["unit"] == "upazila-minutes" and change["reason"] == WHY


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_the_list_and_the_tracking_start_on_each_engine(url: str, tmp_path: Path) -> None:  # noqa: F811
    """The same rule on SQLite and PostgreSQL: refused naming the lock, nothing written; made
    with a reason and shown in `check`."""
    where = Cli(url)  # type: ignore[arg-type]  # a URL is a --db too
    prepared(url, tmp_path)
    where("lock", "2021-01", "--reason", REASON)
    log = len(json.loads(where("log", "--format", "json", "-n", "100").output))
    out = " ".join(where("ngo", "remove", "CTW", "--on", "2021-01-20", "--reason", "বন্ধ",
                         code=1).output.split())  # fmt: skip
    assert "would change the reviewed figures of 2021-01" in out
    assert "tracking.start" in " ".join(
        where("config", "set", "tracking.start", "2021-02", code=1).output.split()
    )
    assert len(json.loads(where("log", "--format", "json", "-n", "100").output)) == log
    where("ngo", "remove", "CTW", "--on", "2021-01-20", "--reason", "বন্ধ", "--unlock-reason", WHY)
    figures = checked(where)
    assert figures["totals"]["expected"] == 2
    assert [c["unit"] for c in figures["changed_after_review"]] == ["CTW"]


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_many_changes_after_review_each_recorded_with_its_own_row(url: str, tmp_path: Path) -> None:  # noqa: F811
    """A roster import that moves three NGOs' joining day past two locked months, for two kinds
    the NGOs send, writes a record per NGO, month and kind at once: each audit row names its
    own record, and undoing the import takes exactly those away."""
    from sqlalchemy import create_engine, text

    where = Cli(url)  # type: ignore[arg-type]  # a URL is a --db too
    prepared(url, tmp_path)
    where("return", "add-kind", "training-report", "--title", "প্রশিক্ষণ", "--from", "ngo",
          "--due-day", "10")  # fmt: skip
    for month in ("2021-01", "2021-02"):
        where("lock", month, "--reason", REASON)
    rows = "".join(f"{c},{n},2021-03-01\n" for c, n in (
        ("MBSK", "মহিলা বহুমুখী শিক্ষা কেন্দ্র"), ("CTW", "কাম-টু-ওয়ার্ক"), ("DAM", "ঢাকা আহছানিয়া মিশন")
    ))  # fmt: skip
    where("ngo", "import", str(roster(tmp_path, rows, "later.csv")), "--unlock-reason", WHY)
    run = last_run(where)
    engine = create_engine(url)
    query = text(
        "SELECT o.id, o.unit, o.month, k.name, o.reason, a.row_key, a.new FROM audit a "
        "JOIN lock_override o ON o.id = a.row_id JOIN return_kind k ON k.id = o.kind_id "
        "WHERE a.run_id = :run AND a.table_name = 'lock_override' ORDER BY a.id"
    )
    try:
        with engine.connect() as conn:
            found = conn.execute(query, {"run": run}).all()
            total = conn.execute(text("SELECT count(*) FROM lock_override")).scalar()
    finally:
        engine.dispose()
    seen = set()
    for override_id, unit, month, kind, reason, key, new in found:
        said = json.loads(new)
        assert (said["unit"], said["kind"], key.split(":")[-1]) == (unit, kind, month)
        assert reason == WHY
        seen.add(override_id)
    assert len(seen) == len(found) == total == 3 * 2 * 2
    assert {(u, m, k) for _, u, m, k, *_ in found} == {
        (u, m, k)
        for u in ("MBSK", "CTW", "DAM")
        for m in ("2021-01", "2021-02")
        for k in ("ngo-report", "training-report")
    }
    where("undo", str(run), "--yes", "--unlock-reason", WHY)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            left = conn.execute(text("SELECT id FROM lock_override")).scalars().all()
    finally:
        engine.dispose()
    assert not seen & set(left)
