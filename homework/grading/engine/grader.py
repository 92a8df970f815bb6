"""The grader's side: prepare a submission, run its worker, turn observations into points.

One engine, two front ends: `python -m homework.check` (a student, one folder) and
`python -m homework.grade` (an instructor, a class). Workers are forked from a clean server
process (forkserver) on POSIX and spawned on Windows; each gets the run's isolation plan,
limits, a fresh random key and token, and reports over a pipe. A worker that goes silent past
the hard cap is killed, and so is everything it started; its submission gets a reason, not
points. Results are written by the front ends, after the workers are gone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from homework.grading import checks, static_scan, tree
from homework.grading.engine import worker
from homework.grading.sandbox import bwrap, cgroup, cleanup, persona, plan, tls
from homework.grading.sandbox.limits import Limits, rlimits
from homework.grading.submissions import Refused, Submission, prepare
from homework.grading.verdicts import Text


@dataclass
class Graded:
    """One submission's result: its checks, or the reason it could not be graded."""

    student: str
    results: list[checks.Result]
    reason: Text | None = None  # set when it could not be graded
    notes: list[Text] = field(default_factory=list)
    seconds: float = 0.0
    observations: dict | None = None

    @property
    def total(self) -> int:
        """Points earned."""
        return sum(r.points for r in self.results)


def mp_context(method: str = "forkserver"):
    """Forkserver on POSIX (workers start from clean, preloaded memory), spawn on Windows.

    `method="spawn"` for a single submission started from a Jupyter kernel (the self-check):
    a kernel never runs multiprocessing's exit handler, so a forkserver would leave its
    folder (`pymp-…`) in the temporary directory.
    """
    if sys.platform == "win32" or method == "spawn":
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # "__main__" once in the server, so no worker runs the main module again.
    ctx.set_forkserver_preload(["homework.grading.engine.harden", "__main__",
                                "homework.grading.engine.worker"])
    return ctx


def remove(folder: Path) -> None:
    """Delete a folder, even one a student's code made unreadable or 10,000 levels deep."""
    # Everyone that could change it is dead by now. A loop, not os.walk or shutil.rmtree
    # (both recurse: a deep tree ends them with RecursionError); links are never followed.
    tree.remove(folder)


def _fresh_secrets() -> dict[str, str]:
    """Keys and a token nobody can guess, shaped like real ones: new for every submission.

    The checks runner and the bot get a key each, so the key check sees two runs.
    """
    return {"key": persona.openrouter_key(), "bot_key": persona.openrouter_key(),
            "token": persona.bot_token()}


def _silent(process) -> tuple[str, str]:
    """The crash report of a worker that ended without a word."""
    process.join(5)
    return "crash", f"the worker ended without a report (exit {process.exitcode})"


def _receive(conn, process, hard_cap: float) -> tuple[str, object]:
    """The worker's final message: ("done", observations), ("crash", why) or ("timeout", s)."""
    end = time.monotonic() + hard_cap
    while (left := end - time.monotonic()) > 0:
        if not conn.poll(min(left, 0.5)):
            if not process.is_alive() and not conn.poll(0):
                return _silent(process)
            continue
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            return _silent(process)
        if kind in ("done", "crash"):
            return kind, payload
    return "timeout", round(hard_cap)


