"""Make sample_data/attendance-2021-02.xlsx: who came to the district NGO coordination meeting
of 10 February 2021 (appendix ক of the minutes) and which NGOs stayed away (appendix খ).

One sheet, "উপস্থিতি", with the header of the attendance sheet that
`ngocoord meeting attendance ID FILE` reads (docs/meeting-document.md):

    সংস্থার কোড | সংস্থার নাম | প্রতিষ্ঠান | নাম | পদবি | উপস্থিতি | সংস্থা প্রধান

- First the government officers and the NGO network who attended (প্রতিষ্ঠান, নাম, পদবি,
  উপস্থিত; সংস্থা প্রধান left empty): the Deputy Commissioner in the chair, the ADC (General),
  the Assistant Commissioner of the NGO affairs cell, the Executive Engineer of DPHE, the Deputy
  Director of Social Services, two Upazila Nirbahi Officers, and মোঃ শাহাদৎ হোসেন শাহ, general
  secretary of ইউনিটি ফর এনজিও'স দিনাজপুর.
- Then one row per NGO on the list, in roster order, with its code and Bangla name from the
  register. Item 01 of the minutes complains that most NGOs stay away and that subordinates
  come instead of the heads, so only PRESENT of the 70 are marked উপস্থিত, and of those only
  HEADS came themselves (সংস্থা প্রধান হ্যাঁ, the roster's head and designation). The others
  sent a programme officer, an accountant and so on (সংস্থা প্রধান না, an invented name).
  MBSK presented its work at this meeting through মোঃ আব্দুল হাকীম মিয়া, প্রজেক্ট
  কো-অর্ডিনেটর, who is the head on the roster; CTW, the next presenter, came; ঢাকা আহছানিয়া
  মিশন (DAM), dropped from the list at this meeting for having no work in the district, did
  not. Absent NGOs have নাম and পদবি empty.

The chair and মোঃ শাহাদৎ হোসেন শাহ are named in the real minutes. Every other person is
invented (the NGO heads come from the sample roster, where they are invented too): do not
contact anybody from this file.

The NGO codes are not written into this script: it builds a throw-away register in a temporary
folder the way `ngocoord demo` does (Dinajpur, sample_data/roster.xlsx) and reads them from it.
The output is deterministic (random.Random(SEED)); only the time stamps inside the .xlsx change.
Rerun from the project root with

    python sample_data/make_attendance.py [OUTPUT.xlsx]
"""

from __future__ import annotations

import random
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ngocoord.db import Register, create_register
from ngocoord.roster_import import import_roster
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from ngocoord import offices, places, settings
from ngocoord.demo import DEMO_SETTINGS

HERE = Path(__file__).resolve().parent
ROSTER = HERE / "roster.xlsx"
OUT = HERE / "attendance-2021-02.xlsx"
SEED = 20210210

DISTRICT = "দিনাজপুর"
OFFICE = "জেলা প্রশাসকের কার্যালয়, দিনাজপুর"
SHEET = "উপস্থিতি"
HEADERS = ["সংস্থার কোড", "সংস্থার নাম", "প্রতিষ্ঠান", "নাম", "পদবি", "উপস্থিতি", "সংস্থা প্রধান"]
WIDTHS = [12, 44, 40, 30, 30, 12, 14]
PRESENT_WORD, ABSENT_WORD = "উপস্থিত", "অনুপস্থিত"
YES, NO = "হ্যাঁ", "না"

LISTED = 70
PRESENT = 30  # NGOs that sent somebody
HEADS = 10  # of those, NGOs whose head came in person
MUST_COME = ["MBSK", "CTW"]  # the presenter of this meeting and the next one
MUST_MISS = "DAM"  # dropped from the list at this meeting: no work in the district
PRESENTER = ("MBSK", "মোঃ আব্দুল হাকীম মিয়া", "প্রজেক্ট কো-অর্ডিনেটর")  # item 05 of the minutes

