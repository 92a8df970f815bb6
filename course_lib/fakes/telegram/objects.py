"""Telegram's JSON objects (User, Chat, Message, Document, MessageEntity), built as dicts.

Only the fields a bot library needs are filled in, with the names and shapes of
https://core.telegram.org/bots/api#available-types, so telebot's `Message.de_json` reads them.
"""

from __future__ import annotations

import re
import time
from typing import Any

# A command is "/" plus 1-64 of [A-Za-z0-9_], optionally "@BotName" (3-32 of them), with no
# letter, digit, "_", "/", "<" or ">" right before or after it: "/note_add", "(/ping@SomeBot)".
# Telegram marks each with an entity (tdlib's `match_bot_commands`).
_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])")


def make_user(user_id: int, first_name: str, *, is_bot: bool = False,
              username: str | None = None, language_code: str | None = None) -> dict[str, Any]:
    """A User object; optional fields are left out when unknown, as Telegram does."""
    user: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    """The private chat between the bot and `user`: its id is the user's id."""
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    if "username" in user:
        chat["username"] = user["username"]
    return chat


def make_message(message_id: int, chat: dict[str, Any], sender: dict[str, Any],
                 **content: Any) -> dict[str, Any]:
    """A Message with the given content fields (text, entities, document, caption, ...)."""
    message = {"message_id": message_id, "from": sender, "chat": chat, "date": int(time.time())}
    message.update({key: value for key, value in content.items() if value is not None})
    return message


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: entity offsets count these, so an emoji counts as 2."""
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict[str, Any]]:
    """The `bot_command` entities of a text; telebot and others find commands through them."""
    return [{"offset": utf16_len(text[:match.start()]), "length": utf16_len(match.group()),
             "type": "bot_command"}
            for match in _COMMAND.finditer(text)]


def make_document(number: int, file_name: str, mime_type: str, size: int) -> dict[str, Any]:
    """A Document object for the `number`-th uploaded file."""
    return {"file_id": f"fake-document-{number}", "file_unique_id": f"fake-unique-{number}",
            "file_name": file_name, "mime_type": mime_type, "file_size": size}


def make_photo_size(number: int, size: int, width: int, height: int) -> dict[str, Any]:
    """A PhotoSize object for the `number`-th uploaded file, a photo."""
    return {"file_id": f"fake-photo-{number}", "file_unique_id": f"fake-unique-{number}",
            "file_size": size, "width": width, "height": height}