class Grader:
    """Grades submissions with one isolation plan and one set of limits."""

    def __init__(self, limits: Limits | None = None, isolation: plan.Isolation | None = None,
                 worker_main=worker.main, require_sandbox: bool = False,
                 start_method: str = "forkserver", lang: str = "en") -> None:
        """Probe the machine's isolation now (unless given) and make a scratch folder.

        `require_sandbox`: refuse (SandboxUnavailable) rather than grade best-effort.
        `start_method`: how workers start (see `mp_context`).
        `lang`: the student's code runs with this COURSE_LANG, as in a class of that language.
        """
        self.limits = limits or Limits()
        self.lang = lang
        self.ctx = mp_context(start_method)
        self.isolation = isolation or plan.probe(self.ctx)
        if require_sandbox and not self.isolation.sandboxed:
            raise plan.SandboxUnavailable(self.isolation)
        self.worker_main = worker_main  # a seam: tests swap in a worker that crashes
        self.root = Path(tempfile.mkdtemp(prefix="homework-grading-"))
        self.cgroups = None
        self.tls: dict | None = None  # the real addresses inside the box (sandboxed)
        if self.isolation.sandboxed:
            os.chmod(self.root, 0o711)  # the sandbox user passes through, cannot list it
            self.tls = tls.make(self.root / "tls")
            self.cgroups = cgroup.Cgroups.create(self.root.name)
            self.isolation = replace(self.isolation, cgroup=self.cgroups is not None)

    def close(self) -> None:
        """Remove the scratch folder (and the run's cgroups)."""
        if self.cgroups is not None:
            self.cgroups.close()
        remove(self.root)

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _job(self, folder: Path) -> dict:
        """Everything a worker needs, as plain data (and the submission's cgroup made)."""
        limits, isolation = self.limits.as_dict(), self.isolation.as_dict()
        procs = None
        if self.cgroups is not None:
            procs = self.cgroups.submission(folder.name, self.limits.total_memory_mb,
                                            self.limits.tasks)
        student = persona.random_persona(tuple(bwrap.python_roots()))
        return {"folder": str(folder), "limits": limits, "isolation": isolation,
                "rlimits": rlimits(limits, isolation), "cgroup_procs": procs,
                "marker": secrets.token_hex(12), "persona": student.as_dict(),
                "tls": self.tls, "lang": self.lang, **_fresh_secrets()}

    def _resources(self, folder: Path) -> dict:
        """What the submission used together (from its cgroup); the cgroup is removed."""
        if self.cgroups is None:
            return {}
        peak = self.cgroups.peak_mb(folder.name)
        self.cgroups.remove(folder.name)
        return {"peak_memory_mb": peak} if peak is not None else {}

    def _run_worker(self, job: dict) -> tuple[str, object]:
        """Run one worker to its end; afterwards none of its processes is left."""
        ours, theirs = self.ctx.Pipe(duplex=False)
        process = self.ctx.Process(target=self.worker_main, args=(job, theirs), daemon=True)
        process.start()
        theirs.close()
        try:
            return _receive(ours, process, self.limits.hard_cap_s)
        finally:
            ours.close()
            if process.is_alive():
                cleanup.kill_group(process.pid) if sys.platform == "win32" else process.kill()
            process.join(10)
            # Sandboxed, bwrap's namespaces die with the worker; best-effort, sweep by marker.
            cleanup.sweep(job["marker"])

    def grade(self, submission: Submission) -> Graded:
        """Grade one submission (safe to call from several threads at once)."""
        started = time.monotonic()
        folder = Path(tempfile.mkdtemp(prefix="s-", dir=self.root))
        if self.isolation.sandboxed:
            os.chmod(folder, 0o711)  # bwrap (as the sandbox user) reaches the box through it
        try:
            graded = self._grade_in(submission, folder)
        finally:
            remove(folder)
        graded.seconds = round(time.monotonic() - started, 3)
        return graded

    def _grade_in(self, submission: Submission, folder: Path) -> Graded:
        """Prepare the copy in `folder`, run the worker, score."""
        try:
            work = prepare(submission, folder)
        except Refused as refused:
            return Graded(submission.student, checks.failed_all(refused.reason),
                          refused.reason, submission.notes)
        static = static_scan.scan(work)
        kind, payload = self._run_worker(self._job(folder))
        resources = self._resources(folder)
        if kind != "done":
            reason = Text("reason.timeout", {"seconds": payload}) if kind == "timeout" else \
                Text("reason.crash", {"detail": str(payload).splitlines()[0][:300]})
            return Graded(submission.student, checks.failed_all(reason), reason,
                          submission.notes)
        results = checks.score(payload, static)
        notes = submission.notes + _notes(payload, self.limits)
        return Graded(submission.student, results, None, notes,
                      observations={**payload, "static": static, "resources": resources})

    def grade_all(self, submissions: list[Submission], jobs: int,
                  on_done=lambda graded: None) -> list[Graded]:
        """Grade many, `jobs` at a time; `on_done` is called as each one finishes. Whatever
        goes wrong with one submission is that student's row: the batch goes on."""
        def one(submission: Submission) -> Graded:
            """Grade one and report it; an exception becomes its reason, with 0 points."""
            started = time.monotonic()
            try:
                graded = self.grade(submission)
            except Exception as exc:  # a bug of ours or a full disk: this row says which
                first = (str(exc).splitlines() or [""])[0]
                detail = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
                reason = Text("reason.internal", {"detail": detail[:300]})
                graded = Graded(submission.student, checks.failed_all(reason), reason,
                                list(submission.notes), round(time.monotonic() - started, 3))
            with contextlib.suppress(Exception):  # a broken progress display costs no grade
                on_done(graded)
            return graded

        with ThreadPoolExecutor(max(1, jobs)) as pool:
            return list(pool.map(one, submissions))


def _notes(observations: dict, limits: Limits) -> list[Text]:
    """Notes for the student from what the worker saw (forged answers, limits reached)."""
    notes = []
    forged = (observations.get("runner") or {}).get("forged_answers")
    if forged:
        notes.append(Text("note.forged", {"count": forged}))
    processes = observations.get("processes") or {}
    if processes.get("too_many"):
        notes.append(Text("note.too_many", {"limit": limits.processes}))
    if processes.get("too_much_memory"):
        notes.append(Text("note.too_much_memory", {"limit": limits.total_memory_mb}))
    return notes
