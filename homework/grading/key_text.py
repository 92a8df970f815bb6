"""Key-shaped text in a text or in Python source: the part of the key scan that reads text.

Flagged: any text with `sk-or-v1-` followed by a key character, also reversed, base64- or
hex-encoded; in Python, also the value of a constant expression: strings glued with `+`,
implicit concatenation, f-strings, `%`, `.format()`, `"".join([...])`, `[::-1]`, and names
assigned such values; and a bare `"sk-or-v1-"` glued to anything but an environment lookup
(`os.getenv(...)`, `os.environ[...]`), which is a key split in two. Allowed: the prefix alone,
e.g. `key.startswith("sk-or-v1-")`. Reading only: nothing of the submission runs here.
Which files are read, and how bytes become text, is `static_scan`.
"""

from __future__ import annotations

import ast
import base64
import itertools
import re
import threading

PREFIX = "sk-or-v1-"
KEY_TEXT = re.compile(r"sk-or-v1-[A-Za-z0-9]")
# One parse at a time: CPython 3.11's `ast` keeps its recursion bookkeeping per interpreter, not
# per thread, and the grader scans submissions in several threads ("SystemError: AST
# constructor recursion depth mismatch", python/cpython#106905).
_AST = threading.Lock()
REVERSED = ast.dump(ast.parse("x[::-1]").body[0].value.slice)  # the slice of `text[::-1]`
ENCODED = re.compile(r"[A-Za-z0-9+/_=-]{16,}")  # what may be base64 or hex of a key
MAX_FOLDED = 10_000  # characters a folded string may reach (no "x" * 10**9 here)


def _decoded(token: str) -> list[str]:
    """What `token` reads as, decoded from base64 (both alphabets) or hex; may be empty."""
    padded = token.rstrip("=") + "=" * (-len(token.rstrip("=")) % 4)
    decoders = (lambda: base64.b64decode(padded), lambda: base64.urlsafe_b64decode(padded),
                lambda: bytes.fromhex(token))
    found = []
    for decode in decoders:
        try:
            found.append(decode().decode("latin-1"))
        except ValueError:  # binascii.Error is one
            continue
    return found


def holds_key(text: str) -> bool:
    """Whether `text` holds key-shaped text: as it is, reversed, or in base64 or hex."""
    if KEY_TEXT.search(text) or KEY_TEXT.search(text[::-1]):
        return True
    return any(KEY_TEXT.search(plain) for token in ENCODED.findall(text)
               for plain in _decoded(token))


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


def _joined(node: ast.Call, names: dict[str, str]) -> str | None:
    """The value of `"sep".join([...])` or `"...".format(...)` of constants, else None."""
    func = node.func
    if not isinstance(func, ast.Attribute) or node.keywords:
        return None
    base = fold(func.value, names)
    if base is None:
        return None
    if func.attr == "join" and len(node.args) == 1 and isinstance(node.args[0], (ast.List,
                                                                               ast.Tuple)):
        parts = [fold(item, names) for item in node.args[0].elts]
        return None if None in parts else base.join(parts)
    args = [fold(arg, names) for arg in node.args]
    if func.attr == "format" and None not in args:
        try:
            return base.format(*args)
        except (IndexError, KeyError, ValueError):
            return None
    return None


def _binop(node: ast.BinOp, names: dict[str, str]) -> str | None:
    """The value of `a + b` or `a % b` of constants, else None."""
    left = fold(node.left, names)
    if left is None:
        return None
    if isinstance(node.op, ast.Add):
        right = fold(node.right, names)
        return None if right is None else left + right
    if isinstance(node.op, ast.Mod):
        items = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        args = [fold(item, names) for item in items]
        try:
            return None if None in args else left % tuple(args)
        except (TypeError, ValueError):
            return None
    return None


def fold(node: ast.AST, names: dict[str, str]) -> str | None:
    """The string a constant expression evaluates to, or None if it is not one."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.BinOp):
        value = _binop(node, names)
    elif isinstance(node, ast.JoinedStr):
        parts = [fold(v.value if isinstance(v, ast.FormattedValue) else v, names)
                 for v in node.values]
        value = None if None in parts else "".join(parts)
    elif isinstance(node, ast.Call):
        value = _joined(node, names)
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        text = fold(node.value, names)
        value = None if text is None else text[::-1] if ast.dump(node.slice) == REVERSED \
            else None
    else:
        return None
    return value if value is None or len(value) <= MAX_FOLDED else value[:MAX_FOLDED]


def _carried(node: ast.AST, names: dict[str, str]) -> bool:
    """Whether a name in `node` already holds a key (then `node` only passes it on)."""
    return any(isinstance(n, ast.Name) and holds_key(names.get(n.id) or "")
               for n in ast.walk(node))


def _names(tree: ast.AST) -> tuple[dict[str, str], set[int]]:
    """Names given constant strings (in source order), and the lines where a key is made."""
    names: dict[str, str] = {}
    made = set()
    assigns = [n for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.AugAssign))]
    for node in sorted(assigns, key=lambda n: (n.lineno, n.col_offset)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value if isinstance(node, ast.Assign) else \
            ast.BinOp(ast.Name(node.target.id, ast.Load()) if isinstance(node.target, ast.Name)
                      else node.target, node.op, node.value)
        text = fold(value, names)
        if text is not None and holds_key(text) and not _carried(value, names):
            made.add(node.lineno)
        for target in targets:
            if isinstance(target, ast.Name) and text is not None:
                names[target.id] = text
    return names, made


def _keyed(node: ast.AST, names: dict[str, str]) -> bool:
    """Whether expression `node` makes a key of constants (not one a name already holds)."""
    if not isinstance(node, ast.expr) or isinstance(node, ast.Name):
        return False
    return holds_key(fold(node, names) or "") and not _carried(node, names)


def scan_python(source: str) -> list[int]:
    """Line numbers of key-shaped text in Python source (SyntaxError if it does not parse)."""
    with _AST:
        tree = ast.parse(source)
    names, made = _names(tree)
    lines = set(scan_text(source)) | made
    for node in ast.walk(tree):
        glued = any(not _env_lookup(part) for part in _glued(node))
        if glued or _keyed(node, names):
            lines.add(node.lineno)
    return sorted(lines)


def scan_text(text: str) -> list[int]:
    """Line numbers of key-shaped text in any text file (also reversed or encoded)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if holds_key(line)]
