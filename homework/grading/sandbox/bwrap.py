"""The bubblewrap command line that runs one student process in its own minimal root.

bubblewrap (`bwrap`, the sandbox behind Flatpak) starts the process in new user, PID, IPC,
UTS and cgroup namespaces, as uid 1000 with no capabilities, and builds its root from an
empty tmpfs with only what Python needs:

- read-only: the system's programs and libraries (/usr, /lib…), the course's Python and its
  virtual environment, and a few generated files (/etc/passwd, /etc/hosts);
- a fresh /proc for its own PID namespace (bwrap keeps /proc/sys read-only) and a minimal /dev;
- writable: only the submission's box, at /sandbox, and its tmp folder at /tmp.

No home, no /run (D-Bus, ssh-agent, docker.sock), no /sys, no /etc/shadow, no other
submission. The network namespace is the grading worker's own (see `linux.enter`): loopback
only, shared with this submission's fakes and nothing else.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

INSIDE_UID = 1000  # never root inside, even when the grader runs as root
NOBODY = 65534  # who the student is on the host when the grader runs as root
BOX = "/sandbox"  # the submission's writable box, seen from inside
WORK, HOME, TMP = f"{BOX}/work", f"{BOX}/home", "/tmp"
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
ETC_FROM_HOST = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/alternatives")
PASSWD = f"student:x:{INSIDE_UID}:{INSIDE_UID}:student:{HOME}:/bin/sh\n"
GROUP = f"student:x:{INSIDE_UID}:\n"
HOSTS = "127.0.0.1 localhost\n::1 localhost\n"


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


def write_etc(folder: Path) -> Path:
    """The generated /etc files (one user, one group, localhost) in `folder`; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("passwd", PASSWD), ("group", GROUP), ("hosts", HOSTS)):
        (folder / name).write_text(text, "utf-8")
    return folder


def command(box: Path, etc: Path, roots: list[tuple[str, str]]) -> list[str]:
    """The bwrap arguments (up to and including `--`); `roots`: Python's (source, dest)."""
    args = [find() or "bwrap", "--unshare-user", "--uid", str(INSIDE_UID), "--gid",
            str(INSIDE_UID), "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname",
            "sandbox", "--unshare-cgroup-try", "--disable-userns", "--die-with-parent",
            "--new-session", "--cap-drop", "ALL", *_system_args(),
            # The writable places first: a later bind lands on top, so a course kept under /tmp
            # (a fresh clone, say) still finds its Python inside.
            "--proc", "/proc", "--dev", "/dev", "--bind", str(box), BOX,
            "--bind", str(box / "tmp"), TMP]
    for source, dest in roots:
        args += ["--ro-bind", source, dest]
    for path in ETC_FROM_HOST:
        args += ["--ro-bind-try", path, path]
    for name in ("passwd", "group", "hosts"):
        args += ["--ro-bind", str(etc / name), f"/etc/{name}"]
    args += ["--chdir", WORK, "--"]
    return args
