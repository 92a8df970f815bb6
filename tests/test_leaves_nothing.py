"""Running the lessons leaves nothing behind: no folder in the temporary directory, no process.

Lessons 02, 03 and 05 work in a temporary folder (a `.env`, a certificate, databases). It is a
`tempfile.TemporaryDirectory`, removed when the kernel stops; nbval stops kernels cleanly
(the repository's conftest.py). The homework notebook's self-check grades in its kernel with
spawned workers (a forkserver would leave `pymp-…`: a kernel skips multiprocessing's exit).
Here nbval runs each lesson up to that folder's cell, and the homework notebook, strictly, in a
pytest of its own with TMPDIR pointing at an empty folder, which must be empty again afterwards,
and (on Linux) no process started with that TMPDIR may still run. This is the homework
notebook's nbval run in `make test` (pyproject.toml's testpaths leave homework/ out).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbval_run import every_cell_compared, nbval

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ("02-openrouter-key", "03-models-table", "05-telegram-bot")
MARK = "tempfile.TemporaryDirectory("


def up_to_the_folder(lesson: str, target: Path) -> Path:
    """A copy of `lesson` that ends with the cell making its temporary folder."""
    notebook = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    last = next(index for index, cell in enumerate(notebook.cells)
                if cell.cell_type == "code" and MARK in cell.source)
    notebook.cells = notebook.cells[:last + 1]
    path = target / f"{lesson}.ipynb"
    nbformat.write(notebook, path)
    return path


def still_running(temp: Path) -> list[str]:
    """The processes whose environment has TMPDIR=`temp` (Linux: read from /proc)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"TMPDIR={temp}\0".encode() in environ.read_bytes():
                found.append(environ.parent.name)
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


def test_lessons_and_the_homework_under_nbval_leave_no_folder_and_no_process(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    paths = [up_to_the_folder(lesson, tmp_path) for lesson in LESSONS]
    paths.append(ROOT / "homework" / "homework.ipynb")  # its self-check grades the starter
    done = nbval(paths, TMPDIR=str(temp))
    assert done.returncode == 0, done.stdout + done.stderr
    assert every_cell_compared(paths, done), done.stdout
    assert sorted(p.name for p in temp.iterdir()) == []
    if Path("/proc/self/environ").exists():  # Linux: each process's environment is readable
        assert still_running(temp) == []


DUMPABLE = "import ctypes{}; print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"  # PR_GET_DUMPABLE


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl (Linux)")
def test_a_grading_worker_protects_itself_on_import():
    # Spawned workers (the self-check's) are non-dumpable as forkserver ones are: a student's
    # code, run as the same user without a sandbox, cannot read their /proc/PID/environ.
    def dumpable(imports: str) -> str:
        return subprocess.run([sys.executable, "-c", DUMPABLE.format(imports)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60).stdout.strip()

    assert dumpable("") == "1"  # a plain Python process
    assert dumpable(", homework.grading.engine.worker") == "0"


def test_the_check_is_not_blind(tmp_path):
    # What the test above looks for, planted: a folder, and a process with that TMPDIR.
    temp = tmp_path / "tmp"
    (temp / "lesson02-x").mkdir(parents=True)
    # It says so once it runs: Popen returns when exec begins, and until the new program's
    # environment is in place (a moment later, longer on a loaded machine) /proc shows none.
    sleeper_code = "import time; print('up', flush=True); time.sleep(30)"
    with subprocess.Popen([sys.executable, "-c", sleeper_code], stdout=subprocess.PIPE,
                          env={**os.environ, "TMPDIR": str(temp)}) as sleeper:
        try:
            assert sleeper.stdout.readline() == b"up\n"
            assert still_running(temp) == [str(sleeper.pid)]
        finally:
            sleeper.kill()
    assert [p.name for p in temp.iterdir()] == ["lesson02-x"]
