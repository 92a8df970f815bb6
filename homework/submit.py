"""Packing a submission: the working copy as `<student id>.zip`, without secrets or leftovers.

`.env` (your key and token), databases and caches stay out. The instructor's grader takes each
.zip (or folder) of the class folder as one student, named by the file name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from homework.grading.submissions import student_id as safe_id

LEFT_OUT = {".env", "__pycache__", ".ipynb_checkpoints", ".git"}
LEFT_OUT_SUFFIXES = (".db", ".db-wal", ".db-shm", ".pyc", ".zip")


def files(folder: Path) -> list[Path]:
    """The files that go into the zip, in a stable order."""
    return [path for path in sorted(folder.rglob("*")) if path.is_file()
            and not LEFT_OUT & set(path.relative_to(folder).parts)
            and not path.name.endswith(LEFT_OUT_SUFFIXES)]


def make_zip(folder: str | Path, student_id: str, dest: str | Path | None = None) -> Path:
    """Zip `folder` as `<student_id>.zip` (in `dest`, default: beside the folder)."""
    folder, name = Path(folder), safe_id(student_id)
    target = Path(dest or folder.parent) / f"{name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files(folder):
            archive.write(path, f"{name}/{path.relative_to(folder).as_posix()}")
    return target
