"""The Bot API methods that send files: documents, photos, albums, and replacing a message's media.

A file parameter is one of three things, as in telegram-bot-api's `get_input_file`: an
uploaded multipart part of the same name, "attach://<part name>" (an upload in another part,
the way InputMedia objects in sendMediaGroup and editMessageMedia must name theirs), or the
file_id of a file sent before. URLs are not downloaded by this fake. Photos must be PNG, JPEG
or GIF here (Telegram converts more); each gets one PhotoSize, the size it was sent in.
"""

from __future__ import annotations

import json
import mimetypes
import struct
import time
from dataclasses import dataclass
from typing import Any

from course_lib.fakes.telegram import markup
from course_lib.fakes.telegram.core import BotData
from course_lib.fakes.telegram.errors import bad_request, td_error
from course_lib.fakes.telegram.markup import Entity, MarkupError
from course_lib.fakes.telegram.markup.given import string_field
from course_lib.fakes.telegram.multipart import Part
from course_lib.fakes.telegram.params import Params
from course_lib.fakes.telegram.send import (
    NOT_MODIFIED,
    inline_markup,
    message_to_edit,
    reply_target,
)
from course_lib.fakes.telegram.texts import fixed, parsed

ATTACH = "attach://"
MAX_FILE_NAME = 255  # characters of a stored file name, as on most file systems
MAX_ALBUM = 10
MEDIA_KINDS = ("photo", "document")  # of InputMedia; video, audio and animation are not faked


@dataclass
class Media:
    """One file to send: its kind, the upload or file_id, and its caption (parsed)."""

    kind: str
    upload: Part | None
    file_id: str
    caption: str = ""
    entities: tuple[Entity, ...] = ()


def input_file(p: Params, field: str, value: str | None = None) -> tuple[Part | None, str]:
    """(the uploaded part, "") or (None, the file_id) a file parameter names; (None, "") if none."""
    value = p.text(field) if value is None else value
    if value.startswith(ATTACH):
        return p.files.get(value[len(ATTACH):]), ""
    if value:
        return None, value
    return p.files.get(field), ""


def send_document(api: BotData, p: Params) -> dict[str, Any]:
    """sendDocument: a file uploaded as `document`, through attach://, or a known file_id."""
    return _send_file(api, p, "document")


def send_photo(api: BotData, p: Params) -> dict[str, Any]:
    """sendPhoto: a picture, shown in the chat (the Message has `photo` sizes)."""
    return _send_file(api, p, "photo")


def _send_file(api: BotData, p: Params, kind: str) -> dict[str, Any]:
    """Send one document or photo with its caption."""
    upload, file_id = input_file(p, kind)
    if upload is None and not file_id:
        raise bad_request(f"there is no {kind} in the request")
    caption, entities = parsed(p.text("caption"), p.text("parse_mode"),
                               p.values.get("caption_entities"))
    chat = api.state.find_chat(p.text("chat_id"))
    reply_to = reply_target(api, chat["id"], p)
    markup = inline_markup(p)
    media = Media(kind, upload, file_id, caption, tuple(entities))
    return api.state.bot_sends(chat, reply_to_message=reply_to, **_content(api, media),
                               reply_markup=markup)


def send_media_group(api: BotData, p: Params) -> list[dict[str, Any]]:
    """sendMediaGroup: an album of 1-10 photos, or of documents, each named by InputMedia."""
    album = [_input_media(p, item) for item in _media_json(p, list)]
    chat = api.state.find_chat(p.text("chat_id"))
    reply_to = reply_target(api, chat["id"], p)
    if not album:
        raise td_error("There are no messages to send")
    if len(album) > MAX_ALBUM:
        raise td_error("Too many messages to send as an album")
    if "document" in {m.kind for m in album} and len({m.kind for m in album}) > 1:
        raise td_error("Document can't be mixed with other media types")
    contents = [_content(api, media) for media in album]
    group = str(time.time_ns()) if len(album) > 1 else None  # one message is no album
    return [api.state.bot_sends(chat, reply_to_message=reply_to, media_group_id=group, **c)
            for c in contents]


