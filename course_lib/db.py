"""The models registry in SQLite: which models the bot offers, and which one is active.

The lecture's models table and its three data functions. Three habits make it safe in a bot:

- one connection per call, closed before returning: telebot runs handlers in worker threads,
  and a sqlite3 connection must not cross threads;
- WAL journal mode and a busy timeout: readers don't block the writer, and a second writer
  waits its turn instead of failing at once with "database is locked";
- explicit write transactions (`BEGIN IMMEDIATE`): a change is all or nothing.

`connect()` and `transaction()` carry these habits; the notes of the bot reuse them.
`db_path=None` everywhere means `COURSE_DB`, read at call time (see `course_lib.config`).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from course_lib import config, registry
from course_lib.texts import t

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS models (
    id     INTEGER PRIMARY KEY,
    key    TEXT    NOT NULL UNIQUE,  -- the OpenRouter model id, e.g. deepseek/deepseek-r1:free
    label  TEXT    NOT NULL,         -- the name users read in /models
    active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
);
-- A partial unique index: it holds only the rows WHERE active = 1, and in it the value must be
-- unique, so at most one row can be active. Any number of rows can have active = 0.
CREATE UNIQUE INDEX IF NOT EXISTS ux_models_single_active ON models(active) WHERE active = 1;
"""

# Seed rows go in inactive: an active row 1 would be silently IGNOREd (by the index) if the
# user had already chosen another model, and the registry must not depend on that luck.
SEED_SQL = "INSERT OR IGNORE INTO models (id, key, label, active) VALUES (?, ?, ?, 0)"

# Activates the lowest id, but only if no row is active (re-checked inside the statement).
ACTIVATE_LOWEST_IF_NONE_SQL = """
UPDATE models SET active = 1
WHERE id = (SELECT MIN(id) FROM models)
  AND NOT EXISTS (SELECT 1 FROM models WHERE active = 1)
"""

# The lecture's switch, kept so the notebook can show its defect: it fails for some pairs.
# SQLite checks a UNIQUE index row by row while the UPDATE walks the table in id (rowid) order.
# Switching from 1 to 3 visits row 1 first (1 -> 0), then row 3 (0 -> 1): fine. Switching from
# 3 back to 1 visits row 1 first and sets it to 1 while row 3 still is 1: two active rows,
# "UNIQUE constraint failed: models.active". It fails exactly when the new id is lower.
LECTURE_SWITCH_SQL = "UPDATE models SET active = CASE WHEN id = ? THEN 1 ELSE 0 END"

# The switch that works for every pair: two statements in one transaction, in this order.
DEACTIVATE_SQL = "UPDATE models SET active = 0 WHERE active = 1"
ACTIVATE_SQL = "UPDATE models SET active = 1 WHERE id = ?"

SELECT_SQL = "SELECT id, key, label, active FROM models"

BUSY_TIMEOUT_S = 5.0
SQLITE_MIN_INT, SQLITE_MAX_INT = -(2**63), 2**63 - 1  # SQLite's INTEGER is 64-bit

# ASCII digits only: str.isdigit() also accepts "²", which int() then rejects.
_ID_TEXT = re.compile(r"\s*([0-9]+)\s*")


