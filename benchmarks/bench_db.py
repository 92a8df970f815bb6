"""The models registry under load: `set_active_model` from 4 threads at once on one file.

Like telebot's worker threads, each switch opens its own connection and waits for the write
lock (busy timeout). Targets: no errors, exactly one active row at the end, and no switch close
to the busy timeout. The rates are for information: they depend on the disk (every commit
syncs the WAL), so there is no target for them.

One thread alone is slower per switch than four together: when the last connection to a WAL
file closes, SQLite checkpoints the WAL into the database and deletes it, syncing the disk.
Alone, every switch is the last connection; with the others (or any connection) open, none is.
The third rate shows it: one thread again, with one more connection held open meanwhile.

Expect the slowest switch to be far above the median: a connection that finds the lock taken
sleeps in growing steps (up to 100 ms each, SQLite's busy handler), and meanwhile the others
may take the lock again: it is not fair. Harmless for a bot; an error only past the timeout.

Run alone: `python -m benchmarks.bench_db`; with every suite: `make bench`.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from course_lib import db

THREADS, SWITCHES = 4, 250
JOIN_TIMEOUT_S = 120


def switcher(path: Path, plan: list[int], start: threading.Barrier,
             waits: list[float], errors: list[str]) -> None:
    """One worker: wait for the others, then switch to each id of `plan`, timing each switch."""
    start.wait(JOIN_TIMEOUT_S)
    for model_id in plan:
        began = time.perf_counter()
        try:
            db.set_active_model(model_id, path)
        except Exception as error:  # counted and reported, the run goes on
            errors.append(repr(error))
        waits.append(time.perf_counter() - began)


def hammer(path: Path, threads: int) -> dict:
    """`threads` workers × SWITCHES switches on one file: errors, switch times, total seconds."""
    plans = [[random.Random(n).randint(1, 10) for _ in range(SWITCHES)] for n in range(threads)]
    start = threading.Barrier(threads + 1)
    waits: list[float] = []
    errors: list[str] = []
    workers = [threading.Thread(target=switcher, args=(path, plan, start, waits, errors))
               for plan in plans]
    for worker in workers:
        worker.start()
    start.wait(JOIN_TIMEOUT_S)
    began = time.perf_counter()
    for worker in workers:
        worker.join(JOIN_TIMEOUT_S)
    seconds = time.perf_counter() - began
    stuck = sum(worker.is_alive() for worker in workers)
    errors.extend(["thread still running after the timeout"] * stuck)
    return {"errors": errors, "waits": waits, "seconds": seconds}


def row(name: str, value: float, unit: str, target: str = "", ok: bool | None = None) -> dict:
    """One row of the results table."""
    return {"suite": "db", "name": name, "value": float(value), "unit": unit,
            "target": target, "ok": ok}


def measure() -> tuple[dict, dict, dict, int]:
    """Runs of 1 thread, 1 thread beside an open connection, 4 threads; active rows after."""
    with tempfile.TemporaryDirectory() as folder:
        single, multi = Path(folder) / "one.db", Path(folder) / "four.db"
        db.init_db(single)
        db.init_db(multi)
        baseline = hammer(single, 1)
        with db.connect(single):  # held open: no switch closes the last connection
            held_open = hammer(single, 1)
        result = hammer(multi, THREADS)
        active = sum(m["active"] for m in db.list_models(multi))
    return baseline, held_open, result, active


def run() -> list[dict]:
    """Measure the switch from 4 threads, and from 1 as the baseline: the rows of the table."""
    baseline, held_open, result, active = measure()
    median_ms = statistics.median(result["waits"]) * 1000
    slowest_ms = max(result["waits"]) * 1000
    limit_ms = db.BUSY_TIMEOUT_S * 1000
    label = f"{THREADS} threads × {SWITCHES}"
    return [
        row(f"set_active_model errors, {label}", len(result["errors"]), "errors", "0",
            not result["errors"]),
        row(f"active rows after {label}", active, "rows", "exactly 1", active == 1),
        row(f"median switch, {label}", median_ms, "ms"),
        row(f"slowest switch, {label}", slowest_ms, "ms", f"< {limit_ms:.0f} (busy timeout)",
            slowest_ms < limit_ms),
        row(f"switches per second, {label}", THREADS * SWITCHES / result["seconds"], "switch/s"),
        row(f"switches per second, 1 thread × {SWITCHES}", SWITCHES / baseline["seconds"],
            "switch/s"),
        row(f"switches per second, 1 thread × {SWITCHES}, 2nd connection open",
            SWITCHES / held_open["seconds"], "switch/s"),
    ]


def main() -> None:
    """Print the rows, one a line (`make bench` prints them in its table instead)."""
    for r in run():
        ok = {True: "ok", False: "MISSED", None: "-"}[r["ok"]]
        print(f"{r['name']:<56} {r['value']:>10.4g} {r['unit']:<9} {r['target']:<22} {ok}")


if __name__ == "__main__":
    main()
