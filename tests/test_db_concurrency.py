"""Concurrency of the models registry: threads (like telebot's workers) and processes on one file.

Every wait is bounded by a join timeout, so a deadlock fails the test instead of hanging it.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from course_lib import db

JOIN_TIMEOUT_S = 60


def run_threads(targets: list[Callable[[], None]]) -> list[BaseException]:
    """Start one thread per target, wait for all (bounded); the exceptions they raised."""
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as error:  # collected, then asserted empty by the test
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_S)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return errors


def active_ids(path: Path) -> list[int]:
    """The ids of the active rows."""
    return [m["id"] for m in db.list_models(path) if m["active"]]


def switch_many(path: str, ids: list[int], start: object = None) -> None:
    """Seed the file if needed, then switch to each id in turn (the body of a worker process)."""
    if start is not None:  # all workers begin together, so they really compete
        start.wait(JOIN_TIMEOUT_S)  # type: ignore[attr-defined]  # a multiprocessing Barrier
    db.init_db(path)
    for model_id in ids:
        db.set_active_model(model_id, path)


def test_first_start_retries_while_another_connection_holds_the_new_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another connection holds the write lock of a new (rollback-journal) file. SQLite refuses
    # the switch to WAL at once, without the busy timeout; init_db must retry, not fail.
    path = tmp_path / "bot.db"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    retries: list[float] = []

    def release_on_retry(seconds: float) -> None:
        """Stands in for db's time.sleep: the other connection commits on the first retry."""
        retries.append(seconds)
        if other.in_transaction:
            other.execute("COMMIT")

    monkeypatch.setattr(db.time, "sleep", release_on_retry)
    try:
        db.init_db(path)
    finally:
        other.close()
    assert retries, "init_db met no lock: the test set-up is wrong"
    assert len(db.list_models(path)) == 10
    with db.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_four_threads_switching_100_times_each(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db.init_db(path)
    plans = [[random.Random(n).randint(1, 10) for _ in range(100)] for n in range(4)]
    seen: list[int] = []

    def reader() -> None:
        # Every committed state a reader sees has exactly one active model (WAL snapshots).
        for _ in range(100):
            seen.append(len(active_ids(path)))

    writers = [lambda plan=plan: switch_many(str(path), plan) for plan in plans]
    assert run_threads([*writers, reader]) == []
    assert set(seen) == {1}
    (final,) = active_ids(path)
    assert final in {plan[-1] for plan in plans}  # the last commit was some thread's last switch


def test_concurrent_init_db_on_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "bot.db"
    start = threading.Barrier(8)

    def init() -> None:
        start.wait(JOIN_TIMEOUT_S)
        db.init_db(path)

    assert run_threads([init] * 8) == []
    assert len(db.list_models(path)) == 10
    assert active_ids(path) == [1]


def test_get_active_model_from_many_threads_when_none_is_active(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db.init_db(path)
    db.set_active_model(3, path)
    with db.connect(path) as conn:
        conn.execute("UPDATE models SET active = 0")
        conn.execute("DELETE FROM models WHERE id < 3")
    got: list[int] = []
    start = threading.Barrier(6)

    def get() -> None:
        start.wait(JOIN_TIMEOUT_S)
        got.append(db.get_active_model(path)["id"])

    assert run_threads([get] * 6) == []
    assert got == [3] * 6
    assert active_ids(path) == [3]


def test_three_processes_switching_50_times_each(tmp_path: Path) -> None:
    # "spawn": a fresh interpreter per process, as on Windows and macOS; nothing is inherited.
    path = str(tmp_path / "bot.db")  # no init here: the processes race to create the file too
    context = multiprocessing.get_context("spawn")
    plans = [[random.Random(n).randint(1, 10) for _ in range(50)] for n in range(3)]
    start = context.Barrier(len(plans))
    workers = [context.Process(target=switch_many, args=(path, plan, start)) for plan in plans]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(JOIN_TIMEOUT_S)
    stuck = [worker for worker in workers if worker.is_alive()]
    for worker in stuck:
        worker.kill()
    assert not stuck, "a process is stuck (deadlock?)"
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    (final,) = active_ids(Path(path))
    assert final in {plan[-1] for plan in plans}
