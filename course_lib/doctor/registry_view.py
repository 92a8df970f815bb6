"""The models registry as the bot will find it, read without creating anything.

Before the bot's first start there is no database: the bot will create it with the 10 seed
models and the first one active, so that is what the checks look at.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from course_lib import db, registry


def seed_rows() -> list[dict]:
    """The rows `init_db()` will create (the lowest id active)."""
    first = registry.SEED_MODELS[0][0]
    return [{"id": i, "key": key, "label": label, "active": i == first}
            for i, key, label in registry.SEED_MODELS]


def rows(path: Path) -> list[dict] | None:
    """The registry's rows from `path`, the seed rows if it does not exist, None if unreadable."""
    if not path.exists():
        return seed_rows()
    try:
        return db.list_models(path)
    except (sqlite3.DatabaseError, LookupError):  # not an SQLite file; no models table
        return None
