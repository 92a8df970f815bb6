"""Re-run lessons in place, as nbval will compare them (`make execute NB="notebooks/…"`).

Offline (no key, no token: the local fakes answer), in English, with none of the developer's own
checked code (`COURSE_YOUR_CODE=`), each in a fresh kernel started in the lesson's folder. What a
cell prints piece by piece (a streamed answer) is stored as one output, as nbval's fresh run
compares it; no timestamps are stored. `jupyter nbconvert --execute` cannot do this: it ignores
nbclient's `coalesce_streams`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

OFFLINE = {"OPENROUTER_API_KEY": "", "OPENROUTER_BASE_URL": "", "TELEGRAM_BOT_TOKEN": "",
           "TELEGRAM_API_URL": "", "COURSE_LANG": "en", "COURSE_YOUR_CODE": ""}


def execute(path: Path) -> None:
    """Run one lesson and write it back with its new outputs."""
    lesson = nbformat.read(path, as_version=4)
    NotebookClient(lesson, timeout=120, kernel_name="python3", coalesce_streams=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in lesson.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(lesson, path)


def main(paths: list[str]) -> int:
    """Run each lesson named; the exit status says whether all ran."""
    os.environ.update(OFFLINE)  # the kernels inherit them, as under nbval
    for name in paths:
        execute(Path(name).resolve())
        print(f"{name}: run and written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
