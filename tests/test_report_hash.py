"""A report's content hash tells "unchanged" from a new version: the same content is unchanged
whatever code the NGO has now, a changed content is a new version, and a register whose hashes
were taken by the earlier rule (the NGO's code inside them) still reads its files as unchanged.

tests/data/old-hash/register.sql is such a register (schema 0012), written by ngocoord before
the rule changed: MBSK's and CTW's January reports imported from the files beside it (CTW's
with a kept column)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli, report_csv
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)

OLD = Path(__file__).parent / "data" / "old-hash"


def imported(cli: Cli, *paths: Path) -> str:
    out = cli("report", "import", *map(str, paths), "--received-on", "2021-03-01").output
    return " ".join(out.split())


def versions(cli: Cli, code: str, month: str = "2021-01") -> list[int]:
    shown = json.loads(cli("report", "history", code, month, "--format", "json").output)
    return sorted(v["version"] for v in shown)


def old_register(tmp_path: Path) -> Cli:
    db = tmp_path / "register.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript((OLD / "register.sql").read_text(encoding="utf-8"))
    conn.close()
    for name in ("2021-01_MBSK.csv", "2021-01_CTW.csv"):
        shutil.copy(OLD / name, tmp_path / name)
    cli = Cli(db)
    cli("db", "upgrade")
    return cli


def test_a_register_hashed_by_the_earlier_rule_reads_its_files_as_unchanged(
    tmp_path: Path,
) -> None:
    """The same two files again: unchanged. CTW renamed CTWX, its file (which still says CTW)
    again: unchanged, under the code its version was hashed with. A changed file is a new
    version, hashed by the rule of now: the same again, after another new code, unchanged."""
    cli = old_register(tmp_path)
    mbsk, ctw = tmp_path / "2021-01_MBSK.csv", tmp_path / "2021-01_CTW.csv"
    assert "2 unchanged" in imported(cli, mbsk, ctw)
    cli("ngo", "edit", "CTW", "--code", "CTWX")
    cli("ngo", "edit", "MBSK", "--code", "MBK")
    assert "2 unchanged" in imported(cli, mbsk, ctw)
    assert versions(cli, "CTWX") == [1] and versions(cli, "MBK") == [1]
    changed = tmp_path / "changed" / "2021-01_CTW.csv"
    changed.parent.mkdir()
    changed.write_text(ctw.read_text(encoding="utf-8").replace("৩০", "৩১"), encoding="utf-8")
    assert "1 imported" in imported(cli, changed)
    assert versions(cli, "CTWX") == [1, 2]
    cli("ngo", "edit", "CTWX", "--code", "KTW")
    assert "1 unchanged" in imported(cli, changed)
    assert versions(cli, "KTW") == [1, 2]


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_renamed_ngo_s_unchanged_report_is_unchanged(url: str, tmp_path: Path) -> None:  # noqa: F811
    """MBSK's report in, MBSK renamed RDRS: the same file (old code or new) is unchanged, on
    each engine; a change of a count is a new version."""
    from test_locks import prepared

    where = Cli(url)  # type: ignore[arg-type]  # a URL is a --db too
    prepared(url, tmp_path)
    where("ngo", "edit", "MBSK", "--code", "RDRS")
    same = report_csv(tmp_path / "again", "MBSK", "2021-01")
    assert "1 unchanged" in imported(where, same)
    assert "1 unchanged" in imported(where, report_csv(tmp_path / "new", "RDRS", "2021-01"))
    changed = report_csv(tmp_path / "changed", "RDRS", "2021-01", project="কিশোরী ক্লাব")
    assert "1 imported" in imported(where, changed)
    assert versions(where, "RDRS") == [1, 2]
