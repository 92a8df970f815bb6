"""The box a submission runs in: its own copy, and how its processes are started.

`prepare()` runs in the grading worker before any thread exists. Sandboxed (Linux with
bubblewrap), it enters the worker's namespaces (`linux.enter`: loopback-only network, the box
as a size-limited tmpfs), copies the submission into the box and builds the command prefix
that starts a student process: join the submission's cgroup, drop to the sandbox user (when
the grader runs as root), then bwrap. Best-effort, the box is a plain folder and the prefix
is empty.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from homework.grading.sandbox import bwrap, cgroup

SUBFOLDERS = ("home", "tmp", "data")


@dataclass(frozen=True)
class Box:
    """Where a submission's processes run, seen by the worker and by the student."""

    path: Path  # the box, as the worker sees it
    prefix: tuple[str, ...] = ()  # the command before `python …`: cgroup join, bwrap
    sandboxed: bool = False

    def inside(self, relative: str) -> str:
        """A path in the box as the student's processes see it."""
        if relative == "tmp" and self.sandboxed:
            return bwrap.TMP
        return f"{bwrap.BOX}/{relative}" if self.sandboxed else str(self.path / relative)


def _copy(folder: Path, box: Path, owner: int | None) -> None:
    """The submission into the box, with its home, tmp and data folders (owned by `owner`)."""
    shutil.copytree(folder / "work", box / "work", symlinks=True)
    for name in SUBFOLDERS:
        (box / name).mkdir()
    if owner is None:
        return
    for root, dirs, files in os.walk(box):
        for name in [".", *dirs, *files]:
            os.lchown(os.path.join(root, name), owner, owner)


def _staged_roots(folder: Path, as_root: bool) -> list[tuple[str, str]]:
    """(source, destination) of Python's folders; as root, staged where the sandbox user may look.

    bwrap resolves a bind's source as the user it runs as. Run as root, it runs as nobody, who
    may not pass through e.g. /root (mode 0700) to a pyenv Python: the worker, still root, binds
    those folders under the submission's folder first (in its own mount namespace only).
    """
    roots = bwrap.python_roots()
    if not as_root:
        return [(root, root) for root in roots]
    from homework.grading.sandbox import linux

    staged = []
    for number, root in enumerate(roots):
        target = folder / "python" / str(number)
        target.mkdir(parents=True)
        linux.bind(root, str(target))
        staged.append((str(target), root))
    return staged


def prepare(job: dict) -> Box:
    """Build the submission's box (and, sandboxed, the worker's namespaces)."""
    folder = Path(job["folder"])
    box = folder / "box"
    box.mkdir()
    if job["isolation"]["kind"] != "bwrap":
        _copy(folder, box, None)
        return Box(box)
    from homework.grading.sandbox import linux

    as_root = os.geteuid() == 0
    linux.enter(str(box), job["limits"]["disk_mb"])
    _copy(folder, box, linux.SANDBOX_ID if as_root else None)
    prefix = cgroup.join_prefix(job["cgroup_procs"]) if job.get("cgroup_procs") else []
    if as_root:  # the student is nobody on the host, never root
        ids = linux.SANDBOX_ID
        prefix += [shutil.which("setpriv") or "setpriv", f"--reuid={ids}", f"--regid={ids}",
                   "--clear-groups", "--"]
    prefix += bwrap.command(box, Path(job["etc"]), _staged_roots(folder, as_root))
    return Box(box, tuple(prefix), True)
