"""Version 1 of the monthly report workbook (the "ছক"): the labels the template writes and
the importer reads. One place, so the two cannot drift apart. See docs/report-format.md.
"""

from __future__ import annotations

FORMAT_VERSION = 1
SHEET = "প্রতিবেদন"
LISTS_SHEET = "তালিকা"

# Header block: a label cell, and the value in the next filled cell to its right.
# The first alias is the Bangla label the template prints, the second its English line.
HEADER_FIELDS: dict[str, list[str]] = {
    "ngo_code": ["এনজিও কোড", "NGO code", "সংস্থার কোড", "Code"],
    "ngo_name": ["সংস্থার নাম", "NGO name", "এনজিওর নাম", "Name of NGO", "প্রতিষ্ঠানের নাম"],
    "month": ["প্রতিবেদনের মাস", "Month", "মাস", "Reporting month", "Report month"],
    "prepared_by": ["প্রস্তুতকারীর নাম", "Prepared by", "প্রস্তুতকারী", "প্রতিবেদন প্রস্তুতকারী"],
    "designation": ["পদবি", "Designation", "পদবী"],
    "mobile": ["মোবাইল নম্বর", "Mobile", "মোবাইল", "মোবাইল নং", "Mobile No"],
    "report_date": ["প্রতিবেদনের তারিখ", "Date", "তারিখ", "Date of report"],
}

# One row per project, and what each column's header says (read by meaning, see
# `ngocoord.meaning`). The first two phrases are the template's Bangla heading and the English
# line under it; "~" makes a phrase weigh little ("প্রকল্পের বাজেট" is the budget, not the
# project: every row is a project).
LINE_FIELDS: dict[str, list[str]] = {
    "serial": ["ক্রমিক নং", "SL", "No"],
    "project": ["~প্রকল্পের নাম", "~Project", "~কর্মসূচি"],
    "donor": ["দাতা সংস্থা", "Donor", "অর্থায়নকারী"],
    "upazila": ["উপজেলা", "Upazila", "কর্ম এলাকা"],
    "sector": ["খাত", "Sector", "কার্যক্রমের ধরন"],
    "ben_male": ["উপকারভোগী পুরুষ", "Beneficiaries: male", "পুরুষ"],
    "ben_female": ["উপকারভোগী নারী", "Beneficiaries: female", "নারী"],
    "ben_children": ["উপকারভোগী শিশু", "Beneficiaries: children", "শিশু"],
    "budget_year": ["চলতি অর্থবছরের বাজেট (টাকা)", "Budget for the fiscal year (Tk)", "বাজেট"],
    "spent_month": ["চলতি মাসের ব্যয় (টাকা)", "Spent this month (Tk)", "ব্যয়"],
    "activities": [
        "চলতি মাসের কার্যক্রম (সংক্ষেপে)",
        "Activities this month, in brief",
        "কার্যক্রম",
        "মাসের কাজ",
    ],
}

# Fields a report's header may be mapped to (`columns fields --for report`).
LINE_LABELS: dict[str, tuple[str, str]] = {
    "serial": ("ক্রমিক নং (রাখা হয় না)", "serial number (not stored)"),
    "project": ("প্রকল্পের নাম", "project"),
    "donor": ("দাতা সংস্থা", "donor"),
    "upazila": ("উপজেলা", "upazila"),
    "sector": ("খাত", "sector"),
    "ben_male": ("উপকারভোগী পুরুষ", "beneficiaries, male"),
    "ben_female": ("উপকারভোগী নারী", "beneficiaries, female"),
    "ben_children": ("উপকারভোগী শিশু", "beneficiaries, children"),
    "budget_year": ("চলতি অর্থবছরের বাজেট", "budget for the fiscal year"),
    "spent_month": ("চলতি মাসের ব্যয়", "spent this month"),
    "activities": ("চলতি মাসের কার্যক্রম", "activities this month"),
}


def heading(key: str) -> tuple[str, str]:
    """The template's Bangla heading of a row column and the English line under it."""
    bangla, english = LINE_FIELDS[key][:2]
    return bangla.lstrip("=~"), english.lstrip("=~")


COUNT_FIELDS = ("ben_male", "ben_female", "ben_children")
MONEY_FIELDS = ("budget_year", "spent_month")

SECTORS = (
    "ক্ষুদ্রঋণ",
    "শিক্ষা",
    "স্বাস্থ্য",
    "পানি ও স্যানিটেশন",
    "নারী উন্নয়ন",
    "শিশু অধিকার",
    "কৃষি",
    "দুর্যোগ ব্যবস্থাপনা",
    "মানবাধিকার",
    "প্রতিবন্ধী উন্নয়ন",
    "অন্যান্য",
)

TITLE = "মাসিক কার্যক্রম প্রতিবেদন (ছক) / Monthly activity report"
ENTRY_ROWS = 30  # blank project rows in a fresh template


def template_name(month: str, code: str) -> str:
    """The file name of a template and the fallback the importer reads: 2021-01_MBSK.xlsx."""
    return f"{month}_{code}.xlsx"
