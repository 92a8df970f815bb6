"""The notes of each user, in the same SQLite file as the models (from the earlier lessons)."""

from contextlib import closing

from db import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    text    TEXT    NOT NULL,
    created TEXT    NOT NULL DEFAULT (datetime('now'))
);
"""


def init_notes():
    """Create the notes table if it is missing."""
    with closing(connect()) as conn, conn:
        conn.executescript(SCHEMA)


def add_note(user_id, text):
    """Save a note; returns its id."""
    with closing(connect()) as conn, conn:
        cur = conn.execute("INSERT INTO notes (user_id, text) VALUES (?, ?)", (user_id, text))
    return cur.lastrowid


def list_notes(user_id, limit=10):
    """The user's latest notes, newest first: a list of (id, text)."""
    with closing(connect()) as conn:
        return conn.execute("SELECT id, text FROM notes WHERE user_id = ? ORDER BY id DESC "
                            "LIMIT ?", (user_id, limit)).fetchall()


def find_notes(user_id, part):
    """The user's notes that contain `part`: a list of (id, text)."""
    with closing(connect()) as conn:
        return conn.execute("SELECT id, text FROM notes WHERE user_id = ? AND instr(text, ?) > 0 "
                            "ORDER BY id", (user_id, part)).fetchall()


def edit_note(user_id, note_id, text):
    """Replace a note's text; True if the user has such a note."""
    with closing(connect()) as conn, conn:
        cur = conn.execute("UPDATE notes SET text = ? WHERE id = ? AND user_id = ?",
                           (text, note_id, user_id))
    return cur.rowcount == 1


def delete_note(user_id, note_id):
    """Delete a note; True if the user had such a note."""
    with closing(connect()) as conn, conn:
        cur = conn.execute("DELETE FROM notes WHERE id = ? AND user_id = ?", (note_id, user_id))
    return cur.rowcount == 1


def count_notes(user_id):
    """How many notes the user has."""
    with closing(connect()) as conn:
        row = conn.execute("SELECT COUNT(*) FROM notes WHERE user_id = ?", (user_id,)).fetchone()
    return row[0]
