"""Message entities as Telegram keeps them, and how it puts a list of them in order.

An entity marks a run of the text (`offset` and `length` count UTF-16 code units, as the Bot
API does: an emoji outside the BMP counts 2) as bold, a link, a command... Telegram's rules for
a list of them, ported from tdlib's td/telegram/MessageEntity.cpp (`fix_entities`,
`split_entities`, `merge_new_entities`): bold, italic, underline, strikethrough and spoiler
may overlap anything and are split where other entities begin or end; links, commands and
code may not overlap each other (the later one goes); nothing lives inside code or pre.
"""

from __future__ import annotations

from dataclasses import dataclass

# tdlib's type names (its error texts use them) and their sort priorities.
PRIORITY = {"Mention": 50, "Hashtag": 50, "BotCommand": 50, "Url": 50, "EmailAddress": 50,
            "Bold": 90, "Italic": 91, "Code": 20, "Pre": 11, "PreCode": 10, "TextUrl": 49,
            "MentionName": 49, "Cashtag": 50, "PhoneNumber": 50, "Underline": 92,
            "Strikethrough": 93, "BlockQuote": 0, "BankCardNumber": 50, "MediaTimestamp": 50,
            "Spoiler": 94, "CustomEmoji": 99, "ExpandableBlockQuote": 0, "Date": 30}
SPLITTABLE = ("Bold", "Italic", "Underline", "Strikethrough", "Spoiler")  # in flush order
BLOCKQUOTE = frozenset({"BlockQuote", "ExpandableBlockQuote"})
CONTINUOUS = frozenset({"Mention", "Hashtag", "BotCommand", "Url", "EmailAddress", "TextUrl",
                        "MentionName", "Cashtag", "PhoneNumber", "BankCardNumber",
                        "MediaTimestamp", "CustomEmoji"})
PRE = frozenset({"Pre", "Code", "PreCode", "Date"})
INT_MAX = 2**31 - 1


@dataclass
class Entity:
    """One entity; `argument` is the URL, the language, the user, emoji or date it carries."""

    type: str
    offset: int
    length: int
    argument: str = ""

    @property
    def end(self) -> int:
        """Where it ends (UTF-16 code units)."""
        return self.offset + self.length


def sort_key(entity: Entity) -> tuple[int, int, int]:
    """Telegram's order: by offset, longer first, then by type priority."""
    return entity.offset, -entity.length, PRIORITY[entity.type]


def fix_entities(entities: list[Entity]) -> list[Entity]:
    """Sorted, with overlaps Telegram cannot show removed or split."""
    entities = sorted(entities, key=sort_key)
    if _valid(entities):
        return entities
    splittable = [e for e in entities if e.type in SPLITTABLE]
    quotes = _remove_intersecting([e for e in entities if e.type in BLOCKQUOTE])
    others = _remove_intersecting([e for e in entities
                                   if e.type not in SPLITTABLE and e.type not in BLOCKQUOTE])
    if quotes:
        others = sorted(_outside_quotes(others, quotes) + quotes, key=sort_key)
    return _resplit(splittable, others)


def merge_new_entities(entities: list[Entity], found: list[Entity]) -> list[Entity]:
    """Add the entities Telegram found (commands...) where they clash with none of the others."""
    if not found:
        return entities
    splittable = [e for e in entities if e.type in SPLITTABLE]
    quotes = [e for e in entities if e.type in BLOCKQUOTE]
    others = [e for e in entities if e.type not in SPLITTABLE and e.type not in BLOCKQUOTE]
    others = _merge(others, _outside_quotes(found, quotes))
    if quotes:
        others = sorted(others + quotes, key=sort_key)
    return _resplit(splittable, others)


