"""What the grader reads from a submission's box: never through a link, and the database the
student's code really uses, wherever db.py keeps it.

A database is planted next to the grader (in the folder it runs in, which a link through
`/proc/self/cwd` reaches from the grader's own process, and at a path a student could guess):
hostile submissions link their database, or its folder, to it. The planted rows must never be
read, scored or quoted: each hostile submission scores what its honest equivalent scores.
Honest submissions that keep their database somewhere else than COURSE_DB (next to db.py, in
the working folder) keep full points.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from homework_cases import NEW_MODELS, REFERENCE, Case, build, need_sandbox, sandbox_here

from homework.grading.engine import box_files
from homework.grading.engine.box import DB_NAME
from homework.grading.engine.grader import Grader
from homework.grading.engine.models_db import Database, read_models
from homework.grading.sandbox.limits import FAST
from homework.grading.sandbox.plan import Isolation
from homework.grading.submissions import Submission

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and /proc")
MARK = "Planted next to the grader"
LECTURE = (("deepseek/deepseek-chat-v3.1:free", "DeepSeek V3.1"),
           ("deepseek/deepseek-r1:free", "DeepSeek R1"),
           ("mistralai/mistral-small-24b-instruct-2501:free", "Mistral Small"),
           ("meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B"))
DOCSTRING_END = 'See homework.ipynb.\n"""\n'  # the end of db.py's docstring
DB_LINE = 'DB_PATH = os.getenv("COURSE_DB") or "bot.db"'
NEXT_TO_DB = 'DB_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bot.db")'


