"""Folder trees from submissions, walked with a loop (never recursion) and never through a link.

pathlib's `rglob`, `os.walk` and `shutil.rmtree` all recurse in Python 3.11: a folder 1,100
levels deep ends them with RecursionError. Here a list is the stack. `remove()` also goes one
level at a time through folder handles and `..`, so no path grows past PATH_MAX however deep
a student's code made the tree, and it holds one handle at a time, not one per level.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_DEPTH = 64  # folders inside folders: no project comes near it; a deeper tree is a trap
FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
BY_HANDLE = {os.open, os.unlink, os.rmdir, os.chmod} <= os.supports_dir_fd and \
    os.scandir in os.supports_fd


@dataclass(frozen=True)
class Entry:
    """One entry of a tree: where it is, its names from the top, and what it is."""

    path: Path
    parts: tuple[str, ...]
    kind: str  # "dir", "file", "link" or "other" (a pipe, a socket, a device)

    @property
    def name(self) -> str:
        """The entry's own name."""
        return self.parts[-1]


def valid_name(name: str) -> bool:
    """Whether a file name is valid UTF-8 (POSIX names are bytes; Python keeps bad ones as
    lone surrogates, which no report can encode)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kind(item: os.DirEntry) -> str:
    """What a directory entry is, without following a link (a Windows junction is a link)."""
    attributes = getattr(item.stat(follow_symlinks=False), "st_file_attributes", 0)
    if item.is_symlink() or attributes & getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0):
        return "link"
    if item.is_dir(follow_symlinks=False):
        return "dir"
    return "file" if item.is_file(follow_symlinks=False) else "other"


def walk(root: Path, descend: Callable[[Entry], bool] = lambda entry: True) -> Iterator[Entry]:
    """Every entry below `root`, a folder before what it holds, each folder's in name order;
    into a folder only if `descend(entry)`, never into a link. OSError if one cannot be read."""
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, parts = stack.pop()
        with os.scandir(folder) as listing:
            items = sorted(listing, key=lambda item: item.name)
        below = []
        for item in items:
            entry = Entry(Path(item.path), (*parts, item.name), _kind(item))
            yield entry
            if entry.kind == "dir" and descend(entry):
                below.append((entry.path, entry.parts))
        stack.extend(reversed(below))  # the first by name is taken next


def _unlock(path: str | Path, dir_fd: int | None = None) -> None:
    """Give our user every right on a folder (a student's code may have taken them)."""
    with contextlib.suppress(OSError):
        os.chmod(path, stat.S_IRWXU, dir_fd=dir_fd)


def remove(folder: Path) -> None:
    """Delete a tree however deep, folders made unreadable too; links removed, never followed."""
    if not os.path.lexists(folder):
        return
    if os.path.islink(folder) or not os.path.isdir(folder):
        with contextlib.suppress(OSError):
            os.unlink(folder)
        return
    _unlock(folder)
    with contextlib.suppress(OSError):
        _remove_by_handle(folder) if BY_HANDLE else _remove_by_path(folder)
        os.rmdir(folder)


def _clear(fd: int) -> list[str]:
    """Delete everything but folders in the open folder `fd`; the names of the folders."""
    with os.scandir(fd) as listing:
        items = list(listing)
    folders = []
    for item in items:
        if item.is_dir(follow_symlinks=False):
            folders.append(item.name)
        else:
            with contextlib.suppress(OSError):
                os.unlink(item.name, dir_fd=fd)
    return folders


def _enter(fd: int, name: str) -> int | None:
    """A handle to the folder `name` in `fd`, unlocked first (None if it cannot be opened)."""
    # chmod follows links, but `name` was a folder a moment ago and nothing runs any more;
    # the open below refuses a link in any case (O_NOFOLLOW).
    _unlock(name, fd)
    try:
        return os.open(name, FOLDER, dir_fd=fd)
    except OSError:
        return None


def _remove_by_handle(folder: Path) -> None:
    """Empty `folder` depth first, holding one handle: down by name, back up through `..`."""
    fd = os.open(folder, FOLDER)
    names: list[str] = []  # from `folder` down to the folder `fd` is open on
    pending = [_clear(fd)]  # per level: the folders still to empty and remove
    try:
        while True:
            if pending[-1]:
                name = pending[-1].pop()
                inner = _enter(fd, name)
                if inner is not None:  # else it stays, and so do the folders above it
                    os.close(fd)
                    fd = inner
                    names.append(name)
                    pending.append(_clear(fd))
            elif names:
                parent = os.open("..", FOLDER, dir_fd=fd)
                os.close(fd)
                fd = parent
                pending.pop()
                with contextlib.suppress(OSError):
                    os.rmdir(names.pop(), dir_fd=fd)
            else:
                return
    finally:
        os.close(fd)


def _remove_by_path(folder: Path) -> None:
    """The same by paths, where folder handles are missing (Windows): deepest folders first."""
    folders = []
    with contextlib.suppress(OSError):
        for entry in walk(folder, lambda entry: _unlock(entry.path) or True):
            if entry.kind == "dir":
                folders.append(entry.path)
            else:
                _delete(entry.path, entry.kind)
    for path in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(path)


def _delete(path: Path, kind: str) -> None:
    """Delete a file or a link (a read-only file made writable first, as Windows requires)."""
    with contextlib.suppress(OSError):
        if kind == "file":
            os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
        try:
            os.unlink(path)
        except OSError:
            os.rmdir(path)  # a Windows junction goes as a folder (its target stays)
