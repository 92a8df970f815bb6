"""Submissions in, safe copies out: every entry of a class folder is one student's row.

A sub-folder or a .zip file is graded; its id is its name made safe (`homework.grading.ids`).
Every other entry still gets a row, with the reason it cannot be graded, so no hand-in is lost
in silence: another archive (.tar.gz, .rar, .7z, ...), a symbolic link, a hidden name
(starting with a dot), any other file. Only what file managers leave behind is ignored
(JUNK: .DS_Store, Thumbs.db, desktop.ini, __MACOSX).

The copy is made with care (`homework.grading.unpack`: no link followed, no `.env` copied, sizes and
depth limited); anything that fails while copying refuses that submission only (`Refused`,
with a reason). The project is the shallowest folder holding a file the starter has.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from homework.grading.ids import fold, student_id
from homework.grading.tree import remove
from homework.grading.unpack import SKIP, Budget, Refused, copy_folder, unzip
from homework.grading.verdicts import Text

RECOGNISED = ("bot.py", "openrouter_client.py", "db.py")
MAX_BYTES = 50 * 1024 * 1024
MAX_FILES = 2000  # files and folders
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX"}  # not a hand-in: no row
# Archives that are not zip files: each gets a row saying only .zip is read (longest first).
ARCHIVES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".rar", ".7z", ".gz", ".bz2",
            ".xz")


@dataclass
class Submission:
    """One student's submission: its id, where it is, and notes gathered on the way."""

    student: str
    source: Path
    notes: list[Text] = field(default_factory=list)
    refused: Text | None = None  # known when found: it gets a row with this reason


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
    """The submission at `path`, with an id not in `seen` (which it joins, folded)."""
    base = student_id(_name(path))
    ident, n = base, 1
    while fold(ident) in seen:  # `Alice` and `alice`: one feedback file on macOS or Windows
        n += 1
        ident = f"{base}-{n}"
    seen.add(fold(ident))
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
        copy = copy_folder if submission.source.is_dir() else unzip
        copy(submission.source, raw, submission.notes, Budget(MAX_BYTES, MAX_FILES))
        shutil.move(str(project_root(raw)), str(work))
    except OSError as exc:  # a file it cannot read: this submission is refused, not the batch
        raise Refused(Text("reason.unreadable", {"detail": _problem(exc)})) from exc
    remove(raw)
    return work
