"""The bot's notes in SQLite: each note belongs to the user who wrote it.

The notes live in the same database file as the models (`COURSE_DB`) and follow the habits of
`course_lib.db`: one connection per call, WAL, a busy timeout, explicit write transactions.

Every query filters on `user_id`, so one user can never read, find, change, count or export
another user's notes: someone else's note id behaves exactly like an id that does not exist.
Dates are stored as UTC ISO text (`2025-01-31T09:15:00+00:00`): it sorts as text in time order,
and `substr(created_at, 1, 10)` is the UTC date.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from course_lib.db import SQLITE_MAX_INT, connect, transaction

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS notes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL,                       -- the Telegram user who wrote it
    text       TEXT    NOT NULL CHECK (length(text) > 0),
    created_at TEXT    NOT NULL                        -- UTC, ISO 8601
);
-- Every query asks for one user's notes by id order: this index answers them without a scan.
CREATE INDEX IF NOT EXISTS ix_notes_user_id ON notes(user_id, id);
"""

# Longer notes are refused rather than stored: a note must fit, with its header line, in one
# Telegram message (4096 characters), so whatever is stored can always be shown back.
MAX_NOTE_CHARS = 3000
SELECT_SQL = "SELECT id, text, created_at FROM notes"


@dataclass(frozen=True)
class Note:
    """One note as the bot shows it."""

    id: int
    text: str
    created_at: datetime  # aware, UTC


def utc_now() -> datetime:
    """The current time in UTC (the default clock; tests pass their own)."""
    return datetime.now(timezone.utc)


def init_notes(db_path: str | Path | None = None) -> None:
    """Create the notes table and its index if missing; safe to run at every start."""
    with connect(db_path) as conn:
        conn.executescript(SCHEMA_SQL)


def _casefold(value: object) -> object:
    """Python's `str.casefold`, for SQL: SQLite's lower() and LIKE only fold ASCII letters."""
    return value.casefold() if isinstance(value, str) else value


def _as_note(row: sqlite3.Row) -> Note:
    """A row as a `Note`."""
    return Note(row["id"], row["text"], datetime.fromisoformat(row["created_at"]))


def check_text(text: str) -> str:
    """The note's text without surrounding blanks; empty or too long: ValueError."""
    text = text.strip()
    if not text or len(text) > MAX_NOTE_CHARS:
        raise ValueError(f"a note must have 1 to {MAX_NOTE_CHARS} characters, not {len(text)}")
    return text


def add_note(user_id: int, text: str, db_path: str | Path | None = None,
             now: datetime | None = None) -> int:
    """Store a note for `user_id` and return its id."""
    stamp = (now or utc_now()).astimezone(timezone.utc).isoformat(timespec="seconds")
    with connect(db_path) as conn, transaction(conn):
        cursor = conn.execute("INSERT INTO notes (user_id, text, created_at) VALUES (?, ?, ?)",
                              (user_id, check_text(text), stamp))
        return cursor.lastrowid


def latest_notes(user_id: int, limit: int, db_path: str | Path | None = None) -> list[Note]:
    """The user's newest `limit` notes, newest first."""
    with connect(db_path) as conn:
        rows = conn.execute(SELECT_SQL + " WHERE user_id = ? ORDER BY id DESC LIMIT ?",
                            (user_id, limit)).fetchall()
    return [_as_note(row) for row in rows]


def all_notes(user_id: int, db_path: str | Path | None = None) -> list[Note]:
    """Every note of the user, oldest first (for the export)."""
    with connect(db_path) as conn:
        rows = conn.execute(SELECT_SQL + " WHERE user_id = ? ORDER BY id",
                            (user_id,)).fetchall()
    return [_as_note(row) for row in rows]


def find_notes(user_id: int, needle: str, db_path: str | Path | None = None) -> list[Note]:
    """The user's notes containing `needle` in any letter case (Russian too), newest first."""
    with connect(db_path) as conn:
        # A function registered on this connection brings Python's full Unicode case folding
        # into SQL. instr() rather than LIKE: "%" and "_" in the needle stay plain characters.
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        rows = conn.execute(
            SELECT_SQL + " WHERE user_id = ? AND instr(casefold(text), ?) > 0 ORDER BY id DESC",
            (user_id, needle.casefold())).fetchall()
    return [_as_note(row) for row in rows]


def _storable_id(note_id: int) -> bool:
    """True if SQLite can hold `note_id` at all (a larger one cannot name any note)."""
    return 0 < note_id <= SQLITE_MAX_INT


def edit_note(user_id: int, note_id: int, text: str, db_path: str | Path | None = None) -> bool:
    """Replace the text of the user's note `note_id`; False if the user has no such note."""
    text = check_text(text)
    if not _storable_id(note_id):
        return False
    with connect(db_path) as conn, transaction(conn):
        cursor = conn.execute("UPDATE notes SET text = ? WHERE id = ? AND user_id = ?",
                              (text, note_id, user_id))
        return cursor.rowcount == 1


def delete_note(user_id: int, note_id: int, db_path: str | Path | None = None) -> bool:
    """Delete the user's note `note_id`; False if the user has no such note."""
    if not _storable_id(note_id):
        return False
    with connect(db_path) as conn, transaction(conn):
        cursor = conn.execute("DELETE FROM notes WHERE id = ? AND user_id = ?",
                              (note_id, user_id))
        return cursor.rowcount == 1


def count_notes(user_id: int, db_path: str | Path | None = None) -> int:
    """How many notes the user has."""
    with connect(db_path) as conn:
        row = conn.execute("SELECT COUNT(*) FROM notes WHERE user_id = ?", (user_id,)).fetchone()
    return row[0]


def notes_per_day(user_id: int, days: int, today: date,
                  db_path: str | Path | None = None) -> list[tuple[str, int]]:
    """(UTC date, count) for each date with notes in the `days` days up to `today`, oldest first."""
    first = (today - timedelta(days=days - 1)).isoformat()
    after_last = (today + timedelta(days=1)).isoformat()
    # Dates are ISO text, so comparing strings compares times: "2025-01-31T09:15…" >= "2025-01-31".
    with connect(db_path) as conn:
        rows = conn.execute(
            "SELECT substr(created_at, 1, 10) AS day, COUNT(*) FROM notes"
            " WHERE user_id = ? AND created_at >= ? AND created_at < ?"
            " GROUP BY day ORDER BY day", (user_id, first, after_last)).fetchall()
    return [(row[0], row[1]) for row in rows]
