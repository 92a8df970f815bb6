"""Talking to the checks runner: one command, one answer, a timeout, and a fresh start if needed.

An answer counts only if it carries this run's nonce and the command's sequence number; any
other line on the result channel is counted as forged and otherwise ignored (and so are the
stray lines the runner's own parent counted for us, `forged` in an answer). A runner that
does not answer in time is killed; the next command starts a new one. Restarts are budgeted
per group of checks (`use`): a client that hangs on every 5xx can use up the budget of the
task 3 group, never the one of task 1 or 2; a call its group's budget no longer covers is not
made, and its answer says so (`skipped`) instead of pretending the student's code failed.
If importing the student's modules already hangs or kills the process, it is not tried
again: it would do the same.
"""

from __future__ import annotations

import json
import queue
import secrets
import time
from collections.abc import Callable

from homework.grading.engine.procs import StudentProcess


class RunnerChannel:
    """Commands to a checks runner in the student's folder, restarting it when it fails."""

    def __init__(self, start: Callable[[], StudentProcess], startup_s: float, restarts: int,
                 deadline: float) -> None:
        """`start` starts a runner process; `deadline` is the submission's (monotonic) end."""
        self._start = start
        self.startup_s = startup_s
        self.restarts = restarts  # per group: this many restarts after the runner was lost
        self.deadline = deadline
        self.proc: StudentProcess | None = None
        self.nonce = ""
        self.seq = 0
        self.forged = 0  # answers without this run's nonce
        self.first_import: dict | None = None
        self.broken = False  # importing the modules hangs or kills: it always will
        self.group = "main"
        self.lost: dict[str, list[str]] = {}  # per group: the calls that lost the runner
        self.reports: list[dict] = []  # exit status and stderr of each runner that ended

    def use(self, group: str) -> None:
        """Charge the runner's timeouts and deaths from now on to `group`."""
        self.group = group

    def _spawn(self) -> bool:
        """Start a runner, give it a new nonce and import the student's modules."""
        self.proc = self._start()
        self.nonce = secrets.token_hex(16)
        self.proc.send(self.nonce)
        answer = self._ask({"op": "import"}, self.startup_s)
        if self.first_import is None:
            self.first_import = answer
        if "timeout" in answer or "dead" in answer:
            self.broken = True
            return False
        return True

    def _ask(self, command: dict, timeout: float) -> dict:
        """Send one command and wait for its answer (or its absence)."""
        self.seq += 1
        line = json.dumps({**command, "seq": self.seq})
        if self.proc is None or not self.proc.send(line):
            return self._lost({"dead": True})
        end = min(time.monotonic() + timeout, self.deadline)
        while (left := end - time.monotonic()) > 0:
            try:
                answer = self.proc.answers.get(timeout=min(left, 0.2))
            except queue.Empty:
                if not self.proc.alive() and self.proc.answers.empty():
                    return self._lost({"dead": True})
                continue
            if answer.get("nonce") != self.nonce:
                self.forged += 1
            elif answer.get("seq") == self.seq:
                strays = answer.get("forged")
                self.forged += strays if type(strays) is int and strays > 0 else 0
                return {k: v for k, v in answer.items() if k not in ("seq", "nonce", "forged")}
        return self._lost({"timeout": True})

    def _lost(self, answer: dict) -> dict:
        """The runner hung or died: kill it and keep its report; the next call starts anew."""
        if self.proc is not None:
            self.proc.kill()
            self.reports.append(self.proc.report())
            self.proc = None
        return answer

    def _skipped(self) -> dict | None:
        """The answer for a call that is not made (no time, or no budget left), else None."""
        if time.monotonic() >= self.deadline:
            return {"skipped": True, "group": self.group, "deadline": True}
        lost = self.lost.get(self.group, [])
        if len(lost) > self.restarts:
            return {"skipped": True, "group": self.group, "lost": list(lost)}
        return None

    def call(self, command: dict, timeout: float, label: str = "") -> dict:
        """The answer to `command`, or why there is none: timeout, dead, or skipped (not made)."""
        if self.broken:
            return {"dead": True}
        skipped = self._skipped()
        if skipped:
            return skipped
        answer = {"dead": True} if self.proc is None and not self._spawn() else \
            self._ask(command, timeout)
        if "timeout" in answer or "dead" in answer:
            self.lost.setdefault(self.group, []).append(label or command["op"])
        return answer

    def close(self) -> None:
        """End the runner (if one is running)."""
        self._lost({})
