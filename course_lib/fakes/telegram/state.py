"""What the fake Telegram remembers: users, their private chats with the bot, messages, files.

Every change happens under one lock, which is also a condition variable: a test that waits
for the bot's reply sleeps on it and wakes up when the bot sends something.

Memory is bounded by `ServerLimits`: the newest `max_records` messages are kept (older ones
can no longer be replied to or edited), the log of sends and edits and the chat actions keep
their newest `max_records`, and stored files at most `max_file_bytes` together. Each chat
counts every message the bot sent to it, so "the replies since" stays right when old ones go.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from course_lib.fakes.limits import DEFAULT, ServerLimits
from course_lib.fakes.recording import RecordLog
from course_lib.fakes.telegram.errors import bad_request
from course_lib.fakes.telegram.objects import (
    command_entities,
    make_document,
    make_message,
    make_photo_size,
    make_user,
    private_chat,
)


@dataclass
class StoredFile:
    """An uploaded file: its Document (or PhotoSize) object, its bytes, its getFile path,
    its kind ("document" or "photo") and MIME type."""

    document: dict[str, Any]
    data: bytes
    path: str
    kind: str = "document"
    mime_type: str = "application/octet-stream"


class ChatState:
    """Users, chats, messages and uploaded files, shared by the API and the test driver."""

    def __init__(self, bot: dict[str, Any], limits: ServerLimits = DEFAULT) -> None:
        """Empty state for the bot described by the User object `bot`."""
        self.cond = threading.Condition()
        self.bot = bot
        self.limits = limits
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # the newest, oldest first
        self.by_bot: dict[int, deque[dict[str, Any]]] = {}  # chat id -> the bot's messages
        self.bot_counts: dict[int, int] = {}  # chat id -> messages the bot ever sent there
        self.bot_changed: dict[int, float] = {}  # chat id -> time.monotonic() of the last send/edit
        self.sent: RecordLog[dict[str, Any]] = RecordLog(limits.max_records)  # sends, edits
        self.chat_actions: RecordLog[tuple[int, str]] = RecordLog(limits.max_records)
        self.files: dict[str, StoredFile] = {}  # by file_id, oldest first
        self._file_bytes = 0  # of all the files kept
        self._files_stored = 0  # files ever stored: numbers their file_ids
        self._last_id: dict[int, int] = {}  # chat id -> last message id in that chat

    def add_user(self, user_id: int, first_name: str, language_code: str | None = None,
                 username: str | None = None) -> dict[str, Any]:
        """Register a user and their private chat with the bot (again: update the names)."""
        user = make_user(user_id, first_name, username=username, language_code=language_code)
        with self.cond:
            self.users[user_id] = user
            self.chats[user_id] = private_chat(user)
            self.by_bot.setdefault(user_id, deque())
            self.bot_counts.setdefault(user_id, 0)
        return user

    def find_chat(self, chat_id: str) -> dict[str, Any]:
        """The chat a `chat_id` parameter names, or Telegram's 400 errors."""
        if not chat_id.strip():
            raise bad_request("chat_id is empty")
        try:
            number = int(chat_id)
        except ValueError:
            number = 0  # "@channelname" or junk: no such chat here
        with self.cond:
            chat = self.chats.get(number)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def find_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A message of a chat by id, or None."""
        with self.cond:
            return self.messages.get((chat_id, message_id))

    def find_file(self, file_id: str) -> StoredFile | None:
        """An uploaded file by file_id, or None."""
        with self.cond:
            return self.files.get(file_id)

    def chat_action(self, chat_id: int, action: str) -> None:
        """Record a sendChatAction call ("typing", ...) and wake whoever waits for it."""
        with self.cond:
            self.chat_actions.append((chat_id, action))
            self.cond.notify_all()

    def user_says(self, user_id: int, text: str) -> dict[str, Any]:
        """Store a text message from a user to the bot and return it."""
        return self.user_sends(user_id, text=text, entities=command_entities(text) or None)

    def user_sends(self, user_id: int, **content: Any) -> dict[str, Any]:
        """Store any message from a user to the bot (a text, a sticker…) and return it."""
        with self.cond:
            return self._store(self.chats[user_id], self.users[user_id], **content)

    def bot_sends(self, chat: dict[str, Any], **content: Any) -> dict[str, Any]:
        """Store a message from the bot, log it and wake whoever waits for replies."""
        with self.cond:
            message = self._store(chat, self.bot, **content)
            self.by_bot[chat["id"]].append(message)
            self.bot_counts[chat["id"]] += 1
            self.bot_changed[chat["id"]] = time.monotonic()
            self.sent.append(copy.deepcopy(message))
            self.cond.notify_all()
            return copy.deepcopy(message)

    def bot_edits(self, message: dict[str, Any], **changes: Any) -> dict[str, Any]:
        """Change a stored message in place (the chat shows the new text) and log the edit."""
        with self.cond:
            for key, value in changes.items():
                if value is None:
                    message.pop(key, None)  # e.g. an edit that removes the inline keyboard
                else:
                    message[key] = value
            self.bot_changed[message["chat"]["id"]] = time.monotonic()
            self.sent.append(copy.deepcopy(message))
            self.cond.notify_all()
            return copy.deepcopy(message)

    def _store(self, chat: dict[str, Any], sender: dict[str, Any],
               **content: Any) -> dict[str, Any]:
        """Give a message the chat's next id and keep it (call with the lock held)."""
        message_id = self._last_id.get(chat["id"], 0) + 1
        self._last_id[chat["id"]] = message_id
        message = make_message(message_id, chat, sender, **content)
        self.messages[(chat["id"], message_id)] = message
        if len(self.messages) > self.limits.max_records:
            self._forget_oldest_message()
        return message

    def _forget_oldest_message(self) -> None:
        """Drop the oldest message kept (call with the lock held).

        It is also the oldest of its chat, so if the bot sent it, it is that chat's first.
        """
        key = next(iter(self.messages))
        message = self.messages.pop(key)
        kept = self.by_bot.get(key[0])
        if kept and kept[0] is message:
            kept.popleft()

    def store_file(self, file_name: str, mime_type: str, data: bytes,
                   photo_size: tuple[int, int] | None = None) -> dict[str, Any]:
        """Keep an uploaded file; its Document object, or PhotoSize if `photo_size` is given."""
        with self.cond:
            self._files_stored += 1
            number = self._files_stored
            suffix = PurePosixPath(file_name).suffix
            if photo_size is None:
                document = make_document(number, file_name, mime_type, len(data))
                stored = StoredFile(document, data, f"documents/file_{number}{suffix}",
                                    mime_type=mime_type)
            else:
                document = make_photo_size(number, len(data), *photo_size)
                stored = StoredFile(document, data, f"photos/file_{number}{suffix}", "photo",
                                    mime_type)
            self.files[document["file_id"]] = stored
            self._file_bytes += len(data)
            while self._file_bytes > self.limits.max_file_bytes and len(self.files) > 1:
                oldest = self.files.pop(next(iter(self.files)))  # its file_id is now unknown
                self._file_bytes -= len(oldest.data)
            return dict(document)

    def bot_messages(self, chat_id: int, since: int = 0) -> list[dict[str, Any]]:
        """Copies of the bot's messages to a chat after its first `since`, as shown now.

        `since` counts every message the bot sent there (`bot_counts`), kept or not.
        """
        with self.cond:
            kept = list(self.by_bot.get(chat_id, ()))
            first_kept = self.bot_counts.get(chat_id, 0) - len(kept)  # the count before it
            return copy.deepcopy(kept[max(since - first_kept, 0):])

    def wait(self, ready: Callable[[], bool], timeout: float) -> bool:
        """Block until `ready()` is true (checked under the lock) or `timeout` s pass."""
        with self.cond:
            return self.cond.wait_for(ready, timeout)
