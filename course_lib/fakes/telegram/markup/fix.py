"""What Telegram does to a text and its entities before it keeps them (`fix_formatted_text`).

Ported from tdlib's td/telegram/MessageEntity.cpp and td/telegram/misc.cpp: control characters
become spaces, `\\r` and a few invisible characters are removed, leading and trailing spaces
and newlines are trimmed (entities shrink with them), a text with nothing visible left is
refused ("Text must be non-empty"), and bot commands get their entities. Telegram also finds
mentions, hashtags, URLs, e-mails and bank card numbers by itself; this fake finds only
commands (what bots use), so it returns fewer of those automatic entities than Telegram does.
"""

from __future__ import annotations

import re
from dataclasses import replace

from course_lib.fakes.telegram.markup.entities import (
    Entity,
    fix_entities,
    merge_new_entities,
    sort_key,
)
from course_lib.fakes.telegram.objects import command_entities


class MarkupError(ValueError):
    """Telegram refused the text or its entities; the message is tdlib's own text."""


MAX_ENTITY_NUMBER = 1_000_000  # tdlib refuses offsets and lengths above this
_REMOVED = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a")
# Characters that do not count as content: a text of only these is "empty".
_EMPTY = frozenset(" \n\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                   "\u2008\u2009\u200a\u200b\u200c\u200d\u200e\u200f\u202e\u202f\u205f\u2800"
                   "\u3000\ufeff\ufffc") | {chr(code) for code in range(0xE0000, 0xE0080)}
_MARKS_RUN = re.compile("[\u200e\u200f](?=[\u200e\u200f])")  # all but the last of a run


def fix_text(text: str, entities: list[Entity], allow_empty: bool) -> tuple[str, list[Entity]]:
    """The text and entities as Telegram stores them; `MarkupError` if it refuses them.

    `allow_empty` is for captions: nothing but spaces left means no caption, not an error.
    """
    entities = [replace(entity) for entity in entities]  # ours to change
    for entity in entities:
        if not 0 <= entity.offset <= MAX_ENTITY_NUMBER:
            raise MarkupError(f"Receive an entity with incorrect offset {entity.offset}")
        if not 0 <= entity.length <= MAX_ENTITY_NUMBER:
            raise MarkupError(f"Receive an entity with incorrect length {entity.length}")
    entities = fix_entities(_non_empty(entities))
    text, entities = _clean(text, entities)
    if not text.strip(" \n"):
        if not allow_empty:
            raise MarkupError("Text must be non-empty")
        return "", []
    text, entities = _trim(text, fix_entities(_non_empty(entities)))
    if not allow_empty and all(char in _EMPTY for char in text):  # only invisible characters
        raise MarkupError("Text must be non-empty")
    found = [Entity("BotCommand", e["offset"], e["length"]) for e in command_entities(text)]
    return text, merge_new_entities(entities, found)


def _non_empty(entities: list[Entity]) -> list[Entity]:
    """Drop entities of length 0, and links without a URL."""
    return [e for e in entities if e.length > 0 and (e.type != "TextUrl" or e.argument)]


def _clean(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Control characters to spaces, some invisible ones removed; entities follow the text."""
    kept: list[str] = []
    position = skipped = byte = 0  # UTF-16 units read, UTF-16 units removed, bytes read
    stack: list[tuple[Entity, int]] = []  # open entities, with `skipped` where each began
    upcoming = iter(entities)
    entity = next(upcoming, None)
    for char in [*text, ""]:
        while stack and position >= stack[-1][0].end:
            top, skipped_before = stack.pop()
            if position != top.end:
                raise MarkupError(f"Entity beginning at UTF-16 offset {top.offset} ends in a "
                                  f"middle of a UTF-16 symbol at byte offset {byte}")
            top.offset -= skipped_before
            top.length -= skipped - skipped_before
        while entity is not None and position >= entity.offset:
            if position != entity.offset:
                raise MarkupError("Entity begins in a middle of a UTF-16 symbol at byte offset "
                                  f"{byte}")
            stack.append((entity, skipped))
            entity = next(upcoming, None)
        if not char:
            break
        width = 2 if ord(char) > 0xFFFF else 1
        position += width
        byte += len(char.encode("utf-8", "surrogatepass"))
        if char in _REMOVED:
            skipped += width
        else:
            kept.append(" " if ord(char) <= 32 and char != "\n" else char)
    if entity is not None:
        raise MarkupError("Entity begins after the end of the text at UTF-16 offset "
                          f"{entity.offset}")
    if stack:
        top = stack[-1][0]
        raise MarkupError(f"Entity beginning at UTF-16 offset {top.offset} ends after the end "
                          f"of the text at UTF-16 offset {top.end}")
    return _MARKS_RUN.sub("\u200c", "".join(kept)), entities


def _trim(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Cut spaces and newlines at both ends; entities shrink or go with them."""
    stripped = text.rstrip(" \n")
    end = _utf16_len(stripped)
    entities = [e for e in entities if e.offset < end]
    for e in entities:
        e.length = min(e.length, end - e.offset)
    entities.sort(key=sort_key)
    first_entity = entities[0].offset if entities else len(stripped)
    lead = len(stripped) - len(stripped.lstrip(" \n"))
    lead = min(lead, first_entity)  # the text before the first entity only
    for e in entities:
        e.offset -= lead
    return stripped[lead:], entities


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
