"""One cgroup per submission: memory and tasks limited for all its processes together.

Per-process limits (RLIMIT_AS, RLIMIT_NPROC) let three processes take three times the memory;
a cgroup counts the whole submission. The grader makes one where it may: as root, under the
cgroup v2 root or the v1 `memory` and `pids` hierarchies (a delegated v2 subtree works too
when it is writable). Elsewhere `Cgroups.create` returns None and the watchdog of
`engine/session.py` sums the submission's memory and processes instead (every 0.2 s).

A student process joins its cgroup before bwrap starts (`join_prefix`), so everything it
forks is counted from its first instruction.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
MB = 1024 * 1024


def _own_path(controller: str) -> str:
    """Our cgroup in a v1 hierarchy (`controller`), or the v2 one (controller "")."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text("utf-8").splitlines():
            _, names, path = line.split(":", 2)
            if (controller and controller in names.split(",")) or (not controller and not names):
                return path
    return "/"


def _write(path: Path, value: str) -> bool:
    """Write a cgroup file; False if the kernel refused."""
    try:
        path.write_text(value, "ascii")
        return True
    except OSError:
        return False


def _make(path: Path) -> bool:
    """Create a cgroup folder (fine if it exists); False if we may not."""
    try:
        path.mkdir(exist_ok=True)
        return True
    except OSError:
        return False


class Cgroups:
    """The cgroup folders of one grading run (v2: one; v1: memory and pids), made by the grader."""

    def __init__(self, bases: dict[str, Path]) -> None:
        """Use `bases` ({"memory": folder, "pids": folder}, the same folder on v2)."""
        self.bases = bases

    @classmethod
    def create(cls, name: str) -> Cgroups | None:
        """This run's parent cgroups, or None where the grader may not make cgroups."""
        if (ROOT / "cgroup.controllers").exists():  # v2, unified
            base = ROOT / name
            if _make(base) and _write(base / "cgroup.subtree_control", "+memory +pids"):
                return cls({"memory": base, "pids": base})
            _remove_dir(base)
            return None
        bases = {c: ROOT / c / _own_path(c).lstrip("/") / name for c in ("memory", "pids")}
        if all((ROOT / c / "cgroup.procs").exists() for c in bases) and \
                all(_make(b) for b in bases.values()):
            return cls(bases)
        for base in bases.values():
            _remove_dir(base)
        return None

    @property
    def v2(self) -> bool:
        """Whether this is the unified hierarchy."""
        return self.bases["memory"] == self.bases["pids"]

    def submission(self, name: str, memory_mb: int, tasks: int) -> list[str] | None:
        """A cgroup for one submission with its limits; the cgroup.procs files to join."""
        folders = {c: base / name for c, base in self.bases.items()}
        if not all(_make(f) for f in folders.values()):
            return None
        memory, pids = folders["memory"], folders["pids"]
        if self.v2:
            ok = _write(memory / "memory.max", str(memory_mb * MB))
            _write(memory / "memory.swap.max", "0")  # no swapping past the limit
        else:
            ok = _write(memory / "memory.limit_in_bytes", str(memory_mb * MB))
            _write(memory / "memory.memsw.limit_in_bytes", str(memory_mb * MB))
        ok = ok and _write(pids / "pids.max", str(tasks))
        if not ok:
            self.remove(name)
            return None
        return sorted({str(f / "cgroup.procs") for f in folders.values()})

    def peak_mb(self, name: str) -> float | None:
        """The most memory the submission's processes used together, in MB (if known)."""
        folder = self.bases["memory"] / name
        for file in ("memory.peak", "memory.max_usage_in_bytes"):
            with contextlib.suppress(OSError, ValueError):
                return round(int((folder / file).read_text("ascii")) / MB, 1)
        return None

    def remove(self, name: str) -> None:
        """Kill whatever is left in a submission's cgroup and remove it."""
        for base in {*self.bases.values()}:
            _remove_dir(base / name)

    def close(self) -> None:
        """Remove this run's parent cgroups."""
        for base in {*self.bases.values()}:
            _remove_dir(base)


def _remove_dir(folder: Path) -> None:
    """Kill the processes of a cgroup folder, then remove it (gone already: fine)."""
    if not folder.is_dir():
        return
    if not _write(folder / "cgroup.kill", "1"):  # v2 since Linux 5.14; else one by one
        with contextlib.suppress(OSError, ValueError):
            for pid in (folder / "cgroup.procs").read_text("ascii").split():
                with contextlib.suppress(OSError):
                    os.kill(int(pid), signal.SIGKILL)
    for _ in range(50):  # the kernel removes a cgroup once its last task has gone
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:  # busy: a killed task is still on its way out
            time.sleep(0.02)


def join_prefix(procs_files: list[str]) -> list[str]:
    """A command prefix that moves the process into the cgroups, then runs the rest."""
    script = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 97; ' \
             'shift; n=$((n-1)); done; exec "$@"'
    return ["/bin/sh", "-c", script, "sh", str(len(procs_files)), *procs_files]
