"""The notes storage (`course_lib.notes`) on real SQLite files: schema, ownership, search, dates."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from course_lib import db, notes

ALICE, BOB = 111, 222
NOON = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A fresh database with the models and the notes tables."""
    path = tmp_path / "bot.db"
    db.init_db(path)
    notes.init_notes(path)
    return path


def test_schema_matches_the_spec(db_file):
    with sqlite3.connect(db_file) as conn:
        columns = {row[1]: (row[2], row[3], row[5]) for row in conn.execute(
            "PRAGMA table_info(notes)")}
        index = [row[2] for row in conn.execute("PRAGMA index_info(ix_notes_user_id)")]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert columns == {"id": ("INTEGER", 0, 1), "user_id": ("INTEGER", 1, 0),
                       "text": ("TEXT", 1, 0), "created_at": ("TEXT", 1, 0)}
    assert index == ["user_id", "id"]
    assert "models" in tables  # one file holds both


def test_init_is_idempotent_and_keeps_notes(db_file):
    notes.add_note(ALICE, "kept", db_file)
    notes.init_notes(db_file)
    assert [n.text for n in notes.all_notes(ALICE, db_file)] == ["kept"]


def test_the_check_constraint_refuses_empty_text(db_file):
    with sqlite3.connect(db_file) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO notes (user_id, text, created_at) VALUES (1, '', 'x')")


def test_add_returns_increasing_ids_and_stores_utc_iso_text(db_file):
    first = notes.add_note(ALICE, "one", db_file, now=NOON)
    second = notes.add_note(ALICE, "  two  ", db_file, now=NOON)
    assert second > first
    with sqlite3.connect(db_file) as conn:
        rows = conn.execute("SELECT text, created_at FROM notes ORDER BY id").fetchall()
    assert rows == [("one", "2025-03-10T12:00:00+00:00"), ("two", "2025-03-10T12:00:00+00:00")]


def test_a_local_time_is_stored_as_utc(db_file):
    moscow = timezone(timedelta(hours=3))
    notes.add_note(ALICE, "x", db_file, now=datetime(2025, 3, 11, 1, 30, tzinfo=moscow))
    (note,) = notes.all_notes(ALICE, db_file)
    assert note.created_at == datetime(2025, 3, 10, 22, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (notes.MAX_NOTE_CHARS + 1)])
def test_empty_or_too_long_text_is_refused(db_file, text):
    with pytest.raises(ValueError):
        notes.add_note(ALICE, text, db_file)
    assert notes.count_notes(ALICE, db_file) == 0


def test_the_longest_note_is_stored_whole(db_file):
    text = "я" * notes.MAX_NOTE_CHARS
    notes.add_note(ALICE, text, db_file)
    assert notes.all_notes(ALICE, db_file)[0].text == text


def test_latest_notes_are_newest_first_and_limited(db_file):
    for i in range(5):
        notes.add_note(ALICE, f"n{i}", db_file)
    assert [n.text for n in notes.latest_notes(ALICE, 3, db_file)] == ["n4", "n3", "n2"]
    assert [n.text for n in notes.all_notes(ALICE, db_file)] == [f"n{i}" for i in range(5)]


def test_find_folds_case_beyond_ascii(db_file):
    notes.add_note(ALICE, "Купить МОЛОКО и хлеб", db_file)
    notes.add_note(ALICE, "Straße in Berlin", db_file)
    notes.add_note(ALICE, "nothing here", db_file)
    assert [n.text for n in notes.find_notes(ALICE, "молоко", db_file)] == ["Купить МОЛОКО и хлеб"]
    assert [n.text for n in notes.find_notes(ALICE, "КУПИТЬ", db_file)] == ["Купить МОЛОКО и хлеб"]
    assert [n.text for n in notes.find_notes(ALICE, "STRASSE", db_file)] == ["Straße in Berlin"]


def test_find_treats_like_wildcards_as_plain_characters(db_file):
    notes.add_note(ALICE, "100% done", db_file)
    notes.add_note(ALICE, "snake_case", db_file)
    notes.add_note(ALICE, "plain", db_file)
    assert [n.text for n in notes.find_notes(ALICE, "%", db_file)] == ["100% done"]
    assert [n.text for n in notes.find_notes(ALICE, "_", db_file)] == ["snake_case"]


def test_every_query_sees_only_its_users_notes(db_file):
    mine = notes.add_note(ALICE, "alice's secret", db_file, now=NOON)
    assert notes.latest_notes(BOB, 10, db_file) == []
    assert notes.all_notes(BOB, db_file) == []
    assert notes.find_notes(BOB, "secret", db_file) == []
    assert notes.count_notes(BOB, db_file) == 0
    assert notes.notes_per_day(BOB, 7, NOON.date(), db_file) == []
    assert notes.edit_note(BOB, mine, "hacked", db_file) is False
    assert notes.delete_note(BOB, mine, db_file) is False
    assert [n.text for n in notes.all_notes(ALICE, db_file)] == ["alice's secret"]


def test_edit_and_delete_own_notes(db_file):
    note_id = notes.add_note(ALICE, "old", db_file)
    assert notes.edit_note(ALICE, note_id, " new ", db_file) is True
    assert notes.all_notes(ALICE, db_file)[0].text == "new"
    assert notes.delete_note(ALICE, note_id, db_file) is True
    assert notes.delete_note(ALICE, note_id, db_file) is False
    assert notes.count_notes(ALICE, db_file) == 0


@pytest.mark.parametrize("note_id", [0, -1, 2**63, 10**30])
def test_ids_sqlite_cannot_hold_name_no_note(db_file, note_id):
    notes.add_note(ALICE, "x", db_file)
    assert notes.edit_note(ALICE, note_id, "y", db_file) is False
    assert notes.delete_note(ALICE, note_id, db_file) is False


def test_edit_refuses_a_text_that_could_not_be_shown(db_file):
    note_id = notes.add_note(ALICE, "x", db_file)
    with pytest.raises(ValueError):
        notes.edit_note(ALICE, note_id, "y" * (notes.MAX_NOTE_CHARS + 1), db_file)
    assert notes.all_notes(ALICE, db_file)[0].text == "x"


def test_notes_per_day_counts_utc_dates_in_the_window(db_file):
    today = date(2025, 3, 10)
    stamps = [datetime(2025, 3, 10, 23, 59, 59, tzinfo=timezone.utc),  # today, last second
              datetime(2025, 3, 10, 0, 0, tzinfo=timezone.utc),
              datetime(2025, 3, 8, 12, 0, tzinfo=timezone.utc),
              datetime(2025, 3, 4, 0, 0, tzinfo=timezone.utc),  # first day of a 7-day window
              datetime(2025, 3, 3, 23, 59, tzinfo=timezone.utc),  # one day too old
              datetime(2025, 3, 11, 0, 0, tzinfo=timezone.utc)]  # tomorrow: outside
    for stamp in stamps:
        notes.add_note(ALICE, "x", db_file, now=stamp)
    assert notes.notes_per_day(ALICE, 7, today, db_file) == [
        ("2025-03-04", 1), ("2025-03-08", 1), ("2025-03-10", 2)]
    assert notes.notes_per_day(ALICE, 1, today, db_file) == [("2025-03-10", 2)]
