"""The checks of lessons 02 and 03 catch the usual wrong versions, with the hint that helps.

tests/test_exercises.py runs every check on its skeleton and its solution; here each check meets
the quick versions students write, and must name the idea they miss. The `mask` check never
shows a key-shaped value, whatever the student's function returns; the SQLite checks leave no
temporary database behind.
"""

from __future__ import annotations

import re
import tempfile

import pytest

from course_lib.exercises import run

SECRET = re.compile(r"sk-or-v1-[0-9a-f]{20,}|[0-9a-f]{20,}")


def flat(text: str) -> str:
    """A verdict without its line breaks (it is wrapped to fit a slide)."""
    return " ".join(text.split())


# --- lesson 02 --------------------------------------------------------------------------------


def prefix_and_four(secret):
    """The lesson's first try."""
    return secret[:9] + "…" + secret[-4:]


def no_strip(secret):
    """Handles None, but keeps the spaces and line break of a pasted value."""
    return "(not set)" if not secret else prefix_and_four(secret)


def nine_of_everything(secret):
    """Strips, but shows nine characters of any secret."""
    return "(not set)" if not secret else prefix_and_four(secret.strip())


def no_short_rule(secret):
    """Everything but the rule for short values."""
    if not secret:
        return "(not set)"
    secret = secret.strip()
    prefix = "sk-or-v1-" if secret.startswith("sk-or-v1-") else secret[:3]
    return prefix + "…" + secret[-4:]


@pytest.mark.parametrize(("wrong", "said"), [
    (prefix_and_four, "(not set)"), (no_strip, "strip() it first"),
    (nine_of_everything, "first three characters"), (no_short_rule, "at most its last two"),
    (lambda secret: 42, "return the text to show"),
])
def test_mask_catches(wrong, said):
    result = run("02.mask", wrong)
    assert not result.passed and said in flat(result.text), result.text


@pytest.mark.parametrize("leaky", [
    lambda secret: secret, lambda secret: secret + "", lambda secret: str(secret).upper(),
    lambda secret: "key: " + str(secret), lambda secret: repr(str(secret)),
])
def test_mask_never_shows_the_key_it_was_given(leaky):
    result = run("02.mask", leaky)
    assert not result.passed and not SECRET.search(result.text), result.text


def names_as_list(text):
    """The names set twice, but as a list (what the lesson's inline version returned)."""
    names = [line.split("=", 1)[0].strip() for line in text.splitlines() if "=" in line]
    return sorted({name for name in names if names.count(name) > 1})


def finder(*, strip=True, skip_comments=True, count_blank=True, export=True, first_eq=True):
    """A duplicate finder with one of the lesson's points left out."""
    def duplicates(text):
        found: dict[str, list[int]] = {}
        lines = text.splitlines() if count_blank else [ln for ln in text.splitlines() if ln]
        for number, line in enumerate(lines, start=1):
            if not line.strip() or "=" not in line:
                continue
            if skip_comments and line.strip().startswith("#"):
                continue
            name = line.split("=", 1)[0] if first_eq else line.rsplit("=", 1)[0]
            name = name.strip() if strip else name
            if export and name.startswith("export "):
                name = name[len("export "):].strip()
            found.setdefault(name, []).append(number)
        return {name: numbers for name, numbers in found.items() if len(numbers) > 1}
    return duplicates


@pytest.mark.parametrize(("wrong", "said"), [
    (names_as_list, "dict of name"), (finder(skip_comments=False), "is a comment"),
    (finder(strip=False), "strip() it"), (finder(count_blank=False), "blank lines and comments"),
    (finder(export=False), "after export"), (finder(first_eq=False), "at the first ="),
])
def test_duplicates_catches(wrong, said):
    result = run("02.duplicates", wrong)
    assert not result.passed and said in flat(result.text), result.text


# --- lesson 03 --------------------------------------------------------------------------------

ROW = ("id", "key", "label", "active")


def unordered(conn):
    """No ORDER BY: the order SQLite happens to use."""
    return [dict(zip(ROW, (*row[:3], bool(row[3])), strict=True))
            for row in conn.execute("SELECT id, key, label, active FROM models")]


