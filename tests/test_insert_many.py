"""db.insert_many: the SQLite fast path stores exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert
from sqlmodel import select

from ngocoord import places
from ngocoord.store import offices, runs
from ngocoord.store.db import create_register, insert_many, insert_rows, open_register
from ngocoord.store.models import Audit, Ngo, Office, Registration, table


def _raw(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_dates_and_times_stored_as_sqlalchemy_stores_them(tmp_path):
    path = tmp_path / "r.sqlite"
    register = create_register(f"sqlite:///{path}")
    at = datetime(2021, 2, 10, 9, 30, 5, 123456, tzinfo=UTC)
    with register.session() as s:
        offices.set_up(s, places.find_district("Dinajpur"), None)
        insert_many(
            s.connection(),
            table(Ngo),
            [{"code": "AAA", "name_key": "a"}, {"code": "BBB", "name_key": "b"}],
        )
        ids = dict(
            s.execute(
                table(Ngo).select().with_only_columns(table(Ngo).c.code, table(Ngo).c.id)
            ).all()
        )
        rows = [
            {
                "ngo_id": ids["AAA"],
                "authority": "NGOAB",
                "number": "1963",
                "reg_date": date(2004, 9, 23),
                "reg_year": None,
            },
            {
                "ngo_id": ids["BBB"],
                "authority": "DSS",
                "number": "দিনা-২৭৮",
                "reg_date": None,
                "reg_year": 1999,
            },
        ]
        insert_many(s.connection(), table(Registration), rows[:1])
        s.connection().execute(insert(table(Registration)), [{**rows[0], "ngo_id": ids["BBB"]}])
        insert_many(s.connection(), table(Registration), rows[1:])
        entry = {
            "at": at,
            "os_user": "clerk",
            "command": "c",
            "table_name": "ngo",
            "row_key": "AAA",
            "action": "insert",
            "old": None,
            "new": "{}",
            "run_id": runs.current(s.connection()),
        }
        insert_many(s.connection(), table(Audit), [entry])
        s.connection().execute(insert(table(Audit)), [{**entry, "row_key": "BBB"}])
    register.close()

    dates = _raw(path, "SELECT ngo_id, reg_date, reg_year, number FROM registration ORDER BY id")
    assert dates[0][1] == dates[1][1] == "2004-09-23"  # fast path == SQLAlchemy's path
    assert dates[2][1:] == (None, 1999, "দিনা-২৭৮")
    stamps = _raw(path, "SELECT at FROM audit WHERE row_key IN ('AAA', 'BBB') ORDER BY id")
    assert stamps[0] == stamps[1] == ("2021-02-10 09:30:05.123456",)

    register = open_register(f"sqlite:///{path}")
    with register.session() as s:
        reg = s.get(Registration, 1)
        assert reg is not None and reg.reg_date == date(2004, 9, 23)
    register.close()


def test_nothing_to_insert_is_a_no_op(tmp_path):
    register = create_register(f"sqlite:///{tmp_path / 'r.sqlite'}")
    with register.session() as s:
        insert_many(s.connection(), table(Ngo), [])
        assert s.exec(select(Ngo)).all() == []
    register.close()


def test_a_table_with_python_defaults_takes_sqlalchemys_path(tmp_path):
    register = create_register(f"sqlite:///{tmp_path / 'r.sqlite'}")
    with register.session() as s:
        insert_many(
            s.connection(),
            table(Office),
            [{"level": "district", "geo_id": 1, "name_bn": "ক", "name_en": "K"}],
        )
        office = s.exec(select(Office)).one()
        assert office.is_home is False  # the column's default was applied
    register.close()


def test_rolled_back_with_the_session(tmp_path):
    """The fast path writes in the session's transaction: an error afterwards undoes it."""
    register = create_register(f"sqlite:///{tmp_path / 'r.sqlite'}")
    try:
        with register.session() as s:
            insert_many(s.connection(), table(Ngo), [{"code": "AAA", "name_key": "a"}])
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    with register.session() as s:
        assert s.exec(select(Ngo)).all() == []
    register.close()


def test_many_rows_rolled_back_with_the_session(tmp_path):
    register = create_register(f"sqlite:///{tmp_path / 'r.sqlite'}")
    rows = [{"code": f"N{i:03d}", "name_key": f"n{i}"} for i in range(50)]
    try:
        with register.session() as s:
            insert_many(s.connection(), table(Ngo), rows)
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    with register.session() as s:
        assert s.exec(select(Ngo)).all() == []
    register.close()


def test_a_connection_without_a_transaction_yet_commits_the_rows(tmp_path):
    """Like SQLAlchemy's own execute, the first insert begins the transaction commit() ends."""
    register = create_register(f"sqlite:///{tmp_path / 'r.sqlite'}")
    with register.engine.connect() as conn:
        insert_many(
            conn, table(Ngo), [{"code": "AAA", "name_key": "a"}, {"code": "BBB", "name_key": "b"}]
        )
        conn.commit()
    register.close()
    assert _raw(tmp_path / "r.sqlite", "SELECT code FROM ngo ORDER BY code") == [("AAA",), ("BBB",)]


_DAYS = [None, date(2004, 9, 23), date(1999, 1, 1), date(2024, 12, 31)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(_DAYS) - 1), st.booleans()), min_size=1, max_size=30
    )
)
def test_repeated_values_stored_as_sqlalchemy_stores_them(tmp_path_factory, picks):
    """insert_rows runs a column's bind processor again only for another object than the row
    before's: rows whose dates repeat (the same object, or an equal one made anew) and change
    back and forth, and None between them, are stored as SQLAlchemy's own insert stores them."""
    path = tmp_path_factory.mktemp("repeats") / "r.sqlite"
    register = create_register(f"sqlite:///{path}")
    days = [
        _DAYS[i] if not anew or _DAYS[i] is None else date(*_DAYS[i].timetuple()[:3])
        for i, anew in picks
    ]
    with register.session() as s:
        conn = s.connection()
        insert_many(conn, table(Ngo), [{"code": "AAA", "name_key": "a"}])
        keys = ("ngo_id", "authority", "number", "reg_date", "reg_year")
        insert_rows(
            conn,
            table(Registration),
            keys,
            ((1, "FAST", str(n), d, None) for n, d in enumerate(days)),
        )
        conn.execute(
            insert(table(Registration)),
            [dict(zip(keys, (1, "ORM", str(n), d, None), strict=True)) for n, d in enumerate(days)],
        )
    register.close()
    stored = _raw(path, "SELECT authority, number, reg_date FROM registration ORDER BY id")
    fast = [(n, d) for a, n, d in stored if a == "FAST"]
    assert fast == [(n, d) for a, n, d in stored if a == "ORM"]
    assert [d for _, d in fast] == [None if d is None else d.isoformat() for d in days]
