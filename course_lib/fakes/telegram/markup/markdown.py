"""`parse_mode=Markdown`, the legacy Markdown of the Bot API: *bold*, _italic_, `code`,
```pre```, [text](URL). Nothing nests, and only `\\_ \\* \\` \\[` can be escaped.

Ported from tdlib's td/telegram/MessageEntity.cpp (`parse_markdown`), error text included:
an entity that never closes is "Can't find end of the entity starting at byte offset N",
which is how "2*3 = 6" fails with Markdown on the real Telegram.
"""

from __future__ import annotations

from course_lib.fakes.telegram.markup.entities import Entity
from course_lib.fakes.telegram.markup.fix import MarkupError
from course_lib.fakes.telegram.markup.links import checked_link, link_user_id
from course_lib.fakes.telegram.markup.source import Source, decode, utf16_width

_MARKS = frozenset(b"_*`[")
_SIMPLE = {ord("_"): "Italic", ord("*"): "Bold"}
BACKTICK, NEWLINE, RETURN = ord("`"), ord("\n"), ord("\r")


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    """The plain text and its entities; `MarkupError` with Telegram's words if it cannot."""
    src = Source(text)
    out = bytearray()
    entities: list[Entity] = []
    utf16 = 0
    i = -1
    while True:
        i += 1
        if i >= src.size:
            break
        c = src.data[i]
        if c == ord("\\") and src.at(i + 1) in _MARKS:
            i += 1
            out.append(src.data[i])
            utf16 += 1
            continue
        if c not in _MARKS:
            utf16 += utf16_width(c)
            out.append(c)
            continue
        begin = i
        end_char = ord("]") if c == ord("[") else c
        i += 1
        language, is_pre = "", False
        if c == BACKTICK and src.at(i) == BACKTICK and src.at(i + 1) == BACKTICK:
            i, is_pre = i + 2, True
            language, i = _pre_language(src, i)
        offset = utf16
        while i < src.size and (src.data[i] != end_char or (
                is_pre and not (src.at(i + 1) == BACKTICK and src.at(i + 2) == BACKTICK))):
            utf16 += utf16_width(src.data[i])
            out.append(src.data[i])
            i += 1
        if i == src.size:
            raise MarkupError(f"Can't find end of the entity starting at byte offset {begin}")
        if utf16 != offset:
            entity, i = _entity(src, c, offset, utf16 - offset, begin, i, is_pre, language)
            if entity is not None:
                entities.append(entity)
        if is_pre:
            i += 2
    return decode(out), entities


def _pre_language(src: Source, i: int) -> tuple[str, int]:
    """After "```": the language word, if any, and where the code starts (one newline skipped)."""
    language = ""
    end = i
    while not src.is_space(end) and src.at(end) != BACKTICK:
        end += 1
    if i != end and end < src.size and src.at(end) != BACKTICK:
        language, i = decode(src.data[i:end]), end
    if src.at(i) in (NEWLINE, RETURN):
        pair = src.at(i + 1) in (NEWLINE, RETURN) and src.at(i) != src.at(i + 1)
        i += 2 if pair else 1
    return language, i


def _entity(src: Source, c: int, offset: int, length: int, begin: int, i: int, is_pre: bool,
            language: str) -> tuple[Entity | None, int]:
    """The entity that just closed at byte `i` (None for a link Telegram drops), and where
    parsing goes on."""
    if c in _SIMPLE:
        return Entity(_SIMPLE[c], offset, length), i
    if c == BACKTICK:
        kind = ("PreCode" if language else "Pre") if is_pre else "Code"
        return Entity(kind, offset, length, language), i
    if src.at(i + 1) != ord("("):
        url = decode(src.data[begin + 1:i])  # [https://example.com] links to itself
    else:
        start = i = i + 2
        while i < src.size and src.data[i] != ord(")"):
            i += 1
        url = decode(src.data[start:i])
    user_id = link_user_id(url)
    if user_id is not None:
        return Entity("MentionName", offset, length, str(user_id)), i
    url = checked_link(url)
    return (Entity("TextUrl", offset, length, url) if url else None), i
