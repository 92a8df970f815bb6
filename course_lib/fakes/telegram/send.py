"""The Bot API methods that put text in a chat: send and edit messages, chat actions.

Each method checks its parameters in the order Telegram does: the text and its markup first
(telegram-bot-api), then the chat, the message replied to and the keyboard, then what tdlib
checks (an empty text after trimming, the length) — and fails with Telegram's own error texts.
Files and media are in `media`.
"""

from __future__ import annotations

import time
from typing import Any

from course_lib.fakes.telegram.core import BotData
from course_lib.fakes.telegram.errors import bad_request
from course_lib.fakes.telegram.params import Params
from course_lib.fakes.telegram.texts import fixed, parsed

MAX_MARKUP = 10_000  # characters of reply_markup JSON (Telegram: at most 100 buttons)
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}
NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message")


def send_message(api: BotData, p: Params) -> dict[str, Any]:
    """sendMessage: a text of 1-4096 characters (after its markup is parsed) to a chat."""
    text, entities = parsed(_text(p), p.text("parse_mode"), p.values.get("entities"))
    chat = api.state.find_chat(p.text("chat_id"))
    reply_to = reply_target(api, chat["id"], p)
    markup = inline_markup(p)
    fields = fixed(api, text, entities, caption=False, too_long="Message is too long")
    return api.state.bot_sends(chat, reply_to_message=reply_to, **fields, reply_markup=markup)


def edit_message_text(api: BotData, p: Params) -> dict[str, Any]:
    """editMessageText: new text for one of the bot's own text messages."""
    text, entities = parsed(_text(p), p.text("parse_mode"), p.values.get("entities"))
    message = message_to_edit(api, p)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    markup = inline_markup(p)
    fields = fixed(api, text, entities, caption=False, too_long="MESSAGE_TOO_LONG")
    if all(message.get(key) == fields[key] for key in ("text", "entities")) and (
            message.get("reply_markup") == markup):
        raise bad_request(NOT_MODIFIED)
    return api.state.bot_edits(message, **fields, edit_date=int(time.time()),
                               reply_markup=markup)


def edit_message_reply_markup(api: BotData, p: Params) -> dict[str, Any]:
    """editMessageReplyMarkup: a new inline keyboard (or none) under one of the bot's messages."""
    message = message_to_edit(api, p)
    markup = inline_markup(p)
    if message.get("reply_markup") == markup:
        raise bad_request(NOT_MODIFIED)
    return api.state.bot_edits(message, edit_date=int(time.time()), reply_markup=markup)


def send_chat_action(api: BotData, p: Params) -> bool:
    """sendChatAction: "typing…" and friends; only recorded here."""
    action = p.text("action").lower()
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat = api.state.find_chat(p.text("chat_id"))
    api.state.chat_action(chat["id"], action)
    return True


def _text(p: Params) -> str:
    """The `text` parameter; only a missing or empty one fails here (spaces fail later)."""
    text = p.text("text")
    if not text:
        raise bad_request("message text is empty")
    return text


def message_to_edit(api: BotData, p: Params) -> dict[str, Any]:
    """The bot's own message that `chat_id` and `message_id` name, or Telegram's 400s."""
    if not p.text("chat_id"):
        # Without a chat the message must be an inline one, which this fake never creates.
        reason = "MESSAGE_ID_INVALID" if p.text("inline_message_id") else None
        raise bad_request(reason or "message identifier is not specified")
    chat = api.state.find_chat(p.text("chat_id"))
    message = api.state.find_message(chat["id"], p.integer("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if message["from"]["id"] != api.state.bot["id"]:
        raise bad_request("message can't be edited")
    return message


def reply_target(api: BotData, chat_id: int, p: Params) -> dict[str, Any] | None:
    """The message being replied to (`reply_parameters` or the older `reply_to_message_id`)."""
    params = p.json("reply_parameters", "reply parameters")
    if params is not None and not isinstance(params, dict):
        raise bad_request("object expected as reply parameters")
    if params:
        message_id = Params(params).integer("message_id")
        allow_missing = Params(params).flag("allow_sending_without_reply")
    else:
        message_id = p.integer("reply_to_message_id")
        allow_missing = p.flag("allow_sending_without_reply")
    original = api.state.find_message(chat_id, message_id) if message_id > 0 else None
    if original is None and message_id > 0 and not allow_missing:
        raise bad_request("message to be replied not found")
    if original is None:
        return None
    return {key: value for key, value in original.items() if key != "reply_to_message"}


def inline_markup(p: Params) -> dict[str, Any] | None:
    """The reply markup; only inline keyboards show up in the returned Message, as in Telegram."""
    if len(p.text("reply_markup")) > MAX_MARKUP:
        raise bad_request("reply markup is too long")
    markup = p.json("reply_markup", "reply keyboard markup")
    if markup is not None and not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")
    return markup if markup and "inline_keyboard" in markup else None