def ints(conn):
    """active left as SQLite's 0 or 1."""
    return [dict(zip(ROW, row, strict=True))
            for row in conn.execute("SELECT id, key, label, active FROM models ORDER BY id")]


def closes(conn):
    """Right answer, but closes the caller's connection."""
    rows = unordered(conn)
    conn.close()
    return sorted(rows, key=lambda row: row["id"])


@pytest.mark.parametrize(("wrong", "said"), [
    (unordered, "ORDER BY id"), (ints, "bool()"), (closes, "belongs to the caller"),
    (lambda conn: [], "returned 0 items"),
])
def test_list_models_catches(wrong, said):
    result = run("03.list_models", wrong)
    assert not result.passed and said in flat(result.text), result.text


def as_model(row):
    """(id, key, label) as the active model's dict."""
    return {"id": row[0], "key": row[1], "label": row[2], "active": True}


def always_lowest(conn):
    """The lowest id, active or not."""
    return as_model(conn.execute("SELECT id, key, label FROM models ORDER BY id").fetchone())


def never_saves(conn):
    """Returns the lowest id when none is active, but leaves the table as it is."""
    row = conn.execute("SELECT id, key, label FROM models WHERE active = 1").fetchone()
    return as_model(row or conn.execute("SELECT id, key, label FROM models ORDER BY id").fetchone())


def any_row(conn):
    """Activates the first row SQLite returns, which need not be the lowest id."""
    row = conn.execute("SELECT id, key, label FROM models WHERE active = 1").fetchone()
    if row is None:
        row = conn.execute("SELECT id, key, label FROM models").fetchone()
        conn.execute("UPDATE models SET active = 1 WHERE id = ?", (row[0],))
    return as_model(row)


def no_empty_case(conn):
    """Right, except that an empty table crashes it."""
    row = conn.execute("SELECT id, key, label FROM models WHERE active = 1").fetchone()
    if row is None:
        row = conn.execute("SELECT id, key, label FROM models ORDER BY id").fetchone()
        conn.execute("UPDATE models SET active = 1 WHERE id = ?", (row[0],))
    return as_model(row)


@pytest.mark.parametrize(("wrong", "said"), [
    (always_lowest, "look for the active row first"), (never_saves, "(UPDATE)"),
    (any_row, "ORDER BY id or MIN(id)"), (no_empty_case, "raise LookupError"),
])
def test_get_active_model_catches(wrong, said):
    result = run("03.get_active_model", wrong)
    assert not result.passed and said in flat(result.text), result.text


def lines(conn, sql, params=()):
    """The plan's lines."""
    return [row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


@pytest.mark.parametrize(("wrong", "said"), [
    (lambda conn, sql, params=(): "INDEX" in " ".join(lines(conn, sql, params)),
     "INTEGER PRIMARY KEY"),
    (lambda conn, sql, params=(): any("INDEX" in line or "PRIMARY KEY" in line
                                      for line in lines(conn, sql, params)), "COVERING INDEX"),
    (lambda conn, sql, params=(): not lines(conn, sql, params)[0].startswith("SCAN"),
     "SCALAR SUBQUERY"),
    (lambda conn, sql, params=(): all(line.startswith("SEARCH")
                                      for line in lines(conn, sql, params)), "SCALAR SUBQUERY"),
    (lambda conn, sql, params=(): not any(line.startswith("SCAN") for line in lines(conn, sql)),
     "pass params on"),
    (lambda conn, sql, params=(): conn.execute(sql, params) and not any(
        line.startswith("SCAN") for line in lines(conn, sql, params)), "only describes"),
    (lambda conn, sql, params=(): "no", "return True or False"),
])
def test_uses_index_catches(wrong, said):
    result = run("03.uses_index", wrong)
    assert not result.passed and said in flat(result.text), result.text


def test_the_sqlite_checks_leave_no_database_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # this test's own: others run too
    for exercise in ("03.list_models", "03.get_active_model", "03.uses_index"):
        run(exercise, lambda *args: None)
        run(exercise, lambda *args: 1 / 0)
    assert list(tmp_path.iterdir()) == []