def edit_message_media(api: BotData, p: Params) -> dict[str, Any]:
    """editMessageMedia: a new photo or document (and caption) for one of the bot's messages."""
    media = _input_media(p, _media_json(p, dict))
    message = message_to_edit(api, p)
    if "photo" not in message and "document" not in message:
        raise bad_request("there is no media in the message to edit")
    content = _content(api, media)
    content.setdefault("photo" if media.kind == "document" else "document", None)
    return api.state.bot_edits(message, **content, edit_date=int(time.time()),
                               reply_markup=inline_markup(p))


def edit_message_caption(api: BotData, p: Params) -> dict[str, Any]:
    """editMessageCaption: a new caption (parsed like any) for one of the bot's files."""
    caption, entities = parsed(p.text("caption"), p.text("parse_mode"),
                               p.values.get("caption_entities"))
    message = message_to_edit(api, p)
    if "photo" not in message and "document" not in message:
        raise bad_request("there is no caption in the message to edit")
    markup = inline_markup(p)
    fields = fixed(api, caption, entities, caption=True, too_long="Message caption is too long")
    if all(message.get(key) == fields[key] for key in fields) and (
            message.get("reply_markup") == markup):
        raise bad_request(NOT_MODIFIED)
    return api.state.bot_edits(message, **fields, edit_date=int(time.time()),
                               reply_markup=markup)


def _media_json(p: Params, shape: type) -> Any:
    """The `media` parameter's JSON: an array for albums, an object for editMessageMedia."""
    raw = p.values.get("media")
    if raw is None or raw == "":
        raise td_error('Parameter "media" is required')
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        what = "media" if shape is list else "input media"
        raise td_error(f"Can't parse {what} JSON object") from None
    if shape is list and not isinstance(value, list):
        raise td_error("Expected an Array of InputMedia")
    return value


def _input_media(p: Params, item: Any) -> Media:
    """One InputMedia object; its errors as "can't parse InputMedia: ..."."""
    try:
        if not isinstance(item, dict):
            raise MarkupError("expected an Object")
        caption = string_field(item, "caption", required=False)
        parse_mode = string_field(item, "parse_mode", required=False)
        caption, entities = markup.formatted(caption, parse_mode, item.get("caption_entities"))
        kind = string_field(item, "type")
        upload, file_id = input_file(p, "", string_field(item, "media", required=False))
        if upload is None and not file_id:
            raise MarkupError("media not found")
        if kind not in MEDIA_KINDS:
            raise MarkupError(f'type "{kind}" is unsupported')
    except MarkupError as error:
        raise td_error(f"Can't parse InputMedia: {error}") from None
    return Media(kind, upload, file_id, caption, tuple(entities))


def _content(api: BotData, media: Media) -> dict[str, Any]:
    """The message fields of a file and its caption: `document` or `photo`, `caption`..."""
    if media.upload is not None:
        stored = store_upload(api, media.upload, media.kind)
    else:
        stored = known_file(api, media.file_id, media.kind)
    caption = fixed(api, media.caption, list(media.entities), caption=True,
                    too_long="Message caption is too long")
    return {media.kind: [stored] if media.kind == "photo" else stored, **caption}


def store_upload(api: BotData, part: Part, kind: str) -> dict[str, Any]:
    """Keep an uploaded file; its MIME type is guessed from the name, as Telegram does."""
    if not part.data:
        raise bad_request("file must be non-empty")
    file_name = (part.filename or kind)[-MAX_FILE_NAME:]  # keep the suffix
    mime_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    if kind == "document":
        return api.state.store_file(file_name, mime_type, part.data)
    size = image_size(part.data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    return api.state.store_file(file_name, "image/jpeg", part.data, photo_size=size)


def known_file(api: BotData, file_id: str, kind: str) -> dict[str, Any]:
    """The Document or PhotoSize of a file sent before, resent by its file_id."""
    stored = api.state.find_file(file_id)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request("type of file mismatch")
    return dict(stored.document)


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG image, or None if it is none of them."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in a JPEG's first start-of-frame marker."""
    index = 2
    while index + 9 <= len(data) and data[index] == 0xFF:
        marker, length = data[index + 1], struct.unpack(">H", data[index + 2:index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5:index + 9])
            return width, height
        index += 2 + length
    return None
