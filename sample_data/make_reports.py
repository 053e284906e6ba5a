"""Make the NGOs' monthly reports for January 2021 and the office's log of when each came in.

Writes

    sample_data/reports-2021-01/      59 report files, as the NGOs sent them
    sample_data/receipts-2021-01.xlsx  one row per file: its name and the date it was received

The minutes of the Dinajpur district NGO coordination meeting of 10 February 2021 say that 59
of the 70 NGOs on the list sent their January 2021 report and 11 did not; ঢাকা আহছানিয়া মিশন
(DAM), which that meeting dropped from the list for having no work in the district, is one of
the 11. MBSK and CTW, named in the same minutes, did report.

How the files look:

- 52 are the district's own template (`ngocoord.report_template.write_template`, format
  version 1), named `2021-01_CODE.xlsx`, filled in with openpyxl the way an NGO's clerk fills
  them: who prepared it, designation, mobile and date in the header block; one to five project
  rows with Bangla project names matching the NGO's sectors (January 2021 was winter and COVID
  time: blankets, masks and relief), donors, an upazila the NGO works in (sometimes written
  "সদর" or "ফুলবাড়ি"), beneficiaries and taka amounts, some typed as Bengali-digit text
  ("১২,৫০,০০০") as Avro users do.
- 7 are in the NGO's own layout, named the way an e-mail attachment is named: no header
  block, a title line, a month line, their own column headings (accepted aliases), a "মোট"
  totals row. Three .xlsx (one with a merged title and a two-row header, one with SUM formulas
  in the totals row), two .xls, one UTF-8 .csv with a BOM, and one .xlsx whose title is a
  longer text and whose file name carries the NGO code ("CODE January 2021.xlsx"). The others
  are identified by their title line, which is the NGO's exact Bangla name.

Received dates run from 1 to 9 February 2021: six reports came after the 7th. The receipts
sheet mixes real date cells and Bengali-digit text ("০৫.০২.২০২১").

The NGO codes are not written into this script: it builds a throw-away register in a
temporary folder the way `ngocoord demo` does (Dinajpur, sample_data/roster.xlsx) and reads
the codes, names, working areas and sectors from it. At the end it imports every file into a
fresh throw-away register with the real importer and checks that all 59 are taken.

Every person and mobile number in these files is invented. The output is deterministic
(random.Random(SEED)); the output folder is deleted and written again. Rerun from the project
root with

    python sample_data/make_reports.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from ngocoord.db import Register, create_register
from ngocoord.report_template import layout, write_template
from ngocoord.reports import collect, import_reports, receipts_from
from ngocoord.roster_import import import_roster
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ngocoord import offices, places, report_format, settings
from ngocoord.demo import DEMO_SETTINGS

HERE = Path(__file__).resolve().parent
ROSTER = HERE / "roster.xlsx"
OUT_DIR = HERE / "reports-2021-01"
RECEIPTS = HERE / "receipts-2021-01.xlsx"
SEED = 20210210

MONTH = "2021-01"
MONTH_LINE = "জানুয়ারি/২০২১ মাসের মাসিক কার্যক্রম প্রতিবেদন"
DISTRICT = "দিনাজপুর"
OFFICE = "জেলা প্রশাসকের কার্যালয়, দিনাজপুর"
LISTED = 70
REPORTED = 59
OWN_LAYOUT = 7
LATE = 6
DUE = dt.date(2021, 2, 7)
MEETING = dt.date(2021, 2, 10)
MUST_MISS = "DAM"  # dropped by the meeting: no work in the district
MUST_REPORT = ("MBSK", "CTW")  # named in the minutes

BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
CLERK_SPELLINGS = {"দিনাজপুর সদর": "সদর", "ফুলবাড়ী": "ফুলবাড়ি"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def bn(value: object) -> str:
    return str(value).translate(BN_DIGITS)


def grouped(n: int) -> str:
    """12,50,000: the lakh grouping Bangladesh writes."""
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    parts = []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    if head:
        parts.insert(0, head)
    return ",".join([*parts, tail])


# ---------------------------------------------------------------- what NGOs report

# sector -> projects: (name, donors, activities). In an activity, {few}, {small}, {big} and
# {many} are filled with numbers of that size (see Maker.activity).
PROJECTS: dict[str, list[tuple[str, list[str], list[str]]]] = {
    "ক্ষুদ্রঋণ": [
        (
            "জাগরণ ঋণ কর্মসূচি",
            ["পিকেএসএফ", "নিজস্ব অর্থায়ন"],
            ["{small}টি সমিতিতে {big} জন সদস্যের মাঝে ঋণ বিতরণ ও কিস্তি আদায়"],
        ),
        (
            "অগ্রসর ক্ষুদ্র উদ্যোগ ঋণ",
            ["পিকেএসএফ"],
            ["{small} জন ক্ষুদ্র উদ্যোক্তাকে ঋণ প্রদান; ব্যবসা পরিকল্পনা বিষয়ে পরামর্শ"],
        ),
        (
            "দারিদ্র্য বিমোচনে ক্ষুদ্রঋণ কর্মসূচি",
            ["নিজস্ব অর্থায়ন"],
            ["নতুন {small} জন সদস্য ভর্তি; সাপ্তাহিক সঞ্চয় ও কিস্তি আদায়"],
        ),
        (
            "কৃষি ও মৌসুমি ঋণ",
            ["পিকেএসএফ", "নিজস্ব অর্থায়ন"],
            ["বোরো মৌসুমে {big} জন কৃষককে ঋণ বিতরণ"],
        ),
        (
            "সমৃদ্ধি কর্মসূচি",
            ["পিকেএসএফ"],
            ["{few}টি ইউনিয়নে সমৃদ্ধি কেন্দ্রের মাসিক সভা ও {big} জনকে ঋণ সহায়তা"],
        ),
    ],
    "শিক্ষা": [
        (
            "প্রাক-প্রাথমিক শিক্ষা কর্মসূচি",
            ["ইউনিসেফ", "নিজস্ব অর্থায়ন"],
            ["স্কুল বন্ধ থাকায় {small}টি দলে বাড়িভিত্তিক পাঠদান ও ওয়ার্কশিট বিতরণ"],
        ),
        (
            "উপানুষ্ঠানিক শিক্ষা (ঝরে পড়া শিশু)",
            ["উপানুষ্ঠানিক শিক্ষা ব্যুরো", "ইউনিসেফ"],
            ["ঝরে পড়া {big} জন শিশুকে চিহ্নিতকরণ; অভিভাবকদের সাথে {few}টি সভা"],
        ),
        (
            "একীভূত শিক্ষা প্রকল্প",
            ["প্ল্যান ইন্টারন্যাশনাল"],
            ["{big} জন শিক্ষার্থীর অভিভাবকের সাথে মোবাইলে যোগাযোগ ও পড়া দেখিয়ে দেওয়া"],
        ),
        (
            "আদিবাসী শিশুদের মাতৃভাষায় শিক্ষা",
            ["সেভ দ্য চিলড্রেন", "নিজস্ব অর্থায়ন"],
            ["সাঁওতালি ভাষায় {small}টি কেন্দ্রে পাঠ্যবই ও শিক্ষা উপকরণ বিতরণ"],
        ),
    ],
    "স্বাস্থ্য": [
        (
            "মা ও শিশু স্বাস্থ্য সেবা প্রকল্প",
            ["ইউএসএআইডি", "ইউনিসেফ"],
            ["{big} জন গর্ভবতী মায়ের প্রসবপূর্ব সেবা; {small}টি স্যাটেলাইট ক্লিনিক"],
        ),
        (
            "যক্ষ্মা নিয়ন্ত্রণ কর্মসূচি",
            ["গ্লোবাল ফান্ড"],
            ["{big} জনের কফ পরীক্ষা; {small} জন রোগীর চিকিৎসায় সহায়তা"],
        ),
        (
            "কিশোর-কিশোরী প্রজনন স্বাস্থ্য",
            ["ইউএনএফপিএ"],
            ["{small}টি কিশোরী ক্লাবে সেশন; আয়রন ট্যাবলেট বিতরণ"],
        ),
        (
            "পুষ্টি উন্নয়ন প্রকল্প",
            ["ইউএসএআইডি", "ডব্লিউএফপি"],
            ["{big} জন শিশুর ওজন ও উচ্চতা পরিমাপ; অপুষ্ট শিশুর মায়েদের কাউন্সেলিং"],
        ),
    ],
    "পানি ও স্যানিটেশন": [
        (
            "নিরাপদ পানি ও স্যানিটেশন",
            ["ওয়াটারএইড", "ইউনিসেফ"],
            ["{few}টি নলকূপ স্থাপন ও {small}টি স্বাস্থ্যসম্মত ল্যাট্রিন নির্মাণ"],
        ),
        (
            "ওয়াশ প্রকল্প (স্কুল স্যানিটেশন)",
            ["ইউনিসেফ"],
            ["{few}টি স্কুলে হাত ধোয়ার স্টেশন স্থাপন ও মেরামত"],
        ),
        (
            "স্বাস্থ্যবিধি ও হাত ধোয়া কর্মসূচি",
            ["ওয়াটারএইড"],
            ["{small}টি উঠান বৈঠকে স্বাস্থ্যবিধি ও হাত ধোয়া বিষয়ে সচেতনতা"],
        ),
        (
            "গ্রামীণ পানি সরবরাহ ও স্যানিটেশন",
            ["নিজস্ব অর্থায়ন", "পিকেএসএফ"],
            ["{small}টি পরিবারকে ল্যাট্রিন নির্মাণে ঋণ সহায়তা"],
        ),
    ],
    "নারী উন্নয়ন": [
        (
            "নারী ক্ষমতায়ন প্রকল্প",
            ["ইউএন উইমেন", "অক্সফাম"],
            ["{small}টি নারী দলের মাসিক সভা; নারী নেতৃত্ব বিষয়ে প্রশিক্ষণ"],
        ),
        (
            "বাল্যবিবাহ প্রতিরোধ ও নারী নেতৃত্ব",
            ["প্ল্যান ইন্টারন্যাশনাল"],
            ["বাল্যবিবাহ প্রতিরোধে {small}টি উঠান বৈঠক; {few}টি বাল্যবিবাহ বন্ধে সহায়তা"],
        ),
        (
            "নারী উদ্যোক্তা উন্নয়ন",
            ["নিজস্ব অর্থায়ন", "পিকেএসএফ"],
            ["{small} জন নারীকে সেলাই ও হস্তশিল্প প্রশিক্ষণ"],
        ),
        (
            "নারী নির্যাতন প্রতিরোধ কর্মসূচি",
            ["দি এশিয়া ফাউন্ডেশন"],
            ["নারী নির্যাতনের {few}টি ঘটনায় আইনি সহায়তা ও কাউন্সেলিং"],
        ),
    ],
    "শিশু অধিকার": [
        (
            "শিশু সুরক্ষা ও শিশুশ্রম প্রতিরোধ",
            ["সেভ দ্য চিলড্রেন", "ইউনিসেফ"],
            ["ঝুঁকিপূর্ণ কাজ থেকে {small} জন শিশুকে সরিয়ে স্কুলে ফেরানোর উদ্যোগ"],
        ),
        (
            "শিশু স্পন্সরশিপ কর্মসূচি",
            ["ওয়ার্ল্ড ভিশন", "প্ল্যান ইন্টারন্যাশনাল"],
            ["{big} জন স্পন্সর শিশুর পরিবারে শীতবস্ত্র ও শিক্ষা উপকরণ বিতরণ"],
        ),
        (
            "জন্ম নিবন্ধন ও শিশু অধিকার সচেতনতা",
            ["ইউনিসেফ"],
            ["{big} জন শিশুর জন্ম নিবন্ধনে সহায়তা; {few}টি শিশু ফোরাম সভা"],
        ),
    ],
    "কৃষি": [
        (
            "পরিবেশবান্ধব কৃষি প্রকল্প",
            ["হেলভেটাস", "নিজস্ব অর্থায়ন"],
            ["{small} জন কৃষককে জৈব সার তৈরি ও শীতকালীন সবজি চাষে প্রশিক্ষণ"],
        ),
        (
            "কৃষক মাঠ স্কুল",
            ["এফএও"],
            ["{few}টি কৃষক মাঠ স্কুল পরিচালনা; বোরো বীজতলা পরিচর্যা প্রদর্শনী"],
        ),
        (
            "উচ্চমূল্য ফসল ও ভুট্টা চাষ",
            ["পিকেএসএফ", "ইফাদ"],
            ["{big} জন কৃষকের মাঝে ভুট্টা ও আলু বীজ বিতরণ"],
        ),
        (
            "প্রাণিসম্পদ উন্নয়ন কর্মসূচি",
            ["পিকেএসএফ"],
            ["{big} জন খামারির গবাদিপশুকে টিকা প্রদানে সহায়তা"],
        ),
    ],
    "দুর্যোগ ব্যবস্থাপনা": [
        (
            "শীতার্তদের মাঝে শীতবস্ত্র বিতরণ",
            ["নিজস্ব অর্থায়ন", "ইসলামিক রিলিফ"],
            ["{big} জন শীতার্তের মাঝে কম্বল বিতরণ"],
        ),
        (
            "দুর্যোগ ঝুঁকি হ্রাস প্রকল্প",
            ["ইউএনডিপি", "ইসিএইচও"],
            ["ইউনিয়ন দুর্যোগ ব্যবস্থাপনা কমিটির {few}টি সভা; স্বেচ্ছাসেবক প্রশিক্ষণ"],
        ),
        (
            "বন্যা পরবর্তী পুনর্বাসন কর্মসূচি",
            ["স্টার্ট ফান্ড বাংলাদেশ"],
            ["২০২০ সালের বন্যায় ক্ষতিগ্রস্ত {small}টি পরিবারকে ঘর মেরামত সহায়তা"],
        ),
    ],
    "মানবাধিকার": [
        (
            "আইনগত সহায়তা ও সালিশ",
            ["দি এশিয়া ফাউন্ডেশন", "ইউরোপীয় ইউনিয়ন"],
            ["{few}টি পারিবারিক বিরোধের সালিশ; {small} জনকে বিনামূল্যে আইনি সহায়তা"],
        ),
        (
            "আদিবাসী অধিকার সুরক্ষা",
            ["মানুষের জন্য ফাউন্ডেশন"],
            ["আদিবাসী পরিবারের ভূমি বিরোধে {few}টি মামলায় সহায়তা"],
        ),
        (
            "স্থানীয় সুশাসন প্রকল্প",
            ["ইউএসএআইডি"],
            ["{few}টি ইউনিয়নে সুশাসন বিষয়ক গণশুনানি"],
        ),
    ],
    "প্রতিবন্ধী উন্নয়ন": [
        (
            "প্রতিবন্ধী ব্যক্তিদের পুনর্বাসন",
            ["সিবিএম", "এডিডি ইন্টারন্যাশনাল"],
            ["{small} জন প্রতিবন্ধী ব্যক্তিকে থেরাপি সেবা; {few}টি হুইলচেয়ার বিতরণ"],
        ),
        (
            "কমিউনিটিভিত্তিক পুনর্বাসন (সিবিআর)",
            ["নিজস্ব অর্থায়ন"],
            ["{small} জনের প্রতিবন্ধী ভাতা কার্ড প্রাপ্তিতে সহায়তা"],
        ),
        (
            "প্রতিবন্ধী শিশুদের একীভূত শিক্ষা",
            ["এডিডি ইন্টারন্যাশনাল"],
            ["প্রতিবন্ধী শিশুদের {few}টি অভিভাবক সভা"],
        ),
    ],
    "অন্যান্য": [
        (
            "গৃহহীনদের গৃহনির্মাণ সহায়তা (মুজিববর্ষ)",
            ["নিজস্ব অর্থায়ন"],
            ["{few}টি গৃহহীন পরিবারের ঘর নির্মাণ কাজ চলমান"],
        ),
        (
            "যুব দক্ষতা উন্নয়ন প্রশিক্ষণ",
            ["আইএলও", "নিজস্ব অর্থায়ন"],
            ["{small} জন যুবক-যুবতীকে কম্পিউটার ও ড্রাইভিং প্রশিক্ষণ"],
        ),
        (
            "মাদকবিরোধী সচেতনতা কর্মসূচি",
            ["নিজস্ব অর্থায়ন"],
            ["মাদকবিরোধী {few}টি সচেতনতা সভা"],
        ),
    ],
}

# COVID-19 work, reported under health or disaster management (the minutes, item 06).
COVID: list[tuple[str, str, list[str], list[str]]] = [
    (
        "কোভিড-১৯ সচেতনতা ও ত্রাণ",
        "স্বাস্থ্য",
        ["নিজস্ব অর্থায়ন", "ইউনিসেফ"],
        ["{many} পিস মাস্ক ও {big}টি সাবান বিতরণ; ১০০% মাস্ক ব্যবহারে মাইকিং"],
    ),
    (
        "করোনা প্রতিরোধে মাস্ক ও সাবান বিতরণ",
        "স্বাস্থ্য",
        ["ইউএসএআইডি", "নিজস্ব অর্থায়ন"],
        ["কোভিড-১৯ প্রতিরোধে {small}টি উঠান বৈঠক ও হাত ধোয়া প্রদর্শনী"],
    ),
    (
        "কোভিড-১৯ জরুরি খাদ্য সহায়তা",
        "দুর্যোগ ব্যবস্থাপনা",
        ["ডব্লিউএফপি", "স্টার্ট ফান্ড বাংলাদেশ", "নিজস্ব অর্থায়ন"],
        ["{big}টি অসহায় পরিবারকে খাদ্য সামগ্রী (চাল, ডাল, তেল) বিতরণ"],
    ),
]

# sector -> beneficiary ranges (male, female, children); None: the column is left empty.
BENEFICIARIES: dict[str, tuple[tuple[int, int] | None, ...]] = {
    "ক্ষুদ্রঋণ": ((10, 150), (300, 2500), None),
    "শিক্ষা": (None, None, (60, 900)),
    "স্বাস্থ্য": ((20, 300), (100, 900), (50, 600)),
    "পানি ও স্যানিটেশন": ((100, 800), (120, 900), (80, 700)),
    "নারী উন্নয়ন": ((0, 40), (100, 800), None),
    "শিশু অধিকার": (None, (10, 80), (80, 1000)),
    "কৃষি": ((80, 600), (30, 300), None),
    "দুর্যোগ ব্যবস্থাপনা": ((50, 500), (60, 600), (20, 400)),
    "মানবাধিকার": ((10, 120), (20, 200), (0, 30)),
    "প্রতিবন্ধী উন্নয়ন": ((10, 120), (10, 100), (10, 120)),
    "অন্যান্য": ((5, 80), (5, 80), None),
}
BUDGET_LAKH = {"ক্ষুদ্রঋণ": (30, 400)}  # budget for FY 2020-21, in lakh taka
OTHER_BUDGET_LAKH = (3, 60)
COVID_BUDGET_LAKH = (1, 15)

PREPARERS = [
    "মোঃ রফিকুল ইসলাম",
    "মোঃ আনোয়ার হোসেন",
    "শ্রী সুবল চন্দ্র রায়",
    "মো: মাহবুবুর রহমান",
    "আব্দুল মালেক",
    "মোঃ সাইফুল ইসলাম",
    "জনাব মোঃ শফিকুল আলম",
    "প্রদীপ কুমার সরকার",
    "মোঃ হাবিবুর রহমান",
    "রঞ্জিত কুমার দাস",
    "মোঃ নুরুল আমিন",
    "মোঃ আতিকুর রহমান",
    "মোছাঃ নাসরিন আক্তার",
    "মোসাঃ শাহনাজ পারভীন",
    "বেগম রোকেয়া খাতুন",
    "মিসেস শিউলী রানী",
    "মোছাঃ সালমা বেগম",
    "শ্রীমতি অনিতা রায়",
    "মোছাঃ ফারজানা ইয়াসমিন",
    "কামরুন নাহার",
    "সুমি মারডী",
    "মোঃ ইমরান হোসেন",
    "তাপস চন্দ্র বর্মন",
    "মোঃ জাহিদুল ইসলাম",
]
DESIGNATIONS = [
    "হিসাবরক্ষক",
    "প্রোগ্রাম অফিসার",
    "এমআইএস অফিসার",
    "এরিয়া ম্যানেজার",
    "শাখা ব্যবস্থাপক",
    "জেলা সমন্বয়কারী",
    "প্রজেক্ট কো-অর্ডিনেটর",
    "মনিটরিং অফিসার",
    "প্রশাসনিক কর্মকর্তা",
    "নির্বাহী পরিচালক",
]


@dataclass
class Ngo:
    code: str
    name: str
    areas: list[str]  # upazila names as the register stores them
    sectors: list[str]


@dataclass
class Line:
    project: str
    donor: str
    upazila: str
    sector: str
    counts: list[int | None]  # male, female, children
    budget: int
    spent: int | float
    activities: str


@dataclass
class Report:
    ngo: Ngo
    received: dt.date
    lines: list[Line] = field(default_factory=list)
    file: str = ""
    how: str = ""  # how the importer can tell whose report it is


# ---------------------------------------------------------------- the register


def build_register(folder: Path) -> Register:
    """A register made the way `ngocoord demo` makes it: Dinajpur, the sample roster."""
    register = create_register(f"sqlite:///{folder / 'register.sqlite'}")
    with register.session() as s:
        district = places.find_district(DISTRICT)
        offices.set_up(s, district, OFFICE)
        for key, value in DEMO_SETTINGS.items():
            settings.put(s, key, value)
    with register.session() as s:
        import_roster(s, ROSTER)
    return register


def read_ngos(register: Register) -> tuple[list[Ngo], list[str]]:
    """The register's NGOs in roster order, and the district's upazila names."""
    from ngocoord.models import Ngo as NgoRow
    from ngocoord.models import NgoArea, Office
    from sqlmodel import col, select

    ngos = []
    with register.session() as s:
        upazilas = sorted(o.name_bn for o in offices.upazila_offices(s).values())
        for row in s.exec(select(NgoRow).order_by(col(NgoRow.id))):
            areas = s.exec(
                select(Office.name_bn)
                .join(NgoArea, col(NgoArea.office_id) == col(Office.id))
                .where(NgoArea.ngo_id == row.id)
                .order_by(col(Office.name_bn))
            ).all()
            sectors = [x.strip() for x in (row.sectors or "").split(";") if x.strip()]
            ngos.append(Ngo(row.code, row.name_bn or "", list(areas), sectors))
    return ngos, upazilas


# ---------------------------------------------------------------- content


class Maker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def lines(self, ngo: Ngo) -> list[Line]:
        rng = self.rng
        size = 0.6 + len(ngo.areas) / 4  # an NGO in more upazilas runs bigger projects
        sectors = [s for s in ngo.sectors if s in PROJECTS] or ["অন্যান্য"]
        projects: list[tuple[str, str, list[str], list[str]]] = []
        for sector in rng.sample(sectors, min(len(sectors), rng.choice([1, 2, 2, 3]))):
            name, donors, activities = rng.choice(PROJECTS[sector])
            projects.append((name, sector, donors, activities))
        if rng.random() < 0.45:
            projects.append(rng.choice(COVID))
        rng.shuffle(projects)
        # One row per project and upazila: spread the extra rows over the projects.
        extra = rng.randint(0, 5 - len(projects))
        lines: list[Line] = []
        for name, sector, donors, activities in projects:
            more = min(extra, len(ngo.areas) - 1, rng.randint(0, 2))
            extra -= more
            areas = rng.sample(ngo.areas, 1 + more)
            donor = rng.choice(donors)
            covid = "কোভিড" in name or "করোনা" in name
            low, high = COVID_BUDGET_LAKH if covid else BUDGET_LAKH.get(sector, OTHER_BUDGET_LAKH)
            for upazila in areas:
                budget = int(round(rng.uniform(low, high) * size * 100_000 / len(areas), -3))
                spent: int | float = int(round(budget * rng.uniform(0.03, 0.13), -2))
                if rng.random() < 0.15:
                    spent += rng.choice([0.5, 0.75, 0.25]) + rng.randint(1, 99)
                counts: list[int | None] = []
                for span in BENEFICIARIES[sector]:
                    if span is None:
                        counts.append(None)
                    else:
                        counts.append(round(rng.randint(*span) * size**0.5 / len(areas)))
                text = self.activity(rng.choice(activities))
                spelling = CLERK_SPELLINGS.get(upazila)
                if spelling and rng.random() < 0.35:
                    upazila = spelling
                lines.append(Line(name, donor, upazila, sector, counts, budget, spent, nfc(text)))
        return lines

    def activity(self, text: str) -> str:
        rng = self.rng
        return text.format(
            few=bn(rng.randint(2, 12)),
            small=bn(rng.randint(10, 60)),
            big=bn(rng.randint(80, 900)),
            many=bn(grouped(rng.randint(5, 80) * 100)),
        )

    # How a clerk types numbers: a number, or Bengali-digit text with or without grouping.
    def count(self, n: int | None) -> object:
        if n is None:
            return None
        r = self.rng.random()
        if r < 0.55:
            return n
        return bn(grouped(n)) if r < 0.8 else bn(n)

    def money(self, x: int | float) -> object:
        r = self.rng.random()
        if r < 0.5:
            return x
        if not float(x).is_integer():
            whole, paisa = divmod(round(x * 100), 100)
            return bn(f"{grouped(whole)}.{paisa:02d}")
        n = int(x)
        if r < 0.8:
            return bn(grouped(n))
        if r < 0.9:
            return bn(n)
        return bn(grouped(n)) + "/-"

    def mobile(self) -> str:
        rng = self.rng
        digits = "01" + rng.choice("3456789") + f"{rng.randint(0, 99_999_999):08d}"
        text = digits if rng.random() < 0.15 else bn(digits)
        return text[:5] + "-" + text[5:] if rng.random() < 0.5 else text

    def day(self, d: dt.date) -> str:
        """A date as a clerk types it: ০৫.০২.২০২১, 05/02/2021, ০৫/০২/২১ …"""
        rng = self.rng
        sep = rng.choice([".", ".", "/", "-"])
        year = f"{d.year}" if rng.random() < 0.85 else f"{d.year % 100:02d}"
        text = f"{d.day:02d}{sep}{d.month:02d}{sep}{year}"
        return bn(text) if rng.random() < 0.75 else text


# ---------------------------------------------------------------- the template reports


def fill_template(path: Path, report: Report, maker: Maker, upazilas: list[str]) -> None:
    ngo, rng = report.ngo, maker.rng
    write_template(path, code=ngo.code, name=ngo.name, month=MONTH, upazilas=upazilas)
    wb = openpyxl.load_workbook(path)
    ws = wb[report_format.SHEET]
    pos = layout()
    rows = pos.header_rows
    cols = pos.columns
    ws[f"B{rows['prepared_by']}"] = nfc(rng.choice(PREPARERS))
    ws[f"B{rows['designation']}"] = nfc(rng.choice(DESIGNATIONS))
    ws[f"B{rows['mobile']}"] = maker.mobile()
    prepared = max(dt.date(2021, 1, 31), report.received - dt.timedelta(rng.choice([0, 0, 1, 2])))
    ws[f"B{rows['report_date']}"] = maker.day(prepared)
    serials = rng.choice(["bn", "latin", "none"])
    for i, line in enumerate(report.lines):
        r = pos.first_entry_row + i
        if serials != "none":
            ws[f"{cols['serial']}{r}"] = bn(i + 1) if serials == "bn" else i + 1
        values: dict[str, object] = {
            "project": nfc(line.project),
            "donor": nfc(line.donor),
            "upazila": nfc(line.upazila),
            "sector": nfc(line.sector),
            "ben_male": maker.count(line.counts[0]),
            "ben_female": maker.count(line.counts[1]),
            "ben_children": maker.count(line.counts[2]),
            "budget_year": maker.money(line.budget),
            "spent_month": maker.money(line.spent),
            "activities": line.activities,
        }
        for key, value in values.items():
            ws[f"{cols[key]}{r}"] = value
    wb.properties.created = dt.datetime(2021, 1, 28, 11, 0)
    wb.properties.lastModifiedBy = "user"
    wb.save(path)


# ---------------------------------------------------------------- the NGOs' own layouts

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


def own_rows(report: Report, maker: Maker, keys: list[str]) -> list[list[object]]:
    """The project rows in the order of `keys` (report_format.LINE_FIELDS names, or '')."""
    out = []
    for i, line in enumerate(report.lines, start=1):
        values: dict[str, object] = {
            "serial": bn(i),
            "project": nfc(line.project),
            "donor": nfc(line.donor),
            "upazila": nfc(line.upazila),
            "sector": nfc(line.sector),
            "ben_male": maker.count(line.counts[0]),
            "ben_female": maker.count(line.counts[1]),
            "ben_children": maker.count(line.counts[2]),
            "budget_year": maker.money(line.budget),
            "spent_month": maker.money(line.spent),
            "activities": line.activities,
            "": "চলমান",
        }
        out.append([values[k] for k in keys])
    return out


def totals(report: Report, keys: list[str], label_at: int = 0) -> list[object]:
    """The "মোট" row with the sums typed in (as numbers) under the number columns."""
    sums: dict[str, int | float] = {
        "ben_male": sum(x.counts[0] or 0 for x in report.lines),
        "ben_female": sum(x.counts[1] or 0 for x in report.lines),
        "ben_children": sum(x.counts[2] or 0 for x in report.lines),
        "budget_year": sum(x.budget for x in report.lines),
        "spent_month": sum(x.spent for x in report.lines),
    }
    whole = {k: int(v) if float(v).is_integer() else round(v, 2) for k, v in sums.items()}
    row: list[object] = [whole.get(k) for k in keys]
    row[label_at] = "মোট"
    return row


def style_table(ws: Any, first: int, last: int, width: int) -> None:
    for r in range(first, last + 1):
        for c in range(1, width + 1):
            ws.cell(r, c).border = BOX
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")


def xlsx_merged(path: Path, report: Report, maker: Maker) -> None:
    """A merged title, a two-row header with "উপকারভোগীর সংখ্যা" over পুরুষ/মহিলা/শিশু."""
    keys = list(report_format.LINE_FIELDS)
    heads = ["ক্র: নং", "প্রকল্প", "দাতা", "উপজেলা", "খাত", "উপকারভোগীর সংখ্যা", "", ""]
    heads += ["বাজেট", "ব্যয়", "কার্যক্রম"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "জানুয়ারি-২১"
    end = get_column_letter(len(keys))
    ws["A1"] = report.ngo.name
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{end}1")
    ws["A2"] = nfc(MONTH_LINE)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{end}2")
    for c, text in enumerate(heads, start=1):
        if text:
            ws.cell(4, c, nfc(text)).font = BOLD
    for c, text in zip((6, 7, 8), ("পুরুষ", "মহিলা", "শিশু"), strict=True):
        ws.cell(5, c, nfc(text)).font = BOLD
    ws.merge_cells("F4:H4")
    for c in (1, 2, 3, 4, 5, 9, 10, 11):
        letter = get_column_letter(c)
        ws.merge_cells(f"{letter}4:{letter}5")
    rows = [*own_rows(report, maker, keys), totals(report, keys)]
    for r, values in enumerate(rows, start=6):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    style_table(ws, 4, 5 + len(rows), len(keys))
    for c, width in enumerate([7, 30, 18, 14, 16, 9, 9, 9, 14, 13, 45], start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    wb.properties.created = dt.datetime(2021, 2, 2, 15, 0)
    wb.save(path)


def xlsx_formula(path: Path, report: Report, maker: Maker) -> None:
    """English headings; the totals row adds up with SUM formulas."""
    keys = list(report_format.LINE_FIELDS)
    heads = ["SL", "Name of project", "Funded by", "Working area", "Sector", "Male", "Female"]
    heads += ["Children", "Annual budget", "Expenditure", "Activities"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws["A1"] = report.ngo.name
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = nfc(MONTH_LINE)
    for c, text in enumerate(heads, start=1):
        ws.cell(4, c, text).font = BOLD
    first = 5
    for r, line in enumerate(report.lines, start=first):
        values = [r - first + 1, nfc(line.project), nfc(line.donor), nfc(line.upazila)]
        values += [nfc(line.sector), *line.counts, line.budget, line.spent, line.activities]
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    last = first + len(report.lines) - 1
    total = last + 1
    ws.cell(total, 2, "মোট").font = BOLD
    for c in range(6, 11):
        letter = get_column_letter(c)
        ws.cell(total, c, f"=SUM({letter}{first}:{letter}{last})").font = BOLD
    for c in range(9, 11):
        for r in range(first, total + 1):
            ws.cell(r, c).number_format = "#,##0"
    style_table(ws, 4, total, len(keys))
    for c, width in enumerate([5, 30, 18, 14, 16, 8, 8, 8, 14, 13, 45], start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    wb.properties.created = dt.datetime(2021, 2, 3, 10, 0)
    wb.save(path)


def xlsx_plain(path: Path, report: Report, maker: Maker) -> None:
    """Other aliases, and a remarks column the importer does not know."""
    keys = [*report_format.LINE_FIELDS, ""]
    heads = ["ক্রমিক", "প্রকল্পের নাম", "অর্থায়নকারী", "কর্ম এলাকা", "সেক্টর", "পুরুষ", "নারী"]
    heads += ["শিশু", "বার্ষিক বাজেট", "মাসিক ব্যয়", "কার্যক্রমের বিবরণ", "মন্তব্য"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Report"
    ws["A1"] = report.ngo.name
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = nfc(MONTH_LINE)
    for c, text in enumerate(heads, start=1):
        ws.cell(4, c, nfc(text)).font = BOLD
    rows = [*own_rows(report, maker, keys), totals(report, keys)]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    style_table(ws, 4, 4 + len(rows), len(keys))
    wb.properties.created = dt.datetime(2021, 2, 1, 12, 0)
    wb.save(path)


def xlsx_code_in_name(path: Path, report: Report, maker: Maker) -> None:
    """A longer title (not the bare name): the code in the file name tells whose it is."""
    keys = list(report_format.LINE_FIELDS)
    heads = ["ক্রমিক নং", "প্রকল্প", "দাতা সংস্থা", "উপজেলা", "খাত", "পুরুষ", "মহিলা", "শিশু"]
    heads += ["বাজেট", "ব্যয়", "কার্যক্রম"]
    area = report.ngo.areas[-1] if report.ngo.areas else DISTRICT
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws["A1"] = nfc(f"মাসিক অগ্রগতি প্রতিবেদন - {report.ngo.name}, {area}, {DISTRICT}")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = nfc(MONTH_LINE)
    for c, text in enumerate(heads, start=1):
        ws.cell(4, c, nfc(text)).font = BOLD
    rows = [*own_rows(report, maker, keys), totals(report, keys)]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    style_table(ws, 4, 4 + len(rows), len(keys))
    wb.properties.created = dt.datetime(2021, 2, 4, 9, 0)
    wb.save(path)


def xls_file(path: Path, report: Report, maker: Maker, keys: list[str], heads: list[str]) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    bold = xlwt.easyxf("font: bold on")
    ws.write(0, 0, report.ngo.name, xlwt.easyxf("font: bold on, height 280"))
    ws.write(1, 0, nfc(MONTH_LINE))
    for c, text in enumerate(heads):
        ws.write(3, c, nfc(text), bold)
    rows = [*own_rows(report, maker, keys), totals(report, keys, keys.index("project"))]
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values):
            if value is not None:
                ws.write(r, c, value, bold if r == 3 + len(rows) else xlwt.Style.default_style)
    for c in range(len(heads)):
        ws.col(c).width = 256 * (30 if keys[c] in ("project", "activities") else 13)
    wb.save(str(path))


def xls_first(path: Path, report: Report, maker: Maker) -> None:
    keys = list(report_format.LINE_FIELDS)
    heads = ["ক্র: নং", "প্রকল্প", "দাতা", "উপজেলা", "খাত", "পুরুষ", "মহিলা", "শিশু", "বাজেট"]
    xls_file(path, report, maker, keys, [*heads, "ব্যয়", "কার্যক্রম"])


def xls_second(path: Path, report: Report, maker: Maker) -> None:
    """Upazila first and no serial column; the totals label sits in the project column."""
    keys = ["upazila", "project", "sector", "donor", "ben_male", "ben_female", "ben_children"]
    keys += ["budget_year", "spent_month", "activities"]
    heads = ["উপজেলা", "প্রকল্পের নাম", "কার্যক্রমের ধরন", "দাতা সংস্থা", "উপকারভোগী পুরুষ"]
    heads += ["উপকারভোগী নারী", "উপকারভোগী শিশু", "বাজেট", "ব্যয়", "কার্যক্রম"]
    xls_file(path, report, maker, keys, heads)


def csv_file(path: Path, report: Report, maker: Maker) -> None:
    """Excel's "CSV UTF-8": a BOM, commas, every value as text."""
    keys = list(report_format.LINE_FIELDS)
    heads = ["ক্রমিক নং", "প্রকল্প", "দাতা", "উপজেলা", "খাত", "পুরুষ", "মহিলা", "শিশু", "বাজেট"]
    heads += ["ব্যয়", "কার্যক্রম"]
    blank = [""] * (len(keys) - 1)
    rows: list[list[object]] = [[report.ngo.name, *blank], [nfc(MONTH_LINE), *blank]]
    rows += [["", *blank], [nfc(h) for h in heads]]
    rows += [*own_rows(report, maker, keys), totals(report, keys)]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow([shown(v) for v in row])


