"""One student process: started through `boot.py`, its output drained and capped, then killed.

Output is always read (a full pipe would block the student's process and look like a hang)
but only the head and tail are kept: 100 MB of prints cost the grader nothing but the reading.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from homework.grading.engine.box import Box
from homework.grading.sandbox import bwrap
from homework.grading.sandbox.cleanup import below, kill_group

HERE = Path(__file__).parent
BOOT = (HERE / "boot.py").read_text("utf-8")
RUNNER = (HERE / "runner.py").read_text("utf-8")
LINE_LIMIT = 256 * 1024  # a longer line on the result channel is not an answer
WINDOWS = sys.platform == "win32"


def thread_states(pid: int) -> list[str]:
    """The state letter of every thread of `pid` and of its descendants (Linux /proc)."""
    states = []
    for process in (pid, *below(pid)):
        try:
            tasks = os.listdir(f"/proc/{process}/task")
        except OSError:
            continue  # gone, or no /proc here
        for task in tasks:
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{process}/task/{task}/stat").read_text()
                states.append(stat[stat.rindex(")") + 2])
    return states


class Capture:
    """The head and tail of a stream, and how many bytes it had in all."""

    def __init__(self, keep_bytes: int) -> None:
        """Keep up to `keep_bytes` from the start and as many from the end."""
        self.keep = keep_bytes
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def add(self, data: bytes) -> None:
        """Take one chunk of output."""
        self.total += len(data)
        room = self.keep - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail = (self.tail + data)[-self.keep:]

    def text(self, limit: int = 2000) -> str:
        """The last `limit` characters kept, as text (what a traceback needs)."""
        raw = bytes(self.head + self.tail) if self.total <= 2 * self.keep else bytes(self.tail)
        return raw.decode("utf-8", "replace")[-limit:]


def _drain(stream, capture: Capture) -> None:
    """Read a stream to its end into `capture`."""
    with stream:
        while chunk := stream.read1(65536):
            capture.add(chunk)


def _lines(stream, answers: queue.Queue, capture: Capture) -> None:
    """Read the result channel: JSON objects go to `answers`, the rest only to `capture`."""
    with stream:
        while line := stream.readline(LINE_LIMIT):
            capture.add(line)
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                answers.put(message)


def _command(box: Box, mode: str, rlimits: dict[str, int], source: int = -1) -> list[str]:
    """The student's process: `python bot.py` as a student starts it, or the checks runner.

    Where the prefix sets the limits (sandboxed), nothing of the grader is on the command
    line: the runner's source comes through a pipe (`source`), as `python <(...)` reads one.
    Else `boot.py` sets them first, in the process itself.
    """
    if box.limited:
        return ["python", "bot.py"] if mode == "bot" else ["python", f"/dev/fd/{source}"]
    argv = [sys.executable, "-s", "-B", "-c", BOOT, json.dumps(rlimits), mode]
    return argv + ([RUNNER] if mode == "runner" else [])


def args_pipe(args: list[str]) -> int:
    """A pipe holding bwrap's options, NUL-separated (for `--args`); its reading end."""
    return _pipe(b"".join(arg.encode("utf-8") + b"\0" for arg in args))


def _pipe(data: bytes) -> int:
    """A pipe holding `data` (at most 60 KB), closed for writing; its reading end."""
    read, write = os.pipe()
    try:
        if len(data) > 60_000:  # a pipe holds 64 KiB; ours hold a few KiB
            raise ValueError("too much for a pipe")
        os.write(write, data)
        os.fchmod(read, 0o444)  # the student's user reopens it as /dev/fd/N (the grader's own)
    finally:
        os.close(write)
    return read


class StudentProcess:
    """A process of the student's code in `cwd`, under `limits`, with a clean `env`."""

    def __init__(self, name: str, mode: str, box: Box, env: dict[str, str],
                 rlimits: dict[str, int], keep_bytes: int) -> None:
        """Start it in `box`: `mode` is "bot" (runs bot.py) or "runner" (the checks runner)."""
        self.name = name
        self.stdout, self.stderr = Capture(keep_bytes), Capture(keep_bytes)
        self.answers: queue.Queue = queue.Queue()
        argv, fds = [*box.prefix, *_command(box, mode, rlimits)], ()
        if box.sandboxed:
            fds = (args_pipe(box.bwrap_args(mode)), _pipe(RUNNER.encode("utf-8")))
            argv = [*box.prefix, bwrap.find() or "bwrap", "--args", str(fds[0]), "--",
                    *_command(box, mode, rlimits, fds[1])]
        try:
            self.proc = subprocess.Popen(
                argv, cwd=box.path / box.work(mode), env=env, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=not WINDOWS,
                pass_fds=fds, creationflags=subprocess.CREATE_NEW_PROCESS_GROUP if WINDOWS else 0)
        finally:
            for fd in fds:
                os.close(fd)
        reader = _lines if mode == "runner" else _drain
        args = (self.proc.stdout, self.answers, self.stdout) if mode == "runner" else (
            self.proc.stdout, self.stdout)
        self._threads = [threading.Thread(target=reader, args=args, daemon=True),
                         threading.Thread(target=_drain, args=(self.proc.stderr, self.stderr),
                                          daemon=True)]
        for thread in self._threads:
            thread.start()

    @property
    def pid(self) -> int:
        """The process id (in the grader's view)."""
        return self.proc.pid

    def alive(self) -> bool:
        """Whether it is still running."""
        return self.proc.poll() is None

    def busy(self) -> bool:
        """Whether a thread of it (or of a process it started) is running or waiting for a CPU.

        Read from /proc (Linux); elsewhere, and if it is gone, False. A bot that is about to
        send more is busy even while an overloaded machine gives it no CPU.
        """
        return any(state == "R" for state in thread_states(self.proc.pid))

    def send(self, line: str) -> bool:
        """Write one line to its stdin; False if it no longer reads."""
        try:
            self.proc.stdin.write(line.encode("utf-8") + b"\n")
            self.proc.stdin.flush()
            return True
        except (OSError, ValueError):
            return False

    def kill(self) -> None:
        """End it and everything in its process group, then collect its exit status."""
        kill_group(self.proc.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):  # stuck in the kernel: leave it
            self.proc.wait(timeout=5)
        with contextlib.suppress(OSError):  # already broken: the process is gone
            self.proc.stdin.close()
        for thread in self._threads:  # a daemon it left may hold the pipes: don't wait long
            thread.join(timeout=0.2)

    def report(self) -> dict:
        """Exit status and the end of its stderr, for feedback and gradebook.json."""
        return {"exit": self.proc.returncode, "stderr": self.stderr.text(),
                "stdout_bytes": self.stdout.total, "stderr_bytes": self.stderr.total}

