"""The grading worker: one process per submission, inside the sandbox, reporting over a pipe.

The grader starts `main` in a fresh process (forked from a clean server process on POSIX, so
the grader's code is already in memory and nothing is read from disk that a submission could
have changed). It enters the sandbox before any thread exists, grades, kills every student
process, and only then sends its observations. Anything unexpected is sent as a crash report:
the grader records it and goes on with the batch.
"""

from __future__ import annotations

import os
import re
import sys
import traceback

from course_lib.config import mask
from homework.engine.session import Session
from homework.sandbox import limits as limits_module

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


def _enter(job: dict) -> dict:
    """Enter the namespaces of the run's isolation plan (Linux); which layers are on."""
    layers = job["isolation"]["layers"]
    if not (LINUX and layers["network"]):
        return {}
    from homework.sandbox import linux

    return linux.enter(job["grading_root"], job["folder"], layers)


def _observe(job: dict, pid_namespace: str | None) -> dict:
    """Run the session; the observations, once every student process has ended."""
    job = {**job, "rlimits": limits_module.rlimits(job["limits"], job["isolation"])}
    session = Session(job, pid_namespace)
    try:
        found = session.run()
    finally:
        if pid_namespace:
            from homework.sandbox import linux

            linux.end_namespace()  # daemons too: everything in the namespace but us
        session.stop_fakes()
    return found


def _report(job: dict, conn, sandbox: dict) -> None:
    """Grade and send ("done", observations), or ("crash", why) if anything went wrong."""
    secrets = {job["key"]: "<grader key>", job["token"]: "<grader token>",
               job["folder"] + os.sep + "work": "<submission>", job["folder"]: "<sandbox>"}
    try:
        pid_namespace = os.readlink("/proc/self/ns/pid") if sandbox.get("processes") else None
        found = _observe(job, pid_namespace)
        found["sandbox"] = sandbox
        message = ("done", redact(found, secrets))
    except BaseException as exc:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
        text = f"{type(exc).__name__}: {exc}\n" + "".join(lines)[-1500:]
        message = ("crash", redact(text, secrets))
    conn.send(message)


def main(job: dict, conn) -> None:
    """Grade one submission; send ("done", observations) or ("crash", reason) on `conn`."""
    if LINUX:
        from homework.sandbox import linux

        linux.not_dumpable()  # no process of ours may read our memory or environment
    try:
        sandbox = _enter(job)
    except BaseException as exc:
        conn.send(("crash", f"entering the sandbox failed: {type(exc).__name__}: {exc}"))
        return
    if not sandbox.get("processes"):
        _report(job, conn, sandbox)
        return
    from homework.sandbox import linux

    status = linux.run_as_init(lambda: _report(job, conn, sandbox))
    if status != 0:  # it died before it could report (killed, out of memory, ...)
        conn.send(("crash", f"the grading process ended with status {status}"))
