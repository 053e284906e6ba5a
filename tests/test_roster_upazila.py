"""An upazila office's roster imported into the district's register (`ngo import --upazila`):
its NGOs gain the upazila and keep their others, the register's values are not overwritten
without being said, a file whose title or rows name one upazila is not guessed at, and a
district list says which upazilas it takes each NGO out of. Real registers in tmp_path (and
PostgreSQL when NGOCOORD_TEST_POSTGRES is set), the real CLI, workbooks written by openpyxl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ROWS, Cli, table_dump, write_xlsx
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)

from ngocoord import places

HEADERS = ["এনজিও কোড", "সংস্থার নাম", "প্রধান নির্বাহীর নাম", "মোবাইল নম্বর", "ই-মেইল",
           "কর্ম এলাকা (উপজেলা)"]  # fmt: skip
BIRAL_TITLE = "বিরল উপজেলায় কর্মরত এনজিওসমূহের তালিকা"
# MBSK works in দিনাজপুর সদর and বিরল, CTW in পার্বতীপুর, DAM in all 13 (SEED_ROWS)
BIRAL_ROWS: list[list[Any]] = [
    ["CTW", "কাম টু ওয়ার্ক (সিটিডাব্লিউ)", "রফিকুল ইসলাম", None, "ctw@example.org", "বিরল"],
    ["DAM", "ঢাকা আহছানিয়া মিশন", "বেগম সালমা খাতুন", None, None, None],
    ["NAS", "নতুন আলো সংস্থা", "মোঃ করিম", "01711111111", None, "বিরল"],
]


def flat(text: str) -> str:
    return " ".join(text.split())


def upazilas(cli: Cli) -> dict[str, list[str]]:
    listed = json.loads(cli("ngo", "list", "--format", "json").output)
    return {n["code"]: n["upazilas"] for n in listed}


def ngo(cli: Cli, code: str) -> dict[str, Any]:
    return dict(json.loads(cli("ngo", "show", code, "--format", "json").output))


def biral(tmp_path: Path, rows: list[list[Any]] = BIRAL_ROWS, **kw: Any) -> Path:
    return write_xlsx(tmp_path / "biral.xlsx", rows, HEADERS, **{"title": BIRAL_TITLE, **kw})


def test_an_upazila_list_adds_its_upazila_and_keeps_the_registers_values(
    office: Cli, tmp_path: Path
) -> None:
    """বিরল's list: CTW gains বিরল beside পার্বতীপুর, its empty e-mail is filled, its name and
    head as the register spells them stay (listed as not taken); NAS is added in বিরল; MBSK,
    not on the list, keeps both its upazilas; DAM, already in বিরল, is unchanged. The dry run
    says the same and writes nothing."""
    path = biral(tmp_path)
    before = table_dump(office.db)
    dry = flat(office("ngo", "import", str(path), "--upazila", "বিরল", "--dry-run").output)
    assert table_dump(office.db) == before
    out = flat(office("ngo", "import", str(path), "--upazila", "Biral").output)
    for said in (dry, out):
        assert "+ NAS নতুন আলো সংস্থা" in said
        assert "upazilas: পার্বতীপুর → পার্বতীপুর, বিরল" in said
        assert "email: ∅ → ctw@example.org" in said
        assert "the NGOs on it gain বিরল and keep their other upazilas" in said
        assert "name_bn: register কাম-টু-ওয়ার্ক (সিটিডাব্লিউ), file কাম টু ওয়ার্ক" in said
        assert "head_name: register মো: রফিকুল ইসলাম, file রফিকুল ইসলাম" in said
    assert "2 value(s) of the file differ from the register's and would not be taken" in dry
    assert "2 value(s) of the file differ from the register's and were not taken" in out
    assert "1 were added, 1 were changed, 1 unchanged" in out
    assert upazilas(office) == {
        "CTW": ["পার্বতীপুর", "বিরল"],
        "DAM": sorted(u.bn for u in places.upazilas_of(places.find_district("দিনাজপুর"))),
        "MBSK": ["দিনাজপুর সদর", "বিরল"],
        "NAS": ["বিরল"],
    }
    ctw = ngo(office, "CTW")
    assert ctw["name_bn"] == "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)" and ctw["head_name"] == "মো: রফিকুল ইসলাম"
    assert ctw["email"] == "ctw@example.org"
    assert "0 were added, 0 were changed, 3 unchanged" in flat(  # the same list again
        office("ngo", "import", str(path), "--upazila", "বিরল").output
    )


def test_update_takes_the_upazila_lists_values(office: Cli, tmp_path: Path) -> None:
    """With --update the file's spellings are taken (and shown as changes); the upazilas are
    still only added to."""
    path = biral(tmp_path)
    out = flat(office("ngo", "import", str(path), "--upazila", "বিরল", "--update").output)
    assert "name_bn: কাম-টু-ওয়ার্ক (সিটিডাব্লিউ) → কাম টু ওয়ার্ক (সিটিডাব্লিউ)" in out
    assert "not taken" not in out
    ctw = ngo(office, "CTW")
    assert ctw["head_name"] == "রফিকুল ইসলাম" and ctw["upazilas"] == ["পার্বতীপুর", "বিরল"]


def test_the_upazila_import_is_audited_and_undone(office: Cli, tmp_path: Path) -> None:
    """Every change has its audit row in the import's run; undo puts CTW's upazilas back and
    takes NAS out again."""
    office("ngo", "import", str(biral(tmp_path)), "--upazila", "বিরল")
    run = json.loads(office("log", "--format", "json", "-n", "1").output)[0]["run"]
    history = json.loads(office("ngo", "history", "CTW", "--format", "json").output)
    changed = [h for h in history if h["run"] == run]
    assert changed and "বিরল" in json.dumps(changed, ensure_ascii=False)
    office("undo", str(run), "--yes")
    assert upazilas(office)["CTW"] == ["পার্বতীপুর"]
    assert "NAS" not in upazilas(office)


def test_a_title_naming_one_upazila_asks_which_list_it_is(office: Cli, tmp_path: Path) -> None:
    """Without --upazila the file is not taken as the district's: the message names the title,
    what it reads as, and the options; nothing is written, dry run or not. --district-list
    takes it as the district's, and says which upazilas each NGO leaves."""
    path = biral(tmp_path)
    before = table_dump(office.db)
    for extra in ([], ["--dry-run"]):
        out = flat(office("ngo", "import", str(path), *extra, code=1).output)
        assert f'sheet "তালিকা", title "{BIRAL_TITLE}" reads as বিরল upazila\'s list' in out
        assert "--upazila বিরল" in out and "--district-list" in out
        assert "Traceback" not in out
    out = flat(office("ngo", "import", str(path), "--upazila", "বোচাগঞ্জ", code=1).output)
    assert "reads as বিরল upazila's list, not বোচাগঞ্জ's" in out
    assert table_dump(office.db) == before
    out = flat(office("ngo", "import", str(path), "--district-list").output)
    assert "CTW কাম-টু-ওয়ার্ক (সিটিডাব্লিউ): no longer works in পার্বতীপুর (the file gives বিরল)" in out
    assert upazilas(office)["CTW"] == ["বিরল"]


