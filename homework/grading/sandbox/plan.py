"""What isolation this machine gives, decided once per run by trying it (never assumed).

Linux with bubblewrap: `probe()` builds one real box in a throwaway process (the worker's
namespaces, then bwrap inside) and checks it from inside: the loopback works, 192.0.2.1 is
unreachable, the process is not root, another folder is invisible, /proc/sys is not writable.
Anything short of that is "best-effort": timeouts, resource limits where the system has them,
and no barrier between student code and the instructor's files. The batch grader refuses
best-effort unless told `--unsafe-no-sandbox`; the students' self-check runs their own code on
their own machine and needs no sandbox.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from homework.grading.sandbox import bwrap

PROBE_TIMEOUT_S = 20
CHECK = r'''
import errno, json, os, socket, sys
port, other = int(sys.argv[1]), sys.argv[2]
problems = []
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
except OSError as error:
    problems.append(f"the loopback does not work inside: {error}")
with socket.socket() as outside:
    outside.settimeout(2)
    if outside.connect_ex(("192.0.2.1", 9)) not in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        problems.append("192.0.2.1 is reachable from inside")
if os.getuid() == 0:
    problems.append("the student runs as root inside")
if os.path.exists(other):
    problems.append("a folder outside the box is visible")
if os.access("/proc/sys/vm/drop_caches", os.W_OK):
    problems.append("/proc/sys is writable")
with open("probe", "w") as file:
    file.write("ok")
print(json.dumps(problems))
'''


@dataclass(frozen=True)
class Isolation:
    """The isolation a run uses: bubblewrap or best-effort, the limits, and why not more."""

    kind: str = "none"  # "bwrap": the full sandbox; "none": best-effort
    rlimits: bool = False  # POSIX resource limits (CPU, memory, file size, open files)
    nproc_by_kernel: bool = False  # RLIMIT_NPROC enforced for the student's user
    student_uid: int | None = None  # who the student's processes are on the host (Linux)
    cgroup: bool = False  # memory and tasks limited per submission by a cgroup
    platform: str = sys.platform
    reason: str = ""  # why there is no sandbox, if there is none
    bwrap: str = ""  # the bubblewrap version used

    @property
    def sandboxed(self) -> bool:
        """Whether submissions run in the bubblewrap sandbox."""
        return self.kind == "bwrap"

    def as_dict(self) -> dict:
        """Plain data, for the worker and for gradebook.json."""
        return asdict(self)


class SandboxUnavailable(Exception):
    """The batch grader was asked for a sandbox this machine cannot give."""

    def __init__(self, isolation: Isolation) -> None:
        super().__init__(isolation.reason)
        self.isolation = isolation

    def render(self, lang: str | None = None) -> str:
        """What to do about it, in `lang`."""
        from homework.grading.texts import t

        key = "sandbox.missing" if sys.platform.startswith("linux") else "sandbox.other_os"
        return t(key, lang, reason=self.isolation.reason)

    def __str__(self) -> str:
        return self.render()


def best_effort(reason: str) -> Isolation:
    """No sandbox: timeouts everywhere, resource limits on POSIX."""
    posix = os.name == "posix"
    linux = sys.platform.startswith("linux")
    return Isolation(rlimits=posix, nproc_by_kernel=linux and os.geteuid() != 0, reason=reason)


def _probe_child(conn, root: str) -> None:
    """Runs in a fresh process: build a real box, check it from inside, report, exit."""
    import socket

    from homework.grading.engine.box import prepare
    from homework.grading.engine.procs import args_pipe
    from homework.grading.sandbox.persona import random_persona

    try:
        job = {"folder": f"{root}/folder", "cgroup_procs": None, "isolation": {"kind": "bwrap"},
               "limits": {"disk_mb": 8}, "persona": random_persona().as_dict()}
        box = prepare(job)
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            fd = args_pipe(box.bwrap_args("runner"))
            argv = [*box.prefix, bwrap.find() or "bwrap", "--args", str(fd), "--",
                    sys.executable, "-s", "-B", "-c", CHECK, str(server.getsockname()[1]),
                    f"{root}/other"]
            done = subprocess.run(argv, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S,
                                  cwd=box.path / "work", env={"PATH": "/usr/bin:/bin"},
                                  pass_fds=(fd,))
            os.close(fd)
        if done.returncode != 0:
            conn.send(f"bwrap failed: {done.stderr.strip()[-300:]}")
            return
        conn.send("; ".join(json.loads(done.stdout.splitlines()[-1])))
    except BaseException as exc:
        conn.send(f"{type(exc).__name__}: {exc}")


def _try(ctx) -> str:
    """Run the probe; '' if the sandbox works here, else the reason."""
    with tempfile.TemporaryDirectory(prefix="homework-probe-") as root:
        os.chmod(root, 0o711)  # as root, the sandbox user must pass through (not list) it
        for name in ("folder/work", "other"):
            Path(root, name).mkdir(parents=True)
        Path(root, "folder").chmod(0o711)
        ours, theirs = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_probe_child, args=(theirs, root), daemon=True)
        process.start()
        theirs.close()
        try:
            answer = ours.recv() if ours.poll(PROBE_TIMEOUT_S + 5) else "the probe hung"
        except (EOFError, OSError):
            answer = "the probe ended without an answer"
        process.join(5)
        if process.is_alive():
            process.kill()
        return answer


def _version(path: str) -> str:
    """`bwrap --version`, e.g. "bubblewrap 0.8.0"."""
    try:
        return subprocess.run([path, "--version"], capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def probe(ctx) -> Isolation:
    """The isolation this machine supports, found by trying it."""
    if not sys.platform.startswith("linux"):
        return best_effort(f"no bubblewrap sandbox on {sys.platform}")
    path = bwrap.find()
    if path is None:
        return best_effort("bubblewrap (bwrap) is not installed")
    problem = _try(ctx)
    if problem:
        return best_effort(problem)
    root = os.geteuid() == 0
    return Isolation("bwrap", rlimits=True, nproc_by_kernel=True,
                     student_uid=bwrap.NOBODY if root else os.getuid(), bwrap=_version(path))
