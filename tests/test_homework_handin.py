"""What a hand-in holds besides the project: every file is read for a key, and what tools made
(virtual environments of any name, caches, version control) is left out without costing a point.

Keys: in a binary file (a .png with a NUL byte), in UTF-16 text, in a file over 1 MB, under a
name that is not UTF-8, in any extension; in a folder dressed up as a virtual environment.
Left out: a big virtual environment named env/ (or any name: it holds pyvenv.cfg), at any
depth, node_modules, .git and .ipynb_checkpoints, in a folder or a zip: the honest submission
with them scores what it scores without them.
"""

from __future__ import annotations

import io
import os
import sqlite3
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from homework_cases import REFERENCE, Case, build, fake_key

from homework.grading import static_scan, submissions
from homework.grading.engine.box import _left_out
from homework.grading.engine.grader import Grader
from homework.grading.sandbox.limits import FAST
from homework.grading.submissions import Submission

KEY_TEXT = "sk-or-v1-abcdef"  # key-shaped, as a student would paste a short one
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def project(folder: Path) -> Path:
    """A small project (bot.py only) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bot.py").write_text("print('hi')\n", "utf-8")
    return folder


def prepared(source: Path, out: Path) -> tuple[Path, Submission]:
    """The submission at `source` prepared into `out`: its work folder and the submission."""
    submission = Submission("s", source)
    return submissions.prepare(submission, out), submission


def places(source: Path, out: Path) -> list[str]:
    """The key scan's places for the submission at `source`, prepared as the grader does."""
    work, _ = prepared(source, out)
    return static_scan.scan(work)["places"]


