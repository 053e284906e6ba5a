"""The monthly summary as a file: md, html and pdf through the Renderer and the templates
`summary.md.j2` / `summary.html.j2` (the PDF laid out from the HTML, fonts embedded, as the
other PDF documents are), xlsx (one sheet per table and a native chart of the
trend) and csv (the NGO status table), from the dict `compliance.summary.build` gathers.

Spreadsheet exports (xlsx, csv) go through `ngocoord.documents.spreadsheet`: they never write
a cell that starts with = + - @ as a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import files
from ngocoord.bangla import format_month_key_bn
from ngocoord.documents import spreadsheet
from ngocoord.documents.render import Renderer, output_file
from ngocoord.documents.spreadsheet import add_table as _table
from ngocoord.documents.spreadsheet import bar_chart, workbook, workbook_bytes

if TYPE_CHECKING:
    from ngocoord.documents.render import Renderer

DOCUMENT = "summary"
FORMATS = ("html", "md", "pdf", "xlsx", "csv")
RENDERED = ("html", "md", "pdf")  # through the templates; the others are spreadsheets


def write(
    data: dict[str, Any], fmt: str | None, path: Path, renderer: Renderer | None = None
) -> Path:
    """Write the summary built by `build` to `path` as html, md, pdf, xlsx or csv (by default,
    the format its name ends in)."""

    fmt, path = output_file(fmt, path, FORMATS, f"summary-{data['month']}")
    if fmt in RENDERED:
        return (renderer or Renderer()).write(DOCUMENT, fmt, data, path)
    payload = to_xlsx(data) if fmt == "xlsx" else to_csv(data)
    files.make_dirs(path.parent)
    return spreadsheet.save(payload, path)


STATUS_HEADERS = [
    "ক্রমিক",
    "কোড",
    "সংস্থার নাম",
    "কর্মএলাকা (উপজেলা)",
    "অবস্থা",
    "বিলম্ব (দিন)",
    "অতিক্রান্ত (দিন)",
    "প্রাপ্তির তারিখ",
    "পর্যালোচনার পর পরিবর্তন (কারণ)",
]


def _status_rows(data: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            i,
            ngo["code"],
            ngo["name"],
            ", ".join(ngo["upazilas"]),
            ngo["status_bn"],
            ngo["days_late"],
            ngo["days_overdue"],
            ngo["received_on"],
            ngo["changed_after_review"],
        ]
        for i, ngo in enumerate(data["ngos"], start=1)
    ]


def to_csv(data: dict[str, Any]) -> bytes:
    """The NGO status table as CSV: UTF-8 with a BOM (Excel reads Bangla), dates as ISO,
    numbers in Latin digits, text that starts with = + - @ prefixed with '."""

    return spreadsheet.csv_bytes(STATUS_HEADERS, _status_rows(data))


# Lakh/crore grouping (১২,৩৪,৫৬৭) in Excel: a plain "#,##,##0" groups by thousands.
INDIAN = r"[>=10000000]##\,##\,##\,##0;[>=100000]##\,##\,##0;##,##0"
PERCENT = "0.0%"
DAY = "dd/mm/yyyy"


FIGURE_HEADERS = [
    "প্রকল্প (সংখ্যা)",
    "এনজিও (সংখ্যা)",
    "উপকারভোগী পুরুষ",
    "উপকারভোগী নারী",
    "উপকারভোগী শিশু",
    "উপকারভোগী মোট",
    "অর্থবছরের বাজেট (টাকা)",
    "চলতি মাসের ব্যয় (টাকা)",
]
FIGURE_KEYS = [
    "projects",
    "ngos",
    "male",
    "female",
    "children",
    "total",
    "budget_year",
    "spent_month",
]


def _figure_rows(rows: list[dict[str, Any]], total: dict[str, Any]) -> list[list[Any]]:
    return [[r["label"], *(r[k] for k in FIGURE_KEYS)] for r in [*rows, total]]


