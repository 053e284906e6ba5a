"""List periods the schema keeps true (migration 0013): none ends before it starts, and two of
one NGO at one office never share a day, on SQLite (a CHECK and a trigger) and PostgreSQL (a
CHECK and an exclusion constraint); the upgrade refuses a register that already holds such a
row, naming it; every command that writes periods says which NGO and which dates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, table_dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError
from test_concurrency import ngocoord
from test_meeting_changes import meeting, office  # noqa: F401  (the meeting's fixtures)
from test_migrations import ENGINES, cli, compare, url  # noqa: F401  (the engines' fixture)
from typer.testing import CliRunner

from ngocoord.cli.app import app
from ngocoord.register.membership import Span, wrong
from ngocoord.store import db

MBSK = ("--code", "MBSK", "--name-bn", "মহিলা বহুমুখী শিক্ষা কেন্দ্র")


def engine_of(where: str) -> Any:
    return db.make_engine(where)


def periods(where: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    engine = engine_of(where)
    try:
        with engine.connect() as conn:
            query = "SELECT id, ngo_id, start_date, end_date FROM membership ORDER BY id"
            return [tuple(r) for r in conn.execute(text(query))]
    finally:
        engine.dispose()


def insert(where: str, start: date | None, end: date | None, ngo: str = "MBSK") -> None:
    from sqlalchemy import text

    engine = engine_of(where)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO membership (ngo_id, office_id, start_date, end_date) "
                    "SELECT n.id, m.office_id, :s, :e FROM ngo n JOIN membership m "
                    "ON m.ngo_id = n.id WHERE n.code = :code LIMIT 1"
                ),
                {"s": start, "e": end, "code": ngo},
            )
    finally:
        engine.dispose()


def office_with_mbsk(where: str) -> None:
    """MBSK on the list from 2020-01-01 to 2021-03-01, and back from 2021-06-01."""
    cli(where, "init", "--district", "দিনাজপুর")
    cli(where, "ngo", "add", *MBSK, "--joined", "2020-01-01")
    cli(where, "ngo", "remove", "MBSK", "--on", "2021-03-01", "--reason", "বিলুপ্ত")
    cli(where, "ngo", "rejoin", "MBSK", "--on", "2021-06-01")


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_the_schema_refuses_a_period_backwards_or_overlapping(url: str) -> None:  # noqa: F811
    office_with_mbsk(url)
    held = periods(url)
    for start, end in [
        (date(2021, 5, 1), date(2021, 4, 1)),  # ends before it starts
        (date(2021, 2, 1), date(2021, 4, 1)),  # the first period's last month
        (None, date(2020, 1, 2)),  # before tracking began, into the first period
        (date(2022, 1, 1), None),  # a second open period
        (date(2021, 5, 1), date(2021, 6, 2)),  # into the open one by a day
    ]:
        with pytest.raises(IntegrityError):
            insert(url, start, end)
    assert periods(url) == held
    for start, end in [
        (date(2021, 3, 1), date(2021, 6, 1)),  # the gap exactly: touching is not sharing
        (None, date(2020, 1, 1)),
    ]:
        insert(url, start, end)
    assert len(periods(url)) == len(held) + 2
    # an update is held to the rule too: the first period made open would meet the others
    from sqlalchemy import text

    engine = engine_of(url)
    try:
        with pytest.raises(IntegrityError), engine.begin() as conn:
            first = min(r[0] for r in held)
            conn.execute(text("UPDATE membership SET end_date = NULL WHERE id = :i"), {"i": first})
    finally:
        engine.dispose()


DAY = date(2021, 1, 1)
days = st.one_of(st.none(), st.integers(0, 40).map(lambda n: DAY + timedelta(days=n)))


@pytest.fixture(scope="module")
def sqlite_register(tmp_path_factory: pytest.TempPathFactory) -> str:
    where = f"sqlite:///{tmp_path_factory.mktemp('periods') / 'register.sqlite'}"
    cli(where, "init", "--district", "দিনাজপুর")
    cli(where, "ngo", "add", *MBSK)
    return where


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(days, days), min_size=1, max_size=5))
def test_the_schema_takes_a_period_exactly_when_the_rule_does(
    sqlite_register: str, spans: list[tuple[date | None, date | None]]
) -> None:
    """Any periods, written one at a time: the register takes each exactly when
    register/membership's rule finds nothing wrong with it beside those taken before."""
    from sqlalchemy import text

    engine = engine_of(sqlite_register)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM membership"))
        taken: list[Span] = []
        for start, end in spans:
            ok = wrong([*taken, Span(start, end)]) is None
            try:
                with engine.begin() as conn:
                    conn.execute(
                        text(
                            "INSERT INTO membership (ngo_id, office_id, start_date, end_date) "
                            "VALUES (1, 1, :s, :e)"
                        ),
                        {"s": start, "e": end},
                    )
            except IntegrityError:
                assert not ok, (taken, (start, end))
            else:
                assert ok, (taken, (start, end))
                taken.append(Span(start, end))
    finally:
        engine.dispose()


