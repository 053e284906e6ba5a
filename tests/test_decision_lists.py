"""An item's decisions written as the clerk's own list, one a line (১. … ২. …), are its
decisions ১.১, ১.২ …; other numbers in a block (a date, i. ii. inside a sentence, a list that
does not count 1, 2, 3) leave it one decision."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ngocoord.bangla import to_bengali_digits
from ngocoord.meetings.document import split_decisions

SENTENCES = st.lists(
    st.sampled_from(
        [
            "সকল এনজিও ৭ তারিখের মধ্যে প্রতিবেদন দেবে।",
            "যারা দেয়নি তাদের তাগিদপত্র দেয়া হবে।",
            "১০.০২.২০২১ তারিখে সভা হবে।",
            "এনজিওরা প্রত্যয়ন নেয়ার সময় i. কোন সদস্য জড়িত না। ii. বাল্য বিবাহ হয়নি।",
            "Reports are due by the 7th.",
        ]
    ),
    min_size=2,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(
    SENTENCES,
    st.sampled_from([".", ")", "।", " ."]),
    st.booleans(),
    st.sampled_from(["", "  "]),
)
def test_a_list_of_decisions_one_a_line_is_the_items_decisions(
    texts: list[str], mark: str, bengali: bool, indent: str
) -> None:
    def number(n: int) -> str:
        return to_bengali_digits(str(n)) if bengali else str(n)

    block = "\n".join(f"{indent}{number(n)}{mark} {t}" for n, t in enumerate(texts, 1))
    found = split_decisions(3, block, first_line=10)
    assert [(d.seq, d.text, d.line) for d in found] == [
        (n, t, 10 + n - 1) for n, t in enumerate(texts, 1)
    ]


@settings(max_examples=200, deadline=None)
@given(SENTENCES, st.integers(min_value=0, max_value=3))
def test_numbers_that_do_not_count_from_one_leave_one_decision(texts: list[str], skip: int) -> None:
    """২. … ৩. … (the list's start elsewhere), or a gap: not the item's own list."""
    numbers = [n + 2 + (skip if i else 0) for i, n in enumerate(range(len(texts)))]
    block = "\n".join(
        f"{to_bengali_digits(str(n))}. {t}" for n, t in zip(numbers, texts, strict=True)
    )
    found = split_decisions(3, block)
    assert len(found) == 1 and found[0].text == block.strip()


@settings(max_examples=100, deadline=None)
@given(SENTENCES)
def test_sentences_without_a_list_are_one_decision(texts: list[str]) -> None:
    block = " ".join(texts)
    assert [d.text for d in split_decisions(3, block)] == [block]


PARTS = st.lists(
    st.sampled_from(["মাসিক প্রতিবেদন নিয়ে আলোচনা।", "(পূর্ববর্তী সারির ধারাবাহিকতা)", "চলমান।"]),
    min_size=1,
    max_size=3,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=3), st.booleans())
def test_an_items_discussion_carried_on_in_rows_of_its_own_stays_the_items(
    tmp_path_factory: Any, discussions: list[list[str]], unnumbered: bool
) -> None:
    """Word splits a long discussion over rows with the number, decision and implementer
    cells blank: in a sheet that numbers its items, such a row goes on with the item above
    (it was "item ০৩ is also on row 4"); in a sheet with no numbers at all, rows are items."""
    from openpyxl import Workbook

    from ngocoord.meetings.items import items_from_sheet

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"])
    for n, parts in enumerate(discussions, 1):
        number = "" if unnumbered else to_bengali_digits(f"{n:02d}")
        ws.append([number, parts[0], f"সিদ্ধান্ত {n}", "সকল এনজিও"])
        for part in parts[1:]:
            ws.append([None, part, None, None])
    path = tmp_path_factory.mktemp("items") / "items.xlsx"
    wb.save(path)
    if unnumbered:  # each row an item of its own, numbered in order
        rows = [part for parts in discussions for part in parts]
        items = items_from_sheet(path)
        assert [(i.number, i.discussion) for i in items] == list(enumerate(rows, 1))
        return
    items = items_from_sheet(path)
    assert [(i.number, i.discussion) for i in items] == [
        (n, " ".join(parts)) for n, parts in enumerate(discussions, 1)
    ]
