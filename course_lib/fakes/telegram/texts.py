"""Message texts and captions as the Bot API takes them: parse_mode or entities, then fixed.

Two steps, in Telegram's order: telegram-bot-api reads `parse_mode` (or the explicit
`entities`) before it even looks at the chat, so broken markup is the first error; tdlib
then fixes the text (trims it, refuses an empty one) and checks its length after the chat.
The markup itself is `course_lib.fakes.telegram.markup`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from course_lib.fakes.telegram import markup
from course_lib.fakes.telegram.core import BotData
from course_lib.fakes.telegram.errors import td_error
from course_lib.fakes.telegram.markup import Entity, MarkupError
from course_lib.fakes.telegram.objects import make_user

MAX_TEXT = 4096  # characters of a message text, after parsing
MAX_CAPTION = 1024  # characters of a caption, after parsing


def parsed(text: str, parse_mode: str, raw_entities: Any) -> tuple[str, list[Entity]]:
    """Step 1: the text with its markup parsed (or its given entities); Telegram's 400s."""
    try:
        return markup.formatted(text, parse_mode, raw_entities)
    except MarkupError as error:
        raise td_error(str(error)) from None


def fixed(api: BotData, text: str, entities: list[Entity], *, caption: bool,
          too_long: str) -> dict[str, Any]:
    """Step 2: the message fields, {"text": ..., "entities": [...] or None} (or "caption" and
    "caption_entities"), or Telegram's 400s. A caption may end up empty; a text may not.
    """
    try:
        text, entities = markup.fix_text(text, entities, allow_empty=caption)
    except MarkupError as error:
        raise td_error(str(error)) from None
    if len(text) > (MAX_CAPTION if caption else MAX_TEXT):
        raise td_error(too_long)
    user = partial(user_object, api)
    objects = [markup.entity_json(entity, user) for entity in entities]
    if caption:  # None leaves a field out of a new message and removes it in an edit
        return {"caption": text or None, "caption_entities": objects or None}
    return {"text": text, "entities": objects or None}


def user_object(api: BotData, user_id: int) -> dict[str, Any]:
    """The User object of a text mention: the known user, or the bare id for a stranger."""
    with api.state.cond:
        if user_id == api.state.bot["id"]:
            return dict(api.state.bot)
        return dict(api.state.users.get(user_id) or make_user(user_id, ""))
