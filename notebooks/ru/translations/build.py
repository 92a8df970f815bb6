"""Build the Russian lessons (`notebooks/ru/NN-name.ipynb`) from the English ones and a translation.

    python notebooks/ru/translations/build.py [NN ...] [--no-execute] [--draft]   (make ru)

One source of truth for the code: a Russian lesson is its English lesson, cell for cell (same
ids, tags, slide types, code), with each text cell replaced by its translation from
`translations/NN-name.md`, then run with COURSE_LANG=ru so that what the code prints is Russian.
A translation file has one block per English text cell:

    <!-- cell: l01-03 en: 3f2a9c1b -->
    ## Что передаётся по сети

`en:` is the hash of the English text the block was translated from (`python build.py --hash
NN` prints the current ones). When an English cell changes, its hash changes, and the build
(and `tests/test_translations.py`) names the block as stale until it is translated again. A code
cell may get a block too, marked `code`, holding the same code with its strings (docstrings,
`print` labels, the bot's replies, questions to the model) and comments in Russian: the build
checks, token by token, that it is the English code once the text inside strings and comments is
set aside (an f-string's `{expressions}` are code and must stay the same), so it stays the
same code. Two changes the build makes itself: a first cell that sets COURSE_LANG=ru, and each
`%load solutions/NN/name.py` loads the Russian solution (`notebooks/ru/solutions/`, the same
code as the English one, its strings and comments translated), or the English one a folder up
(`../solutions/…`) where there is none.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import os
import re
import sys
import tokenize
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
RU = HERE.parent
NOTEBOOKS = RU.parent
BLOCK = re.compile(r"^<!-- cell: (\S+) en: ([0-9a-f]{8})( code)? -->\n", re.MULTILINE)
LANG_CELL_ID = "ru-course-lang"
LANG_CELL = "%env COURSE_LANG=ru"
LOAD = re.compile(r"^(#\s*%load )solutions/(\S+)", re.MULTILINE)
OFFLINE = {"OPENROUTER_API_KEY": "", "OPENROUTER_BASE_URL": "", "TELEGRAM_BOT_TOKEN": "",
           "TELEGRAM_API_URL": "", "COURSE_LANG": "ru", "COURSE_YOUR_CODE": ""}


def digest(text: str) -> str:
    """The hash a translation block records of its English source."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:8]


def read_blocks(path: Path) -> dict[str, tuple[str, str, bool]]:
    """The blocks of a translation file: cell id -> (English hash, text, is code)."""
    text = path.read_text("utf-8") if path.exists() else ""
    marks = list(BLOCK.finditer(text))
    blocks = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=False):
        body = text[mark.end():following.start() if following else len(text)].strip()
        if mark.group(3):
            body = re.sub(r"^```python\n|\n```$", "", body)
        blocks[mark.group(1)] = (mark.group(2), body, bool(mark.group(3)))
    return blocks


def code_tokens(source: str) -> list[tuple]:
    """A code cell's tokens with comments dropped and each string reduced to its code.

    A string (or several in a row, as a long one is wrapped) becomes ("STRING", is bytes, its
    f-string expressions): its text may be translated, its `{expressions}` may not. IPython
    magics read as comments.
    """
    lines = [("#" + line) if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    text = "\n".join(lines) + "\n"
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        found: list[tuple] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == tokenize.STRING or token.type == FSTRING_START:
                end = index if token.type == tokenize.STRING else closing(tokens, index)
                found.append(string_code(span(lines, token.start, tokens[end].end)))
                index = end + 1
                continue
            if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE):
                found.append((token.type, token.string))
            index += 1
        return merged(found)
    except (tokenize.TokenError, SyntaxError, ValueError):
        return [(0, source)]


# Python 3.12 splits an f-string into tokens of its own; 3.10 and 3.11 make it one STRING.
FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
FSTRING_END = getattr(tokenize, "FSTRING_END", -1)


