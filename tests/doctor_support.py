"""Helpers shared by the tests of the doctor and of `models check`.

Secrets of the real shapes are built at run time, so that no file of the repository holds one
(tests/test_secrets.py scans them all).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from course_lib import db
from course_lib.doctor import Check, run_checks
from course_lib.doctor.context import Context

SECRET_VARS = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "TELEGRAM_BOT_TOKEN",
               "TELEGRAM_API_URL")


def real_key(digit: str = "0") -> str:
    """A key of the real shape (sk-or-v1- and 64 hex digits) that opens nothing."""
    return "sk-or-v1-" + (digit + "123456789abcde")[:15] * 4 + digit * 4


def real_token(bot_id: str = "1234567890") -> str:
    """A bot token of the real shape (`<8-10 digits>:` and 35 characters) that opens nothing."""
    return bot_id + ":AA" + ("Bq7-Zk2_" * 5)[:33]


def clean_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in `tmp_path`, without the secrets' variables in the environment (`.env` counts)."""
    for name in SECRET_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_env(folder: Path, content: str | bytes) -> Path:
    """Write `.env` (text as UTF-8, or exact bytes), with a new modification stamp."""
    path = folder / ".env"
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.utime(path, ns=(before + 10**9, before + 10**9))
    return path


def doctor(timeout_s: float = 3.0) -> dict[str, Check]:
    """Run every check of the doctor here and now; the checks by id."""
    return {check.id: check for check in run_checks(Context.build(timeout_s))}


def text_of(checks: dict[str, Check]) -> str:
    """Everything the checks say, in one string (to look for leaked secrets)."""
    return "\n".join(f"{c.message}\n{c.fix}" for c in checks.values())


def make_db_without_index(path: Path, active_ids: tuple[int, ...]) -> None:
    """A models table as a homework might build it: no partial unique index, any actives."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE models (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
                 "label TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 0)")
    conn.executemany("INSERT INTO models VALUES (?, ?, ?, ?)",
                     [(i, key, label, int(i in active_ids))
                      for i, key, label in db.registry.SEED_MODELS])
    conn.commit()
    conn.close()


def add_model(path: Path, model_id: int, key: str, label: str, active: bool = False) -> None:
    """Add a row to an initialised registry (and make it the active one if asked)."""
    with db.connect(path) as conn, db.transaction(conn):
        conn.execute("INSERT INTO models (id, key, label, active) VALUES (?, ?, ?, 0)",
                     (model_id, key, label))
    if active:
        db.set_active_model(model_id, path)
