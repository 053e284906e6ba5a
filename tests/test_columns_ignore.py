"""A column that is not the office's: `--map "HEADER=ignore"` for one import, or `columns map
HEADER ignore` for every later file. The column is named among those read ("left out"), its
values are not kept, and a column no map names is kept as before; on rosters and reports."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROSTER_HEADERS, SEED_ROWS, Cli, table_dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngocoord.errors import BadFile
from ngocoord.intake import column_maps, columns
from ngocoord.meaning import form_of
from ngocoord.register import fields

ROSTER = "এনজিও কোড,সংস্থার নাম,মোবাইল নম্বর,ব্যাংক হিসাব নং,মন্তব্য\nALO,আলোর পথ,01711000006,১২৩৪৫,ভালো\n"
REPORT = (
    "এনজিও কোড,MBSK\nপ্রতিবেদনের মাস,2021-01\n\n"
    "প্রকল্পের নাম,চলতি মাসে মোট খরচ,প্রকল্পের মেয়াদ,মন্তব্য\nকিশোরী ক্লাব,১৫০০০,৩৫০০,ভালো\n"
)


def said(out: str) -> str:
    return " ".join(out.split())


def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def extra(cli: Cli, code: str) -> object:
    return json.loads(cli("ngo", "show", code, "--format", "json").output)["extra"]


def test_roster_one_import_leaves_a_column_out_and_names_it(register: Cli, tmp_path: Path) -> None:
    path = roster(tmp_path)
    dry = said(
        register("ngo", "import", str(path), "--dry-run", "--map", "ব্যাংক হিসাব নং=ignore").output
    )
    assert "ব্যাংক হিসাব নং left out left out, as --map said" in dry  # the --explain table
    out = said(
        register("ngo", "import", str(path), "--map", "ব্যাংক হিসাব নং=ignore", "--strict").output
    )
    assert 'Columns left out, as --map said, their values not kept (1): "ব্যাংক হিসাব নং"' in out
    assert "kept with their rows" not in out  # --strict: no column is kept either
    assert extra(register, "ALO") == {}
    assert json.loads(register("columns", "list", "--format", "json").output) == []
    (tmp_path / "b").mkdir()
    again = roster(tmp_path / "b")
    again.write_text(
        ROSTER.replace("ALO,আলোর পথ,01711000006", "BEL,বেলা,01711000007"), encoding="utf-8"
    )
    out = said(register("ngo", "import", str(again), "--map", "মন্তব্য=ignore").output)
    assert '(1): "মন্তব্য"' in out and 'kept with their rows (1): "ব্যাংক হিসাব নং"' in out
    assert extra(register, "BEL") == {"ব্যাংক হিসাব নং": "১২৩৪৫"}  # without the map: kept


def test_roster_office_map_ignore_listed_removable_and_audited(
    register: Cli, tmp_path: Path
) -> None:
    path = roster(tmp_path)
    out = said(register("columns", "map", "মন্তব্য", "ignore").output)
    assert '"মন্তব্য" is left out, its values not kept, in every roster from now on.' in out
    assert "NGOs already in keep the values they have under it" in out
    listed = json.loads(register("columns", "list", "--format", "json").output)
    assert listed == [{"for": "roster", "header": "মন্তব্য", "field": "ignore"}]
    out = said(register("ngo", "import", str(path)).output)
    assert 'Columns left out, as the office\'s map said, their values not kept (1): "মন্তব্য"' in out
    assert extra(register, "ALO") == {"ব্যাংক হিসাব নং": "১২৩৪৫"}
    assert "column_map" in register("log", "--changes", "--format", "json").output
    assert "is no longer left out (roster)" in register("columns", "unmap", "মন্তব্য").output
    register("ngo", "import", str(path))  # read by its words again: the NGO's notes
    shown = json.loads(register("ngo", "show", "ALO", "--format", "json").output)
    assert (shown["notes"], shown["extra"]) == ("ভালো", {"ব্যাংক হিসাব নং": "১২৩৪৫"})


def test_a_wrong_word_for_ignore_is_refused_with_what_to_write(
    register: Cli, tmp_path: Path
) -> None:
    path = roster(tmp_path)
    before = table_dump(register.db)
    out = said(register("ngo", "import", str(path), "--map", "মন্তব্য=ignor", code=1).output)
    assert (
        "'ignor' is not a field of a roster" in out and "or ignore to leave the column out" in out
    )
    out = said(register("columns", "map", "মন্তব্য", "ignored", code=1).output)
    assert "or ignore to leave the column out" in out
    assert table_dump(register.db) == before
    found = json.loads(register("columns", "fields", "--format", "json").output)
    assert found[-1]["field"] == "ignore"


def test_report_one_import_and_office_map_leave_a_column_out(office: Cli, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2021-01_MBSK.csv").write_text(REPORT, encoding="utf-8")
    args = ("report", "import", str(inbox), "--received-on", "2021-02-05")
    out = said(office(*args, "--map", "মন্তব্য=ignore").output)
    assert 'Columns left out, as --map said, their values not kept (1): "মন্তব্য"' in out
    assert 'kept with their rows (1): "প্রকল্পের মেয়াদ"' in out
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert shown[0]["extra"] == {"প্রকল্পের মেয়াদ": "৩৫০০"}
    # the office's map for every later report; the report already in keeps what it has
    out = said(office("columns", "map", "প্রকল্পের মেয়াদ", "ignore", "--for", "report").output)
    assert "Reports already in keep the values they have under it" in out
    moved = said(office("report", "remap", "--month", "2021-01").output)
    assert 'MBSK 2021-01: "প্রকল্পের মেয়াদ" stays kept: ignore leaves out later files only' in moved
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert shown[0]["extra"] == {"প্রকল্পের মেয়াদ": "৩৫০০"}
    (inbox / "2021-01_MBSK.csv").unlink()
    (inbox / "2021-01_CTW.csv").write_text(REPORT.replace("MBSK", "CTW"), encoding="utf-8")
    out = said(office(*args).output)
    assert "Columns left out, as the office's map said, their values not kept (1): " in out
    assert 'kept with their rows (1): "মন্তব্য"' in out  # no map for it in this import
    shown = json.loads(office("report", "show", "CTW", "2021-01", "--format", "json").output)
    assert (shown[0]["spent_month"], shown[0]["extra"]) == (15000, {"মন্তব্য": "ভালো"})
    listed = json.loads(office("columns", "list", "--format", "json").output)
    assert listed == [{"for": "report", "header": "প্রকল্পের মেয়াদ", "field": "ignore"}]
    office("columns", "unmap", "প্রকল্পের মেয়াদ", "--for", "report")
    assert json.loads(office("columns", "list", "--format", "json").output) == []


# Headers as offices write them: the roster's own, and any text (Bangla, Latin, spaces, "=")
HEADERS = st.one_of(
    st.sampled_from(ROSTER_HEADERS),
    st.text(st.sampled_from("অআকখগমনপরস ab=XY.-/ ১২"), min_size=1, max_size=12),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_header_mapped_to_ignore_is_left_out_and_the_rest_read_as_before(
    data: st.DataObject,
) -> None:
    """For any header of a roster's, however typed (its spacing and case are the map's key),
    `--map "HEADER=ignore"` leaves that column out (and any other of that header), named;
    every other column ends where it ends without the map, when the file reads without it."""
    paths: list[tuple[str, ...]] = [(h,) for h in ROSTER_HEADERS]
    rows = [(i + 2, list(row)) for i, row in enumerate(SEED_ROWS)]
    col = data.draw(st.integers(0, len(paths) - 1), label="column")
    header = data.draw(HEADERS, label="header")
    paths[col] = (header,)
    written = data.draw(
        st.sampled_from([header, f"  {header.upper()} ", header.replace(" ", "  ")])
    )
    if not columns.map_key(written) or not columns.map_key(header):
        return  # an empty header cannot be mapped (`columns map` refuses it)
    where = ("roster.csv", "the file", 1)
    mobiles = {"mobile": columns.looks_like_mobile}
    pair = ("name_bn", "name_en")  # as `ngo import` reads a roster (roster_file.roster_hints)
    plain = columns.Hints(by_values=mobiles, script_pair=pair)
    maps = column_maps.one_import("roster", [f"{written}=ignore"])
    mapped = columns.Hints(maps=maps, by_values=mobiles, script_pair=pair)
    form = form_of(fields.FIELDS)
    out = columns.assign(where, paths, rows, form, mapped)
    left = [c for c in out.read if c.outcome == columns.LEFT_OUT]
    assert [c.letter for c in left] == [
        columns.column_letter(c)
        for c, p in enumerate(paths)
        if columns.map_key(p[0]) == columns.map_key(header)
    ]
    assert all(c.why == "left out, as --map said" for c in left)
    letters = {c.letter for c in left}
    assert not {columns.column_letter(c) for c in out.kept} & letters
    assert not {columns.column_letter(c) for c in out.columns.values()} & letters
    assert len(out.read) == len(paths)
    try:
        before = columns.assign(where, paths, rows, form, plain)
    except BadFile:  # the header made the file unclear (two names, say): the map settles it
        return
    was = {c.letter: c.outcome for c in before.read}
    assert {c.letter: c.outcome for c in out.read if c.letter not in letters} == {
        k: v for k, v in was.items() if k not in letters
    }