def closing(tokens: list[tokenize.TokenInfo], start: int) -> int:
    """The index of the FSTRING_END that closes the f-string opened at `start`."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += (tokens[index].type == FSTRING_START) - (tokens[index].type == FSTRING_END)
        if depth == 0:
            return index
    raise ValueError("an f-string that never closes")


def span(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    """The source text between two token positions (rows count from 1)."""
    if start[0] == end[0]:
        return lines[start[0] - 1][start[1]:end[1]]
    middle = lines[start[0]:end[0] - 1]
    return "\n".join([lines[start[0] - 1][start[1]:], *middle, lines[end[0] - 1][:end[1]]])


def string_code(literal: str) -> tuple:
    """What a string literal holds that is code: bytes or not, and its f-string expressions."""
    node = ast.parse(literal, mode="eval").body
    parts = node.values if isinstance(node, ast.JoinedStr) else []
    return ("STRING", isinstance(node, ast.Constant) and isinstance(node.value, bytes),
            tuple(ast.dump(part) for part in parts if isinstance(part, ast.FormattedValue)))


def merged(found: list[tuple]) -> list[tuple]:
    """Strings in a row as one: a translation may wrap a long text in more or fewer pieces."""
    out: list[tuple] = []
    for item in found:
        if item[0] == "STRING" and out and out[-1][0] == "STRING" and out[-1][1] == item[1]:
            out[-1] = ("STRING", item[1], out[-1][2] + item[2])
        else:
            out.append(item)
    return out


def problems(english: nbformat.NotebookNode, blocks: dict) -> list[str]:
    """What is missing or stale in a lesson's translation, one line per cell."""
    found = []
    for cell in english.cells:
        entry = blocks.get(cell.id)
        if cell.cell_type == "markdown" and entry is None:
            found.append(f"{cell.id}: not translated")
        elif entry and entry[0] != digest(cell.source):
            found.append(f"{cell.id}: stale (the English cell changed)")
        elif entry and entry[2] and code_tokens(entry[1]) != code_tokens(cell.source):
            found.append(f"{cell.id}: its Russian code differs from the English beyond strings"
                         " and comments")
    ids = {cell.id for cell in english.cells}
    found += [f"{ident}: no such cell in the English lesson" for ident in blocks
              if ident not in ids]
    return found


def russian(english: nbformat.NotebookNode, blocks: dict) -> nbformat.NotebookNode:
    """The Russian lesson, outputs cleared: translated text, the same code."""
    lesson = nbformat.from_dict(english)
    for cell in lesson.cells:
        entry = blocks.get(cell.id)
        if entry and entry[0] == digest(cell.source):
            cell.source = entry[1]
        if cell.cell_type == "code":
            cell.source = LOAD.sub(solution_load, cell.source)
            cell.outputs, cell.execution_count = [], None
    first_code = next(i for i, c in enumerate(lesson.cells) if c.cell_type == "code")
    setup = nbformat.v4.new_code_cell(LANG_CELL, id=LANG_CELL_ID)
    setup.metadata = {"slideshow": {"slide_type": "skip"}, "tags": ["course-lang"]}
    lesson.cells.insert(first_code, setup)
    return lesson


def solution_load(load: re.Match) -> str:
    """`%load` of the Russian solution where there is one, else of the English one."""
    folder = "solutions/" if (RU / "solutions" / load.group(2)).is_file() else "../solutions/"
    return load.group(1) + folder + load.group(2)


def execute(lesson: nbformat.NotebookNode, folder: Path = RU, lang: str = "ru") -> None:
    """Run the lesson in a fresh kernel in `folder`, offline and in `lang` (also `make execute`)."""
    from nbclient import NotebookClient

    os.environ.update(OFFLINE, COURSE_LANG=lang)  # the kernel inherits them, as under nbval
    # Stream outputs merged, as nbval's fresh run compares them (a cell that prints piece by
    # piece would otherwise make dozens of outputs, and a slide thirty times too tall).
    NotebookClient(lesson, timeout=120, kernel_name="python3", allow_errors=False,
                   coalesce_streams=True, resources={"metadata": {"path": str(folder)}}).execute()
    for cell in lesson.cells:
        cell.metadata.pop("execution", None)  # no timestamps in stored lessons


def build(path: Path, run: bool = True, draft: bool = False) -> list[str]:
    """Write the Russian edition of one English lesson; the translation's problems."""
    english = nbformat.read(path, as_version=4)
    blocks = read_blocks(HERE / f"{path.stem}.md")
    found = problems(english, blocks)
    if found and not draft:
        return found
    lesson = russian(english, blocks)
    if run:
        execute(lesson)
    nbformat.write(lesson, RU / path.name)
    return found


def lessons(numbers: list[str]) -> list[Path]:
    """The English lessons, all or those numbered."""
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]*-*.ipynb"))
    return [p for p in paths if not numbers or p.name[:2] in numbers or p.name[:3] in numbers]


def main(argv: list[str] | None = None) -> int:
    """Build the Russian lessons, or print the hashes a translation needs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="lesson numbers (default: all)")
    parser.add_argument("--no-execute", action="store_true", help="write without running")
    parser.add_argument("--draft", action="store_true", help="write even with untranslated cells")
    parser.add_argument("--hash", action="store_true", help="print every text cell's hash")
    args = parser.parse_args(argv)
    status = 0
    for path in lessons(args.numbers):
        if args.hash:
            english = nbformat.read(path, as_version=4)
            for cell in english.cells:
                print(f"{path.stem} {cell.id} {cell.cell_type} en: {digest(cell.source)}")
            continue
        found = build(path, run=not args.no_execute, draft=args.draft)
        print(f"{path.stem}: {'written' if not found or args.draft else 'NOT written'}"
              + "".join(f"\n  {line}" for line in found))
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main())
