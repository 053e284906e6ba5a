"""The machinery of `python -m benchmarks`: sides run in interleaved rounds, medians with
their spread, goals judged, one table printed (and written as JSON).

A group holds the sides that are compared (the ngocoord command and its floors); each round
runs every side once, in turn, after one untimed warm-up round, so a burst of load from
another job falls on both sides of a pair. A whole command is timed as a process with
os.wait4, which also gives its CPU time and peak memory.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system (children included for a process)
    rss: float | None = None  # peak resident memory, MB, for a process


@dataclass
class Side:
    """One contender: `run` is timed; `prepare`, when given, runs before it, untimed."""

    run: Callable[[], Sample]
    prepare: Callable[[], None] | None = None


def process(
    command: Sequence[str],
    env: dict[str, str],
    ok: Sequence[int] = (0,),
    tty: bool = False,
) -> Callable[[], Sample]:
    """A side that runs `command` as its own process, its output read from a pipe (or, with
    `tty`, from a terminal: the command runs under `script`, which copies it to the pipe)."""
    argv = list(command)
    if tty:
        argv = ["script", "-qec", subprocess.list2cmdline(argv), "/dev/null"]

    def run() -> Sample:
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            child = subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, env=env
            )
            assert child.stdout is not None
            while child.stdout.read(1 << 16):  # drained as a reader of the pipe would
                pass
            _pid, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            child.returncode = code = os.waitstatus_to_exitcode(status)
            child.stdout.close()
            if code not in ok:
                err.seek(0)
                text = err.read().decode("utf-8", "replace")[-2000:]
                raise RuntimeError(f"{' '.join(argv)} exited {code}:\n{text}")
        return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)

    return run


def in_process(fn: Callable[[], Any]) -> Callable[[], Sample]:
    """A side that calls `fn` in this process (the collector run first, untimed)."""

    def run() -> Sample:
        gc.collect()
        cpu, start = time.process_time(), time.perf_counter()
        fn()
        return Sample(time.perf_counter() - start, time.process_time() - cpu)

    return run


@dataclass
class Goal:
    """`ratio`: candidate ÷ floor at most `limit`; `over`: candidate − floor at most `limit`
    seconds; `under`: also the candidate's own median under `under` seconds."""

    kind: str
    limit: float
    under: float | None = None

    def text(self) -> str:
        if self.kind == "over":
            text = f"≤ +{self.limit * 1000:.0f} ms"
        elif self.limit == 1.0:
            text = "< 1×"
        else:
            text = f"≤ {self.limit:g}×"
        return text + (f", < {self.under:g} s" if self.under is not None else "")


@dataclass
class Row:
    """One line of the table: a candidate side against a floor side, by one metric."""

    measure: str
    candidate: str
    floor: str
    goal: Goal | None  # None: printed for reference, not judged
    metric: str = "wall"  # wall, cpu or rss


@dataclass
class Result:
    measure: str
    metric: str
    candidate: list[float]
    floor: list[float]
    goal: Goal | None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def per_pair(self) -> list[float]:
        """The figure the goal is on, pair by pair (ratio, or difference in seconds)."""
        if self.goal is not None and self.goal.kind == "over":
            return [c - f for c, f in zip(self.candidate, self.floor, strict=True)]
        return [c / f for c, f in zip(self.candidate, self.floor, strict=True) if f > 0]

    @property
    def figure(self) -> float:
        return statistics.median(self.per_pair)

    @property
    def passed(self) -> bool | None:
        if self.goal is None:
            return None
        ok = self.figure <= self.goal.limit if self.goal.limit != 1.0 else self.figure < 1.0
        if self.goal.under is not None:
            ok = ok and statistics.median(self.candidate) < self.goal.under
        return ok

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "metric": self.metric,
            "ngocoord": self.candidate,
            "floor": self.floor,
            "ngocoord_median": statistics.median(self.candidate),
            "floor_median": statistics.median(self.floor),
            "figure": self.figure,
            "figure_kind": "difference_s" if self.goal and self.goal.kind == "over" else "ratio",
            "goal": self.goal.text() if self.goal else None,
            "pass": self.passed,
            "note": self.note,
            **self.extra,
        }


def run_group(sides: dict[str, Side], rounds: int) -> dict[str, list[Sample]]:
    """Every side once per round, in the order given, after one untimed warm-up round."""
    found: dict[str, list[Sample]] = {name: [] for name in sides}
    for k in range(rounds + 1):
        for name, side in sides.items():
            if side.prepare is not None:
                side.prepare()
            sample = side.run()
            if k:
                found[name].append(sample)
    return found


def results(samples: dict[str, list[Sample]], rows: Sequence[Row], note: str = "") -> list[Result]:
    out = []
    for row in rows:

        def values(name: str, metric: str = row.metric) -> list[float]:
            return [float(getattr(s, metric) or 0.0) for s in samples[name]]

        result = Result(row.measure, row.metric, values(row.candidate), values(row.floor), row.goal)
        result.note = note
        if row.metric == "wall":
            result.extra["ngocoord_cpu_median"] = statistics.median(values(row.candidate, "cpu"))
            result.extra["floor_cpu_median"] = statistics.median(values(row.floor, "cpu"))
        out.append(result)
    return out


def _amount(values: list[float], metric: str) -> str:
    med, low, high = statistics.median(values), min(values), max(values)
    if metric == "rss":
        return f"{med:,.0f} MB ({low:,.0f}–{high:,.0f})"
    if med < 1:
        return f"{med * 1000:,.0f} ms ({low * 1000:,.0f}–{high * 1000:,.0f})"
    return f"{med:,.2f} s ({low:,.2f}–{high:,.2f})"


def _figure(result: Result) -> str:
    pairs = result.per_pair
    if result.goal is not None and result.goal.kind == "over":
        return f"+{result.figure * 1000:.0f} ms ({min(pairs) * 1000:+.0f}…{max(pairs) * 1000:+.0f})"
    return f"{result.figure:.2f}× ({min(pairs):.2f}–{max(pairs):.2f})"


def table(found: Sequence[Result], markdown: bool = False) -> str:
    """The results as one fixed-width table (or a Markdown one, for the READMEs): medians with
    (min–max) over the pairs."""
    head = ("measure", "ngocoord", "floor", "ratio", "goal", "")
    lines = []
    for r in found:
        verdict = {True: "PASS", False: "FAIL", None: "-"}[r.passed]
        cand = _amount(r.candidate, r.metric)
        if r.metric == "wall" and "ngocoord_cpu_median" in r.extra and r.note == "cpu":
            cand += f" cpu {r.extra['ngocoord_cpu_median']:.2f} s"
        lines.append(
            (
                r.measure,
                cand,
                _amount(r.floor, r.metric),
                _figure(r),
                r.goal.text() if r.goal else "(reference)",
                verdict,
            )
        )
    if markdown:
        rows = [head, ("---",) * len(head), *lines]
        return "\n".join("| " + " | ".join(row) + " |" for row in rows)
    widths = [max(len(row[i]) for row in [head, *lines]) for i in range(len(head))]

    def fmt(row: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(head), rule, *(fmt(row) for row in lines)])
