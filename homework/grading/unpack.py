"""A submission's files, copied with care: a zip or a folder in, a safe copy out.

Nothing from a submission runs here, but its files are read: a zip with a path that leaves its
folder (`../`, absolute, a drive letter) is refused whole; links, and names that are not valid
UTF-8, are skipped with a note; `.env` files are never copied (a real key must not even pass
through the grader's memory); sizes are counted while copying (a zip's headers may lie), and a
submission too big, or nested more than MAX_DEPTH folders deep, is refused (`Refused`, with
the reason). Folders are walked with a loop, never recursion (`homework.grading.tree`).

Virtual environments of any name and caches are left out, at any depth, neither copied nor
counted, but read for keys on the way (`left_out`); the places found are left beside the copy
for the key scan. Database files are copied and counted (the key scan reads them) and noted:
the graded run starts from a fresh database (`engine.box`).
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath

from homework.grading import static_scan
from homework.grading.left_out import (
    CACHES,
    SKIP,
    LeftOut,
    is_database,
    left_out_folder,
    zip_venvs,
)
from homework.grading.tree import MAX_DEPTH, Entry, valid_name, walk
from homework.grading.verdicts import Text

__all__ = ["SKIP", "Budget", "Refused", "copy_folder", "is_database", "unzip"]
SKIPPED_NOTES = {"link": "note.links_skipped", "bad_name": "note.bad_names",
                 "database": "note.databases"}


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
             budget: Budget) -> bool:
    """Copy one file out of the zip, counting the bytes as they come; whether a database."""
    target.parent.mkdir(parents=True, exist_ok=True)
    budget.take(0, 1)
    with archive.open(info) as src, open(target, "wb") as dst:
        head = b""
        while chunk := src.read(65536):
            head = head or chunk[:16]
            budget.take(len(chunk))
            dst.write(chunk)
    return is_database(target.name, head)


def _zip_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A function giving the chunks of one zip entry (read only when called)."""
    def read():
        with archive.open(info) as src:
            while chunk := src.read(static_scan.CHUNK):
                yield chunk
    return read


def _zip_skip(info: zipfile.ZipInfo, path: PurePosixPath, venvs: set) -> str | None:
    """Why a zip entry is not extracted ("link", "left_out", "env", "skip"), or None."""
    if _is_link(info):
        return "link"
    if path.name == ".env" and not info.is_dir():
        return "env"  # never read, wherever it is
    if CACHES & set(path.parts[:-1]) or venvs & {path, *path.parents} or \
            (path.name in CACHES and info.is_dir()):
        return "skip" if info.is_dir() else "left_out"
    return "skip" if info.is_dir() or not path.parts else None


def unzip(source: Path, dest: Path, notes: list[Text], budget: Budget) -> None:
    """Extract a zip safely into `dest`."""
    skipped: Counter = Counter()
    left_out = LeftOut()
    try:
        with zipfile.ZipFile(source) as archive:
            entries = [(info, _zip_path(info.filename)) for info in archive.infolist()]
            venvs = zip_venvs([path for _, path in entries])
            for info, path in entries:
                why = _zip_skip(info, path, venvs)
                skipped[why] += 1
                if why == "left_out":
                    left_out.read(path.as_posix(), info.file_size, _zip_chunks(archive, info),
                                  strict=True)
                elif why is None:
                    target = dest.joinpath(*path.parts)
                    skipped["database"] += _extract(info, archive, target, budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
            NotImplementedError, ValueError) as exc:
        raise Refused(Text("reason.bad_zip")) from exc
    left_out.save(dest, notes)
    _note_skipped(skipped, notes)
    _note_venvs(sorted(venv.as_posix() for venv in venvs), notes)


def _skip(entry: Entry) -> str | None:
    """Why a folder's entry is not copied ("bad_name", "link", "env", "skip", "venv"), or None."""
    if not valid_name(entry.name):
        return "bad_name"  # no report could show it, and no module can be imported by it
    if entry.kind == "link":
        return "link"
    if entry.name in CACHES or entry.kind not in ("dir", "file"):
        return "skip"  # a cache, a pipe: not the student's work
    if entry.kind == "dir" and left_out_folder(entry):
        return "venv"
    return "env" if entry.name == ".env" and entry.kind == "file" else None


def _read_left_out(entry: Entry, why: str, left_out: LeftOut) -> None:
    """Read what is not copied for keys: a skipped folder's files, a file with a bad name."""
    strict = why != "bad_name"  # a venv's or cache's files are other people's: a real key
    if entry.kind == "file" and not strict:
        left_out.read(static_scan.shown(entry.path.name), entry.path.lstat().st_size,
                      lambda: static_scan.chunks(entry.path), strict=False)
    if entry.kind != "dir":
        return
    for inner in walk(entry.path, lambda folder: len(folder.parts) <= MAX_DEPTH):
        if inner.kind == "file" and inner.name != ".env" and not left_out.unread:
            name = static_scan.shown("/".join((*entry.parts, *inner.parts)))
            left_out.read(name, inner.path.lstat().st_size,
                          lambda path=inner.path: static_scan.chunks(path), strict)


def _copy_file(source: Path, target: Path) -> bool:
    """Copy one file; whether it is a database."""
    with open(source, "rb") as file:
        head = file.read(16)
    shutil.copyfile(source, target)
    return is_database(target.name, head)


def copy_folder(source: Path, dest: Path, notes: list[Text], budget: Budget) -> None:
    """Copy a folder without following links, counting bytes, files and depth."""
    skipped: Counter = Counter()
    left_out = LeftOut()
    venvs = []
    for entry in walk(source, lambda entry: _skip(entry) is None):
        why = _skip(entry)
        skipped[why] += 1
        if why:
            venvs += ["/".join(entry.parts)] if why == "venv" else []
            _read_left_out(entry, why, left_out)
            continue
        if len(entry.parts) > MAX_DEPTH and entry.kind == "dir":
            raise Refused(Text("reason.too_deep", {"limit": MAX_DEPTH}))
        budget.take(entry.path.lstat().st_size if entry.kind == "file" else 0, 1)
        target = dest.joinpath(*entry.parts)
        if entry.kind == "dir":
            target.mkdir()
        else:
            skipped["database"] += _copy_file(entry.path, target)
    left_out.save(dest, notes)
    _note_skipped(skipped, notes)
    _note_venvs(venvs, notes)


def _note_skipped(skipped: Counter, notes: list[Text]) -> None:
    """The notes on what was left out: links, names that are not UTF-8, `.env` files."""
    for why, key in SKIPPED_NOTES.items():
        if skipped[why]:
            notes.append(Text(key, {"count": skipped[why]}))
    if skipped["env"]:
        notes.append(Text("note.env_removed"))


def _note_venvs(folders: list[str], notes: list[Text]) -> None:
    """The note naming the virtual environments left out (the first few)."""
    tops = [f for f in folders if not any(f.startswith(other + "/") for other in folders)]
    if tops:
        shown = ", ".join(static_scan.shown(f) + "/" for f in tops[:5])
        notes.append(Text("note.venvs", {"folders": shown + (" …" if len(tops) > 5 else "")}))
