"""A submission's files, copied with care: a zip or a folder in, a safe copy out.

Nothing from a submission runs here, but its files are read: a zip with a path that leaves its
folder (`../`, absolute, a drive letter) is refused whole; links, and names that are not valid
UTF-8, are skipped with a note; `.env` files are never copied (a real key must not even pass
through the grader's memory); caches and virtual environments are left out; sizes are counted
while copying (a zip's headers may lie), and a submission too big, or nested more than
MAX_DEPTH folders deep, is refused (`Refused`, with the reason). Folders are walked with a
loop, never recursion (`homework.grading.tree`).
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath

from homework.grading.tree import MAX_DEPTH, Entry, valid_name, walk
from homework.grading.verdicts import Text

# Never copied: caches, version control, virtual environments (they would only make it big).
SKIP = {"__MACOSX", "__pycache__", ".git", ".venv", "venv", ".ipynb_checkpoints"}
SKIPPED_NOTES = {"link": "note.links_skipped", "bad_name": "note.bad_names"}


class Refused(Exception):
    """A submission that cannot be graded; `reason` says why."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.key)
        self.reason = reason


class Budget:
    """Bytes and files (folders too) copied so far; refuses the submission past the limits."""

    def __init__(self, max_bytes: int, max_files: int) -> None:
        self.max_bytes, self.max_files = max_bytes, max_files
        self.bytes = self.files = 0

    def take(self, size: int, files: int = 0) -> None:
        """Count `size` more bytes (and files)."""
        self.bytes += size
        self.files += files
        if self.bytes > self.max_bytes or self.files > self.max_files:
            limit = f"{self.max_bytes // 2**20} MB / {self.max_files} files"
            raise Refused(Text("reason.too_big", {"limit": limit}))


def _zip_path(name: str) -> PurePosixPath:
    """The path of a zip entry, refused if it leaves the folder or is nested too deep."""
    name = name.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in path.parts:
        raise Refused(Text("reason.traversal"))
    if len(path.parts) - 1 > MAX_DEPTH:
        raise Refused(Text("reason.too_deep", {"limit": MAX_DEPTH}))
    return path


def _is_link(info: zipfile.ZipInfo) -> bool:
    """Whether a zip entry is a symbolic link (made on Unix)."""
    return stat.S_ISLNK(info.external_attr >> 16)


def _extract(info: zipfile.ZipInfo, archive: zipfile.ZipFile, target: Path,
             budget: Budget) -> None:
    """Copy one file out of the zip, counting the bytes as they come."""
    target.parent.mkdir(parents=True, exist_ok=True)
    budget.take(0, 1)
    with archive.open(info) as src, open(target, "wb") as dst:
        while chunk := src.read(65536):
            budget.take(len(chunk))
            dst.write(chunk)


def _zip_skip(info: zipfile.ZipInfo, path: PurePosixPath) -> str | None:
    """Why a zip entry is not extracted ("link", "env", "skip"), or None."""
    if _is_link(info):
        return "link"
    if info.is_dir() or not path.parts or SKIP & set(path.parts):
        return "skip"
    return "env" if path.name == ".env" else None


def unzip(source: Path, dest: Path, notes: list[Text], budget: Budget) -> None:
    """Extract a zip safely into `dest`."""
    skipped: Counter = Counter()
    try:
        with zipfile.ZipFile(source) as archive:
            entries = [(info, _zip_path(info.filename)) for info in archive.infolist()]
            for info, path in entries:
                why = _zip_skip(info, path)
                skipped[why] += 1
                if why is None:
                    _extract(info, archive, dest.joinpath(*path.parts), budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
            NotImplementedError, ValueError) as exc:
        raise Refused(Text("reason.bad_zip")) from exc
    _note_skipped(skipped, notes)


def _skip(entry: Entry) -> str | None:
    """Why a folder's entry is not copied ("bad_name", "link", "env", "skip"), or None."""
    if not valid_name(entry.name):
        return "bad_name"  # no report could show it, and no module can be imported by it
    if entry.kind == "link":
        return "link"
    if entry.name in SKIP or entry.kind not in ("dir", "file"):
        return "skip"  # a virtual environment, a cache, a pipe: not the student's work
    return "env" if entry.name == ".env" and entry.kind == "file" else None


def copy_folder(source: Path, dest: Path, notes: list[Text], budget: Budget) -> None:
    """Copy a folder without following links, counting bytes, files and depth."""
    skipped: Counter = Counter()
    for entry in walk(source, lambda entry: _skip(entry) is None):
        why = _skip(entry)
        skipped[why] += 1
        if why:
            continue
        if len(entry.parts) > MAX_DEPTH and entry.kind == "dir":
            raise Refused(Text("reason.too_deep", {"limit": MAX_DEPTH}))
        budget.take(entry.path.lstat().st_size if entry.kind == "file" else 0, 1)
        target = dest.joinpath(*entry.parts)
        target.mkdir() if entry.kind == "dir" else shutil.copyfile(entry.path, target)
    _note_skipped(skipped, notes)


def _note_skipped(skipped: Counter, notes: list[Text]) -> None:
    """The notes on what was left out: links, names that are not UTF-8, `.env` files."""
    for why, key in SKIPPED_NOTES.items():
        if skipped[why]:
            notes.append(Text(key, {"count": skipped[why]}))
    if skipped["env"]:
        notes.append(Text("note.env_removed"))
