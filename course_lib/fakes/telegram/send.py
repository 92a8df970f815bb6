"""The Bot API methods that put something in a chat: send and edit messages, send files.

Each method checks its parameters in the order Telegram does (the text first, then the chat,
then the message replied to) and fails with Telegram's own error texts.
"""

from __future__ import annotations

import mimetypes
import time
from typing import Any

from course_lib.fakes.telegram.core import BotData
from course_lib.fakes.telegram.errors import bad_request
from course_lib.fakes.telegram.objects import command_entities
from course_lib.fakes.telegram.params import Params

MAX_TEXT = 4096  # characters of a message text
MAX_CAPTION = 1024  # characters of a file's caption
MAX_MARKUP = 10_000  # characters of reply_markup JSON (Telegram: at most 100 buttons)
MAX_FILE_NAME = 255  # characters of a stored file name, as on most file systems
PARSE_MODES = {"html", "markdown", "markdownv2"}
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}
NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message")


def send_message(api: BotData, p: Params) -> dict[str, Any]:
    """sendMessage: a text of 1-4096 characters to a chat, maybe as a reply."""
    text = checked_text(p, too_long="message is too long")
    chat = api.state.find_chat(p.text("chat_id"))
    reply_to = reply_target(api, chat["id"], p)
    return api.state.bot_sends(chat, reply_to_message=reply_to, text=text,
                               entities=command_entities(text) or None,
                               reply_markup=inline_markup(p))


def send_document(api: BotData, p: Params) -> dict[str, Any]:
    """sendDocument: an uploaded file (multipart part `document`) or a known file_id."""
    upload, file_ref = p.files.get("document"), p.text("document")
    if upload is None and not file_ref:
        raise bad_request("there is no document in the request")
    caption = p.text("caption")
    if len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    check_parse_mode(p)
    chat = api.state.find_chat(p.text("chat_id"))
    reply_to = reply_target(api, chat["id"], p)
    if upload is not None:
        document = store_upload(api, upload.filename or "document", upload.data)
    else:
        document = known_document(api, file_ref)
    return api.state.bot_sends(chat, reply_to_message=reply_to, document=document,
                               caption=caption or None, reply_markup=inline_markup(p))


def edit_message_text(api: BotData, p: Params) -> dict[str, Any]:
    """editMessageText: new text for one of the bot's own text messages."""
    text = checked_text(p, too_long="MESSAGE_TOO_LONG")  # Telegram's wording for edits
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
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    markup = inline_markup(p)
    if message["text"] == text and message.get("reply_markup") == markup:
        raise bad_request(NOT_MODIFIED)
    return api.state.bot_edits(message, text=text, entities=command_entities(text) or None,
                               edit_date=int(time.time()), reply_markup=markup)


def send_chat_action(api: BotData, p: Params) -> bool:
    """sendChatAction: "typing…" and friends; only recorded here."""
    action = p.text("action").lower()
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat = api.state.find_chat(p.text("chat_id"))
    api.state.chat_action(chat["id"], action)
    return True


def checked_text(p: Params, too_long: str) -> str:
    """The `text` parameter, if Telegram would accept it (1-4096 characters)."""
    text = p.text("text")
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request(too_long)
    check_parse_mode(p)
    return text


def check_parse_mode(p: Params) -> None:
    """Accept Telegram's parse modes (the markup itself is not parsed by this fake)."""
    mode = p.text("parse_mode")
    if mode and mode.lower() not in PARSE_MODES:
        raise bad_request("unsupported parse_mode")


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


def store_upload(api: BotData, file_name: str, data: bytes) -> dict[str, Any]:
    """Keep an uploaded file; its MIME type is guessed from the name, as Telegram does."""
    if not data:
        raise bad_request("file must be non-empty")
    mime_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    return api.state.store_file(file_name[-MAX_FILE_NAME:], mime_type, data)  # keep the suffix


def known_document(api: BotData, file_id: str) -> dict[str, Any]:
    """The Document of a file sent before, resent by its file_id."""
    stored = api.state.find_file(file_id)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return dict(stored.document)
