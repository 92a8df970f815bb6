"""A student's text made safe wherever the instructor sees it: terminal, CSV, Markdown, HTML.

A student controls their id, the file names a reason quotes, their messages and the folders a
note names. Shown raw, a CR splits a gradebook row, ESC/OSC 8/BEL drive the instructor's
terminal (clear it, hide text, plant a link), a bidi override makes `exe.txt` read `txt.exe`,
a cell starting with `=` is a formula in Excel, LibreOffice or Sheets, and `[x](http://…)` or
`<img src=…>` in a feedback file is a link or an image loaded from the web.

So every output passes student text through one of these; `visible` is the base of all: each
character that acts instead of showing becomes a visible escape (`\\x1b`, `\\r`, `\\u202e`),
so the text stays one line and says what was there. gradebook.json keeps the exact text.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Format characters that reorder or hide text (bidi embeddings, overrides, isolates, marks,
# zero-width space, word joiner, BOM). ZWJ and ZWNJ stay: emoji and some scripts need them.
HIDDEN = set("\u061c\u200b\u200e\u200f\u2060\ufeff") | {chr(c) for c in range(0x202A, 0x202F)} \
    | {chr(c) for c in range(0x2066, 0x206A)}
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # with full-width forms
# Markdown that is not a link: backslash-escaped (CommonMark: any ASCII punctuation may be).
MD_SPECIAL = re.compile(r"([\\`*\[\]<>&|~$#{}])")
MD_UNDERSCORE = re.compile(r"_(?![^\W_])|(?<![^\W_])_")  # `_` not inside a word: emphasis
MD_BLOCK = re.compile(r"^(\s*)([-+=>]|\d+[.)])")  # what starts a list, a heading, a quote
# A word a renderer would make a link (GFM autolinks: scheme://, www., e-mail, mailto:):
# it goes into a code span, where nothing is a link (a backslash cannot stop an e-mail link).
LINKISH = re.compile(r"\S*(?:://|www\.|@|mailto:|xmpp:)\S*", re.IGNORECASE)


def _acts(char: str) -> bool:
    """Whether a character acts on a terminal or a reader instead of showing itself."""
    kind = unicodedata.category(char)
    return kind in ("Cc", "Cs", "Zl", "Zp") or char in HIDDEN


def _escape(char: str) -> str:
    """The visible escape of one character: `\\r`, `\\x1b`, `\\u202e`."""
    code = ord(char)
    return NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: object) -> str:
    """`text` with every control, bidi and separator character shown as an escape."""
    text = str(text)
    return "".join(_escape(c) if _acts(c) else c for c in text) if any(map(_acts, text)) \
        else text


def csv_cell(text: object) -> str:
    """A student's text as a spreadsheet cell: one line, never a formula (a leading `'`)."""
    shown = visible(text)
    return "'" + shown if shown.lstrip().startswith(FORMULA) else shown


def html_text(text: object) -> str:
    """A student's text as HTML text (also inside an attribute)."""
    return html.escape(visible(text), quote=True)


def _md_plain(text: str) -> str:
    """Markdown with no link in it: every character that would format is escaped."""
    text = MD_UNDERSCORE.sub(r"\\_", MD_SPECIAL.sub(r"\\\1", text))
    return MD_BLOCK.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def _md_code(word: str) -> str:
    """`word` as a Markdown code span, fenced by more backticks than it holds in a row."""
    fence = "`" * (max(map(len, re.findall("`+", word)), default=0) + 1)
    return f"{fence} {word} {fence}" if word.startswith("`") or word.endswith("`") \
        else f"{fence}{word}{fence}"


def markdown(text: object) -> str:
    """A student's text as Markdown that renders as that text: no link, image or HTML."""
    shown, parts, start = visible(text), [], 0
    for match in LINKISH.finditer(shown):
        parts += [_md_plain(shown[start:match.start()]), _md_code(match.group())]
        start = match.end()
    return "".join([*parts, _md_plain(shown[start:])])
