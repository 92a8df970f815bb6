"""Results in the terminal: the self-check's report, the grader's progress bar and summary.

A student's text (an id, a hint quoting their code, a reason quoting a file name) is shown
through `escape.visible`: no ESC, CR or bidi override reaches the terminal raw.
"""

from __future__ import annotations

import sys
import textwrap
import threading
from typing import TextIO

from homework.grading import checks
from homework.grading.engine.grader import Graded
from homework.grading.escape import visible
from homework.grading.sandbox import bwrap
from homework.grading.sandbox.limits import Limits
from homework.grading.sandbox.plan import Isolation
from homework.grading.texts import t

WIDTH = 96
HINT_INDENT = " " * 11


def check_line(result: checks.Result, lang: str) -> list[str]:
    """One check: mark, points, title; under it the hint if it failed."""
    mark = "✓" if result.passed else "✗"
    lines = [f"  {mark} {result.points:>2}/{result.check.points:<2}  {result.check.title(lang)}"]
    if result.hint:
        text = f"{t('hint', lang)}: {visible(result.hint.render(lang))}"
        lines += textwrap.wrap(text, WIDTH, initial_indent=HINT_INDENT,
                               subsequent_indent=HINT_INDENT + "  ")
    return lines


def self_check_report(graded: Graded, lang: str) -> str:
    """The self-check's whole report for one working copy."""
    lines: list[str] = []
    if graded.reason:
        lines.append(t("not_graded", lang, reason=visible(graded.reason.render(lang))))
    for task in (1, 2, 3):
        earned, possible = checks.task_points(graded.results, task)
        lines += ["", f"{t(f'task.{task}', lang)}: {earned}/{possible}"]
        for result in graded.results:
            if result.check.task == task:
                lines += check_line(result, lang)
    notes = [visible(n.render(lang)) for n in graded.notes if n.key != "note.env_removed"]
    lines += [""] + [f"* {note}" for note in notes]
    lines.append(t("check.total", lang, total=graded.total, maximum=checks.MAX_POINTS))
    passed = graded.total == checks.MAX_POINTS
    lines.append(t("check.all_pass" if passed else "check.some_fail", lang))
    return "\n".join(lines).lstrip("\n")


def describe_isolation(isolation: Isolation, lang: str, limits: Limits | None = None) -> str:
    """How submissions are isolated on this machine, in one paragraph."""
    limits = limits or Limits()
    if not isolation.sandboxed:
        kind = "iso.limits.posix" if isolation.rlimits else "iso.limits.windows"
        return t("iso.fallback", lang, reason=isolation.reason, limits=t(kind, lang))
    together = t("iso.cgroup", lang, memory=limits.total_memory_mb, tasks=limits.tasks) \
        if isolation.cgroup else t("iso.watchdog", lang, memory=limits.total_memory_mb,
                                   processes=limits.processes, per_process=limits.memory_mb)
    user = t("iso.user.nobody" if isolation.student_uid == bwrap.NOBODY else "iso.user.yours", lang)
    return t("iso.bwrap", lang, version=isolation.bwrap or "bwrap", user=user,
             disk=limits.disk_mb, limits=together)


class Progress:
    """A plain-text progress bar on stderr (one line per submission if not a terminal)."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, width: int = 30) -> None:
        """Expect `total` submissions."""
        self.total, self.stream, self.width = total, stream, width
        self.done = self.failed = 0
        self.lock = threading.Lock()
        self.live = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, graded: Graded) -> None:
        """Count one finished submission and redraw."""
        with self.lock:
            self.done += 1
            self.failed += graded.reason is not None
            filled = self.width * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            line = (f"[{bar}] {self.done}/{self.total}  {visible(graded.student)}: "
                    f"{graded.total}/{checks.MAX_POINTS}")
            if self.live:
                self.stream.write("\r" + line[:WIDTH].ljust(WIDTH))
                self.stream.write("\n" if self.done == self.total else "")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()
