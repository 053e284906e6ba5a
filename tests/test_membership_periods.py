"""List periods the schema keeps true (migration 0013): none ends before it starts, and two of
one NGO at one office never share a day, on SQLite (a CHECK and a trigger) and PostgreSQL (a
CHECK and an exclusion constraint); the upgrade refuses a register that already holds such a
row, naming it; every command that writes periods says which NGO and which dates."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError
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
