"""The box a submission runs in: its own copy, and how its processes are started.

`prepare()` runs in the grading worker before any thread exists. Sandboxed (Linux with
bubblewrap), it enters the worker's namespaces (`linux.enter`: loopback-only network, the box
as a size-limited tmpfs), copies the submission into the box, makes the /etc files and the
home folder of the student the run appears to be (`persona`), and builds the command prefix
that starts a student process: join the submission's cgroup, set its resource limits
(`prlimit`, so that the student's process is plainly `python bot.py`), drop to the sandbox
user (when the grader runs as root), then bwrap (`bwrap_args`). Best-effort, the box is a
plain folder and the prefix is empty.

The checks runner and the bot run at the same time, each in its own copy of the project
(`WORK_OF`), both seen at the same path: a db.py that keeps its database next to itself, or
in the working folder, gives each process a file of its own, as it gets its own COURSE_DB.
Database files of the hand-in are left out of both copies: every run starts from a fresh
database, as a fresh clone does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from homework.grading.sandbox import bwrap, cgroup, persona, tls
from homework.grading.unpack import is_database

SUBFOLDERS = ("home", "tmp", "data", "data/runner", "data/bot")
WORK_OF = {"runner": "work", "bot": "work-bot"}  # each process's copy of the project
DB_NAME = "course_bot.db"  # the course's own name for it
PRLIMIT = {"RLIMIT_CPU": "cpu", "RLIMIT_AS": "as", "RLIMIT_FSIZE": "fsize",
           "RLIMIT_NOFILE": "nofile", "RLIMIT_CORE": "core", "RLIMIT_NPROC": "nproc"}


@dataclass(frozen=True)
class Box:
    """Where a submission's processes run, seen by the worker and by the student."""

    path: Path  # the box, as the worker sees it
    prefix: tuple[str, ...] = ()  # before `python …` (sandboxed: before bwrap): cgroup, limits
    sandboxed: bool = False
    student: persona.Persona | None = None  # who the run appears to be (sandboxed)
    roots: tuple[tuple[str, str], ...] = ()  # Python's folders: (source, destination)
    limited: bool = False  # the prefix sets the resource limits (else boot.py does)
    files: tuple[tuple[str, str], ...] = ()  # bound over files inside: the CA bundles (`tls`)

    def inside(self, relative: str) -> str:
        """A path of the box (best-effort) as the student's processes see it."""
        return str(self.path / relative)

    def work(self, mode: str) -> str:
        """The folder of the box holding the copy of the project that process `mode` runs in."""
        return WORK_OF[mode]

    def database(self, mode: str) -> str:
        """COURSE_DB of process `mode`, as it sees it (its own folder, at the same path)."""
        if self.student is None:
            return self.inside(f"data/{mode}/{DB_NAME}")
        return f"{self.student.data_dir}/{DB_NAME}"

    def bwrap_args(self, mode: str) -> list[str]:
        """bwrap's options for process `mode` (sandboxed only; sent through a pipe)."""
        return bwrap.command(self.path, self.path / "etc" / mode, list(self.roots), self.student,
                             mode, WORK_OF[mode], self.files)


def _left_out(folder: str, names: list[str]) -> set[str]:
    """The database files among `names` in `folder` (copytree's `ignore`)."""
    found = set()
    for name in names:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as file:
                if is_database(name, file.read(16)):
                    found.add(name)
    return found


def _copy(folder: Path, box: Path, owner: int | None, sandboxed: bool = False) -> None:
    """The submission into the box, with its home, tmp and data folders (owned by `owner`)."""
    for copy in sorted(set(WORK_OF.values())):
        shutil.copytree(folder / "work", box / copy, symlinks=True, ignore=_left_out)
    for name in SUBFOLDERS:
        (box / name).mkdir()
    if sandboxed:
        _furnish(box / "home")
    if owner is None:
        return
    for root, dirs, files in os.walk(box):
        for name in [".", *dirs, *files]:
            os.lchown(os.path.join(root, name), owner, owner)


def _furnish(home: Path) -> None:
    """A home as a new user's looks: the skeleton's dotfiles and the usual folders."""
    with contextlib.suppress(OSError):  # no /etc/skel: an empty home is still a home
        shutil.copytree(persona.SKELETON, home, symlinks=True, dirs_exist_ok=True)
    for name in persona.HOME_FOLDERS:
        (home / name).mkdir(exist_ok=True)


def _write_etc(box: Path, student: persona.Persona, real_names: bool) -> None:
    """The made /etc files of each process (in the box, where its processes never look).

    `real_names`: openrouter.ai and api.telegram.org lead to this process's fakes (`tls`).
    """
    for mode in WORK_OF:
        folder = box / "etc" / mode
        folder.mkdir(parents=True)
        files = persona.etc_files(student, mode)
        if real_names:
            files["hosts"] += tls.hosts_lines(mode)
        for name, text in files.items():
            (folder / name).write_text(text, "utf-8")


def _bundles(box: Path, binds: list) -> tuple[tuple[str, str], ...]:
    """The CA bundles to bind, copied into the box first: inside, /proc/self/mountinfo names
    a bind's source, and the grader's own folders must not show there."""
    files = []
    for source, dest in binds:
        copy = box / "etc" / "ca.pem"
        if not copy.exists():
            shutil.copyfile(source, copy)
            copy.chmod(0o644)
        files.append((str(copy), dest))
    return tuple(files)


def _limits_prefix(rlimits: dict[str, int]) -> list[str]:
    """`prlimit` with the student's resource limits (CPU: SIGXCPU a second before SIGKILL)."""
    args = [shutil.which("prlimit") or "prlimit"]
    for name, value in sorted(rlimits.items()):
        hard = value + 1 if name == "RLIMIT_CPU" else value
        args.append(f"--{PRLIMIT[name]}={value}:{hard}")
    return [*args, "--"]


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
    student = persona.Persona(**job["persona"])
    _copy(folder, box, linux.SANDBOX_ID if as_root else None, sandboxed=True)
    certificates = job.get("tls")
    _write_etc(box, student, certificates is not None)
    prefix = cgroup.join_prefix(job["cgroup_procs"]) if job.get("cgroup_procs") else []
    rlimits = job.get("rlimits") or {}
    limited = bool(shutil.which("prlimit")) and set(rlimits) <= set(PRLIMIT)
    prefix += _limits_prefix(rlimits) if limited else []
    if as_root:  # the student is nobody on the host, never root
        ids = linux.SANDBOX_ID
        prefix += [shutil.which("setpriv") or "setpriv", f"--reuid={ids}", f"--regid={ids}",
                   "--clear-groups", "--"]
    files = _bundles(box, (certificates or {}).get("binds", ()))
    return Box(box, tuple(prefix), True, student, tuple(_staged_roots(folder, as_root)), limited,
               files)
