"""Task 1, read from the files: no OpenRouter key written anywhere in the submission.

Flagged: any text with `sk-or-v1-` followed by a key character, in code (strings, comments) or
in any other text file; and in Python, a bare `"sk-or-v1-"` glued (`+`, f-string, `%`) to
anything but an environment lookup (`os.getenv(...)`, `os.environ[...]`), which is a key
split in two. Allowed: the prefix alone, e.g. `key.startswith("sk-or-v1-")`.
The `.env` file is not scanned: it is where a key belongs, and the grader deletes it unread.
Reading only: nothing of the submission runs here.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

PREFIX = "sk-or-v1-"
KEY_TEXT = re.compile(r"sk-or-v1-[A-Za-z0-9]")
MAX_FILE_BYTES = 1_000_000  # bigger files are not code a student wrote
SKIP_DIRS = {".git", "__pycache__", ".venv", "venv", "node_modules", ".ipynb_checkpoints"}


def _env_lookup(node: ast.AST) -> bool:
    """Whether `node` reads an environment variable: getenv(...), environ[...], environ.get(...)."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "getenv":
            return True
        return name == "get" and isinstance(func, ast.Attribute) and _is_environ(func.value)
    return isinstance(node, ast.Subscript) and _is_environ(node.value)


def _is_environ(node: ast.AST) -> bool:
    """Whether `node` is `os.environ` or `environ`."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ")


def _bare_prefix(node: ast.AST) -> bool:
    """Whether `node` is a string constant ending in the bare prefix `sk-or-v1-`."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and \
        node.value.endswith(PREFIX)


def _glued(node: ast.AST) -> list[ast.AST]:
    """The parts glued to a bare prefix in `node` (a + b, f-string, "%s" % x), if any."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)) \
            and _bare_prefix(node.left):
        return [node.right]
    if isinstance(node, ast.JoinedStr):
        for before, after in itertools.pairwise(node.values):
            if _bare_prefix(before):
                return [getattr(after, "value", after)]
    return []


def scan_python(source: str) -> list[int]:
    """Line numbers of key-shaped text in Python source (SyntaxError if it does not parse)."""
    lines = {n for n, line in enumerate(source.splitlines(), 1) if KEY_TEXT.search(line)}
    for node in ast.walk(ast.parse(source)):
        if any(not _env_lookup(part) for part in _glued(node)):
            lines.add(node.lineno)
    return sorted(lines)


def scan_text(text: str) -> list[int]:
    """Line numbers of key-shaped text in any text file."""
    return [n for n, line in enumerate(text.splitlines(), 1) if KEY_TEXT.search(line)]


def _files(root: Path) -> list[Path]:
    """The submission's files to scan, in a stable order: no links, none below MAX_DEPTH."""
    from homework import tree  # a loop, not rglob: rglob recurses and a deep tree ends it

    def enter(folder: tree.Entry) -> bool:
        """Whether to look inside `folder`."""
        return folder.name not in SKIP_DIRS and len(folder.parts) <= tree.MAX_DEPTH

    return sorted(entry.path for entry in tree.walk(root, enter) if entry.kind == "file"
                  and entry.name != ".env" and tree.valid_name(entry.name))


def scan(root: Path) -> dict:
    """Every place with key-shaped text: `{"places": ["file.py:12", ...]}`."""
    places = []
    for path in _files(root):
        if path.stat().st_size > MAX_FILE_BYTES:
            continue
        raw = path.read_bytes()
        if b"\0" in raw:  # binary (a database, an image): not written by hand
            continue
        text = raw.decode("utf-8", "replace")
        try:
            lines = scan_python(text) if path.suffix == ".py" else scan_text(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            lines = scan_text(text)  # broken Python is still read line by line
        places += [f"{path.relative_to(root).as_posix()}:{line}" for line in lines]
    return {"places": places}
