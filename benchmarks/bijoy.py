"""Benchmark: what finding and converting Bijoy-typed Bangla costs a roster import.

On the 100,000-row roster of roster_import.py (Bangla in Unicode, English names, mobiles: no
Bijoy at all), in interleaved pairs (harness.py):

  a. the sheet read and its columns decided (`intake.sheets.find_table`) with Bijoy detection
     on, against the same with it off (`--no-bijoy`): the goal is no measurable slowdown,
     at most 1.05×;
  b. `bijoy.convert_grid` alone on that sheet's grid, for reference;
  c. a roster of the same size typed in Bijoy (the cells of tests/data/bijoy_corpus.tsv, a
     name column unique row by row), converted by `bijoy.convert_grid` with its caches
     emptied first: cells per second.

    python benchmarks/bijoy.py                 # 100,000 rows, 5 pairs
    python benchmarks/bijoy.py --rows 20000 --pairs 3
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import roster_import
from harness import Goal, Row, Side, in_process, results, run_group, table

ROOT = Path(__file__).resolve().parent.parent


def read(path: Path, bijoy: bool) -> Any:
    from ngocoord.intake import columns, sheets
    from ngocoord.register import fields

    hints = columns.Hints(
        by_values={"mobile": columns.looks_like_mobile},
        script_pair=("name_bn", "name_en"),
        bijoy=bijoy,
    )
    return sheets.find_table(
        path, fields.FIELDS, required=set(), any_of=[{"name_bn", "name_en"}], hints=hints
    )


def bijoy_grid(rows: int, seed: int) -> list[list[Any]]:
    """A roster typed in Bijoy: phrases of the corpus, the first made unique by its row number
    (as names are), with a mobile and a code beside them."""
    corpus = ROOT / "tests" / "data" / "bijoy_corpus.tsv"
    typed = [
        line.split("\t")[0]
        for line in corpus.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rng = random.Random(seed)
    return [
        [
            n,
            f"{rng.choice(typed)} {n}",
            rng.choice(typed),
            rng.choice(typed),
            f"0171{n:07d}",
            "FD-6",
        ]
        for n in range(1, rows + 1)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1971)
    args = parser.parse_args(argv)
    from ngocoord import bijoy
    from ngocoord.intake import sheets

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        roster_import.generate_rosters(work, args.rows, "acronym", args.seed)
        path = roster_import.roster_path(work, args.rows, True)
        _, grid = sheets.read_sheet(path)
        sides = {
            "on": Side(in_process(lambda: read(path, True))),
            "off": Side(in_process(lambda: read(path, False))),
            "grid": Side(in_process(lambda: bijoy.convert_grid(grid))),
        }
        samples = run_group(sides, args.pairs)
    found = results(
        samples,
        [
            Row(
                f"roster read, {args.rows:,} rows, Bijoy on vs off",
                "on",
                "off",
                Goal("ratio", 1.05),
            ),
            Row(f"`convert_grid` alone, {args.rows:,} rows, vs the read", "grid", "off", None),
        ],
    )
    print(table(found))
    typed = bijoy_grid(args.rows, args.seed)
    cells = sum(1 for row in typed for v in row if isinstance(v, str))
    times = []
    for _ in range(args.pairs):
        for cached in (bijoy.convert, bijoy.to_unicode, bijoy.is_bijoy, bijoy.plain_bijoy):
            cached.cache_clear()  # each run as the first import of the day
        fresh = copy.deepcopy(typed)
        start = time.perf_counter()
        converted = bijoy.convert_grid(fresh)
        times.append(time.perf_counter() - start)
    wall = statistics.median(times)
    done = sum(c.cells for c in converted.values())
    print(
        f"Bijoy roster, {args.rows:,} rows: {wall:.2f} s ({min(times):.2f}–{max(times):.2f}) "
        f"for {cells:,} text cells, {done:,} converted: {cells / wall:,.0f} cells/s"
    )
    return 0 if all(r.passed is not False for r in found) else 1


if __name__ == "__main__":
    sys.exit(main())
