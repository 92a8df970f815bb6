"""Grading a class: 100 generated submissions (correct, faulty and hostile) with default limits.

The submissions are the test cases (`tests/homework_cases`) repeated to 100: about a third
correct, the rest faulty (each one typical mistake) or hostile (sleeping, looping, forking,
flooding...). They are graded as `python -m homework.grade` grades them: in the bubblewrap
sandbox (the run says so; a machine without it grades best-effort and the row says that),
one worker per submission, three times as many at once as there are cores (the default),
default timeouts (a sleeping submission costs its full startup timeout), each submission a
student's laptop as the grader makes it look (its fakes behind TLS at the real services'
names, the bot's replies read until it is quiet). Target: all 100 in under 90 s on 2 cores,
every one graded, and every total as expected.

Memory: per submission, the peak of all its processes together (its cgroup's peak, where the
grader could make one) and of its grading worker (the fakes run there); the peak resident
size of the benchmark process (the grader's own side), and of the largest process in the
grader's tree, which `getrusage(RUSAGE_CHILDREN)` reports once all of them have been waited for.

Run alone: `python -m benchmarks.bench_grading`; with every suite: `make bench`.
"""

from __future__ import annotations

import itertools
import multiprocessing.forkserver
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from homework.grading.engine.grader import Grader
from homework.grading.sandbox.limits import Limits, default_jobs
from homework.grading.submissions import Submission

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the cases live beside the tests that use them

from homework_cases import Case, build, faulty, hostile  # noqa: E402

COUNT, CORRECT, HOSTILE = 100, 34, 22
TARGET_S = 90.0


def mix(folder: Path) -> list[Case]:
    """100 cases: correct ones, then faulty, then hostile, each list repeated as needed."""
    good = [c for c in faulty.CASES if c.expected == 100 and c.name != "retries"]
    bad = [c for c in faulty.CASES if c.expected < 100]
    evil = list(hostile.cases(folder / "canary.txt", folder / "results"))
    chosen = [*itertools.islice(itertools.cycle(good), CORRECT),
              *itertools.islice(itertools.cycle(bad), COUNT - CORRECT - HOSTILE),
              *itertools.islice(itertools.cycle(evil), HOSTILE)]
    return [Case(f"{n:03d}-{case.name}", case.edits, case.expected, case.failing, case.remove)
            for n, case in enumerate(chosen)]


def grade(cases: list[Case], folder: Path, jobs: int) -> tuple[list, float, str]:
    """Grade every case; the results, the wall time in seconds and the isolation used."""
    submissions = [Submission(case.name, build(case, folder)) for case in cases]
    started = time.perf_counter()
    with Grader(Limits()) as grader:
        results = grader.grade_all(submissions, jobs)
        isolation = grader.isolation
    seconds = time.perf_counter() - started
    kind = "bubblewrap" + (" + cgroup" if isolation.cgroup else "") if isolation.sandboxed \
        else f"best-effort ({isolation.reason})"
    # A private call, in a benchmark only: reap the forkserver, so RUSAGE_CHILDREN counts
    # every process of the grader's tree (each one reaped its own children).
    multiprocessing.forkserver._forkserver._stop()
    return results, seconds, kind


def per_submission(results: list, *keys: str) -> list[float]:
    """A number observed for each submission (e.g. resources/peak_memory_mb), where known."""
    found = []
    for result in results:
        value = result.observations or {}
        for key in keys:
            value = value.get(key) or {} if isinstance(value, dict) else {}
        if isinstance(value, (int, float)):
            found.append(float(value))
    return found or [0.0]  # none known (no cgroup): the rows then show 0


def peak_mb(who: int) -> float:
    """Peak resident set size in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def row(name: str, value: float, unit: str, target: str = "", ok: bool | None = None) -> dict:
    """One row of the results table."""
    return {"suite": "grading", "name": name, "value": float(value), "unit": unit,
            "target": target, "ok": ok}


def run() -> list[dict]:
    """Grade 100 generated submissions and report time, memory and correctness."""
    jobs = default_jobs()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        folder = Path(scratch)
        cases = mix(folder)
        results, seconds, kind = grade(cases, folder, jobs)
    wrong = sum(r.total != c.expected for r, c in zip(results, cases, strict=True))
    ungraded = sum(r.reason is not None for r in results)
    times = [r.seconds for r in results]
    together = per_submission(results, "resources", "peak_memory_mb")
    workers = per_submission(results, "worker", "peak_rss_mb")
    return [
        row(f"{COUNT} submissions, {jobs} at a time, {kind}", seconds, "s",
            f"< {TARGET_S:.0f} on 2 cores", seconds < TARGET_S),
        row("median per submission", statistics.median(times), "s"),
        row("slowest submission (a hostile one)", max(times), "s"),
        row("totals not as expected", wrong, "submissions", "0", wrong == 0),
        row("submissions not graded", ungraded, "submissions", "0", ungraded == 0),
        row("peak memory per submission, median (all its processes)",
            statistics.median(together), "MB"),
        row("peak memory per submission, largest (all its processes)", max(together), "MB",
            "<= 1024 (the limit)", max(together) <= 1024),
        row("peak RSS per grading worker (with its fakes), largest", max(workers), "MB"),
        row("peak RSS, grader process", peak_mb(resource.RUSAGE_SELF), "MB"),
        row("peak RSS, largest child (worker or student)", peak_mb(resource.RUSAGE_CHILDREN),
            "MB"),
    ]


def main() -> None:
    """Print the rows, one a line (`make bench` prints them in its table instead)."""
    for r in run():
        ok = {True: "ok", False: "MISSED", None: "-"}[r["ok"]]
        print(f"{r['name']:<46} {r['value']:>10.4g} {r['unit']:<12} {r['target']:<18} {ok}")


if __name__ == "__main__":
    main()
