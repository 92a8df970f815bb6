"""The bubblewrap command line that runs one student process in its own minimal root.

bubblewrap (`bwrap`, the sandbox behind Flatpak) starts the process in new user, PID, IPC,
UTS and cgroup namespaces, as uid 1000 with no capabilities, and builds its root from an
empty tmpfs with only what Python needs:

- read-only: the system's programs and libraries (/usr, /lib…), the course's Python and its
  virtual environment, a few files of the host's /etc (the loader's cache, the time zone, the
  OS release) and the files made for this run (`persona.etc_files`: passwd, hosts…);
- a fresh /proc for its own PID namespace (bwrap keeps /proc/sys read-only) and a minimal /dev;
- writable: only the submission's box, seen as a student's laptop sees it (`persona`): the
  home folder, the project in a folder of it, the database folder, and /tmp.

No home of the host, no /run (D-Bus, ssh-agent, docker.sock), no /sys, no /etc/shadow, no
other submission. The network namespace is the grading worker's own (see `linux.enter`):
loopback only, shared with this submission's fakes and nothing else. The arguments reach
bwrap through a pipe (`--args`), not its command line: bwrap is process 1 inside, and its
command line would show every path of the grader.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from homework.grading.sandbox.persona import Persona

INSIDE_UID = 1000  # never root inside, even when the grader runs as root
NOBODY = 65534  # who the student is on the host when the grader runs as root
TMP = "/tmp"
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
ETC_FROM_HOST = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
                 "/etc/alternatives", "/etc/os-release", "/etc/timezone", "/etc/nsswitch.conf",
                 "/etc/ssl/certs")


def find() -> str | None:
    """The bwrap program, if installed."""
    return shutil.which("bwrap")


def _inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or below it."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def python_roots() -> list[str]:
    """The folders the course's Python needs: its prefixes and the interpreter's real home."""
    found: list[str] = []
    for path in (sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable))):
        real = os.path.realpath(path)
        if _inside(real, "/usr") or any(_inside(real, f) for f in found):
            continue  # bound already
        found = [f for f in found if not _inside(f, real)] + [real]
    return found


def _system_args() -> list[str]:
    """/usr and friends read-only; merged-/usr links (/bin -> usr/bin) recreated as links."""
    args = []
    for path in SYSTEM:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def command(box: Path, etc: Path, roots: list[tuple[str, str]], persona: Persona,
            name: str, work: str = "work", files: tuple = ()) -> list[str]:
    """bwrap's options for process `name` (for `--args`).

    `box`: the box as bwrap finds it; `etc`: the made /etc files of this process; `roots`:
    Python's (source, destination); `work`: the box's folder with this process's project;
    `files`: (source, destination) of files bound over others (the CA bundles, see `tls`).
    """
    args = ["--unshare-user", "--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID),
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname",
            persona.host(name), "--unshare-cgroup-try", "--disable-userns",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL", *_system_args(),
            # The writable places first: a later bind lands on top, so a course kept under /tmp
            # (a fresh clone, say) still finds its Python inside.
            "--proc", "/proc", "--dev", "/dev", "--bind", str(box / "tmp"), TMP,
            "--bind", str(box / "home"), persona.home, "--bind", str(box / work), persona.work,
            "--bind", str(box / "data" / name), persona.data_dir]
    for source, dest in roots:
        args += ["--ro-bind", source, dest]
    for path in ETC_FROM_HOST:
        args += ["--ro-bind-try", path, path]
    for file in sorted(os.listdir(etc)):
        args += ["--ro-bind", str(etc / file), f"/etc/{file}"]
    for source, dest in files:
        args += ["--ro-bind", source, dest]
    return [*args, "--chdir", persona.work]