@pytest.mark.parametrize(
    "title",
    [
        "List of NGOs working in Biral Upazila",
        "জেলা: দিনাজপুর, উপজেলা: বিরল",
        "উপজেলার নামঃ বিরল",
        "দিনাজপুর জেলার বিরল উপজেলায় কর্মরত এনজিওসমূহ",
    ],
)
def test_titles_that_name_one_upazila(office: Cli, tmp_path: Path, title: str) -> None:
    out = flat(office("ngo", "import", str(biral(tmp_path, title=title)), code=1).output)
    assert "reads as বিরল upazila's list" in out


@pytest.mark.parametrize(
    "title",
    [
        "দিনাজপুর জেলায় কর্মরত এনজিওসমূহের তালিকা",
        "দিনাজপুর জেলার সকল উপজেলায় কর্মরত এনজিও",
        "বিরল ও বোচাগঞ্জ উপজেলায় কর্মরত এনজিও",  # two upazilas: the rows decide
        "উপজেলা ভিত্তিক এনজিও তালিকা",
    ],
)
def test_titles_that_name_no_one_upazila(office: Cli, tmp_path: Path, title: str) -> None:
    rows = [["CTW", "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)", None, None, None, "বিরল"],
            ["NAS", "নতুন আলো সংস্থা", None, None, None, "বোচাগঞ্জ"]]  # fmt: skip
    out = flat(office("ngo", "import", str(biral(tmp_path, rows, title=title))).output)
    assert "CTW কাম-টু-ওয়ার্ক (সিটিডাব্লিউ): no longer works in পার্বতীপুর" in out


def test_rows_that_all_name_one_upazila_ask_which_list_it_is(office: Cli, tmp_path: Path) -> None:
    """No title, but every row's upazila is বিরল while the register has MBSK and DAM in others:
    refused, naming the column and the NGOs; the same with every upazila in the register's
    NGOs already (nothing would be lost) is imported as the district's."""
    rows = [["MBSK", "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)", None, None, None, "বিরল"],
            ["DAM", "ঢাকা আহছানিয়া মিশন", None, None, None, "Biral"],
            ["NAS", "নতুন আলো সংস্থা", None, None, None, None]]  # fmt: skip
    path = biral(tmp_path, rows, title=None)
    before = table_dump(office.db)
    out = flat(office("ngo", "import", str(path), "--dry-run", code=1).output)
    assert 'every row\'s upazila (F "কর্ম এলাকা (উপজেলা)") is বিরল alone' in out
    assert "the register has 2 of its NGOs in other upazilas too (MBSK: দিনাজপুর সদর, বিরল;" in out
    assert "; DAM: কাহারোল, খানসামা," in out and "--upazila বিরল" in out
    assert table_dump(office.db) == before
    office("ngo", "import", str(path), "--upazila", "বিরল")
    assert upazilas(office)["MBSK"] == ["দিনাজপুর সদর", "বিরল"]
    assert upazilas(office)["NAS"] == ["বিরল"]
    office("ngo", "edit", "MBSK", "--areas", "বিরল")
    office("ngo", "edit", "DAM", "--areas", "বিরল")
    assert "0 were changed" in office("ngo", "import", str(path)).output


