"""Splitting a long reply into messages Telegram accepts (at most 4096 characters each).

A cut goes at the most sensible boundary that keeps a part reasonably full: between paragraphs,
else between lines, else after a sentence, else between words. A word is cut only when it alone
is longer than a message. The whitespace at a cut is dropped (Telegram trims it anyway).

The course counts characters as Python does (code points). Telegram's limit is close to that;
an exact count would use UTF-16 code units, where an emoji counts twice.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
WHITESPACE = " \t\r\n"  # not Unicode's no-break space: cutting there would defeat its purpose
BOUNDARIES = (  # best first; each match is the whitespace to cut at
    re.compile(r"\n[ \t\r]*\n[ \t\r\n]*"),  # between paragraphs
    re.compile(r"\n"),                      # between lines
    re.compile(r"(?<=[.!?…])[ \t\r\n]+"),   # after the end of a sentence
    re.compile(r"[ \t\r\n]+"),              # between words
)


def _last_boundary(window: str, start: int) -> int | None:
    """Where to cut `window`: the best kind of boundary found at or after `start`, or None."""
    for boundary in BOUNDARIES:
        cuts = [m.start() for m in boundary.finditer(window) if m.start() >= max(start, 1)]
        if cuts:
            return cuts[-1]
    return None


def _cut_point(text: str, limit: int) -> int:
    """The index to cut `text` (longer than `limit`) at, so the first part fits in `limit`."""
    window = text[: limit + 1]  # a blank right after the limit is a fine place to cut too
    # Prefer a boundary in the second half of the window: a paragraph break near the start
    # would leave a tiny message; then accept any boundary; a hard cut only as a last resort.
    for start in (limit // 2, 1):
        cut = _last_boundary(window, start)
        if cut is not None:
            return cut
    return limit


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at sensible boundaries."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    parts = []
    rest = text.strip(WHITESPACE)
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        parts.append(rest[:cut].rstrip(WHITESPACE))
        rest = rest[cut:].lstrip(WHITESPACE)
    if rest:
        parts.append(rest)
    return parts