# (প্রতিষ্ঠান, নাম, পদবি) of the officers who attended. The upazila of a UNO row is checked
# against the register.
UNO_UPAZILAS = ["দিনাজপুর সদর", "পার্বতীপুর"]
OFFICERS = [
    (OFFICE, "মোঃ মাহমুদুল আলম", "জেলা প্রশাসক"),
    (OFFICE, "মোঃ রেজাউল করিম খান", "অতিরিক্ত জেলা প্রশাসক (সার্বিক)"),
    (OFFICE, "মোছাঃ ফারহানা ইয়াসমিন", "সহকারী কমিশনার, এনজিও বিষয়ক সেল"),
    (
        "জনস্বাস্থ্য প্রকৌশল অধিদপ্তর, দিনাজপুর বিভাগ, দিনাজপুর",
        "মোঃ জাহিদুল ইসলাম",
        "নির্বাহী প্রকৌশলী",
    ),
    ("জেলা সমাজসেবা কার্যালয়, দিনাজপুর", "মোঃ আবু হানিফ", "উপপরিচালক"),
    (
        f"উপজেলা নির্বাহী অফিসারের কার্যালয়, {UNO_UPAZILAS[0]}, দিনাজপুর",
        "মোছাঃ নাজমা খাতুন",
        "উপজেলা নির্বাহী অফিসার",
    ),
    (
        f"উপজেলা নির্বাহী অফিসারের কার্যালয়, {UNO_UPAZILAS[1]}, দিনাজপুর",
        "শ্রী বিপুল কুমার রায়",
        "উপজেলা নির্বাহী অফিসার",
    ),
    ("ইউনিটি ফর এনজিও'স, দিনাজপুর", "মোঃ শাহাদৎ হোসেন শাহ", "সাধারণ সম্পাদক"),
]

