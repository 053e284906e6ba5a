"""Which upazilas a register and a roster file hold, generated (Hypothesis): after an upazila
office's list (`--upazila`) every NGO's upazilas are the union of the register's and the
file's; after a district list they are what the file says (a blank cell keeps them), and every
upazila an NGO loses is named, NGO by NGO; a district list whose every row names one upazila
alone, while the register has its NGOs in more, is refused and changes nothing. A real
register (copied from one made once), the real CLI, workbooks written by openpyxl."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngocoord import places

UPAZILAS = [u.bn for u in places.upazilas_of(places.find_district("দিনাজপুর"))][:5]
NGOS = {
    "MBSK": "মহিলা বহুমুখী শিক্ষা কেন্দ্র",
    "CTW": "কাম-টু-ওয়ার্ক",
    "DAM": "ঢাকা আহছানিয়া মিশন",
    "GBK": "গ্রাম বিকাশ কেন্দ্র",
}
NEW = ("SPF", "সবুজ পাহাড় ফাউন্ডেশন")
HEADERS = ["এনজিও কোড", "সংস্থার নাম", "কর্ম এলাকা (উপজেলা)"]
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

areas = st.frozensets(st.sampled_from(UPAZILAS))
before_st = st.fixed_dictionaries({code: areas for code in NGOS})


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register with the four NGOs and no upazilas, made once and copied for each case."""
    folder = tmp_path_factory.mktemp("made")
    cli = Cli(folder / "register.sqlite")
    cli("init", "--district", "দিনাজপুর")
    rows = [[code, name, None] for code, name in NGOS.items()]
    cli("ngo", "import", str(write_xlsx(folder / "base.xlsx", rows, HEADERS, title=None)))
    return folder / "register.sqlite"


def fresh(made: Path, folder: Path, before: dict[str, frozenset[str]]) -> Cli:
    """A copy of the made register in an empty folder, its NGOs in the `before` upazilas."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in made.parent.glob(made.name + "*"):
        shutil.copy(path, folder / path.name)
    cli = Cli(folder / made.name)
    rows = [[code, NGOS[code], ", ".join(sorted(a)) or None] for code, a in before.items()]
    cli("ngo", "import", str(roster(folder / "before.xlsx", rows)), "--district-list")
    assert held(cli) == {code: set(a) for code, a in before.items()}
    return cli


def roster(path: Path, rows: list[list[Any]]) -> Path:
    return write_xlsx(path, rows, HEADERS, title=None)


def held(cli: Cli) -> dict[str, set[str]]:
    listed = json.loads(cli("ngo", "list", "--format", "json").output)
    return {n["code"]: set(n["upazilas"]) for n in listed}


def cell(a: frozenset[str] | None) -> str | None:
    return ", ".join(sorted(a)) if a else None


@SETTINGS
@given(
    before=before_st,
    upazila=st.sampled_from(UPAZILAS),
    rows=st.fixed_dictionaries({code: st.none() | st.just(None) | areas for code in NGOS}),
    on_list=st.fixed_dictionaries({code: st.booleans() for code in NGOS}),
    new=st.none() | areas,
)
def test_an_upazila_list_leaves_the_union(
    made: Path,
    tmp_path: Path,
    before: dict[str, frozenset[str]],
    upazila: str,
    rows: dict[str, frozenset[str] | None],
    on_list: dict[str, bool],
    new: frozenset[str] | None,
) -> None:
    cli = fresh(made, tmp_path / "case", before)
    # a filled cell of the upazila's list names the upazila (maybe with others)
    given_cells = {c: (a | {upazila} if a is not None else None) for c, a in rows.items()}
    lines = [[c, NGOS[c], cell(given_cells[c])] for c in NGOS if on_list[c]]
    lines.append([NEW[0], NEW[1], cell(new | {upazila} if new is not None else None)])
    cli("ngo", "import", str(roster(tmp_path / "case" / "upazila.xlsx", lines)),
        "--upazila", upazila)  # fmt: skip
    after = held(cli)
    for code in NGOS:
        if on_list[code]:
            assert after[code] == set(before[code]) | {upazila} | set(given_cells[code] or ())
        else:
            assert after[code] == set(before[code])
    assert after[NEW[0]] == {upazila} | set(new or ())


def removed_said(output: str) -> dict[str, set[str]]:
    """The upazilas the import says each NGO loses, from its plain-words lines."""
    found: dict[str, set[str]] = {}
    for code, gone in re.findall(r"^\s+(\S+)\s+.+?: no longer works in (.+?) \(the file", output,
                                 re.MULTILINE):  # fmt: skip
        found[code] = set(gone.split(", "))
    return found


@SETTINGS
@given(
    before=before_st,
    rows=st.fixed_dictionaries({code: st.none() | areas.filter(bool) for code in NGOS}),
    on_list=st.fixed_dictionaries({code: st.booleans() for code in NGOS}),
)
def test_a_district_list_leaves_what_it_says_and_names_each_removal(
    made: Path,
    tmp_path: Path,
    before: dict[str, frozenset[str]],
    rows: dict[str, frozenset[str] | None],
    on_list: dict[str, bool],
) -> None:
    cli = fresh(made, tmp_path / "case", before)
    listed = [c for c in NGOS if on_list[c]]
    if not listed:
        return
    lines = [[c, NGOS[c], cell(rows[c])] for c in listed]
    result = cli("ngo", "import", str(roster(tmp_path / "case" / "district.xlsx", lines)),
                 code=None)  # fmt: skip
    filled = {rows[c] for c in listed if rows[c] is not None}
    one = next(iter(filled)) if len(filled) == 1 and len(next(iter(filled))) == 1 else None
    if one is not None and any(before[c] - one for c in listed):
        assert result.exit_code == 1, result.output
        assert "is " + next(iter(one)) + " alone" in " ".join(result.output.split())
        assert held(cli) == {code: set(a) for code, a in before.items()}
        return
    assert result.exit_code == 0, result.output
    after = held(cli)
    for code in NGOS:
        expected = rows[code] if on_list[code] and rows[code] is not None else before[code]
        assert after[code] == set(expected)
    lost = {c: set(before[c] - after[c]) for c in NGOS if before[c] - after[c]}
    assert removed_said(result.output) == lost


TITLES = (
    "{ub} উপজেলায় কর্মরত এনজিওসমূহের তালিকা",
    "{db} জেলার {ub} উপজেলায় কর্মরত এনজিওসমূহ",
    "List of NGOs working in {ue} Upazila",
    "উপজেলা: {ub}",
    "জেলা: {db}, উপজেলা: {ub}",
)
DISTRICT_TITLES = (
    "{db} জেলায় কর্মরত এনজিওসমূহের তালিকা",
    "{de} District: list of NGOs",
    "{db} জেলার সকল উপজেলায় কর্মরত এনজিও",
    "উপজেলা ভিত্তিক এনজিও তালিকা, {db}",
)


def test_every_upazila_a_title_names_is_read_and_no_district_title_names_one() -> None:
    """The gazetteer's every upazila, in the titles upazila offices write, is the one the title
    names; a district's own titles (its name, "সকল উপজেলায়") name no single upazila."""
    from ngocoord.intake.roster_upazila import named_in

    wrong = []
    for d in places.districts():
        for u in places.upazilas_of(d):
            for title in TITLES:
                text = title.format(ub=u.bn, ue=u.en, db=d.bn)
                if named_in(text, d) != [u]:
                    wrong.append(text)
        for title in DISTRICT_TITLES:
            text = title.format(db=d.bn, de=d.en)
            if len(named_in(text, d)) == 1:
                wrong.append(text)
    assert wrong == []
