"""Benchmark: what asking about NGOs written in the other script costs a roster import.

On the register the 100,000-row roster of roster_import.py makes, in interleaved pairs of
child processes (one with this tree's code, one with another tree's, e.g. main's):

  a. the same roster imported again (every row the register's NGO): the whole import and its
     classification step (`roster_file._classify`, timed in-process);
  b. a roster of NEW rows (default 200) that are not the register's NGOs: half the register's
     English names written in Bangla letters (each asked about by its sound), half names
     of neither (each added): the classification step, which for the first new row builds
     the sound index of the register's names of the other script.

Goal: (a) within 5 % of the import. The load average is printed beside each figure.

    python benchmarks/sound_duplicates.py --against /work/main --pairs 3
    python benchmarks/sound_duplicates.py --rows 20000 --new 100 --against ../main
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import roster_import

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# English words of roster_import's names as Bangla writes them (the rows of case b)
IN_BANGLA = {
    "Gramin": "গ্রামিন",
    "Palli": "পল্লি",
    "Samaj": "সমাজ",
    "Unnayan": "উন্নয়ন",
    "Sangstha": "সংস্থা",
}


def child(mode: str, register: Path, path: Path) -> dict[str, float]:
    """Import `path` into `register` with this process's ngocoord; the seconds taken."""
    from ngocoord.intake import roster_file
    from ngocoord.store.db import open_register

    spent = {"classify": 0.0}
    classify = roster_file._classify

    def timed(*args: Any, **kw: Any) -> Any:
        start = time.perf_counter()
        try:
            return classify(*args, **kw)
        finally:
            spent["classify"] += time.perf_counter() - start

    roster_file._classify = timed
    reg = open_register(f"sqlite:///{register}")
    start = time.perf_counter()
    try:
        with reg.session() as s:
            new = mode == "new"  # a dry run that sets the rows asked about aside
            result = roster_file.import_roster(s, path, dry_run=new, skip_invalid=new)
    finally:
        reg.close()
    spent["import"] = time.perf_counter() - start
    spent["asked"] = float(len(result.rejected))
    return spent


def new_rows(path: Path, count: int) -> Path:
    """A CSV of new rows: every other one an English name of the roster in Bangla letters."""
    import random

    rng = random.Random(7)
    lines = ["সংস্থার নাম,Name of NGO"]
    for n in range(count):
        if n % 2 == 0:
            i = rng.randint(1, 10_000)
            words = roster_import.roster_row(i, rng, True)[2].split()[:3]
            bangla = " ".join(IN_BANGLA.get(w, w) for w in words)
            lines.append(f"{bangla} {roster_import.bn(i)},")
        else:
            lines.append(f"নতুন দিগন্ত শাখা {roster_import.bn(n)},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--against", type=Path, required=True, help="the other tree (main)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, register, path = args.child
        print(json.dumps(child(mode, Path(register), Path(path))))
        return 0
    work = Path(tempfile.mkdtemp(prefix="ngo-sound-"))
    try:
        roster_import.generate_rosters(work, args.rows, "acronym", 1971)
        roster = roster_import.roster_path(work, args.rows, True)
        built = roster_import.new_register(work / "built")
        roster_import.ngocoord_import(built, roster)
        built.close()
        extra = new_rows(work / "new.csv", args.new)
        trees = {"this": ROOT, "other": args.against.resolve()}
        figures: dict[tuple[str, str], list[dict[str, float]]] = {}
        for pair in range(args.pairs):
            for mode, path in (("again", roster), ("new", extra)):
                for side in ("this", "other") if pair % 2 == 0 else ("other", "this"):
                    register = work / f"{side}.sqlite"
                    shutil.copyfile(work / "built" / "register.sqlite", register)
                    env = {**os.environ, "PYTHONPATH": f"{trees[side] / 'src'}:{HERE}"}
                    command = [sys.executable, __file__, "--against", str(args.against)]
                    command += ["--child", mode, str(register), str(path)]
                    out = subprocess.run(command, env=env, check=True, capture_output=True)
                    got = json.loads(out.stdout)
                    figures.setdefault((mode, side), []).append(got)
                    print(f"pair {pair + 1} {mode:5} {side:5} {got} load {load()}")
        for mode in ("again", "new"):
            for what in ("classify", "import"):
                this = [f[what] for f in figures[(mode, "this")]]
                other = [f[what] for f in figures[(mode, "other")]]
                ratios = [a / b for a, b in zip(this, other, strict=True)]
                extra_s = statistics.median(a - b for a, b in zip(this, other, strict=True))
                print(
                    f"{mode:5} {what:8}: this {statistics.median(this):.3f} s, other "
                    f"{statistics.median(other):.3f} s, ratio {statistics.median(ratios):.3f} "
                    f"({min(ratios):.3f}-{max(ratios):.3f}), extra {extra_s:+.3f} s"
                )
        print(f"load average at the end: {load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
