"""The Russian lessons speak Russian in their code and outputs too (issue 21).

What a student reads in a Russian lesson is the text cells, and also what the code says: its
string literals (docstrings, `print` labels, the bot's replies, questions to the model) and
what the cells print. Each of these is scanned for English prose: three or more English words
in a row. Some English belongs there and is set aside first: protocol text (HTTP methods and
reason phrases, header names), what real servers and libraries say in English (OpenRouter's,
Telegram's and SQLite's messages, Python's exceptions), SQL and its comments, identifiers
(anything with `_`, a digit, a dot or an inner capital), quoted keys and values of JSON, and
listings of the library's source (`inspect.getsource`: the library's code is English).
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from pathlib import Path

import nbformat
import pytest

RU = Path(__file__).resolve().parents[1] / "notebooks" / "ru"
LESSONS = sorted(RU.glob("[0-9][0-9]*-*.ipynb"))
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
EDGES = ".,:;!?()«»…—–*"  # punctuation around a word of prose
NOT_PROSE = re.compile(r"[\"'`{}\[\]=<>/\\|@#$%^&_~0-9]")  # quoted keys, markup, paths, code
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|PRAGMA|BEGIN|COMMIT|ROLLBACK"
                 r"|ALTER|WITH|FROM|WHERE|VALUES|TABLE|INDEX|CHECK|UNIQUE|NOT NULL|PRIMARY)\b")

# English a Russian lesson shows as it is: protocol text and what real services and libraries
# say (quoted from their answers; translating them would teach the wrong message to search for).
QUOTED = [
    # HTTP reason phrases and names (RFC 9110)
    r"Not Found", r"Bad Request", r"Too Many Requests", r"Internal Server Error",
    r"Bad Gateway", r"Service Unavailable", r"Gateway Timeout", r"Payment Required",
    r"Method Not Allowed", r"Request Timeout", r"Moved Permanently", r"No Content",
    r"Unprocessable (?:Content|Entity)", r"Server Error", r"Client Error", r"for url",
    # OpenRouter's messages
    r"No endpoints found matching your data policy[^\n]*", r"User not found\.?",
    r"Missing Authentication header", r"No auth credentials found", r"Insufficient credits",
    r"Rate limit exceeded[^\n]*", r"Provider returned error", r"Enable free endpoints[^\n]*",
    r"Invalid request: [^\n]*", r"No endpoints found for [^\n]*",
    r"This account never purchased credits[^\n]*", r"[^\n.]*requires moderation on[^\n]*",
    r"upstream connect error or disconnect/reset before headers[^\n]*",
    r"the provider did not answer in time", r"Provider disconnected unexpectedly",
    r"Service temporarily unavailable",
    # Telegram's messages
    r"chat not found", r"retry after \d+", r"terminated by other getUpdates request[^\n]*",
    # the course's httpbin-like fake, as httpbin says it; a certificate's organisation
    r"the body is not valid JSON", r"missing header: [^\n']*", r"Example Corp proxy",
    # SQLite's and Python's messages
    r"(?:NOT NULL|CHECK|UNIQUE) constraint failed[^\n]*", r"database is locked",
    r"no such (?:table|column)[^\n]*", r"certificate verify failed[^\n]*",
    r"Expecting (?:property name enclosed in double quotes|value)[^\n]*",
    r"Connection refused", r"Read timed out", r"timed out",
    r"Exception reporting mode: \w+",  # IPython's %xmode
]
QUOTED_TEXT = re.compile("|".join(QUOTED))
PYTHON_VALUES = {"None", "True", "False"}


def english_runs(text: str, least: int = 3) -> list[str]:
    """Runs of `least` or more English words in a row, in text with protocol text set aside."""
    found = []
    for line in QUOTED_TEXT.sub(" ¦ ", text).splitlines():
        if line.lstrip().startswith("--") or SQL.search(line):  # SQL and its comments
            continue
        run: list[str] = []
        for token in [*line.split(), "¦"]:
            word = token.strip(EDGES)
            if (WORD.fullmatch(word) and not NOT_PROSE.search(token) and not inner_capital(word)
                    and word not in PYTHON_VALUES):
                run.append(word)
                continue
            if len(run) >= least:
                found.append(" ".join(run))
            run = []
    return found


def inner_capital(word: str) -> bool:
    """An identifier such as getUpdates or OpenRouter, not a word of prose."""
    return any(letter.isupper() for letter in word[1:])


def string_texts(source: str) -> list[str]:
    """The text of every string literal in a code cell (f-strings: their literal parts)."""
    lines = [("#" + line) if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    texts = []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if token.type != tokenize.STRING:
            continue
        node = ast.parse(token.string, mode="eval").body
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            texts.append("".join(part.value if isinstance(part, ast.Constant) else " ¦ "
                                 for part in node.values))
    return texts


def output_text(output: dict) -> str:
    """What a cell's output shows as text."""
    if output.get("output_type") == "error":
        return f"{output.get('ename', '')}: {output.get('evalue', '')}"
    if "text" in output:
        return output["text"]
    return output.get("data", {}).get("text/plain", "")


def source_listing(text: str) -> bool:
    """Output that is Python source (`inspect.getsource` of the library: its code is English)."""
    try:
        tree = ast.parse(textwrap.dedent(text))  # a method is listed indented
    except SyntaxError:
        return False
    return any(isinstance(node, ast.FunctionDef | ast.ClassDef) for node in tree.body)


def english_in(path: Path) -> list[str]:
    """Each English run in a lesson's code strings and outputs, with the cell it is in."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        texts = [("code", text) for text in string_texts(cell.source)]
        texts += [("output", output_text(output)) for output in cell.get("outputs", [])
                  if not source_listing(output_text(output))]
        found += [f"{cell.id} {where}: {run}" for where, text in texts
                  for run in english_runs(text)]
    return found


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_a_russian_lesson_has_no_english_prose_in_its_code_or_outputs(path):
    assert english_in(path) == []


@pytest.mark.parametrize(("text", "runs"), [
    ("Send raw bytes to our server", ["Send raw bytes to our server"]),
    ("The class of a status code.", ["The class of a status code"]),
    ("Модели: see the list below", ["see the list below"]),
    ("Заметка №1 сохранена.", []),
    ("404 Not Found: нет такой модели", []),
    ('{"method": "GET", "path": "/anything"}', []),  # JSON's keys and values
    ("CREATE TABLE IF NOT EXISTS models", []),
    ("-- the name users read in /models", []),  # an SQL comment
    ("вызовите getUpdates и sendMessage из Bot API", []),
    ("refused: UNIQUE constraint failed: models.key", []),
    ("ошибка, а не answer", []),  # two words are a term, not prose
    ("json: None  form: {}", []),  # field names and Python's values
])
def test_the_scan_finds_english_prose_and_leaves_protocol_text_alone(text, runs):
    assert english_runs(text) == runs


def test_a_listing_of_source_is_code_and_a_printed_sentence_is_not():
    assert source_listing('def f():\n    """Return the reply."""\n')
    assert source_listing('    def delay_s(self):\n        """Seconds to wait."""\n')
    assert not source_listing("The reply is ready.")


def test_the_scan_reads_docstrings_labels_and_f_strings():
    source = 'def f(x):\n    """Return the reply."""\n    print(f"Active model is now {x}")\n'
    assert string_texts(source) == ["Return the reply.", "Active model is now  ¦ "]
