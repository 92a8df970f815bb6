"""The grading worker: one process per submission, driving its sandbox, reporting over a pipe.

The grader starts `main` in a fresh process (forked from a clean server process on POSIX, so
the grader's code is already in memory and nothing is read from disk that a submission could
have changed). It builds the submission's box (sandboxed: its own namespaces too, see
`box.prepare`) before any thread exists, grades, kills every student process, and only then
sends its observations. Sandboxed, the student's processes run under bubblewrap in PID
namespaces of their own: they can neither see nor signal this worker. Anything unexpected is
sent as a crash report: the grader records it and goes on with the batch.
"""

from __future__ import annotations

import re
import sys
import traceback

from course_lib.config import mask
from homework.grading.engine import harden  # noqa: F401  (protects on import: spawned workers too)
from homework.grading.engine.box import Box, prepare
from homework.grading.engine.session import Session
from homework.grading.sandbox import cleanup

KEY_SHAPE = re.compile(r"sk-or-[A-Za-z0-9_-]{6,}")
LINUX = sys.platform.startswith("linux")


def redact(value: object, secrets: dict[str, str]) -> object:
    """`value` with the run's key and token named, never shown, and other keys masked."""
    if isinstance(value, str):
        for secret, name in secrets.items():
            value = value.replace(secret, name)
        return KEY_SHAPE.sub(lambda m: mask(m.group()), value)
    if isinstance(value, dict):
        return {k: redact(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, secrets) for v in value]
    return value


def _observe(job: dict, box: Box) -> dict:
    """Run the session; the observations, once every student process has ended."""
    session = Session(job, box)
    try:
        found = session.run()
    finally:
        session.kill_students()
        if LINUX:
            cleanup.reap()
        session.stop_fakes()
    found["worker"] = {"threads_peak": session.threads_peak, "peak_rss_mb": _peak_rss_mb()}
    return found


def _peak_rss_mb() -> float | None:
    """The most memory this worker held (the fakes' included), in MB; None on Windows."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _report(job: dict, conn, box: Box) -> None:
    """Grade and send ("done", observations), or ("crash", why) if anything went wrong."""
    secrets = {job["key"]: "<grader key>", job["bot_key"]: "<grader key>",
               job["token"]: "<grader token>", str(box.path / "work"): "<submission>",
               job["folder"]: "<sandbox>"}
    try:
        found = _observe(job, box)
        where = box.student.work if box.student else box.inside("work")
        found["sandbox"] = {"kind": job["isolation"]["kind"], "box": where}
        message = ("done", redact(found, secrets))
    except BaseException as exc:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
        text = f"{type(exc).__name__}: {exc}\n" + "".join(lines)[-1500:]
        message = ("crash", redact(text, secrets))
    conn.send(message)


def main(job: dict, conn) -> None:
    """Grade one submission; send ("done", observations) or ("crash", reason) on `conn`."""
    if LINUX:
        from homework.grading.sandbox import linux

        linux.not_dumpable()  # no process of ours may read our memory or environment
        linux.subreaper()  # a student's daemon stays below us, to be counted and killed
    try:
        box = prepare(job)
    except BaseException as exc:
        conn.send(("crash", f"entering the sandbox failed: {type(exc).__name__}: {exc}"))
        return
    _report(job, conn, box)
