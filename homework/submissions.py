"""Submissions in, safe copies out: every entry of a class folder is one student's row.

A sub-folder or a .zip file is graded. Every other entry still gets a row, with the reason it
cannot be graded, so no hand-in is lost in silence: another archive (.tar.gz, .rar, .7z, ...),
a symbolic link, a hidden name (starting with a dot), any other file. Only what file managers
leave behind is ignored (JUNK: .DS_Store, Thumbs.db, desktop.ini, __MACOSX).

Nothing from a submission runs here, but its files are read, so they are read with care: a zip
with a path that leaves its folder (`../`, absolute, a drive letter) is refused whole; links,
and names that are not valid UTF-8, are skipped with a note; `.env` files are never copied (a
real key must not even pass through the grader's memory); sizes are counted while copying (a
zip's headers may lie); a submission too big, or nested more than MAX_DEPTH folders deep, is
refused. Folders are walked with a loop, never recursion (`homework.tree`). Anything that
fails while copying refuses that submission only (`Refused`, with a reason). The project is
the shallowest folder holding a file the starter has.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from homework.tree import MAX_DEPTH, Entry, remove, valid_name, walk
from homework.verdicts import Text

RECOGNISED = ("bot.py", "openrouter_client.py", "db.py")
MAX_BYTES = 50 * 1024 * 1024
MAX_FILES = 2000  # files and folders
# Never copied: caches, version control, virtual environments (they would only make it big).
SKIP = {"__MACOSX", "__pycache__", ".git", ".venv", "venv", ".ipynb_checkpoints"}
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX"}  # not a hand-in: no row
# Archives that are not zip files: each gets a row saying only .zip is read (longest first).
ARCHIVES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".rar", ".7z", ".gz", ".bz2",
            ".xz")
UNSAFE_ID = re.compile(r"[^\w.-]+")
SKIPPED_NOTES = {"link": "note.links_skipped", "bad_name": "note.bad_names"}


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
    refused: Text | None = None  # known when found: it gets a row with this reason


def student_id(name: str) -> str:
    """A safe id from a file or folder name: letters, digits, `.`, `-`, `_`."""
    return UNSAFE_ID.sub("_", name).strip("._") or "submission"


def _suffix(name: str) -> str:
    """The archive suffix of a file name (".zip", ".tar.gz", ...), or ""."""
    lower = name.lower()
    return next((s for s in (".zip", *ARCHIVES) if lower.endswith(s) and lower != s), "")


def refusal(path: Path) -> Text | None:
    """Why the entry `path` of a class folder cannot be graded (None: it can)."""
    if path.is_symlink():
        return Text("reason.link")
    if path.name.startswith("."):
        return Text("reason.hidden")
    if path.is_dir():
        return None
    suffix = _suffix(path.name)
    if suffix == ".zip" and path.is_file():
        return None
    return Text("reason.archive", {"kind": suffix}) if suffix else Text("reason.not_submission")


def _name(path: Path) -> str:
    """The name an id is made from: a folder's own, a file's without its archive suffix."""
    if path.is_dir() and not path.is_symlink():
        return path.name
    suffix = _suffix(path.name) or path.suffix
    return path.name[: len(path.name) - len(suffix)] if suffix else path.name


def _submission(path: Path, refused: Text | None, seen: set[str]) -> Submission:
    """The submission at `path`, with an id not in `seen` (which it joins)."""
    base = student_id(_name(path))
    ident, n = base, 1
    while ident in seen:
        n += 1
        ident = f"{base}-{n}"
    seen.add(ident)
    notes = [Text("note.duplicate_id", {"student": ident})] if ident != base else []
    return Submission(ident, path, notes, refused)


def discover(folder: Path) -> list[Submission]:
    """Every entry of `folder` but the JUNK, sorted by name, each with a unique id."""
    entries = [path for path in sorted(folder.iterdir()) if path.name not in JUNK]
    judged = [(path, refusal(path)) for path in entries]
    seen: set[str] = set()
    # The ones that can be graded choose first: `.alice` must not take `alice` from alice/.
    found = {path: _submission(path, refused, seen)
             for path, refused in sorted(judged, key=lambda pair: pair[1] is not None)}
    return [found[path] for path in entries]


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


def unzip(source: Path, dest: Path, notes: list[Text]) -> None:
    """Extract a zip safely into `dest`."""
    budget, skipped = Budget(), Counter()
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


def copy_folder(source: Path, dest: Path, notes: list[Text]) -> None:
    """Copy a folder without following links, counting bytes, files and depth."""
    budget, skipped = Budget(), Counter()
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


def _problem(exc: OSError) -> str:
    """An OSError in a few words, with the file's name but not the instructor's folders."""
    name = Path(str(exc.filename)).name if exc.filename else ""
    words = exc.strerror or type(exc).__name__
    return f"{name}: {words}" if name else words


def prepare(submission: Submission, folder: Path) -> Path:
    """Unpack or copy into `folder`/raw; move the project to `folder`/work; return that."""
    if submission.refused:
        raise Refused(submission.refused)
    raw, work = folder / "raw", folder / "work"
    raw.mkdir(parents=True)
    try:
        if submission.source.is_dir():
            copy_folder(submission.source, raw, submission.notes)
        else:
            unzip(submission.source, raw, submission.notes)
        shutil.move(str(project_root(raw)), str(work))
    except OSError as exc:  # a file it cannot read: this submission is refused, not the batch
        raise Refused(Text("reason.unreadable", {"detail": _problem(exc)})) from exc
    remove(raw)
    return work
