"""Telegram's text formatting: `parse_mode` (Markdown, MarkdownV2, HTML) and `entities`.

Telegram parses the markup of a text and answers with plain `text` plus `entities` (offsets
in UTF-16 code units); broken markup is 400 "Bad Request: can't parse entities: ...". This
package does what the real server does, ported from its open source: telegram-bot-api
(https://github.com/tdlib/telegram-bot-api, telegram-bot-api/Client.cpp: `get_formatted_text`,
`get_text_entity`, `JsonEntity`) and tdlib (https://github.com/tdlib/td,
td/telegram/MessageEntity.cpp: `parse_markdown`, `parse_markdown_v2`, `parse_html`,
`fix_formatted_text`; td/telegram/LinkManager.cpp; tdutils/td/utils/HttpUrl.cpp), with the
error texts word for word. Modules: `markdown`, `markdown_v2`, `html` (the parsers), `given`
(explicit entities), `fix` (what Telegram does to every text), `entities` (their order and
overlaps), `links` (the URLs of links).

    formatted("*2*3 = 6", "Markdown")   # MarkupError: Can't find end of the entity ...
    formatted("*bold*", "MarkdownV2")   # ("bold", [Entity("Bold", 0, 4)])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from course_lib.fakes.telegram.markup.entities import Entity
from course_lib.fakes.telegram.markup.fix import MarkupError, fix_text
from course_lib.fakes.telegram.markup.given import given_entities
from course_lib.fakes.telegram.markup.html import parse_html
from course_lib.fakes.telegram.markup.markdown import parse_markdown
from course_lib.fakes.telegram.markup.markdown_v2 import escape, parse_markdown_v2

__all__ = ["Entity", "MarkupError", "entity_json", "escape", "fix_text", "formatted"]

PARSERS: dict[str, Callable[[str], tuple[str, list[Entity]]]] = {
    "markdown": parse_markdown, "markdownv2": parse_markdown_v2, "html": parse_html}
MAX_TEXT_BYTES = 1 << 15  # telegram-bot-api refuses longer texts before parsing them
JSON_TYPES = {"Bold": "bold", "Italic": "italic", "Underline": "underline",
              "Strikethrough": "strikethrough", "Spoiler": "spoiler", "Code": "code",
              "Pre": "pre", "PreCode": "pre", "TextUrl": "text_link",
              "MentionName": "text_mention", "CustomEmoji": "custom_emoji",
              "BlockQuote": "blockquote", "ExpandableBlockQuote": "expandable_blockquote",
              "Date": "date_time", "BotCommand": "bot_command", "Mention": "mention",
              "Hashtag": "hashtag", "Cashtag": "cashtag", "Url": "url", "EmailAddress": "email",
              "PhoneNumber": "phone_number", "BankCardNumber": "bank_card_number"}


def formatted(text: str, parse_mode: str = "",
              raw_entities: Any = None) -> tuple[str, list[Entity]]:
    """The text and entities the Bot API hands on: parsed with `parse_mode` if there is one
    (then `raw_entities` is ignored), else with the given entities. Not fixed yet (`fix_text`).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise MarkupError("Text is too long")
    mode = parse_mode.lower()
    if text and mode and mode != "none":
        if mode not in PARSERS:
            raise MarkupError("Unsupported parse_mode")
        try:
            return PARSERS[mode](text)
        except MarkupError as error:
            raise MarkupError(f"Can't parse entities: {error}") from None
    return text, given_entities(raw_entities)


def entity_json(entity: Entity, user: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    """A MessageEntity object as the Bot API writes it; `user(id)` gives a text mention's User."""
    result: dict[str, Any] = {"offset": entity.offset, "length": entity.length,
                              "type": JSON_TYPES[entity.type]}
    if entity.type == "PreCode":
        result["language"] = entity.argument
    elif entity.type == "TextUrl":
        result["url"] = entity.argument
    elif entity.type == "MentionName":
        result["user"] = user(int(entity.argument))
    elif entity.type == "CustomEmoji":
        result["custom_emoji_id"] = entity.argument
    elif entity.type == "Date":
        unix, date_format = entity.argument.split("|")
        result["unix_time"] = int(unix)
        if date_format:
            result["date_time_format"] = date_format
    return result