def to_xlsx(data: dict[str, Any]) -> bytes:
    """The summary as a workbook: one sheet per table, and the trend as a native bar chart."""

    wb = workbook()
    totals = data["totals"]
    month = format_month_key_bn(data["month"])
    _table(
        wb,
        "সারসংক্ষেপ",
        ["বিষয়", "তথ্য"],
        [
            ["মাস", month],
            ["দাখিলের শেষ তারিখ", data["due_date"]],
            ["যে তারিখ পর্যন্ত হিসাব", data["as_of"]],
            ["প্রত্যাশিত এনজিও", totals["expected"]],
            ["প্রতিবেদন দাখিল", totals["received"]],
            ["যথাসময়ে", totals["on_time"]],
            ["বিলম্বে", totals["late"]],
            ["পাওয়া যায়নি", totals["missing"]],
            ["সময় বাকি", totals["not_yet_due"]],
            ["দাখিলের হার", totals["reporting_rate"]],
            ["যথাসময়ে দাখিলের হার", totals["on_time_rate"]],
            ["মন্তব্য", data["sentence"]],
            *(
                [
                    data["changed_bn"],
                    f"{c['unit']}: {c['change']}, {c['on']}, {c['by']}: {c['reason']}",
                ]
                for c in data["changed_after_review"]
            ),
        ],
        {},
    )
    summary_ws = wb["সারসংক্ষেপ"]
    for row in (3, 4):
        summary_ws.cell(row=row, column=2).number_format = DAY
    for row in (11, 12):
        summary_ws.cell(row=row, column=2).number_format = PERCENT

    _table(wb, "এনজিওভিত্তিক অবস্থা", STATUS_HEADERS, _status_rows(data), {7: DAY})
    district = {
        "name": "জেলা (প্রতিটি এনজিও একবার)",
        "expected": totals["expected"],
        "received": totals["received"],
        "on_time": totals["on_time"],
        "late": totals["late"],
        "missing": totals["missing"],
        "reporting_rate": totals["reporting_rate"],
    }
    upazila_ws = _table(
        wb,
        "উপজেলাভিত্তিক অবস্থা",
        ["উপজেলা", "কর্মরত এনজিও", "দাখিল", "যথাসময়ে", "বিলম্বে", "পাওয়া যায়নি", "দাখিলের হার"],
        [
            [
                r["name"],
                r["expected"],
                r["received"],
                r["on_time"],
                r["late"],
                r["missing"],
                r["reporting_rate"],
            ]
            for r in [*data["upazilas"], district]
        ],
        {6: PERCENT},
    )
    upazila_ws.cell(row=upazila_ws.max_row + 2, column=1, value=data["area_note"])
    money = {i: INDIAN for i in range(1, 9)}
    ben = data["beneficiaries"]
    _table(
        wb, "খাতভিত্তিক", ["খাত", *FIGURE_HEADERS], _figure_rows(ben["by_sector"], ben["total"]), money
    )
    _table(
        wb,
        "উপজেলাভিত্তিক উপকারভোগী",
        ["উপজেলা", *FIGURE_HEADERS],
        _figure_rows(ben["by_upazila"], ben["total"]),
        money,
    )
    trend_ws = _table(
        wb,
        "১২ মাসের হার",
        ["মাস", "প্রত্যাশিত", "দাখিল", "যথাসময়ে", "দাখিলের হার", "যথাসময়ে দাখিলের হার"],
        [
            [
                r["label"],
                r["expected"],
                r["received"],
                r["on_time"],
                r["reporting_rate"],
                r["on_time_rate"],
            ]
            for r in data["trend"]
        ],
        {4: PERCENT, 5: PERCENT},
    )
    _table(
        wb,
        "বারবার অনুপস্থিত",
        ["কোড", "সংস্থার নাম", "যত মাস পাওয়া যায়নি (১২ মাসে)", "যে মাসগুলো"],
        [
            [d["code"], d["name"], d["missed"], ", ".join(d["months"])]
            for d in data["repeat_defaulters"]
        ],
        {},
    )

    bar_chart(
        wb,
        "লেখচিত্র",
        trend_ws,
        value_column=5,
        count=len(data["trend"]),
        title=f"প্রতিবেদন দাখিলের হার: ১২ মাস ({month} পর্যন্ত)",
        x_title="মাস",
        y_title="দাখিলের হার",
    )
    return workbook_bytes(wb)
