"""What `check` and the summary say an undo did to a locked month: the version it removed,
put back or brought back, and the NGO it removed or brought back, as the undo did it."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli, report_csv
from test_locks_figures import REASON, WHY, checked, last_run, refused


def test_undoing_an_import_into_a_locked_month_says_the_version_was_removed(
    office: Cli, tmp_path: Path
) -> None:
    report_csv(tmp_path / "in", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    imported = last_run(office)
    office("lock", "2021-01", "--reason", REASON)
    assert "remove submission ngo-report:MBSK:2021-01" in refused(
        office, "undo", str(imported), "--yes"
    )
    office("undo", str(imported), "--yes", "--unlock-reason", WHY)
    (change,) = checked(office)["changed_after_review"]
    assert change["change"] == f"version 1 removed by undo {imported}"
    text = " ".join(
        office("check", "--month", "2021-01", "--as-of", "2021-03-20", code=None).output.split()
    )
    assert f"MBSK version 1 removed by undo {imported}" in text
    summary = tmp_path / "summary.md"
    office("render", "summary", "--month", "2021-01", "--out", str(summary))
    assert f"version 1 removed by undo {imported}" in summary.read_text(encoding="utf-8")


def test_undoing_a_replacement_says_the_version_was_put_back(office: Cli, tmp_path: Path) -> None:
    """A second version replaced the first; undoing that puts the first back (it was stored
    all along) and removes the second."""
    report_csv(tmp_path / "one", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "one"), "--received-on", "2021-02-05")
    report_csv(tmp_path / "two", "MBSK", "2021-01", project="কিশোরী শিক্ষা")
    office("report", "import", str(tmp_path / "two"), "--received-on", "2021-02-06")
    replaced = last_run(office)
    office("lock", "2021-01", "--reason", REASON)
    office("undo", str(replaced), "--yes", "--unlock-reason", WHY)
    changes = {c["change"] for c in checked(office)["changed_after_review"]}
    assert changes == {
        f"version 1 put back by undo {replaced}",
        f"version 2 removed by undo {replaced}",
    }