def plant(path: Path) -> Path:
    """A perfect database of 10 models at `path`, every label carrying MARK."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE models (id INTEGER PRIMARY KEY, key TEXT, label TEXT, "
                     "active INTEGER)")
        rows = [(n, key, f"{MARK} {n}", int(n == 1))
                for n, (key, _) in enumerate(LECTURE + NEW_MODELS[:6], start=1)]
        conn.executemany("INSERT INTO models VALUES (?, ?, ?, ?)", rows)
    return path


def at_import(code: str) -> tuple[str, str, str]:
    """An edit that runs `code` when db.py is imported (by the runner and by the bot)."""
    return ("db.py", DOCSTRING_END, DOCSTRING_END + code.strip() + "\n")


LINK_FILE = '''
import os as _os
_db = _os.environ.get("COURSE_DB") or "bot.db"
try:
    if _os.path.lexists(_db):
        _os.remove(_db)
    _os.symlink({target!r}, _db)
except OSError:
    pass
'''
LINK_FOLDER = '''
import os as _os, shutil as _shutil
_folder = _os.path.dirname(_os.environ.get("COURSE_DB") or "")
try:
    if _folder and not _os.path.islink(_folder):
        _shutil.rmtree(_folder, ignore_errors=True)
        _os.symlink("/proc/self/cwd", _folder)
except OSError:
    pass
'''
LINK_NEXT = '''
import os as _os
_db = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "bot.db")
try:
    _os.symlink("/proc/self/cwd/planted.db", _db)
except OSError:
    pass
'''


def cases(planted: Path) -> tuple[Case, ...]:
    """Hostile cases aimed at the planted databases, and the honest ones they equal."""
    next_to_db = (("db.py", DB_LINE, NEXT_TO_DB),)
    return (
        # The starter earns 0: read from the planted file, task 2 would earn 15.
        Case("link_cwd", (at_import(LINK_FILE.format(target="/proc/self/cwd/planted.db")),), 0),
        Case("link_absolute", (at_import(LINK_FILE.format(
            target=str(planted / "planted.db"))),), 0),
        Case("link_folder", (at_import(LINK_FOLDER),), 0),
        # The reference keeps its points: the grader finds the file the link leads to inside.
        Case("reference_link_cwd", (*REFERENCE, at_import(LINK_FILE.format(
            target="/proc/self/cwd/planted.db"))), 100),
        Case("next_to_db_link", (*REFERENCE, *next_to_db, at_import(LINK_NEXT)), 100),
        # Honest: a database kept elsewhere than COURSE_DB.
        Case("next_to_db", (*REFERENCE, *next_to_db), 100),
        Case("in_working_folder", (*REFERENCE, ("db.py", DB_LINE, 'DB_PATH = "models.sqlite3"')),
             100),
    )


def grade_beside_planted(base: Path, names: set[str] | None = None,
                         isolation: Isolation | None = None) -> dict:
    """The cases (those in `names`) graded in one batch, the grader running in the folder of
    the planted databases (one under each name a link could aim at)."""
    planted = base / "instructor"
    planted.mkdir()
    for name in ("planted.db", "runner.db", "bot.db", DB_NAME):
        plant(planted / name)
    built = base / "submissions"
    built.mkdir()
    chosen = [case for case in cases(planted) if names is None or case.name in names]
    submissions = [Submission(case.name, build(case, built)) for case in chosen]
    before = os.getcwd()
    os.chdir(planted)  # the worker starts here: /proc/self/cwd in the grader is this folder
    try:
        with Grader(FAST, isolation=isolation) as grader:
            results = grader.grade_all(submissions, jobs=4)
    finally:
        os.chdir(before)
    return {"results": {r.student: r for r in results}, "cases": chosen}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """Every case graded in the sandbox."""
    return grade_beside_planted(tmp_path_factory.mktemp("box-reads"))


def expected_totals(graded: dict) -> None:
    """Each case got its total, and no planted row was read, scored or quoted."""
    for case in graded["cases"]:
        result = graded["results"][case.name]
        hints = [(r.check.id, r.hint.render()) for r in result.results if r.hint]
        assert (result.reason, result.total) == (None, case.expected), (case.name, hints)
        seen = json.dumps(result.observations, ensure_ascii=False) + repr(hints)
        assert MARK not in seen, case.name


@pytest.mark.parametrize("name", [case.name for case in cases(Path("/x"))])
def test_each_submission_scores_what_its_honest_equivalent_scores(graded, name):
    case = next(c for c in graded["cases"] if c.name == name)
    result = graded["results"][name]
    assert result.reason is None
    assert result.total == case.expected, [(r.check.id, r.hint.render())
                                           for r in result.results if r.hint]


def test_the_planted_database_is_never_read_scored_or_quoted(graded):
    # Without the sandbox the student's own code may open any file (an absolute link): only the
    # box keeps the planted database out of its reach.
    need_sandbox(sandbox_here())
    for name, result in graded["results"].items():
        seen = json.dumps(result.observations, ensure_ascii=False) + " ".join(
            r.hint.render() for r in result.results if r.hint)
        assert MARK not in seen, name


def test_without_the_sandbox_no_link_is_followed_and_each_process_has_its_copy(tmp_path):
    """Best-effort grading (no namespaces, forced here): COURSE_DB's folder is a plain folder
    the student can make a link; the grader still never follows it."""
    fallback = Isolation(rlimits=True, platform=sys.platform, reason="forced by the test")
    chosen = {"link_cwd", "link_folder", "next_to_db", "in_working_folder"}
    expected_totals(grade_beside_planted(tmp_path, chosen, fallback))


# --- the reader itself ----------------------------------------------------------------------

def box_with(tmp_path: Path) -> Path:
    """A box folder with an empty data folder."""
    box = tmp_path / "box"
    (box / "data").mkdir(parents=True)
    return box


def test_a_link_is_never_followed_however_it_is_made(tmp_path):
    outside = plant(tmp_path / "outside.db")
    box = box_with(tmp_path)
    (box / "data" / "runner.db").symlink_to(outside)
    (box / "data" / "folder").symlink_to(tmp_path)
    (box / "data" / "proc.db").symlink_to("/proc/self/cwd/outside.db")
    for relative in ("data/runner.db", "data/folder/outside.db", "data/proc.db"):
        with pytest.raises(OSError):
            box_files.read_below(box, relative, 10**6)
    assert "error" in read_models(Database(box, "data/runner.db", ("data",)))


def test_a_hard_link_is_refused(tmp_path):
    box = box_with(tmp_path)
    plant(box / "data" / "shared.db")
    os.link(box / "data" / "shared.db", box / "data" / "runner.db")
    with pytest.raises(OSError):
        box_files.read_below(box, "data/runner.db", 10**6)


def test_a_pipe_or_a_folder_is_no_database_and_does_not_block(tmp_path):
    box = box_with(tmp_path)
    os.mkfifo(box / "data" / "runner.db")
    (box / "data" / "bot.db").mkdir()
    for name in ("runner", "bot"):
        assert "error" in read_models(Database(box, f"data/{name}.db", ("data",)))


def test_a_models_view_that_never_ends_is_stopped(tmp_path):
    box = box_with(tmp_path)
    with closing(sqlite3.connect(box / "data" / "runner.db")) as conn:
        conn.execute("CREATE VIEW models AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT "
                     "x + 1 FROM n) SELECT x AS id, 'k' AS key, 'l' AS label, 0 AS active "
                     "FROM n ORDER BY x DESC")
    assert "error" in read_models(Database(box, "data/runner.db"))


def test_the_database_is_found_where_the_code_made_it(tmp_path):
    box = box_with(tmp_path)
    (box / "work" / "sub").mkdir(parents=True)
    plant(box / "work" / "sub" / "models.sqlite3")
    (box / "work" / "notes.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    found = read_models(Database(box, "data/runner.db", ("work", "data")))
    assert len(found["rows"]) == 10
    newer = box / "work" / "a-newer.db"  # two made by the run: the one written last wins
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("CREATE TABLE models (id INTEGER, key TEXT, label TEXT, active INTEGER)")
    os.utime(newer, ns=(2 * 10**18, 2 * 10**18))
    database = Database(box, "data/runner.db", ("work", "data"))
    assert read_models(database) == {"rows": []} and database.found == "work/a-newer.db"
    plant(box / "data" / "runner.db")  # COURSE_DB's file comes first once it holds models
    database = Database(box, "data/runner.db", ("work", "data"))
    assert len(read_models(database)["rows"]) == 10 and database.found == "data/runner.db"


def test_a_wal_database_is_read_with_its_log(tmp_path):
    box = box_with(tmp_path)
    path = box / "data" / "runner.db"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE models (id INTEGER PRIMARY KEY, key TEXT, label TEXT, "
                   "active INTEGER)")
    writer.execute("INSERT INTO models VALUES (1, 'a/b', 'A', 1)")
    writer.commit()  # in the -wal file, not yet in the database file
    try:
        assert (box / "data" / "runner.db-wal").stat().st_size > 0
        found = read_models(Database(box, "data/runner.db", ("data",)))
        assert found == {"rows": [{"id": 1, "key": "a/b", "label": "A", "active": 1}]}
    finally:
        writer.close()