# Who an NGO sends when its head does not come.
DEPUTIES = {  # designation: weight
    "প্রোগ্রাম অফিসার": 6,
    "প্রজেক্ট অফিসার": 3,
    "শাখা ব্যবস্থাপক": 3,
    "হিসাবরক্ষক": 3,
    "এরিয়া ম্যানেজার": 2,
    "মনিটরিং অফিসার": 2,
    "ফিল্ড অফিসার": 2,
    "সহকারী প্রোগ্রাম অফিসার": 1,
    "প্রশাসনিক কর্মকর্তা": 1,
    "এমআইএস অফিসার": 1,
}
MEN = [
    "আব্দুর রশিদ",
    "রফিকুল ইসলাম",
    "মাসুদ রানা",
    "আনোয়ারুল হক",
    "শফিকুল আলম",
    "জুয়েল রানা",
    "আব্দুল্লাহ আল মামুন",
    "মিজানুর রহমান",
    "সোহেল রানা",
    "নুরুন্নবী",
    "আসাদুল্লাহ",
    "হাফিজুর রহমান",
    "শামীম হোসেন",
    "রবিউল আউয়াল",
    "মাহফুজার রহমান",
    "আতিকুর রহমান",
]
WOMEN = [
    "শাহানাজ বেগম",
    "রোকসানা আক্তার",
    "নুরজাহান বেগম",
    "সাবিনা ইয়াসমিন",
    "মৌসুমী আক্তার",
    "ফাতেমা খাতুন",
    "শাম্মী আক্তার",
    "লাইলী বেগম",
]
HINDU = ["সুমন চন্দ্র রায়", "প্রদীপ কুমার দাস", "উত্তম কুমার বর্মন", "রতন চন্দ্র সরকার"]
HINDU_WOMEN = ["শিউলী রানী রায়", "কল্পনা রানী দাস"]
CHRISTIAN = ["পিটার হাঁসদা", "জন মার্ডি", "স্টিফেন টুডু"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Ngo:
    code: str
    name: str
    head: str
    head_designation: str


def build_register(folder: Path) -> Register:
    """A register made the way `ngocoord demo` makes it: Dinajpur, the sample roster."""
    register = create_register(f"sqlite:///{folder / 'register.sqlite'}")
    with register.session() as s:
        offices.set_up(s, places.find_district(DISTRICT), OFFICE)
        for key, value in DEMO_SETTINGS.items():
            settings.put(s, key, value)
    with register.session() as s:
        import_roster(s, ROSTER)
    return register


def read_register() -> tuple[list[Ngo], set[str]]:
    """The register's NGOs in roster order, and the district's upazila names."""
    from ngocoord.models import Ngo as NgoRow
    from sqlmodel import col, select

    with tempfile.TemporaryDirectory() as tmp:
        register = build_register(Path(tmp))
        try:
            with register.session() as s:
                upazilas = {o.name_bn for o in offices.upazila_offices(s).values()}
                ngos = [
                    Ngo(r.code, r.name_bn or "", r.head_name or "", r.head_designation or "")
                    for r in s.exec(select(NgoRow).order_by(col(NgoRow.id)))
                ]
        finally:
            register.close()
    return ngos, upazilas


class Deputies:
    """Invented subordinates, each name used once: a name unlike the head's and a
    designation below the head's."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        names = (
            [(rng.choice(["মোঃ ", "মোঃ ", "মো: ", ""]), n) for n in MEN]
            + [(rng.choice(["মোছাঃ ", "মোসাঃ ", ""]), n) for n in WOMEN]
            + [(rng.choice(["শ্রী ", ""]), n) for n in HINDU]
            + [(rng.choice(["শ্রীমতি ", ""]), n) for n in HINDU_WOMEN]
            + [("", n) for n in CHRISTIAN]
        )
        weights = [8] * len(MEN) + [6] * len(WOMEN) + [4] * len(HINDU)
        weights += [3] * len(HINDU_WOMEN) + [2] * len(CHRISTIAN)
        # a weighted order without repeats: sort by u ** (1 / weight), largest first
        keyed = sorted(
            zip(names, weights, strict=True), key=lambda x: -(rng.random() ** (1 / x[1]))
        )
        self.names = [title + name for (title, name), _ in keyed]

    def next(self, ngo: Ngo) -> tuple[str, str]:
        name = next(n for n in self.names if nfc(n.split()[-1]) not in ngo.head)
        self.names.remove(name)
        posts = [d for d in DEPUTIES if d != ngo.head_designation]
        designation = self.rng.choices(posts, weights=[DEPUTIES[d] for d in posts])[0]
        return name, designation


def rows_for(ngos: list[Ngo], rng: random.Random) -> list[list[str]]:
    codes = [n.code for n in ngos]
    assert len(ngos) == LISTED, f"the roster gives {len(ngos)} NGOs, not {LISTED}"
    assert MUST_MISS in codes and all(c in codes for c in MUST_COME)
    others = [c for c in codes if c not in MUST_COME and c != MUST_MISS]
    present = set(MUST_COME) | set(rng.sample(others, PRESENT - len(MUST_COME)))

    by_code = {n.code: n for n in ngos}
    code, name, designation = PRESENTER
    presenter_is_head = by_code[code].head.endswith(nfc(name)) and (
        by_code[code].head_designation == nfc(designation)
    )
    fixed_heads = {code} if presenter_is_head else set()
    candidates = sorted(present - {code}, key=codes.index)
    heads = fixed_heads | set(rng.sample(candidates, HEADS - len(fixed_heads)))

    deputies = Deputies(rng)
    rows = [["", "", org, who, post, PRESENT_WORD, ""] for org, who, post in OFFICERS]
    for ngo in ngos:
        if ngo.code not in present:
            rows.append([ngo.code, ngo.name, "", "", "", ABSENT_WORD, ""])
        elif ngo.code in heads:
            rows.append([ngo.code, ngo.name, "", ngo.head, ngo.head_designation, PRESENT_WORD, YES])
        elif ngo.code == code:
            rows.append([ngo.code, ngo.name, "", name, designation, PRESENT_WORD, NO])
        else:
            who, post = deputies.next(ngo)
            rows.append([ngo.code, ngo.name, "", who, post, PRESENT_WORD, NO])
    return [[nfc(v) for v in row] for row in rows]


def write(rows: list[list[str]], out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (2, 3, 4, 5))
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    wb.save(out)


def check(out: Path, ngos: list[Ngo], upazilas: set[str]) -> dict[str, int]:
    """Read the file back and check it says what the minutes say."""
    missing = [u for u in UNO_UPAZILAS if nfc(u) not in upazilas]
    assert not missing, f"not upazilas of the register: {missing}"
    ws = load_workbook(out, read_only=True)[SHEET]
    values = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    assert values[0] == [nfc(h) for h in HEADERS]
    ngo_rows = {r[0]: r for r in values[1:] if r[0]}
    assert list(ngo_rows) == [n.code for n in ngos]
    came = {c for c, r in ngo_rows.items() if r[5] == nfc(PRESENT_WORD)}
    heads = {c for c, r in ngo_rows.items() if r[6] == nfc(YES)}
    assert set(MUST_COME) <= came and MUST_MISS not in came and heads <= came
    assert ngo_rows[PRESENTER[0]][3:5] == [nfc(PRESENTER[1]), nfc(PRESENTER[2])]
    for c, r in ngo_rows.items():
        assert (c in came) == bool(r[3] and r[4]), c
    return {
        "officers": len(values) - 1 - len(ngo_rows),
        "present": len(came),
        "heads": len(heads),
        "absent": len(ngo_rows) - len(came),
    }


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    ngos, upazilas = read_register()
    write(rows_for(ngos, random.Random(SEED)), out)
    counts = check(out, ngos, upazilas)
    print(
        f"wrote {out.name}: {counts['officers']} officers; of {len(ngos)} NGOs "
        f"{counts['present']} present ({counts['heads']} by their head), "
        f"{counts['absent']} absent"
    )


if __name__ == "__main__":
    main()
