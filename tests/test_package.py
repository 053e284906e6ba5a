"""The built wheel carries the templates, sample data, gazetteer and migrations."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to list the checkout")
def test_wheel_contains_data(tmp_path: Path) -> None:
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not running from a checkout")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("ngocoord-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "ngocoord/data/places.json",
        "ngocoord/data/bijoy.json",
        "ngocoord/data/bangla_words.txt",
        "ngocoord/data/english_trigrams.txt",
        "ngocoord/store/migrations/env.py",
        "ngocoord/store/migrations/script.py.mako",
        "ngocoord/store/migrations/versions/0001_initial_register.py",
        "ngocoord/sample_data/roster.xlsx",
    ]
    for name in expected:
        assert name in names, f"{name} missing from {wheel.name}"
    assert any(n.startswith("ngocoord/templates/") for n in names)