def shown(value: object) -> str:
    """A cell as Excel writes it to CSV: numbers as displayed (no ".0"), empty as ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if not value.is_integer() else str(int(value))
    return str(value)


# (writer, file name; {code} is replaced by the NGO's code)
OWN_FORMATS: list[tuple[Callable[[Path, Report, Maker], None], str, str]] = [
    (xlsx_merged, "monthly report jan 21.xlsx", "title"),
    (xlsx_formula, "Monthly Progress Report January-2021.xlsx", "title"),
    (xlsx_plain, "report for january 2021 (final).xlsx", "title"),
    (xls_first, "Jan-2021 Report.xls", "title"),
    (xls_second, "monthly_report_january.xls", "title"),
    (csv_file, "January 2021 report.csv", "title"),
    (xlsx_code_in_name, "{code} January 2021.xlsx", "code"),
]


# ---------------------------------------------------------------- receipts


def write_receipts(reports: list[Report], rng: random.Random) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "প্রাপ্তি"
    ws.append(["ফাইলের নাম", "প্রাপ্তির তারিখ"])
    for cell in ws[1]:
        cell.font = BOLD
        cell.border = BOX
    for report in sorted(reports, key=lambda x: (x.received, x.file.casefold())):
        if rng.random() < 0.5:
            ws.append([report.file, bn(report.received.strftime("%d.%m.%Y"))])
        else:
            ws.append([report.file, report.received])
            ws.cell(ws.max_row, 2).number_format = "dd.mm.yyyy"
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 16
    ws.freeze_panes = "A2"
    wb.properties.created = dt.datetime(2021, 2, 1, 10, 0)
    wb.save(RECEIPTS)


# ---------------------------------------------------------------- main


def received_dates(rng: random.Random, count: int, late: int) -> list[dt.date]:
    """Dates in February 2021: most on 1-7 (the 4th and 7th busiest), `late` on the 8th/9th."""
    days = list(range(1, 8))
    weights = [4, 5, 6, 8, 1, 1, 12]  # 5-6 Feb 2021 were Friday and Saturday
    dates = [dt.date(2021, 2, d) for d in rng.choices(days, weights, k=count - late)]
    dates += [dt.date(2021, 2, rng.choice([8, 8, 9])) for _ in range(late)]
    return dates


def make(ngos: list[Ngo], upazilas: list[str]) -> list[Report]:
    rng = random.Random(SEED)
    maker = Maker(rng)
    assert len(ngos) == LISTED, len(ngos)
    assert list(PROJECTS) == list(report_format.SECTORS)
    codes = [n.code for n in ngos]
    assert MUST_MISS in codes and all(c in codes for c in MUST_REPORT)
    others = [n for n in ngos if n.code != MUST_MISS and n.code not in MUST_REPORT]
    missing = {MUST_MISS, *(n.code for n in rng.sample(others, LISTED - REPORTED - 1))}
    reporting = [n for n in ngos if n.code not in missing]

    # Own layouts come from small NGOs (three upazilas or fewer), never MBSK or CTW, and the
    # one identified by its file name has a plain letters-only code.
    small = [n for n in reporting if len(n.areas) <= 3 and n.code not in MUST_REPORT]
    own = rng.sample(small, OWN_LAYOUT)
    by_code = next(n for n in own if n.code.isalpha() and len(n.code) >= 3)
    own.remove(by_code)
    own.append(by_code)

    order = list(range(len(reporting)))
    rng.shuffle(order)
    dates = received_dates(rng, len(reporting), LATE)
    reports = [Report(reporting[i], dates[k]) for k, i in enumerate(order)]
    reports.sort(key=lambda r: codes.index(r.ngo.code))
    own_of = {n.code: fmt for n, fmt in zip(own, OWN_FORMATS, strict=True)}

    if OUT_DIR.exists():
        shutil.rmtree(OUT_DIR)
    OUT_DIR.mkdir()
    for report in reports:
        report.lines = maker.lines(report.ngo)
        if report.ngo.code in own_of:
            writer, name, how = own_of[report.ngo.code]
            report.file = name.format(code=report.ngo.code)
            report.how = (
                f"code {report.ngo.code} in the file name"
                if how == "code"
                else ("title line = the NGO's Bangla name")
            )
            writer(OUT_DIR / report.file, report, maker)
        else:
            report.file = report_format.template_name(MONTH, report.ngo.code)
            report.how = "template header block"
            fill_template(OUT_DIR / report.file, report, maker, upazilas)
    write_receipts(reports, rng)
    return reports


def verify(reports: list[Report]) -> None:
    """Import everything into a fresh register with the real importer."""
    from ngocoord.models import Ngo as NgoRow
    from ngocoord.models import Submission
    from sqlmodel import select

    with tempfile.TemporaryDirectory() as tmp:
        register = build_register(Path(tmp))
        try:
            files = collect([OUT_DIR])
            dates = receipts_from(RECEIPTS)
            batch = import_reports(register, files, lambda p: dates[p.name.casefold()])
            for o in batch.rejected:
                print(f"REJECTED {o.file.name}: {o.reason}")
            expected = {r.file: r for r in reports}
            for o in batch.outcomes:
                if o.status == "imported":
                    r = expected[o.file.name]
                    assert o.code == r.ngo.code, (o.file.name, o.code, r.ngo.code)
                    assert o.received_on == r.received, (o.file.name, o.received_on)
                    assert o.lines == len(r.lines), (o.file.name, o.lines, len(r.lines))
            with register.session() as s:
                sent = {sub.ngo_id for sub in s.exec(select(Submission))}
                missing = sorted(n.code for n in s.exec(select(NgoRow)) if n.id not in sent)
        finally:
            register.close()
    imported = batch.count("imported")
    late = sorted(
        (o for o in batch.outcomes if o.received_on and o.received_on > DUE),
        key=lambda o: (o.received_on, o.code or ""),
    )
    print(f"files: {len(files)} in {OUT_DIR.relative_to(HERE.parent)}, receipts: {len(dates)}")
    print(
        f"imported: {imported}, rejected: {len(batch.rejected)}, "
        f"project rows: {sum(o.lines for o in batch.outcomes)}"
    )
    print(f"not received ({len(missing)}): {', '.join(missing)}")
    print("late (after the 7th): " + ", ".join(f"{o.code} {o.received_on}" for o in late))
    assert imported == REPORTED and not batch.rejected, (imported, len(batch.rejected))
    assert len(files) == REPORTED and len(dates) == REPORTED
    assert len(missing) == LISTED - REPORTED and MUST_MISS in missing
    assert not set(MUST_REPORT) & set(missing)
    assert len(late) == LATE and all(o.received_on and o.received_on < MEETING for o in late)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        register = build_register(Path(tmp))
        try:
            ngos, upazilas = read_ngos(register)
        finally:
            register.close()
    reports = make(ngos, upazilas)
    template = sum(1 for r in reports if r.how == "template header block")
    print(
        f"wrote {len(reports)} reports ({template} on the template, "
        f"{len(reports) - template} in own layouts) and {RECEIPTS.name}"
    )
    for r in reports:
        if r.how != "template header block":
            print(f"  {r.file!r}: {r.ngo.code}, {r.how}")
    verify(reports)


if __name__ == "__main__":
    main()
