"""The Bot API itself, without HTTP: find the method, log the call, inject faults, answer.

`BotApi.call("sendMessage", params)` returns the JSON body Telegram would send, or raises
`BotApiError` with Telegram's error. The HTTP handler only moves bytes in and out.
The call log keeps the newest `max_records` calls, each with at most `max_record_bytes`
characters of parameters: a bot in a loop cannot fill the memory of the fake.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from course_lib.fakes.limits import DEFAULT, ServerLimits
from course_lib.fakes.recording import RecordLog
from course_lib.fakes.telegram import bot, media, send
from course_lib.fakes.telegram.core import BotData
from course_lib.fakes.telegram.errors import NOT_FOUND, BotApiError, fault
from course_lib.fakes.telegram.params import Params

Method = Callable[[BotData, Params], Any]

# The methods this fake knows, by their official names. Telegram ignores the case of method
# names in URLs (`/sendmessage` works too), so lookups go through the lower-case table below.
METHODS: dict[str, Method] = {
    "getMe": bot.get_me,
    "getUpdates": bot.get_updates,
    "setWebhook": bot.set_webhook,
    "deleteWebhook": bot.delete_webhook,
    "getWebhookInfo": bot.get_webhook_info,
    "setMyCommands": bot.set_my_commands,
    "getMyCommands": bot.get_my_commands,
    "deleteMyCommands": bot.delete_my_commands,
    "getFile": bot.get_file,
    "sendMessage": send.send_message,
    "sendDocument": media.send_document,
    "sendPhoto": media.send_photo,
    "sendMediaGroup": media.send_media_group,
    "editMessageText": send.edit_message_text,
    "editMessageMedia": media.edit_message_media,
    "editMessageCaption": media.edit_message_caption,
    "editMessageReplyMarkup": send.edit_message_reply_markup,
    "sendChatAction": send.send_chat_action,
}
_BY_LOWER_NAME = {name.lower(): name for name in METHODS}


def official_name(method: str) -> str | None:
    """The official spelling of a method name in any case ("SENDMESSAGE" -> "sendMessage")."""
    return _BY_LOWER_NAME.get(method.lower())


class BotApi(BotData):
    """One bot's API: its `BotData` state plus the call log and the pending faults."""

    def __init__(self, bot: dict[str, Any], limits: ServerLimits = DEFAULT) -> None:
        """A fresh API for the bot described by the User object `bot`."""
        super().__init__(bot, limits)
        self.calls: RecordLog[tuple[str, dict[str, Any]]] = RecordLog(limits.max_records)
        self._faults: dict[str, list[BotApiError]] = {}
        self._lock = threading.Lock()

    def call(self, method: str, params: Params) -> dict[str, Any]:
        """Run one API call and return Telegram's success body (errors are raised)."""
        name = official_name(method)
        if name is None:
            raise BotApiError(404, NOT_FOUND)
        self.calls.append((name, params.for_log(self.limits.max_record_bytes)))
        with self._lock:
            pending = self._faults.get(name)
            injected = pending.pop(0) if pending else None
        if injected is not None:
            raise injected
        result = METHODS[name](self, params)
        if isinstance(result, bot.Described):
            return {"ok": True, "result": result.result, "description": result.description}
        return {"ok": True, "result": result}

    def fail(self, method: str, status: int, count: int = 1, retry_after: int | None = None,
             description: str | None = None) -> None:
        """Make the next `count` calls of `method` fail with `status` (Telegram's error body)."""
        name = official_name(method)
        if name is None:
            raise ValueError(f"unknown Bot API method {method!r}; known: {', '.join(METHODS)}")
        if not 400 <= status <= 599 or count < 1:
            raise ValueError("status must be 400-599 and count at least 1")
        with self._lock:
            errors = [fault(status, retry_after, description) for _ in range(count)]
            self._faults.setdefault(name, []).extend(errors)

    def call_log(self) -> list[tuple[str, dict[str, Any]]]:
        """A copy of (method, params) of the calls kept (the newest `max_records`)."""
        return self.calls.items()