def downgrade_to_0012(where: str) -> None:
    from alembic import command

    engine = engine_of(where)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0012")
    finally:
        engine.dispose()


def upgrade(where: str) -> Any:
    return CliRunner().invoke(app, ["--db", where, "db", "upgrade"])


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0012_periods_that_cannot_be_true_are_named_and_kept(url: str) -> None:  # noqa: F811
    """A register on 0012 with a period ending before it starts and two that overlap: the
    upgrade names each row, changes nothing, and stays on 0012; put right, it upgrades."""
    from sqlalchemy import text

    office_with_mbsk(url)
    cli(url, "ngo", "add", "--code", "CTW", "--name-bn", "কাম-টু-ওয়ার্ক", "--joined", "2020-05-01")
    downgrade_to_0012(url)
    insert(url, date(2021, 9, 1), date(2021, 7, 1))  # backwards
    insert(url, date(2020, 7, 1), None, ngo="CTW")  # overlaps CTW's open period
    held = periods(url)
    result = upgrade(url)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "Traceback" not in said
    backwards, ctw = held[-2][0], held[-1][0]
    assert f"membership row {backwards}: MBSK" in said and "2021-09-01" in said
    ctw_first = next(r[0] for r in held if r[1] == held[-1][1])
    assert f"membership rows {ctw_first} and {ctw}: CTW" in said
    assert "nothing was changed" in said
    assert periods(url) == held
    engine = engine_of(url)
    try:
        with engine.connect() as conn:
            assert db.current_revision(conn) == "0012"
        with engine.begin() as conn:
            conn.execute(
                text("DELETE FROM membership WHERE id IN (:a, :b)"), {"a": backwards, "b": ctw}
            )
    finally:
        engine.dispose()
    result = upgrade(url)
    assert result.exit_code == 0, result.output
    assert compare(url) == []
    with pytest.raises(IntegrityError):
        insert(url, date(2021, 9, 1), date(2021, 7, 1))
    with pytest.raises(IntegrityError):
        insert(url, date(2020, 7, 1), None, ngo="CTW")


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_0013_down_and_up_again(url: str) -> None:  # noqa: F811
    """The downgrade takes both rules away (and the periods stay); up again, both hold."""
    office_with_mbsk(url)
    held = periods(url)
    downgrade_to_0012(url)
    assert periods(url) == held
    insert(url, date(2021, 7, 1), None)  # a second open period: 0012 took it
    from sqlalchemy import text

    engine = engine_of(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM membership WHERE id > :i"), {"i": held[-1][0]})
    finally:
        engine.dispose()
    assert upgrade(url).exit_code == 0
    assert compare(url) == []
    with pytest.raises(IntegrityError):
        insert(url, date(2021, 7, 1), None)


HOLDER = """
import sys, time
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1])
with engine.begin() as conn:
    conn.execute(text(
        "INSERT INTO membership (ngo_id, office_id, start_date, end_date) "
        "SELECT ngo_id, office_id, :s, NULL FROM membership WHERE id = :i"
    ), {"s": sys.argv[2], "i": int(sys.argv[3])})
    print("holding", flush=True)
    time.sleep(float(sys.argv[4]))
print("committed", flush=True)
"""


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_rejoin_racing_another_writer_is_refused_by_the_schema(url: str) -> None:  # noqa: F811
    """Another process writes MBSK back on the list and holds its transaction open while
    `ngo rejoin` checks (and finds MBSK off the list) and writes: the rejoin waits for it,
    then the schema refuses it, and the clerk is told which NGO and which dates."""
    cli(url, "init", "--district", "দিনাজপুর")
    cli(url, "ngo", "add", *MBSK, "--joined", "2020-01-01")
    cli(url, "ngo", "remove", "MBSK", "--on", "2021-03-01", "--reason", "বিলুপ্ত")
    ((first, *_),) = periods(url)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, url, "2021-04-01", str(first), "4"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    rejoin = ngocoord(url, "ngo", "rejoin", "MBSK", "--on", "2021-05-01")
    out, err = rejoin.communicate(timeout=120)
    assert holder.wait(timeout=60) == 0
    said = " ".join((out + err).split())
    assert rejoin.returncode == 1, said
    assert "Traceback" not in said and "IntegrityError" not in said
    assert "2021-05-01 to open" in said and "overlaps another period" in said
    assert "MBSK: 2020-01-01 to 2021-03-01, 2021-04-01 to open" in said
    held = [(_day(r[2]), _day(r[3])) for r in periods(url)]
    assert held == [(date(2020, 1, 1), date(2021, 3, 1)), (date(2021, 4, 1), None)]


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_rejoins_at_once_leave_one_period_open(url: str) -> None:  # noqa: F811
    """Four `ngo rejoin` of one NGO at once, three rounds: each round one is taken and the
    others are refused with a message (by the command's check, the writers' order, or the
    schema), never two open periods, never a traceback."""
    cli(url, "init", "--district", "দিনাজপুর")
    cli(url, "ngo", "add", *MBSK, "--joined", "2020-01-01")
    for round_ in range(3):
        left = f"202{round_ + 1}-01-01"
        cli(url, "ngo", "remove", "MBSK", "--on", left, "--reason", "বিলুপ্ত")
        procs = [
            ngocoord(url, "ngo", "rejoin", "MBSK", "--on", f"202{round_ + 1}-0{k + 2}-01")
            for k in range(4)
        ]
        results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
        assert sorted(code for _, _, code in results) == [0, 1, 1, 1], results
        for out, err, _ in results:
            assert "Traceback" not in out + err and "MBSK" in out + err, (out, err)
        held = [Span(*map(_day, r[2:])) for r in periods(url)]
        assert wrong(held) is None and sum(p.end_date is None for p in held) == 1, held


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("joined", "refused"),
    [("2021-06-01", True), ("2021-03-01", True), ("2021-02-28", False), ("2019-01-01", False)],
)
def test_ngo_import_never_moves_a_joining_date_past_the_day_it_left(
    tmp_path: Path, joined: str, refused: bool
) -> None:
    """MBSK's only period ends on 2021-03-01: a roster that gives a joining date on or after
    that day is refused at its row, naming the NGO and both dates, and nothing changes."""
    where = f"sqlite:///{tmp_path / 'register.sqlite'}"
    cli(where, "init", "--district", "দিনাজপুর")
    cli(where, "ngo", "add", *MBSK, "--joined", "2020-01-01")
    cli(where, "ngo", "remove", "MBSK", "--on", "2021-03-01", "--reason", "বিলুপ্ত")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        f"এনজিও কোড,সংস্থার নাম,তালিকাভুক্তির তারিখ\nMBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র,{joined}\n",
        encoding="utf-8",
    )
    held = periods(where)
    result = CliRunner().invoke(app, ["--db", where, "ngo", "import", str(roster)])
    said = " ".join(result.output.split())
    if refused:
        assert result.exit_code == 1, said
        assert "roster.csv:csv:2:" in said and "Traceback" not in said
        assert f"joins the list on {joined}, not before the day it left it, 2021-03-01" in said
        assert periods(where) == held
    else:
        assert result.exit_code == 0, said
        assert [_day(r[2]) for r in periods(where)] == [date.fromisoformat(joined)]