def _resolve(db_path: str | Path | None) -> Path:
    """The database file: `db_path`, or `COURSE_DB` when it is None."""
    return Path(db_path) if db_path is not None else config.db_path()


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL journal mode (stored in the file: later calls only confirm it)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            # Switching a new file to WAL upgrades a read lock to a write lock. If another
            # connection holds the write lock, SQLite fails at once instead of waiting (waiting
            # could deadlock), so two first starts on one new file collide: retry briefly.
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def connect(db_path: str | Path | None = None) -> Iterator[sqlite3.Connection]:
    """A connection to the bot's database (rows as `sqlite3.Row`), closed after the block."""
    # isolation_level=None: the sqlite3 module starts no transactions behind our back; we write
    # BEGIN ourselves. timeout: how long to wait for another writer's lock (the busy timeout).
    path = _resolve(db_path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        _use_wal(conn)
        # With WAL, NORMAL syncs to disk at checkpoints, not at every commit: much faster, and
        # still safe from corruption (SQLite's advice). A power cut may undo the last commits.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.row_factory = sqlite3.Row
        yield conn
    except sqlite3.OperationalError as error:
        # The usual slip: a data function called before init_db(). Say so, not "no such table".
        if "no such table: models" in str(error):
            raise LookupError(t("db.no_table", name=path.name)) from None
        raise
    finally:
        # `with sqlite3.connect(...) as conn` would commit or roll back but never close.
        conn.close()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction: BEGIN IMMEDIATE, then COMMIT, or ROLLBACK if the block raises."""
    # IMMEDIATE takes the write lock now. A plain BEGIN takes it at the first write, and if
    # another writer got in between, SQLite fails at once instead of waiting (to avoid deadlock).
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # some errors make SQLite roll back by itself
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def init_db(db_path: str | Path | None = None) -> None:
    """Create the table if missing and seed the 10 models; cheap, safe to run at every start."""
    path = _resolve(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as conn:
        # executescript runs outside our transaction (it would commit one first); both
        # statements say IF NOT EXISTS, so running them again changes nothing.
        conn.executescript(SCHEMA_SQL)
        # A simplification the course accepts: a seeded model the user deleted comes back at
        # the next start (INSERT OR IGNORE can't tell "deleted" from "never there").
        with transaction(conn):
            conn.executemany(SEED_SQL, registry.SEED_MODELS)
            conn.execute(ACTIVATE_LOWEST_IF_NONE_SQL)


def _as_dict(row: sqlite3.Row) -> dict:
    """One row as the API's dict: id, key, label, and active as a bool (SQLite stores 0/1)."""
    return {"id": row["id"], "key": row["key"], "label": row["label"],
            "active": bool(row["active"])}


def list_models(db_path: str | Path | None = None) -> list[dict]:
    """Every model, ordered by id."""
    with connect(db_path) as conn:
        rows = conn.execute(SELECT_SQL + " ORDER BY id").fetchall()
    return [_as_dict(row) for row in rows]


def _active_row(conn: sqlite3.Connection) -> sqlite3.Row | None:
    """The active row, or None."""
    return conn.execute(SELECT_SQL + " WHERE active = 1").fetchone()


def get_active_model(db_path: str | Path | None = None) -> dict:
    """The active model; if none is active, the lowest id becomes it. Empty table: LookupError."""
    with connect(db_path) as conn:
        row = _active_row(conn)
        if row is None:  # rare: only write when needed, so the usual call stays a plain read
            with transaction(conn):
                conn.execute(ACTIVATE_LOWEST_IF_NONE_SQL)
                row = _active_row(conn)
    if row is None:
        raise LookupError(t("db.empty"))
    return _as_dict(row)


def _shorten(value: object, limit: int = 40) -> str:
    """`repr(value)` cut to `limit` characters, for messages (a chat message can be long)."""
    # repr, not str: it shows '' and ' ' and tells None from 'None'.
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_model_id(model_id: object) -> int:
    """The model id as an int, from an int (not a bool) or a string of digits; else ValueError."""
    if isinstance(model_id, int) and not isinstance(model_id, bool):
        value = model_id
    elif isinstance(model_id, str) and (match := _ID_TEXT.fullmatch(model_id)):
        digits = match.group(1).lstrip("0") or "0"
        if len(digits) > len(str(SQLITE_MAX_INT)):  # before int(): huge strings are refused
            raise ValueError(t("db.id_too_large"))
        value = int(digits)
    else:
        raise ValueError(t("db.bad_id", value=_shorten(model_id)))
    if not SQLITE_MIN_INT <= value <= SQLITE_MAX_INT:
        raise ValueError(t("db.id_too_large"))
    return value


def _row_by_id(conn: sqlite3.Connection, model_id: int) -> sqlite3.Row | None:
    """The row with this id, or None."""
    return conn.execute(SELECT_SQL + " WHERE id = ?", (model_id,)).fetchone()


def set_active_model(model_id: int | str, db_path: str | Path | None = None) -> dict:
    """Make model `model_id` the active one and return it; bad or unknown id: ValueError."""
    target = parse_model_id(model_id)
    with connect(db_path) as conn, transaction(conn):
        if _row_by_id(conn, target) is None:
            raise ValueError(t("db.unknown_id", id=target))
        # First no row is active, then the target is: the index never sees two active rows,
        # whatever the order of the ids (compare LECTURE_SWITCH_SQL).
        conn.execute(DEACTIVATE_SQL)
        conn.execute(ACTIVATE_SQL, (target,))
        row = _row_by_id(conn, target)
    return _as_dict(row)


def validate_registry(db_path: str | Path | None = None) -> list[str]:
    """Problems of the registry in the database, in words; an empty list means all is well."""
    path = _resolve(db_path)
    if not path.is_file():  # checked first: connecting would create an empty file
        return [t("db.check.no_file", name=path.name)]
    try:
        rows = list_models(path)
    except (sqlite3.DatabaseError, LookupError) as error:  # no table, or not an SQLite file
        return [t("db.check.unreadable", name=path.name, error=error)]
    return registry.problems(rows)
