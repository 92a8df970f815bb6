"""How long strict nbval takes on the lessons: each notebook alone, and all of them in one run.

Each measurement is a fresh `python -m pytest <notebooks> -q` subprocess, as `make test` runs
it (the `--nbval` options come from pyproject.toml): interpreter and pytest start-up, one
kernel per notebook, every cell executed and its outputs compared. The total is one run over
all the notebooks together, which is what a developer waits for.

Both editions: the English lessons (notebooks/) and the Russian ones (notebooks/ru/), each
edition in one run, then all of them together. Target: all of them under 180 s on 2 cores
(90 s an edition). A notebook that fails nbval gets ok=False: its time would not mean much.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TOTAL_TARGET_S = 180.0  # both editions; 90 s each
# Settings other suites may have left in this process's environment; nbval runs offline.
CLEARED = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL")


def nbval(paths: list[Path]) -> tuple[float, bool]:
    """Run strict nbval on `paths` in a subprocess; (seconds, passed)."""
    env = {**os.environ, **dict.fromkeys(CLEARED, "")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               *(str(p.relative_to(ROOT)) for p in paths)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode == 0


def row(name: str, seconds: float, target: str, ok: bool | None) -> dict:
    """One row of the suite."""
    return {"suite": "notebooks", "name": name, "value": seconds, "unit": "s", "target": target,
            "ok": ok}


def run() -> list[dict]:
    """Time each notebook, each edition in one run, then all of them in one run."""
    english = sorted(NOTEBOOKS.glob("*.ipynb"))
    russian = sorted((NOTEBOOKS / "ru").glob("*.ipynb"))
    rows = []
    for path in [*english, *russian]:
        seconds, passed = nbval([path])
        rows.append(row(f"nbval {path.relative_to(NOTEBOOKS)}", seconds, "passes", passed))
    for name, paths in (("English", english), ("Russian", russian)):
        if paths:
            seconds, passed = nbval(paths)
            rows.append(row(f"nbval the {len(paths)} {name} lessons, one run", seconds,
                            f"< {TOTAL_TARGET_S / 2:.0f}", passed and seconds < TOTAL_TARGET_S / 2))
    paths = [*english, *russian]
    seconds, passed = nbval(paths)
    rows.append(row(f"nbval all {len(paths)} notebooks, one run ({os.cpu_count()} cores)",
                    seconds, f"< {TOTAL_TARGET_S:.0f}", passed and seconds < TOTAL_TARGET_S))
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
