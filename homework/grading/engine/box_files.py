"""Reading files of a submission's box from the grader's own process, never through a link.

The box is the student's: while it runs, their code may turn any file or folder in it into a
symbolic link, to `/proc/self/cwd/...` (which the grader's process would resolve to the folder
the instructor runs it in) or to any path it can guess. So every path is walked one name at a
time from the box, each folder opened with O_NOFOLLOW through the handle of the one above it
(`openat`), and only a regular file with a single name is read: a link at any level, a pipe, a
device, a hard link (a second name for a file elsewhere) are refused with OSError. Windows,
which lacks folder handles, gets the same checks by path (best-effort, as grading there is).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
# Non-blocking: opening a pipe a student left in place of a file must not wait for a writer.
FILE = os.O_RDONLY | NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | \
    getattr(os, "O_BINARY", 0)
BY_HANDLE = os.open in os.supports_dir_fd and bool(NOFOLLOW)
MAX_ENTRIES = 5000  # entries a search looks at: a box the student filled is not searched forever
MAX_DEPTH = 16  # folders a search goes down


def _names(relative: str) -> tuple[str, ...]:
    """The names of a relative path, refused if it could leave the box."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise OSError(errno.EINVAL, "not a path inside the box", relative)
    return parts


def _checked(fd: int, relative: str) -> int:
    """`fd` if it is a regular file with one name; else it is closed and OSError raised."""
    info = os.fstat(fd)
    if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
        return fd
    os.close(fd)
    raise OSError(errno.EPERM, "not a regular file of the box's own", relative)


def _open_by_handle(root: Path, names: tuple[str, ...]) -> int:
    """Walk down from `root` through folder handles; the open file."""
    fd = os.open(root, FOLDER)
    try:
        for name in names[:-1]:
            inner = os.open(name, FOLDER, dir_fd=fd)  # a link here: ELOOP or ENOTDIR
            os.close(fd)
            fd = inner
        return os.open(names[-1], FILE, dir_fd=fd)
    finally:
        os.close(fd)


def _is_link(info: os.stat_result) -> bool:
    """Whether lstat's `info` is a link (a Windows junction counts)."""
    reparse = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0)
    return stat.S_ISLNK(info.st_mode) or bool(getattr(info, "st_file_attributes", 0) & reparse)


def _open_by_path(root: Path, names: tuple[str, ...]) -> int:
    """The same by paths: no level may be a link, and the file opened is the one checked."""
    path = root
    for name in names:
        path = path / name
        if _is_link(os.lstat(path)):
            raise OSError(errno.ELOOP, "a link", str(path))
    before = os.lstat(path)
    fd = os.open(path, FILE)
    after = os.fstat(fd)
    if (before.st_dev, before.st_ino) != (after.st_dev, after.st_ino):
        os.close(fd)
        raise OSError(errno.ELOOP, "changed while opened", str(path))
    return fd


def open_below(root: Path, relative: str) -> int:
    """A read handle on the regular file `relative` below `root`; no link is ever followed."""
    names = _names(relative)
    fd = _open_by_handle(root, names) if BY_HANDLE else _open_by_path(root, names)
    return _checked(fd, relative)


def read_fd(fd: int, limit: int) -> bytes:
    """All of an open file, from its start; OSError if it holds more than `limit` bytes."""
    chunks, size = [], 0
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 20):
        size += len(chunk)
        if size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit // 2**20} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def read_below(root: Path, relative: str, limit: int) -> bytes:
    """The bytes of the regular file `relative` below `root` (see `open_below`)."""
    fd = open_below(root, relative)
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)


def head(root: Path, relative: str, size: int) -> tuple[bytes, int]:
    """The first `size` bytes of a file below `root` and when it was last written (ns);
    (b"", 0) if it cannot be read safely."""
    try:
        fd = open_below(root, relative)
    except OSError:
        return b"", 0
    try:
        return os.read(fd, size), os.fstat(fd).st_mtime_ns
    except OSError:
        return b"", 0
    finally:
        os.close(fd)


def _listing(root: Path, relative: str) -> list[tuple[str, bool]]:
    """(name, is a folder) of each regular file and folder in a folder below `root`."""
    if BY_HANDLE:
        fd = os.open(root, FOLDER)
        try:
            for name in _names(relative) if relative else ():
                inner = os.open(name, FOLDER, dir_fd=fd)
                os.close(fd)
                fd = inner
            with os.scandir(fd) as items:
                entries = list(items)
        finally:
            os.close(fd)
    else:
        folder = root.joinpath(*_names(relative)) if relative else root
        if relative and _is_link(os.lstat(folder)):
            return []
        with os.scandir(folder) as items:
            entries = list(items)
    return sorted((item.name, item.is_dir(follow_symlinks=False)) for item in entries
                  if item.is_dir(follow_symlinks=False) or item.is_file(follow_symlinks=False))


def files_below(root: Path, tops: tuple[str, ...]) -> Iterator[str]:
    """The regular files below the folders `tops` of `root` (relative paths, in name order);
    at most MAX_ENTRIES looked at, MAX_DEPTH deep; folders that cannot be read are passed."""
    seen = 0
    stack = [(top, 0) for top in reversed(tops)]
    while stack and seen < MAX_ENTRIES:
        folder, depth = stack.pop()
        listing: list[tuple[str, bool]] = []
        with contextlib.suppress(OSError):  # missing, made a link, or taken away meanwhile
            listing = _listing(root, folder)
        below = []
        for name, is_folder in listing[: MAX_ENTRIES - seen]:
            seen += 1
            relative = f"{folder}/{name}"
            if not is_folder:
                yield relative
            elif depth < MAX_DEPTH:
                below.append((relative, depth + 1))
        stack.extend(reversed(below))
