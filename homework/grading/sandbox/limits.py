"""How much time, memory, disk, output and processes one submission may use."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Limits for one submission; the defaults suit a class on a laptop."""

    startup_s: float = 8.0  # importing the student's modules; the bot's first poll
    step_s: float = 8.0  # one call into student code, or one /ask answered
    reply_s: float = 3.0  # a reply to a bot command that calls no model
    submission_s: float = 90.0  # everything of one submission, wall clock
    cpu_s: int = 30  # CPU seconds per student process
    memory_mb: int = 1024  # address space per student process
    total_memory_mb: int = 1024  # memory of all the submission's processes together (Linux)
    disk_mb: int = 128  # all the submission writes, its own copy included (sandboxed)
    file_mb: int = 32  # the largest file a student process may write
    processes: int = 64  # processes of the submission at once (Linux)
    tasks: int = 256  # processes and threads together, where a cgroup counts them
    open_files: int = 256  # per student process
    output_kb: int = 64  # kept of each process's stdout and stderr (the rest is counted)
    restarts: int = 2  # times a stuck or dead checks runner is started again
    grace_s: float = 15.0  # past submission_s, before a silent worker is killed

    def scaled(self, factor: float) -> Limits:
        """The same limits with every wall-clock timeout multiplied by `factor`."""
        return replace(self, startup_s=self.startup_s * factor, step_s=self.step_s * factor,
                       reply_s=self.reply_s * factor, submission_s=self.submission_s * factor)

    def as_dict(self) -> dict:
        """The limits as plain data (they travel to the worker and into gradebook.json)."""
        return asdict(self)

    @property
    def hard_cap_s(self) -> float:
        """When the grader gives up on a worker that did not report (a little over the cap)."""
        return self.submission_s + self.grace_s


# Short timeouts for tests and for trying the grader on hostile examples.
FAST = Limits(startup_s=5.0, step_s=5.0, reply_s=2.5, submission_s=45.0)


def cores() -> int:
    """The cores this process may use (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_jobs() -> int:
    """Submissions graded at once: three times the cores, since a submission mostly waits.

    Most of a submission's time goes to waiting on the student's code (a reply that never
    comes, a startup timeout, the quiet moment after each of the bot's replies), not to
    computing: measured on 2 cores, 100 submissions took 83 s with one per core, 63 s with two
    (before the bot's replies were read until quiet); with that wait, 84 s with two per core
    and 64 s with three, the cores still half idle.
    """
    return 3 * cores()


MB = 1024 * 1024


def _user_tasks(uid: int) -> int:
    """Linux: how many tasks (threads included) `uid` runs now, all namespaces included."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            status = Path("/proc", name, "status").read_text("utf-8", "replace")
        except OSError:  # ended meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            total += int(fields.get("Threads", "1").strip() or 1)
    return total


def rlimits(limits: dict, isolation: dict) -> dict[str, int]:
    """The resource limits of a student process, by `resource` constant name."""
    values = {"RLIMIT_CPU": limits["cpu_s"], "RLIMIT_AS": limits["memory_mb"] * MB,
              "RLIMIT_FSIZE": limits["file_mb"] * MB, "RLIMIT_NOFILE": limits["open_files"],
              "RLIMIT_CORE": 0}
    if isolation["nproc_by_kernel"]:
        # RLIMIT_NPROC counts every task of the user, threads too, wherever they run: the
        # limit is what runs now plus room. The watchdog (session.py) holds the exact count.
        uid = isolation["student_uid"]
        uid = os.getuid() if uid is None else uid
        values["RLIMIT_NPROC"] = _user_tasks(uid) + 4 * limits["processes"]
    return values
