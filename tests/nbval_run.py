"""nbval in a pytest of its own, as `make test` runs notebooks: strict, with our settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def nbval(paths: list[Path], **env: str) -> subprocess.CompletedProcess:
    """Run nbval on `paths` (notebooks anywhere) with pyproject.toml's options and `env` added."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(ROOT), "-q", "-p", "conftest",  # ours: kernels stop cleanly
         # what nbval does not need: a second of start-up
         "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:hypothesispytest",
         "-p", "no:anyio", *map(str, paths)],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=900)


def every_cell_compared(paths: list[Path], done: subprocess.CompletedProcess) -> bool:
    """Whether nbval's summary counts each code cell of `paths` as passed (none left out)."""
    cells = sum(cell["cell_type"] == "code" for path in paths
                for cell in json.loads(Path(path).read_text("utf-8"))["cells"])
    return re.search(rf"^{cells} passed", done.stdout, re.MULTILINE) is not None