def _valid(entities: list[Entity]) -> bool:
    """Whether a sorted list needs no fixing (tdlib's `are_entities_valid`)."""
    end_of = dict.fromkeys(SPLITTABLE, -1)
    stack: list[Entity] = []
    for entity in entities:
        while stack and entity.offset >= stack[-1].end:
            stack.pop()
        kinds = {e.type for e in stack}
        if stack and (entity.end > stack[-1].end or entity.type in kinds
                      or stack[-1].type in PRE
                      or (entity.type in PRE and kinds - BLOCKQUOTE)
                      or ((entity.type in CONTINUOUS or entity.type in BLOCKQUOTE)
                          and kinds & CONTINUOUS)
                      or (entity.type in BLOCKQUOTE and kinds & BLOCKQUOTE)
                      or kinds.intersection(SPLITTABLE)):
            return False
        if entity.type in SPLITTABLE:
            if end_of[entity.type] >= entity.offset:
                return False  # two of a kind touch or overlap: they can be merged
            end_of[entity.type] = entity.end
        stack.append(entity)
    return True


def _remove_intersecting(entities: list[Entity]) -> list[Entity]:
    """Keep each entity that starts after the last one kept has ended (input sorted)."""
    kept: list[Entity] = []
    for entity in entities:
        if not kept or entity.offset >= kept[-1].end:
            kept.append(entity)
    return kept


def _outside_quotes(entities: list[Entity], quotes: list[Entity]) -> list[Entity]:
    """Drop entities that cross the edge of a blockquote (being inside one is fine)."""
    kept, index = [], 0
    for entity in entities:
        while index < len(quotes) and quotes[index].end <= entity.offset:
            index += 1
        quote = quotes[index] if index < len(quotes) else None
        if quote is not None and (quote.end < entity.end
                                  or entity.offset < quote.offset < entity.end):
            continue
        kept.append(entity)
    return kept


def _merge(old: list[Entity], new: list[Entity]) -> list[Entity]:
    """The old entities plus the new ones that overlap none of them (both sorted)."""
    result: list[Entity] = []
    index = 0
    for entity in old:
        while index < len(new) and new[index].end <= entity.offset:
            result.append(new[index])
            index += 1
        result.append(entity)
        while index < len(new) and new[index].offset < entity.end:
            index += 1
    return result + new[index:]


def _resplit(splittable: list[Entity], others: list[Entity]) -> list[Entity]:
    """Merge and split the bold/italic/... entities around the others; all of them, sorted."""
    if not splittable:
        return others
    return sorted(_split(splittable, others) + others, key=sort_key)


def _split(splittable: list[Entity], others: list[Entity]) -> list[Entity]:
    """tdlib's `split_entities`: same-kind runs merged, cut where another entity starts or ends,
    and dropped inside code and pre."""
    begin = dict.fromkeys(SPLITTABLE, 0)
    end = dict.fromkeys(SPLITTABLE, 0)
    result: list[Entity] = []
    pending = iter(splittable)
    upcoming = next(pending, None)

    def flush(offset: int) -> None:
        for kind in SPLITTABLE:
            if end[kind] and begin[kind] < offset:
                stop = min(end[kind], offset)
                result.append(Entity(kind, begin[kind], stop - begin[kind]))
                begin[kind], end[kind] = (0, 0) if end[kind] <= offset else (offset, end[kind])

    def add_until(offset: int) -> None:
        nonlocal upcoming
        while upcoming is not None and upcoming.offset < offset:
            kind = upcoming.type
            if end[kind] and upcoming.offset <= end[kind]:
                end[kind] = max(end[kind], upcoming.end)
            else:
                flush(upcoming.offset)
                begin[kind], end[kind] = upcoming.offset, upcoming.end
            upcoming = next(pending, None)
        flush(offset)

    stack: list[Entity] = []

    def reach(offset: int) -> None:
        while stack and offset >= stack[-1].end:
            kept = len(result)
            add_until(stack[-1].end)
            if stack[-1].type in PRE:
                del result[kept:]
            stack.pop()
        add_until(offset)

    for other in others:
        reach(other.offset)
        stack.append(other)
    reach(INT_MAX)
    return result
