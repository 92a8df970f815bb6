"""Task 1, read from the files: no OpenRouter key written anywhere in the submission.

Every file's bytes are read, whatever its name or content, for key-shaped text (`key_text`:
written out, glued together in Python, reversed, base64 or hex): a text file line by line
(Python also for the values of constant expressions); a binary file (one with a NUL byte: an
image, a database) as it is and as UTF-16; a file over 1 MB as a stream, for the text as it
is, reversed or as UTF-16. What the copy leaves out of the graded project (`unpack`: virtual
environments, caches, names that are not UTF-8) it reads as it goes, and leaves the places it
found beside the project (LEFT_OUT_PLACES) for `scan()` to add. The `.env` file is not
scanned: it is where a key belongs, and the grader deletes it unread. Reading only: nothing of
the submission runs here.

What this cannot see: a key computed by code it does not evaluate (`chr()` of numbers, a
loop, a cipher, a file or network read at run time), or a file compressed in the hand-in (a
.zip inside the zip, .git's objects). The grader's dynamic checks cover the code that runs: a
key-shaped key in a request sent with OPENROUTER_API_KEY unset, and key-shaped text in the
modules' variables after import (`checks_task1`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from homework.grading.key_text import holds_key, scan_python, scan_text

__all__ = ["holds_key", "scan", "scan_bytes", "scan_file", "scan_python", "scan_text"]
MAX_FILE_BYTES = 1_000_000  # bigger files are not code a student wrote: read as a stream
KEY_BYTES = re.compile(rb"sk-or-v1-[A-Za-z0-9]")
# A key as OpenRouter issues it: what folders of other people's code (a virtual environment,
# node_modules, .git) are read for. Their docs may show made-up ones ("sk-or-v1-your-key").
REAL_KEY = re.compile(rb"sk-or-v1-[0-9a-f]{64}")
CHUNK, OVERLAP = 1 << 20, 256  # a stream is read in chunks that overlap by more than a key
MARKERS = tuple(text.encode(codec) for text in ("sk-or-v1-", "-1v-ro-ks")
                for codec in ("ascii", "utf-16-le", "utf-16-be"))
LEFT_OUT_PLACES = "left-out-places.json"  # beside the project: what the copy found


def _binary(raw: bytes) -> bool:
    """Whether binary bytes hold key-shaped text: as they are, or as UTF-16 (NULs dropped)."""
    return any(scan_text(data.decode("latin-1")) for data in (raw, raw.replace(b"\0", b"")))


def scan_bytes(name: str, raw: bytes) -> list[str]:
    """The places with key-shaped text in one file's bytes (up to MAX_FILE_BYTES), any name."""
    if b"\0" in raw:  # an image, a database, UTF-16 text: no lines to speak of
        return [name] if _binary(raw) else []
    text = raw.decode("utf-8", "replace")
    try:
        lines = scan_python(text) if name.endswith(".py") else scan_text(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        lines = scan_text(text)  # broken Python is still read line by line
    return [f"{name}:{line}" for line in lines]


def _marked(data: bytes) -> bool:
    """Whether `data` holds the prefix, as it is, reversed or in UTF-16 (a quick first look)."""
    return any(marker in data for marker in MARKERS)


def stream_holds(chunks: Iterable[bytes], pattern: re.Pattern = KEY_BYTES) -> bool:
    """Whether a stream of bytes holds `pattern`: as it is, reversed, or as UTF-16."""
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        if _marked(data):  # most files never hold the prefix: no copies made for them
            for view in (data, data.replace(b"\0", b"")):
                if pattern.search(view) or pattern.search(view[::-1]):
                    return True
        tail = data[-OVERLAP:]
    return False


def chunks(path: Path | str) -> Iterator[bytes]:
    """A file's bytes, a chunk at a time."""
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            yield chunk


def shown(relative: str) -> str:
    """A path as a report can show it: bytes that are not UTF-8 escaped (`\\xff`)."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def scan_file(name: str, path: Path | str) -> list[str]:
    """The places with key-shaped text in the file at `path`, shown as `name`."""
    if os.stat(path).st_size > MAX_FILE_BYTES:
        return [name] if stream_holds(chunks(path)) else []
    with open(path, "rb") as file:
        return scan_bytes(name, file.read())


def _files(root: Path) -> list[Path]:
    """The project's files to scan, in a stable order: no links, none below MAX_DEPTH."""
    from homework.grading import tree  # a loop, not rglob: rglob recurses and a deep tree ends it

    def enter(folder: tree.Entry) -> bool:
        """Whether to look inside `folder`."""
        return len(folder.parts) <= tree.MAX_DEPTH

    return sorted(entry.path for entry in tree.walk(root, enter) if entry.kind == "file"
                  and entry.name != ".env")


def _left_out(root: Path) -> list[str]:
    """The places the copy found in what it left out of the project (see `unpack`)."""
    try:
        places = json.loads((root.parent / LEFT_OUT_PLACES).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [place for place in places if isinstance(place, str)]


def scan(root: Path) -> dict:
    """Every place with key-shaped text: `{"places": ["file.py:12", ...]}`."""
    places = []
    for path in _files(root):
        places += scan_file(shown(path.relative_to(root).as_posix()), path)
    return {"places": places + _left_out(root)}
