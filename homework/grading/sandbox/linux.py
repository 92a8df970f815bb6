"""The grading worker's own namespaces: a private loopback network and a size-limited box.

What `enter()` does to the calling process (a grading worker, still single-threaded):

- a user namespace (no privileges needed), in which it may create the others;
- a network namespace with only a loopback interface: the submission's fakes listen there,
  the student's processes (started in it by bubblewrap, see `bwrap.py`) reach them over
  127.0.0.1, and nothing else is reachable: no other host, no abstract Unix socket of the host;
- a mount namespace in which the submission's box is a tmpfs of a fixed size: the only place
  the student's processes can write, and the disk quota of the whole submission.

The student's processes get everything else from bubblewrap: their own user (uid 1000, no
capabilities), PID, IPC and UTS namespaces and a minimal root. The worker stays outside them:
a submission can neither see nor signal it.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import socket
import struct

from homework.grading.sandbox.bwrap import INSIDE_UID, NOBODY

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 4, 36
SANDBOX_ID = INSIDE_UID  # the student's uid and gid in the worker's namespace, as in bwrap's
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    """Raise OSError with the C library's errno if a call failed."""
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def prctl(option: int, arg: int = 0) -> int:
    """The prctl(2) system call; returns its result (-1 on failure)."""
    return _libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0)


def unshare(flags: int) -> None:
    """Move the calling process into new namespaces."""
    _check(_libc.unshare(flags), "unshare")


def _write(path: str, text: str) -> None:
    """Write a small /proc file in one go."""
    with open(path, "w", encoding="ascii") as file:
        file.write(text)


def map_ids(uid: int, gid: int) -> None:
    """Be root inside the new user namespace and our own user outside (like `unshare -r`)."""
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"0 {uid} 1")
    _write("/proc/self/gid_map", f"0 {gid} 1")


def unshare_as_root(flags: int) -> None:
    """Root: unshare, and have a child left outside map a second user, nobody, as SANDBOX_ID.

    A student process is then never root on the host (root could write e.g.
    /proc/sys/vm/drop_caches, whatever the namespaces). Mapping more than one's own user
    takes CAP_SETUID in the parent namespace, which a process gives up by unsharing.
    """
    ready, go = os.pipe()
    parent = os.getpid()
    child = os.fork()  # the worker has no thread yet: forking here is safe
    if child == 0:
        code = 1
        try:
            os.close(go)
            os.read(ready, 1)
            for name in ("uid_map", "gid_map"):
                _write(f"/proc/{parent}/{name}", f"0 0 1\n{SANDBOX_ID} {NOBODY} 1")
            code = 0
        finally:
            os._exit(code)
    os.close(ready)
    try:
        unshare(flags)
    finally:
        os.write(go, b"x")
        os.close(go)
        status = os.waitpid(child, 0)[1]
    if status != 0:
        raise OSError(f"mapping the sandbox user failed (status {status})")


def loopback_up() -> None:
    """Switch on `lo` in the new network namespace (it starts down: no 127.0.0.1 at all)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))


def mount(source: str | None, target: str, fstype: str | None, flags: int,
          data: str | None = None) -> None:
    """The mount(2) system call."""
    def encode(text: str | None) -> bytes | None:
        """C strings for the call (NULL for None)."""
        return text.encode() if text is not None else None

    _check(_libc.mount(encode(source), target.encode(), encode(fstype), ctypes.c_ulong(flags),
                       encode(data)), f"mount {target}")


def enter(box: str, disk_mb: int) -> None:
    """Give the calling (single-threaded) worker its own network and a size-limited box."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS
    if uid == 0:
        unshare_as_root(flags)
    else:
        # /proc/self of a non-dumpable process belongs to root until its ids are mapped:
        # dumpable for the moment of mapping (no student process exists yet), then not again.
        prctl(PR_SET_DUMPABLE, 1)
        unshare(flags)
        map_ids(uid, gid)
        not_dumpable()
    loopback_up()
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount is seen by the host
    # The box is a tmpfs: the submission can write at most `disk_mb`, and it is gone with us.
    owner = f",uid={SANDBOX_ID},gid={SANDBOX_ID}" if uid == 0 else ""
    mount("tmpfs", box, "tmpfs", MS_NOSUID | MS_NODEV, f"size={disk_mb}m,mode=0700{owner}")


def bind(source: str, target: str) -> None:
    """Bind-mount `source` on `target` (in the worker's mount namespace only)."""
    mount(source, target, None, MS_BIND | MS_REC)


def not_dumpable() -> None:
    """Forbid other processes of our user to trace us or read our memory and environment."""
    with contextlib.suppress(OSError):
        prctl(PR_SET_DUMPABLE, 0)


def subreaper() -> None:
    """Adopt every orphan of our children: a daemon a student starts stays ours to count."""
    prctl(PR_SET_CHILD_SUBREAPER, 1)
