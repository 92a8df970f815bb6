"""The decks of every lesson, built once per test run for every test file that reads them.

`test_slide_text.py` measures the decks and `test_slides.py` opens them in a browser; under
xdist they run on different workers, so the decks are built into the run's own temporary
folder (the workers' common parent) by whichever worker asks first, the others waiting on a
lock (a folder: `mkdir` is atomic on every system).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "slides"))

import build  # noqa: E402  (slides/build.py)
import measure  # noqa: E402, F401  (slides/measure.py, for the tests that measure decks)

LESSONS = [*sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]*-*.ipynb")),  # 04a-…
           *sorted(f"ru/{p.stem}" for p in (ROOT / "notebooks" / "ru").glob("[0-9][0-9]*-*.ipynb"))]
WAIT_S = 300  # a build takes about 15 s on two busy cores


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run: shared by its xdist workers, fresh every run."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_decks(factory: pytest.TempPathFactory) -> Path:
    """The folder with every lesson's deck (`ru/` for the Russian ones), built on first use."""
    folder = run_folder(factory)
    out, lock = folder / "decks", folder / "decks.lock"
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            lock.mkdir()
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                pytest.fail(f"the decks were not built within {WAIT_S} s (lock: {lock})")
            time.sleep(0.2)
    try:
        if not (out / ".built").is_file():
            for lesson in LESSONS:
                folder = out / Path(lesson).parent
                folder.mkdir(parents=True, exist_ok=True)
                build.build_deck(ROOT / "notebooks" / f"{lesson}.ipynb", folder,
                                 russian=lesson.startswith("ru/"))
            (out / ".built").touch()
    finally:
        lock.rmdir()
    return out