def test_a_row_of_an_upazila_list_naming_another_upazila(office: Cli, tmp_path: Path) -> None:
    """A row of বিরল's list whose upazila cell does not name বিরল: refused naming the file,
    sheet, row and column, exit 1, nothing written; naming বিরল and another adds both."""
    rows = [["CTW", "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)", None, None, None, "বোচাগঞ্জ"]]
    path = biral(tmp_path, rows)
    before = table_dump(office.db)
    out = flat(office("ngo", "import", str(path), "--upazila", "বিরল", "--dry-run", code=1).output)
    assert 'biral.xlsx:তালিকা:4:F "কর্ম এলাকা (উপজেলা)"' in out
    assert "the row does not name বিরল" in out
    assert table_dump(office.db) == before
    rows[0][5] = "বিরল, বোচাগঞ্জ"
    office("ngo", "import", str(biral(tmp_path, rows)), "--upazila", "বিরল")
    assert upazilas(office)["CTW"] == ["পার্বতীপুর", "বিরল", "বোচাগঞ্জ"]


def test_options_that_contradict_or_name_no_upazila(office: Cli, tmp_path: Path) -> None:
    path = biral(tmp_path)
    before = table_dump(office.db)
    out = flat(office("ngo", "import", str(path), "--upazila", "Dhanmondi", code=1).output)
    assert 'Unknown upazila "Dhanmondi" in' in out
    assert "--update goes with --upazila" in office("ngo", "import", str(path), "--update",
                                                    code=1).output  # fmt: skip
    both = office("ngo", "import", str(path), "--upazila", "বিরল", "--district-list", code=1)
    assert "--district-list and --upazila say different things" in both.output
    assert table_dump(office.db) == before


def test_a_district_list_names_every_upazila_it_removes(office: Cli, tmp_path: Path) -> None:
    """A district list moving MBSK to পার্বতীপুর and DAM to two upazilas: the dry run and the
    import name, NGO by NGO, the upazilas each leaves."""
    rows = [list(r) for r in SEED_ROWS]
    rows[0][6], rows[2][6] = "পার্বতীপুর", "বিরল, খানসামা"
    path = write_xlsx(tmp_path / "district.xlsx", rows)
    before = table_dump(office.db)
    dry = flat(office("ngo", "import", str(path), "--dry-run").output)
    assert table_dump(office.db) == before
    out = flat(office("ngo", "import", str(path)).output)
    assert "2 NGO(s) would lose upazilas they had" in dry and "2 NGO(s) lost upazilas" in out
    line = "MBSK মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে): {} in দিনাজপুর সদর, বিরল (the file gives পার্বতীপুর)"
    assert line.format("would no longer work") in dry and line.format("no longer works") in out
    assert "DAM ঢাকা আহছানিয়া মিশন: no longer works in কাহারোল," in out
    assert upazilas(office)["DAM"] == ["খানসামা", "বিরল"]


def test_an_upazila_list_meets_the_lock(office: Cli, tmp_path: Path) -> None:
    """January locked: CTW gaining বিরল changes who বিরল expected in January, so the import is
    refused naming the lock (the dry run says it would be); with a reason it is recorded."""
    office("lock", "2021-01", "--reason", "reviewed at the February meeting")
    path = biral(tmp_path, [BIRAL_ROWS[0]])
    before = table_dump(office.db)
    out = flat(office("ngo", "import", str(path), "--upazila", "বিরল", code=1).output)
    assert "CTW upazilas changed by roster import (2021-01)" in out and "is locked for" in out
    dry = flat(office("ngo", "import", str(path), "--upazila", "বিরল", "--dry-run", code=1).output)
    assert "The import would be refused: CTW upazilas changed" in dry
    assert table_dump(office.db) == before
    office("ngo", "import", str(path), "--upazila", "বিরল", "--unlock-reason", "UNO's list")
    assert upazilas(office)["CTW"] == ["পার্বতীপুর", "বিরল"]


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_an_upazila_list_on_each_engine(url: str, tmp_path: Path) -> None:  # noqa: F811
    """The areas write (added beside the others, never a delete) and a district list's
    replacement, on SQLite and PostgreSQL."""
    cli = Cli(url)  # type: ignore[arg-type]
    cli("init", "--district", "দিনাজপুর")
    cli("ngo", "import", str(write_xlsx(tmp_path / "roster.xlsx", SEED_ROWS)))
    cli("ngo", "import", str(biral(tmp_path)), "--upazila", "বিরল")
    found = upazilas(cli)
    assert found["CTW"] == ["পার্বতীপুর", "বিরল"] and found["NAS"] == ["বিরল"]
    assert found["MBSK"] == ["দিনাজপুর সদর", "বিরল"]
    out = flat(cli("ngo", "import", str(biral(tmp_path)), "--district-list").output)
    assert "CTW কাম-টু-ওয়ার্ক (সিটিডাব্লিউ): no longer works in পার্বতীপুর" in out
    assert upazilas(cli)["CTW"] == ["বিরল"]
