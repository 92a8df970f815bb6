"""What isolation this machine gives, decided once per run by trying it (never assumed).

Linux: `probe()` forks a throwaway process that builds the namespaces of `linux.enter` and
checks them (loopback works, 192.0.2.1 is unreachable, only its own folder is writable). If
the whole set fails, smaller sets are tried; if none works (no user namespaces, e.g. some
hardened kernels or containers), the fallback is best-effort. macOS and Windows always use the
fallback: timeouts everywhere, resource limits on macOS, no network or filesystem barrier.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Tried in this order: the first set that works is used.
CANDIDATES = (
    {"network": True, "filesystem": True, "processes": True},
    {"network": True, "filesystem": False, "processes": True},
    {"network": True, "filesystem": False, "processes": False},
)
NONE = {"network": False, "filesystem": False, "processes": False}
PROBE_TIMEOUT_S = 15
TEST_NET = ("192.0.2.1", 9)  # TEST-NET-1: reserved for documentation, never a real host


@dataclass(frozen=True)
class Isolation:
    """The isolation a run uses: Linux namespace layers, resource limits, and why not more."""

    layers: dict[str, bool] = field(default_factory=lambda: dict(NONE))
    rlimits: bool = False  # POSIX resource limits (CPU, memory, file size, open files)
    nproc_by_kernel: bool = False  # RLIMIT_NPROC enforced (Linux, not as root)
    platform: str = sys.platform
    reason: str = ""  # why the namespaces are missing, if they are

    @property
    def namespaces(self) -> bool:
        """Whether the submission gets its own network namespace."""
        return self.layers.get("network", False)

    def as_dict(self) -> dict:
        """Plain data, for the worker and for gradebook.json."""
        return asdict(self)


def _check_inside(folder: Path, hidden: Path) -> str:
    """In the probe's namespaces: '' if everything holds, else what does not."""
    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client.settimeout(2)
        client.connect(server.getsockname())
    with socket.socket() as outside:
        outside.settimeout(2)
        code = outside.connect_ex(TEST_NET)
    if code not in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"192.0.2.1 answered connect() with {os.strerror(code) if code else 'success'}"
    (folder / "probe").write_text("ok", "utf-8")
    return "another submission's folder is visible" if hidden.exists() else ""


def _probe_child(conn, root: str, layers: dict[str, bool]) -> None:
    """Runs in a fresh process: build the namespaces, check them, report, exit."""
    from homework.sandbox import linux

    try:
        folder, hidden = Path(root, "mine"), Path(root, "other")
        linux.enter(root, str(folder), layers)
        problem = _check_inside(folder, hidden if layers["filesystem"] else Path(root, "-"))
        conn.send(problem)
    except BaseException as exc:
        conn.send(f"{type(exc).__name__}: {exc}")


def _try(ctx, layers: dict[str, bool]) -> str:
    """Run one probe; '' if these layers work here, else the reason."""
    with tempfile.TemporaryDirectory(prefix="homework-probe-") as root:
        Path(root, "mine").mkdir()
        Path(root, "other").mkdir()
        ours, theirs = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_probe_child, args=(theirs, root, layers), daemon=True)
        process.start()
        theirs.close()
        answer = ours.recv() if ours.poll(PROBE_TIMEOUT_S) else "the probe did not answer"
        process.join(5)
        if process.is_alive():
            process.kill()
        return answer


def probe(ctx) -> Isolation:
    """The isolation this machine supports, found by trying it."""
    posix = os.name == "posix"
    if not sys.platform.startswith("linux"):
        return Isolation(rlimits=posix, reason=f"no Linux namespaces on {sys.platform}")
    nproc = os.geteuid() != 0  # Linux ignores RLIMIT_NPROC for root
    reason = ""
    for layers in CANDIDATES:
        reason = _try(ctx, layers)
        if not reason:
            return Isolation(dict(layers), True, nproc)
    return Isolation(rlimits=True, nproc_by_kernel=nproc, reason=reason)