def fake_venv(folder: Path, files: int = 0) -> Path:
    """A virtual environment as `python -m venv` makes one, with `files` package files."""
    site = folder / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (folder / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.7\n", "utf-8")
    (folder / "bin").mkdir()
    (folder / "bin" / "python").write_bytes(b"\x7fELF\x00fake")
    package = site / "somepkg"
    package.mkdir()
    for n in range(files):
        (package / f"m{n}.py").write_text(f"X = {n}\n", "utf-8")
    # What packages' docs hold: a made-up key, which is no leak.
    (site / "somepkg" / "README.md").write_text('api_key="sk-or-v1-your-key-here"\n', "utf-8")
    return folder


def caches(folder: Path, files: int) -> None:
    """node_modules, .git and .ipynb_checkpoints with `files` files each."""
    for name in ("node_modules/leftpad", ".git/objects/ab", ".ipynb_checkpoints"):
        (folder / name).mkdir(parents=True)
        for n in range(files):
            (folder / name / f"f{n}.txt").write_text("x", "utf-8")


# --- every file's bytes are read for a key ---------------------------------------------------

@pytest.mark.parametrize("name, data", [
    ("logo.png", PNG + KEY_TEXT.encode() + b"\x00tail"),
    ("notes.txt", ("my key " + KEY_TEXT + "\n").encode("utf-16")),  # Notepad's "Unicode"
    ("big.log", b"x" * (static_scan.MAX_FILE_BYTES + 10) + KEY_TEXT.encode()),
    ("big.bin", b"\x00" * (static_scan.MAX_FILE_BYTES + 10) + KEY_TEXT[::-1].encode()),
    ("KEY", KEY_TEXT.encode()),
    ("settings.cfg", b"key = " + KEY_TEXT.encode()),
    ("data.db", b"SQLite format 3\x00" + b"\x00" * 80 + KEY_TEXT.encode()),
])
def test_a_key_in_any_file_is_found(tmp_path, name, data):
    source = project(tmp_path / "s")
    (source / name).write_bytes(data)
    found = places(source, tmp_path / "out")
    assert found and all(place.startswith(name) for place in found), found


def test_a_binary_file_without_a_key_is_no_finding(tmp_path):
    source = project(tmp_path / "s")
    (source / "logo.png").write_bytes(PNG + os.urandom(4096).replace(b"sk", b"xx"))
    assert places(source, tmp_path / "out") == []


def test_a_key_under_a_name_that_is_not_utf8_is_found(tmp_path):
    source = project(tmp_path / "s")
    try:
        fd = os.open(os.fsencode(source) + b"/key\xff.txt", os.O_CREAT | os.O_WRONLY, 0o644)
    except OSError:
        pytest.skip("this filesystem keeps names in Unicode")
    os.write(fd, f"KEY = {KEY_TEXT}\n".encode())
    os.close(fd)
    work, submission = prepared(source, tmp_path / "out")
    assert static_scan.scan(work)["places"] == ["key\\xff.txt:1"]
    assert "note.bad_names" in [note.key for note in submission.notes]  # still not copied
    assert sorted(os.listdir(work)) == ["bot.py"]


def test_a_folder_dressed_up_as_a_venv_hides_no_real_key(tmp_path):
    source = project(tmp_path / "s")
    venv = fake_venv(source / "env")
    (venv / "lib" / "python3.11" / "site-packages" / "k.txt").write_text(fake_key(), "utf-8")
    (venv / ".env").write_text(f"OPENROUTER_API_KEY={fake_key()}\n", "utf-8")  # never read
    (source / "node_modules").mkdir()
    (source / "node_modules" / "x.js").write_text(f'k = "{fake_key()[::-1]}"', "utf-8")
    found = places(source, tmp_path / "out")
    assert found == ["env/lib/python3.11/site-packages/k.txt", "node_modules/x.js"]


def test_made_up_keys_in_a_venv_s_packages_are_no_finding(tmp_path):
    source = project(tmp_path / "s")
    fake_venv(source / ".venv", files=3)
    assert places(source, tmp_path / "out") == []


# --- virtual environments and caches are left out --------------------------------------------

def test_a_venv_of_any_name_at_any_depth_is_left_out_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_FILES", 100)
    source = project(tmp_path / "s")
    fake_venv(source / "env", files=150)
    fake_venv(source / "sub" / "deeper" / "my-env", files=150)
    caches(source, 150)
    work, submission = prepared(source, tmp_path / "out")
    assert sorted(p.relative_to(work).as_posix() for p in work.rglob("*")) == [
        "bot.py", "sub", "sub/deeper"]
    notes = {note.key: note.fields for note in submission.notes}
    assert notes["note.venvs"] == {"folders": "env/, sub/deeper/my-env/"}


def test_a_zipped_venv_and_caches_are_left_out(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_FILES", 100)
    source = project(tmp_path / "s")
    fake_venv(source / "env", files=150)
    caches(source, 150)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(source.rglob("*")):
            archive.write(path, f"s/{path.relative_to(source).as_posix()}")
    (tmp_path / "s.zip").write_bytes(buffer.getvalue())
    work, submission = prepared(tmp_path / "s.zip", tmp_path / "out")
    assert sorted(p.relative_to(work).as_posix() for p in work.rglob("*")) == ["bot.py"]
    assert {"folders": "s/env/"} in [note.fields for note in submission.notes]


def test_a_project_made_a_venv_keeps_its_code(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_FILES", 100)
    source = fake_venv(tmp_path / "s", files=150)  # `python -m venv .` in the project
    project(source)
    (source / "helpers").mkdir()
    (source / "helpers" / "util.py").write_text("X = 1\n", "utf-8")
    work, _ = prepared(source, tmp_path / "out")
    assert sorted(p.relative_to(work).as_posix() for p in work.rglob("*")) == [
        "bot.py", "helpers", "helpers/util.py", "pyvenv.cfg"]


def test_database_files_are_kept_for_the_scan_but_not_put_in_the_box(tmp_path):
    source = project(tmp_path / "s")
    with closing(sqlite3.connect(source / "stale.sqlite3")) as conn:
        conn.execute("CREATE TABLE models (id INTEGER)")
    (source / "bot.db-shm").write_bytes(b"\x00" * 32)
    (source / "notes.txt").write_text("not a database", "utf-8")
    work, submission = prepared(source, tmp_path / "out")
    assert {"count": 2} in [n.fields for n in submission.notes if n.key == "note.databases"]
    assert _left_out(str(work), sorted(os.listdir(work))) == {"stale.sqlite3", "bot.db-shm"}


# --- graded: the honest submission keeps its points, the hidden key costs its 4 ----------------

STALE_DB = ('DB_PATH = os.getenv("COURSE_DB") or "bot.db"',
            'DB_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bot.db")')


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """The reference with a big venv named env/, with caches, with a stale database; graded."""
    base = tmp_path_factory.mktemp("handin")
    venv = build(Case("with_env", REFERENCE, 100), base)
    fake_venv(venv / "env", files=2100)
    cached = build(Case("with_caches", REFERENCE, 100), base)
    caches(cached, 2100)
    stale = build(Case("stale_db", (*REFERENCE, ("db.py", *STALE_DB)), 100), base)
    with closing(sqlite3.connect(stale / "bot.db")) as conn, conn:  # the lecture's four only
        conn.execute("CREATE TABLE models (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
                     "label TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 0)")
        conn.execute("INSERT INTO models VALUES (3, 'openai/gpt-4o', 'Old', 1)")
    hidden = build(Case("key_in_venv", REFERENCE, 96), base)
    fake_venv(hidden / "env")
    (hidden / "env" / "lib" / "key.txt").write_text(fake_key(), "utf-8")
    chosen = ("with_env", "with_caches", "stale_db", "key_in_venv")
    with Grader(FAST) as grader:
        results = grader.grade_all([Submission(name, base / name) for name in chosen], jobs=4)
    return {result.student: result for result in results}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
@pytest.mark.parametrize("name, expected", [("with_env", 100), ("with_caches", 100),
                                            ("stale_db", 100), ("key_in_venv", 96)])
def test_left_out_folders_cost_an_honest_submission_nothing(graded, name, expected):
    result = graded[name]
    assert result.reason is None, result.reason
    assert result.total == expected, [(r.check.id, r.hint.render())
                                      for r in result.results if r.hint]
    if name == "key_in_venv":
        assert [r.check.id for r in result.results if r.hint] == ["t1.no_literal"]
