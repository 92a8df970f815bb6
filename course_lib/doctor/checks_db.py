"""Checks of the bot's database: it can be written, the registry in it is consistent, and the
active model exists in the catalog.

Consistency is `course_lib.db.validate_registry` (exactly one active model, well-formed ids,
no duplicates); the doctor adds the partial unique index that keeps it so, and a write test
that changes nothing (BEGIN IMMEDIATE, then ROLLBACK).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from course_lib import catalog, db
from course_lib.config import LOOPBACK
from course_lib.doctor import registry_view, settings
from course_lib.doctor.check import Check, fail, ok, warn
from course_lib.doctor.context import Context
from course_lib.texts import t

LOCK_WAIT_S = 0.5  # a healthy database is free at once; the bot itself waits up to 5 s


def _index_missing(path: Path) -> bool:
    """Whether the table exists without the index that allows only one active row."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    return "models" in names and "ux_models_single_active" not in names


def _write_problem(path: Path) -> str | None:
    """SQLite's complaint when taking the write lock (read-only file, locked), or None."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True,
                               timeout=LOCK_WAIT_S, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")  # takes the write lock, writes nothing
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.Error as error:
        return str(error)
    return None


def _not_created(path: Path) -> Check:
    """No database yet: fine if the bot will be able to create it."""
    folder = next(p for p in (path.absolute().parent, *path.absolute().parents) if p.exists())
    if folder.is_dir() and os.access(folder, os.W_OK):
        return ok("bot.db", t("doctor.db.new", path=path))
    return fail("bot.db", t("doctor.db.cannot_create", path=path, folder=folder),
                t("doctor.db.cannot_create.fix"))


def database(ctx: Context) -> Check:
    """The bot's SQLite file: writable, and its models registry consistent."""
    path = settings.db_path(ctx.settings)
    if not path.exists():
        return _not_created(path)
    if not path.is_file():
        return fail("bot.db", t("doctor.db.not_file", path=path), t("doctor.db.unreadable.fix"))
    rows = registry_view.rows(path)
    if rows is None:  # validate_registry words SQLite's complaint (no table, not a database)
        problems = " ".join(db.validate_registry(path))
        return fail("bot.db", t("doctor.db.unreadable", path=path, problems=problems),
                    t("doctor.db.unreadable.fix"))
    return _registry(path, rows)


def _registry(path: Path, rows: list[dict]) -> Check:
    """The registry's rows consistent and protected by the index; the file writable."""
    problems = db.validate_registry(path)
    no_index = [t("doctor.db.no_index")] if _index_missing(path) else []
    # An empty table needs init_db() (the seed rows); otherwise make one row active first:
    # init_db() cannot recreate the index while two rows are active.
    repair = (t("doctor.db.repair.fix", id=min(row["id"] for row in rows)) if rows
              else t("doctor.db.unreadable.fix"))
    if problems or no_index:
        make = fail if problems else warn  # no index alone: still consistent, but unguarded
        return make("bot.db", t("doctor.db.problems", path=path,
                                problems=" ".join(problems + no_index)), repair)
    locked = _write_problem(path)
    if locked:
        return fail("bot.db", t("doctor.db.not_writable", path=path, error=locked),
                    t("doctor.db.not_writable.fix"))
    return ok("bot.db", t("doctor.db.ok", path=path, count=len(rows)))


def _catalog_name(ctx: Context) -> str:
    """Whose catalog `GET /models` returned: OpenRouter's, or a local stand-in's (the fake)."""
    url = urlsplit(settings.base_url(ctx.settings))
    if url.hostname in LOOPBACK:
        return t("doctor.model.local", host=url.netloc)
    return t("doctor.model.live")


def active_model(ctx: Context) -> Check | None:
    """The active model is a valid id in the catalog (live if reached, else the snapshot)."""
    rows = registry_view.rows(settings.db_path(ctx.settings)) or []
    active = [row for row in rows if row["active"]]
    if len(active) != 1:
        return None  # the database check above already says what is wrong
    model = active[0]
    name = f"{model['label']} [{model['key']}]"
    if ctx.live_catalog is not None:
        where, known = _catalog_name(ctx), model["key"] in ctx.live_catalog
    else:
        where = t("doctor.model.snapshot", date=catalog.snapshot_date())
        known = catalog.find(model["key"]) is not None
    if not known:
        return fail("bot.model", t("doctor.model.missing", name=name, where=where),
                    t("doctor.model.missing.fix", id=model["id"]))
    info = ctx.key_info or {}
    if not str(model["key"]).endswith(":free") and info.get("is_free_tier"):
        return warn("bot.model", t("doctor.model.paid", name=name), t("doctor.model.paid.fix"))
    return ok("bot.model", t("doctor.model.ok", name=name, where=where))
