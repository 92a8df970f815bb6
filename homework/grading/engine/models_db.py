"""The grader's own look at a student's database file, and the order of the switch checks.

The student's code writes the file; the grader reads it itself, read-only, after each step:
what counts is what the database holds, not what the student's code says it did.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

MAX_ROWS = 200  # a table longer than this is read only this far
QUERY = "SELECT id, key, label, active FROM models ORDER BY id LIMIT ?"


def _row(raw: tuple) -> dict:
    """One row as plain, JSON-ready values (whatever types the student stored)."""
    ident, key, label, active = raw
    return {"id": ident if type(ident) is int else None,
            "key": key if isinstance(key, str) else None,
            "label": label if isinstance(label, str) else None,
            "active": active if type(active) is int else None}


def read_models(path: Path) -> dict:
    """`{"rows": [...]}` from the `models` table, or `{"error": "..."}`."""
    if not path.is_file():
        return {"error": "no database file"}
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        return {"error": f"cannot open: {exc}"}
    try:
        conn.execute("PRAGMA query_only = ON")
        rows = conn.execute(QUERY, (MAX_ROWS,)).fetchall()
    except sqlite3.Error as exc:  # no table, other columns, not a database at all
        return {"error": str(exc)[:200]}
    finally:
        conn.close()
    return {"rows": [_row(tuple(raw)) for raw in rows]}


def active_ids(path: Path) -> list[int] | None:
    """The ids of the active rows, or None if the file cannot be read."""
    found = read_models(path)
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
