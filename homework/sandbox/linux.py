"""Linux namespaces for one submission: its own network, view of the disk and process tree.

What `enter()` does to the calling process (a grading worker, still single-threaded):

- a user namespace (no privileges needed), in which it may create the others:
- a network namespace with only a loopback interface: the local fakes and the student's
  processes talk over 127.0.0.1, and nothing else is reachable;
- a mount namespace in which every mount is read-only, the grading folder is replaced by an
  empty tmpfs, and only this submission's folder is mounted back, writable: a submission cannot
  change the grader, the course, the instructor's files or another submission;
- a PID namespace: the worker's child that does the grading is its first process ("init"),
  and when it ends, the kernel ends every process of the submission, including daemons that
  left their session (`run_as_init`, `end_namespace`).

Student processes also drop every capability (`drop_privileges`), so the namespace's root
cannot undo the read-only mounts or trace the worker. `probe()` tries all this once, in a
throwaway process, before a batch: a machine that refuses gets the best-effort fallback.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import signal
import socket
import struct

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP = 1, 4, 24
PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 38, 47, 4
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
CAPABILITY_VERSION_3 = 0x20080522
# Mounts left as they are: the kernel's own views. /dev goes read-only too: /dev/null still
# takes writes (a device is not the filesystem), and /dev/shm is no channel between submissions.
KEEP_WRITABLE = ("/proc", "/sys")

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


def mount_points() -> list[str]:
    """Every mount point of this mount namespace, parents before children."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as file:
        for line in file:
            # Field 5 is the mount point, with blanks written as octal escapes (\040).
            points.append(line.split()[4].encode().decode("unicode_escape"))
    return points


def read_only_everything() -> list[str]:
    """Remount every mount read-only (except KEEP_WRITABLE); the mounts that refused."""
    refused = []
    for point in mount_points():
        if point.startswith(KEEP_WRITABLE):
            continue
        try:
            mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
        except OSError:  # e.g. a mount locked by the namespace above: it stays as it was
            refused.append(point)
    return refused


def private_folder(grading_root: str, folder: str) -> None:
    """Hide `grading_root` under an empty tmpfs, then mount `folder` back, writable."""
    keep = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)  # opened in this namespace
    try:
        mount("tmpfs", grading_root, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
        os.makedirs(folder, exist_ok=True)
        mount(f"/proc/self/fd/{keep}", folder, None, MS_BIND)
    finally:
        os.close(keep)
    mount(None, folder, None, MS_REMOUNT | MS_BIND)  # the copy was read-only like the rest


def run_as_init(function) -> int:
    """Run `function` in a child that is the new PID namespace's first process; its status.

    After unshare(CLONE_NEWPID) the caller may no longer start threads (Linux requires the
    threads of a process to share its PID namespace), so the work happens in this child: it
    is "init" of the namespace, and when it ends, the kernel ends every process in it. It dies
    with us (PDEATHSIG): killing the worker from outside still ends the whole submission.
    """
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            function()
            code = 0
        finally:
            os._exit(code)
    return os.waitpid(pid, 0)[1]


def end_namespace() -> None:
    """As init of a PID namespace: kill every other process in it and reap them all."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(-1, signal.SIGKILL)  # from init: every process of the namespace but init
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:  # none left
            return
        except InterruptedError:
            continue


def enter(grading_root: str, folder: str, layers: dict[str, bool]) -> dict[str, object]:
    """Put the calling (single-threaded) process into the namespaces `layers` asks for."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWUSER | CLONE_NEWNET
    flags |= CLONE_NEWNS if layers.get("filesystem") else 0
    flags |= CLONE_NEWPID if layers.get("processes") else 0
    unshare(flags)
    map_ids(uid, gid)
    loopback_up()
    done: dict[str, object] = {"network": True}
    if layers.get("filesystem"):
        mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we do leaks to the host
        done["read_only_refused"] = read_only_everything()
        private_folder(grading_root, folder)
        done["filesystem"] = True
    done["processes"] = bool(layers.get("processes"))
    return done


def drop_privileges() -> None:
    """Give up every capability for good (a student process, before any student code)."""
    for cap in range(64):  # EINVAL past the last capability, EPERM outside a namespace: fine
        prctl(PR_CAPBSET_DROP, cap)
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    # The bounding set only limits what a later exec may gain: clear what we hold right now.
    header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable, twice: all zero
    _libc.capset(header, data)


def not_dumpable() -> None:
    """Forbid other processes of our user to trace us or read our memory and environment."""
    with contextlib.suppress(OSError):
        prctl(PR_SET_DUMPABLE, 0)
