"""What a hand-in holds that is not the student's work: left out of the copy, still read for keys.

Virtual environments (any folder holding `pyvenv.cfg`, or `conda-meta/` for conda, whatever its
name, at any depth; and folders named `.venv` or `venv`) and what tools make (`CACHES`: `.git`,
`node_modules`, `__pycache__`, `.ipynb_checkpoints`, ...) are neither copied nor counted
against the hand-in's limits. A project folder that `python -m venv .` made a virtual
environment too keeps its own files: only the environment's folders (`VENV_DIRS`) go.

Nothing left out runs while grading, so code hidden there earns nothing; a key hidden there
is still found: their bytes are read for a key as OpenRouter issues it (`static_scan.REAL_KEY`:
packages' docs show made-up ones), and files skipped for a name that is not UTF-8 for any
key-shaped text (`LeftOut`). Database files are not left out here (the key scan reads them);
the graded run leaves them out of the box (`engine.box`, by `is_database`).
"""

from __future__ import annotations

import json
import stat
from pathlib import Path, PurePosixPath

from homework.grading import static_scan
from homework.grading.tree import Entry
from homework.grading.verdicts import Text

# Never copied: what tools make (caches, version control, packages), not the student's work.
CACHES = {"__MACOSX", "__pycache__", ".git", ".hg", ".svn", "node_modules", ".ipynb_checkpoints",
          ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox"}
VENV_NAMES = {".venv", "venv"}
SKIP = CACHES | VENV_NAMES  # by name alone; a virtual environment also by what it holds
VENV_MARKS = ("pyvenv.cfg", "conda-meta")
# A virtual environment's own folders: left out even where `python -m venv .` made the
# project folder itself one (it then holds the student's .py files too, which stay).
VENV_DIRS = {"bin", "Scripts", "lib", "Lib", "lib64", "include", "Include", "share"}
# What SQLite writes: a database, its write-ahead log, its rollback journal (file headers).
DATABASE_HEADERS = (b"SQLite format 3\x00", b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83",
                    b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7")
MAX_LEFT_OUT_BYTES = 1 << 30  # read for keys in what is left out; past it, a note says so
MAX_LEFT_OUT_FILES = 100_000


def is_database(name: str, head: bytes) -> bool:
    """Whether a file (its name and first 16 bytes) is one SQLite made, whatever its name."""
    return head.startswith(DATABASE_HEADERS) or name.endswith("-shm")


def is_venv(folder: Path) -> bool:
    """Whether a folder is a virtual environment: it holds `pyvenv.cfg` or `conda-meta/`."""
    for mark in VENV_MARKS:
        try:
            kind = (folder / mark).lstat().st_mode
        except OSError:
            continue
        if stat.S_ISREG(kind) or stat.S_ISDIR(kind):
            return True
    return False


def _holds_code(folder: Path) -> bool:
    """Whether a folder holds Python files of its own (then it is a project, not only a venv)."""
    try:
        return any(path.suffix == ".py" for path in folder.iterdir())
    except OSError:
        return False


def left_out_folder(entry: Entry) -> bool:
    """Whether a folder is a virtual environment, or one of its own folders, to leave out."""
    if entry.name in VENV_NAMES:
        return True
    if entry.name in VENV_DIRS and is_venv(entry.path.parent):
        return True  # bin/, lib/ ... of a venv, also of a project made one (`venv .`)
    return is_venv(entry.path) and not _holds_code(entry.path)


def zip_venvs(paths: list[PurePosixPath]) -> set[PurePosixPath]:
    """The folders of a zip to leave out as virtual environments (as `left_out_folder`)."""
    every = set(paths)
    folders = {parent for path in paths for parent in path.parents} | \
        {path for path in paths if path.name in VENV_NAMES}
    venvs = {f for f in folders if f / "pyvenv.cfg" in every or f / "conda-meta" in folders}
    with_code = {path.parent for path in paths if path.suffix == ".py"}
    return {folder for folder in folders if folder.parts and (
        folder.name in VENV_NAMES or (folder.name in VENV_DIRS and folder.parent in venvs)
        or (folder in venvs and folder not in with_code))}


class LeftOut:
    """What the copy leaves out, read for keys on the way (up to its own limits)."""

    def __init__(self) -> None:
        self.places: list[str] = []
        self.bytes = self.files = 0
        self.unread = False  # the limits were reached: the rest was not read

    def _room(self, size: int) -> bool:
        """Whether `size` more bytes may be read."""
        self.files += 1
        self.bytes += size
        self.unread |= self.bytes > MAX_LEFT_OUT_BYTES or self.files > MAX_LEFT_OUT_FILES
        return not self.unread

    def read(self, name: str, size: int, chunks, strict: bool) -> None:
        """Read one left-out file: `strict` for a real key only (other people's code)."""
        if not self._room(size):
            return
        if strict:
            if static_scan.stream_holds(chunks(), static_scan.REAL_KEY):
                self.places.append(name)
        elif size <= static_scan.MAX_FILE_BYTES:
            self.places += static_scan.scan_bytes(name, b"".join(chunks()))
        elif static_scan.stream_holds(chunks()):
            self.places.append(name)

    def save(self, dest: Path, notes: list[Text]) -> None:
        """Leave the places beside the copy `dest` for the key scan; a note if not all read."""
        if self.places:
            target = dest.parent / static_scan.LEFT_OUT_PLACES
            target.write_text(json.dumps(self.places), "utf-8")
        if self.unread:
            notes.append(Text("note.left_out_unread", {"limit": MAX_LEFT_OUT_BYTES >> 20}))
