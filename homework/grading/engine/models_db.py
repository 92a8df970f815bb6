"""The grader's own look at a student's database, and the order of the switch checks.

The student's code writes the database; the grader reads it itself after each step: what
counts is what the database holds, not what the student's code says it did. Where it is: the
file COURSE_DB names, or else the SQLite file the student's process made in its own folders
(the homework never asks for COURSE_DB: a db.py that keeps its file next to itself, or in the
working folder, is as right). The grader never opens the student's file with SQLite: it takes
SQLite's shared lock on it, reads its bytes (with its -wal or -journal) through `box_files`,
never through a link, and queries a copy: in memory, or, to replay a log, in a folder of its
own.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from homework.grading.engine import box_files

try:
    import fcntl
except ImportError:  # Windows: no POSIX locks; the copy is taken between the student's calls
    fcntl = None

MISSING = "no database file"
NOWHERE = "no database file: none where COURSE_DB says, none with a models table in the project"
MAX_ROWS = 200  # a table longer than this is read only this far
MAX_DB_BYTES = 4 * 2**20  # a run makes a database of a few kilobytes; a bigger one is refused
QUERY = "SELECT id, key, label, active FROM models ORDER BY id LIMIT ?"
HEADER = b"SQLite format 3\x00"
LOGS = ("-wal", "-journal")  # what SQLite keeps beside a database until it is merged in
# SQLite's own lock bytes (os_unix.c): a reader holds the 510 "shared" bytes after PENDING+1.
PENDING, SHARED_FIRST, SHARED_SIZE = 0x40000000, 0x40000002, 510
LOCK_WAIT_S = 2.0
QUERY_S = 1.0  # reading ten rows takes a millisecond


@dataclass
class Database:
    """Where one student process keeps its database, below the box `root` (the worker's view).

    `expected` is COURSE_DB's file; `places` are the process's own folders, searched for a
    SQLite file with a models table when COURSE_DB's file has none (the one written last
    first). Once found, the same file is read again at every step.
    """

    root: Path
    expected: str
    places: tuple[str, ...] = ()
    found: str | None = None

    @classmethod
    def of(cls, root: Path, expected: str, work: str) -> Database:
        """The database of a process: COURSE_DB's file `expected`, its project copy `work`."""
        return cls(root, expected, (work, "home", "tmp"))


@contextlib.contextmanager
def _shared_lock(fd: int):
    """Hold SQLite's shared lock on the open file `fd`, as a SQLite reader does."""
    end = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, PENDING)
            try:
                fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, SHARED_SIZE, SHARED_FIRST)
            finally:
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, PENDING)
            break
        except OSError as exc:  # a writer holds it: wait a little, as SQLite's timeout does
            if exc.errno not in (errno.EACCES, errno.EAGAIN) or time.monotonic() > end:
                raise OSError(errno.EBUSY, "database is locked") from exc
            time.sleep(0.01)
    try:
        yield
    finally:
        fcntl.lockf(fd, fcntl.LOCK_UN, SHARED_SIZE, SHARED_FIRST)


def _snapshot(root: Path, relative: str) -> tuple[bytes, dict[str, bytes]]:
    """The bytes of the database `relative` and of its logs, read under SQLite's lock."""
    fd = box_files.open_below(root, relative)
    try:
        lock = _shared_lock(fd) if fcntl else contextlib.nullcontext()
        with lock:
            data = box_files.read_fd(fd, MAX_DB_BYTES)
            logs = {}
            for suffix in LOGS:
                with contextlib.suppress(OSError):  # none, or not a plain file: left out
                    logs[suffix] = box_files.read_below(root, relative + suffix, MAX_DB_BYTES)
    finally:
        os.close(fd)
    return data, {suffix: log for suffix, log in logs.items() if log}


