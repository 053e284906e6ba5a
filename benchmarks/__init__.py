"""The benchmark scripts, runnable one by one (`python benchmarks/check.py`) or all together
(`python -m benchmarks`). They import each other as siblings (`from common import ...`), as a
script's own folder is first on sys.path; run as a package, this puts that folder there."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
