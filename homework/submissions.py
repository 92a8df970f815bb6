"""Submissions in, safe copies out: every sub-folder or .zip file of a folder is one student.

Nothing from a submission runs here, but its files are read, so they are read with care: a zip
with a path that leaves its folder (`../`, absolute, a drive letter) is refused whole; links
are skipped; sizes are counted while copying (a zip's headers may lie), and a submission too
big is refused. The project is the shallowest folder holding a file the starter has.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from homework.verdicts import Text

RECOGNISED = ("bot.py", "openrouter_client.py", "db.py")
MAX_BYTES = 50 * 1024 * 1024
MAX_FILES = 2000
# Never copied: caches, version control, virtual environments (they would only make it big).
SKIP = {"__MACOSX", "__pycache__", ".git", ".venv", "venv", ".ipynb_checkpoints"}
UNSAFE_ID = re.compile(r"[^\w.-]+")


class Refused(Exception):
    """A submission that cannot be graded; `reason` says why."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.key)
        self.reason = reason


@dataclass
class Submission:
    """One student's submission: its id, where it is, and notes gathered on the way."""

    student: str
    source: Path
    notes: list[Text] = field(default_factory=list)


def student_id(name: str) -> str:
    """A safe id from a file or folder name: letters, digits, `.`, `-`, `_`."""
    return UNSAFE_ID.sub("_", name).strip("._") or "submission"


def discover(folder: Path) -> list[Submission]:
    """Every submission in `folder`, sorted by name; ids made unique."""
    found, seen = [], set()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if not (path.is_dir() or path.suffix.lower() == ".zip"):
            continue
        base = student_id(path.stem if path.is_file() else path.name)
        ident, n = base, 1
        while ident in seen:
            n += 1
            ident = f"{base}-{n}"
        seen.add(ident)
        notes = [Text("note.duplicate_id", {"student": ident})] if ident != base else []
        found.append(Submission(ident, path, notes))
    return found


class Budget:
    """Bytes and files copied so far; refuses the submission past the limits."""

    def __init__(self) -> None:
        self.bytes = self.files = 0

    def take(self, size: int, files: int = 0) -> None:
        """Count `size` more bytes (and files)."""
        self.bytes += size
        self.files += files
        if self.bytes > MAX_BYTES or self.files > MAX_FILES:
            limit = f"{MAX_BYTES // 2**20} MB / {MAX_FILES} files"
            raise Refused(Text("reason.too_big", {"limit": limit}))


def _zip_path(name: str) -> PurePosixPath:
    """The path of a zip entry, refused if it leaves the folder."""
    name = name.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in path.parts:
        raise Refused(Text("reason.traversal"))
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


def unzip(source: Path, dest: Path, notes: list[Text]) -> None:
    """Extract a zip safely into `dest`."""
    budget, links = Budget(), 0
    try:
        with zipfile.ZipFile(source) as archive:
            entries = [(info, _zip_path(info.filename)) for info in archive.infolist()]
            for info, path in entries:
                if _is_link(info):
                    links += 1
                elif not info.is_dir() and path.parts and not SKIP & set(path.parts):
                    _extract(info, archive, dest.joinpath(*path.parts), budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
            NotImplementedError, ValueError) as exc:
        raise Refused(Text("reason.bad_zip")) from exc
    if links:
        notes.append(Text("note.links_skipped", {"count": links}))


def copy_folder(source: Path, dest: Path, notes: list[Text]) -> None:
    """Copy a folder without following links, counting bytes and files."""
    budget, links = Budget(), 0
    for path in sorted(source.rglob("*")):
        target = dest / path.relative_to(source)
        if SKIP & set(path.relative_to(source).parts):
            continue  # a virtual environment or a cache: not the student's work
        if path.is_symlink():
            links += 1
        elif path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            budget.take(path.stat().st_size, 1)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if links:
        notes.append(Text("note.links_skipped", {"count": links}))


def project_root(folder: Path) -> Path:
    """The shallowest folder (then the first by name) holding one of the RECOGNISED files."""
    level = [folder]
    while level:
        for candidate in level:
            if any((candidate / name).is_file() for name in RECOGNISED):
                return candidate
        level = sorted(child for parent in level for child in parent.iterdir()
                       if child.is_dir() and not child.is_symlink()
                       and child.name not in SKIP and not child.name.startswith("."))
    raise Refused(Text("reason.no_files"))


def prepare(submission: Submission, folder: Path) -> Path:
    """Unpack or copy into `folder`/raw; move the project to `folder`/work; return that."""
    raw, work = folder / "raw", folder / "work"
    raw.mkdir(parents=True)
    if submission.source.is_dir():
        copy_folder(submission.source, raw, submission.notes)
    else:
        unzip(submission.source, raw, submission.notes)
    shutil.move(str(project_root(raw)), str(work))
    envs = [p for p in work.rglob(".env") if p.is_file()]
    for env in envs:
        env.unlink()  # unread: a real key must not even pass through the grader's memory
    if envs:
        submission.notes.append(Text("note.env_removed"))
    shutil.rmtree(raw, ignore_errors=True)
    return work
