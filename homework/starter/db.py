"""The models table in SQLite: which models the bot offers, and which one is active.

As it stands at the end of the lecture. Homework task 2 changes this file: 10 models, and
switching that works for every pair of models. See homework.ipynb.
"""

import os
import sqlite3
from contextlib import closing

DB_PATH = os.getenv("COURSE_DB") or "bot.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    id     INTEGER PRIMARY KEY,
    key    TEXT    NOT NULL UNIQUE,
    label  TEXT    NOT NULL,
    active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
);
-- at most one active model: the index holds only the rows with active = 1
CREATE UNIQUE INDEX IF NOT EXISTS ux_models_single_active ON models(active) WHERE active = 1;
"""

# (id, key, label, active): the key is the OpenRouter model id sent with each request.
MODELS = [
    (1, "deepseek/deepseek-chat-v3.1:free", "DeepSeek V3.1 (free)", 1),
    (2, "deepseek/deepseek-r1:free", "DeepSeek R1 (free)", 0),
    (3, "mistralai/mistral-small-24b-instruct-2501:free", "Mistral Small 24b (free)", 0),
    (4, "meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B (free)", 0),
]


def connect():
    """A connection to the bot's database; rows can be read like dicts."""
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def init_db():
    """Create the table if it is missing and add the models (safe to run at every start)."""
    with closing(connect()) as conn, conn:
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT OR IGNORE INTO models (id, key, label, active) VALUES (?, ?, ?, ?)", MODELS)


def _as_dict(row):
    """One row as a dict; `active` as True/False."""
    return {"id": row["id"], "key": row["key"], "label": row["label"],
            "active": bool(row["active"])}


def list_models():
    """Every model, ordered by id."""
    with closing(connect()) as conn:
        rows = conn.execute("SELECT id, key, label, active FROM models ORDER BY id").fetchall()
    return [_as_dict(row) for row in rows]


def get_active_model():
    """The active model; if none is active, the one with the lowest id becomes active."""
    with closing(connect()) as conn, conn:
        row = conn.execute("SELECT id, key, label, active FROM models WHERE active = 1").fetchone()
        if row is None:
            row = conn.execute("SELECT id, key, label, active FROM models ORDER BY id").fetchone()
            if row is None:
                raise LookupError("the models table is empty")
            conn.execute("UPDATE models SET active = 1 WHERE id = ?", (row["id"],))
    return {**_as_dict(row), "active": True}


def set_active_model(model_id):
    """Make `model_id` the active model and return it; an unknown id raises ValueError."""
    with closing(connect()) as conn:
        conn.isolation_level = None  # we write BEGIN and COMMIT ourselves
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT id FROM models WHERE id = ?", (model_id,)).fetchone()
            if row is None:
                raise ValueError(f"unknown model id {model_id}")
            conn.execute("UPDATE models SET active = CASE WHEN id = ? THEN 1 ELSE 0 END",
                         (model_id,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return get_active_model()
