"""Entities given explicitly (`entities`, `caption_entities`): read and checked as Telegram does.

The Bot API reads the JSON array (bad JSON or not an array: ignored, as Telegram ignores it),
each MessageEntity with tdlib's JSON accessors and their error texts ('Can't find field
"offset"', 'Field "length" must be a valid Number'...); automatic types (mention, url,
bot_command...) are dropped, Telegram finds those itself. Ported from telegram-bot-api's
Client.cpp (`get_text_entity`) and tdlib's `get_message_entities`.
"""

from __future__ import annotations

import json
from typing import Any

from course_lib.fakes.telegram.markup.entities import Entity
from course_lib.fakes.telegram.markup.fix import MarkupError
from course_lib.fakes.telegram.markup.links import LinkError, date_format_flags, link_user_id
from course_lib.fakes.telegram.markup.links import _check_link as check_link

SIMPLE = {"bold": "Bold", "italic": "Italic", "underline": "Underline",
          "strikethrough": "Strikethrough", "spoiler": "Spoiler", "code": "Code",
          "blockquote": "BlockQuote", "expandable_blockquote": "ExpandableBlockQuote"}
FOUND_BY_TELEGRAM = frozenset({"mention", "hashtag", "cashtag", "bot_command", "url", "email",
                               "phone_number", "bank_card_number"})


def given_entities(raw: Any) -> list[Entity]:
    """The entities of a request parameter (a JSON string, or a list from a JSON body)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else None
        except ValueError:
            return []  # telegram-bot-api logs it and goes on without entities
    if not isinstance(raw, list):
        return []
    entities = []
    for item in raw:
        try:
            entity = _entity(item)
        except MarkupError as error:
            raise MarkupError(f"Can't parse MessageEntity: {error}") from None
        if entity is not None:
            entities.append(_checked(entity))
    return entities


def _entity(item: Any) -> Entity | None:
    """One MessageEntity object (None for a type Telegram finds by itself)."""
    if not isinstance(item, dict):
        raise MarkupError("expected an Object")
    offset, length = _integer(item, "offset", 32), _integer(item, "length", 32)
    kind = string_field(item, "type")
    if not kind:
        raise MarkupError("Type is not specified")
    if kind in SIMPLE:
        return Entity(SIMPLE[kind], offset, length)
    if kind == "pre":
        language = string_field(item, "language", required=False)
        return Entity("PreCode" if language else "Pre", offset, length, language)
    if kind == "text_link":
        return Entity("TextUrl", offset, length, string_field(item, "url"))
    if kind == "text_mention":
        user = item.get("user")
        if user is None:
            raise MarkupError('Can\'t find field "user"')
        if not isinstance(user, dict):
            raise MarkupError('Field "user" must be of type Object')
        return Entity("MentionName", offset, length, str(_integer(user, "id", 64)))
    if kind == "custom_emoji":
        return Entity("CustomEmoji", offset, length, str(_integer(item, "custom_emoji_id", 64)))
    if kind == "date_time":
        unix = _integer(item, "unix_time", 32)
        try:
            flags = date_format_flags(string_field(item, "date_time_format", required=False))
        except LinkError:
            raise MarkupError("Invalid date-time format specified") from None
        return Entity("Date", offset, length, f"{unix}|{flags}")
    if kind in FOUND_BY_TELEGRAM:
        return None
    raise MarkupError("Unsupported type specified")


def _checked(entity: Entity) -> Entity:
    """tdlib's checks of a given entity: a valid URL, emoji id, user id, date."""
    if entity.type == "TextUrl":
        user_id = link_user_id(entity.argument)
        if user_id is not None:
            return Entity("MentionName", entity.offset, entity.length, str(user_id))
        try:
            entity.argument = check_link(entity.argument)
        except LinkError as error:
            raise MarkupError(f"Entity URL '{entity.argument}' is invalid: {error}") from None
    if entity.type == "CustomEmoji" and entity.argument == "0":
        raise MarkupError("Invalid custom emoji identifier specified")
    if entity.type == "Date" and int(entity.argument.split("|")[0]) <= 0:
        raise MarkupError("Invalid date specified")
    return entity


def _integer(item: dict[str, Any], name: str, bits: int) -> int:
    """A required integer field: a JSON number or a numeric string, within `bits` bits."""
    if name not in item:
        raise MarkupError(f'Can\'t find field "{name}"')
    value = item[name]
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise MarkupError(f'Field "{name}" must be a Number')
    text = value if isinstance(value, str) else json.dumps(value)
    body = text[1:] if text.startswith("-") else text
    limit = 2 ** (bits - 1)
    if not (body.isascii() and body.isdigit()) or not -limit <= int(text) < limit:
        raise MarkupError(f'Field "{name}" must be a valid Number')
    return int(text)


def string_field(item: dict[str, Any], name: str, required: bool = True) -> str:
    """A string field of a JSON object, as tdlib reads it (a number is taken as its text)."""
    if name not in item:
        if required:
            raise MarkupError(f'Can\'t find field "{name}"')
        return ""
    value = item[name]
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    raise MarkupError(f'Field "{name}" must be of type String')