def test_a_periods_cell_whose_periods_overlap_is_refused_at_its_row(tmp_path: Path) -> None:
    where = f"sqlite:///{tmp_path / 'register.sqlite'}"
    cli(where, "init", "--district", "দিনাজপুর")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "এনজিও কোড,সংস্থার নাম,তালিকায় থাকার সময়কাল\n"
        "MBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র,2019-01-01–2021-01-01; 2020-06-01–\n"
        "CTW,কাম-টু-ওয়ার্ক,2019-01-01–2020-01-01; 2020-01-01–\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["--db", where, "ngo", "import", str(roster)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "roster.csv:csv:2:" in said
    assert "2019-01-01 to 2021-01-01 and 2020-06-01 to now" in said
    assert "roster.csv:csv:3:" not in said  # periods that touch share no day
    assert periods(where) == []


def test_a_removal_undone_after_the_ngo_rejoined_is_refused(
    office: Cli,  # noqa: F811
    meeting: int,  # noqa: F811
) -> None:
    """Decision ৩.১ of the meeting of 10 February took DAM off the list, and DAM rejoined on 1
    May: deleting the meeting would put DAM on the list twice from May. Refused, naming DAM
    and the dates, with nothing changed."""
    office("ngo", "rejoin", "DAM", "--on", "2021-05-01")
    before = table_dump(office.db)
    said = " ".join(office("meeting", "delete", str(meeting), "--yes", code=1).output.split())
    assert "DAM: back on the list" in said and "the removal of 2021-02-10 deleted" in said
    assert "overlap" in said and "2021-05-01 to now" in said and "ngocoord undo" in said
    assert table_dump(office.db) == before


def test_a_meeting_that_removes_an_ngo_links_by_the_list_as_it_ends(
    office: Cli,  # noqa: F811
    meeting: int,  # noqa: F811
) -> None:
    """Decision ৩.১ takes DAM off the list from the meeting day: no decision of the meeting,
    whatever its number, links DAM as one of "সকল এনজিও", and nothing is said to relink."""
    import json

    rows = json.loads(office("decisions", "--meeting", str(meeting), "--format", "json").output)
    assert rows and all(
        "DAM" not in r["linked"] for r in rows if "সকল" in (r["implementers"] or "")
    )
    shown = json.loads(office("meeting", "show", str(meeting), "--format", "json").output)
    assert not any("relink" in w for w in shown["warnings"]), shown["warnings"]
    assert "all linked so already" in office("meeting", "relink", str(meeting)).output