def _connect(data: bytes, logs: dict[str, bytes], folder: Path) -> sqlite3.Connection:
    """A connection to a copy of the snapshot: in memory, or in `folder` with its logs."""
    if not logs and hasattr(sqlite3.Connection, "deserialize"):
        conn = sqlite3.connect(":memory:")
        # A copy in memory has no log to read: marked as such (file format bytes 18 and 19).
        conn.deserialize(data[:18] + b"\x01\x01" + data[20:] if len(data) >= 20 else data)
        return conn
    copy = folder / "copy.db"
    copy.write_bytes(data)
    for suffix, log in logs.items():  # SQLite replays them into the copy on opening it
        Path(f"{copy}{suffix}").write_bytes(log)
    return sqlite3.connect(copy, timeout=0)


def _row(raw: tuple) -> dict:
    """One row as plain, JSON-ready values (whatever types the student stored)."""
    ident, key, label, active = raw
    return {"id": ident if type(ident) is int else None,
            "key": key if isinstance(key, str) else None,
            "label": label if isinstance(label, str) else None,
            "active": active if type(active) is int else None}


def _query(conn: sqlite3.Connection) -> dict:
    """`{"rows": [...]}` from the copy's models table, or `{"error": "..."}`."""
    end = time.monotonic() + QUERY_S
    # `models` may be a view that never ends (a recursive CTE): stop it, as a student's table.
    conn.set_progress_handler(lambda: time.monotonic() > end, 10_000)
    try:
        rows = conn.execute(QUERY, (MAX_ROWS,)).fetchall()
    except sqlite3.Error as exc:  # no table, other columns, not a database at all, too slow
        return {"error": str(exc)[:200]}
    finally:
        conn.close()
    return {"rows": [_row(tuple(raw)) for raw in rows]}


def read_file(root: Path, relative: str) -> dict:
    """The models table of the database file `relative` below `root`, read from a copy."""
    try:
        data, logs = _snapshot(root, relative)
    except FileNotFoundError:
        return {"error": MISSING}
    except OSError as exc:
        return {"error": f"{relative}: {exc.strerror or exc}"}
    folder = Path(tempfile.mkdtemp(prefix="db-read-", dir=root.parent)) if logs else root
    try:
        return _query(_connect(data, logs, folder))
    except sqlite3.Error as exc:
        return {"error": f"cannot open: {str(exc)[:200]}"}
    finally:
        if logs:
            shutil.rmtree(folder, ignore_errors=True)


def _candidates(database: Database) -> list[str]:
    """The SQLite files in the process's own folders: the one written last first."""
    found = []
    for relative in box_files.files_below(database.root, database.places):
        start, written = box_files.head(database.root, relative, len(HEADER))
        if start == HEADER:
            found.append((-written, relative))
    return [relative for _, relative in sorted(found)]


def locate(database: Database) -> dict:
    """Read COURSE_DB's file, else the first SQLite file with a models table; remember it."""
    first = read_file(database.root, database.expected)
    if "rows" in first:
        database.found = database.expected
        return first
    for relative in _candidates(database):
        found = read_file(database.root, relative)
        if "rows" in found:
            database.found = relative
            return found
    return {"error": NOWHERE} if first["error"] == MISSING and database.places else first


def read_models(database: Database | Path) -> dict:
    """`{"rows": [...]}` from the models table of the process's database, or `{"error": ...}`.

    A path instead of a Database: that file only (its folder is taken as the box).
    """
    if isinstance(database, Path):
        database = Database(database.parent, database.name)
    if database.found is not None:
        found = read_file(database.root, database.found)
        if found.get("error") != MISSING:
            return found
        database.found = None  # taken away: look again
    return locate(database)


def active_ids(database: Database | Path) -> list[int] | None:
    """The ids of the active rows, or None if the database cannot be read."""
    found = read_models(database)
    if "error" in found:
        return None
    return [row["id"] for row in found["rows"] if row["active"] == 1]


def circuit(ids: list[int], start: int) -> list[int]:
    """A walk from `start` that uses every ordered pair of different ids exactly once.

    The pairs are the edges of a complete directed graph, where every node has as many edges
    in as out, so such a walk (an Euler circuit) exists; Hierholzer's algorithm finds it.
    n models give n·(n-1) switches: 90 for 10, each from one model to another.
    """
    unused = {a: [b for b in reversed(ids) if b != a] for a in ids}
    stack, walk = [start], []
    while stack:
        node = stack[-1]
        if unused[node]:
            stack.append(unused[node].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]
