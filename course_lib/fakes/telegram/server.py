"""The Telegram fake's server: the HTTP server plus the handle tests drive it with.

`FakeTelegram` binds a real HTTP server on loopback (see the package docstring for how to use
it) and owns one `BotApi`: what the bot sees through HTTP and what a test sees through `user()`,
`sent`, `calls` and `fail()` is the same state.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from course_lib.fakes.http_server import BackgroundServer
from course_lib.fakes.limits import TELEGRAM_DEFAULT, ServerLimits
from course_lib.fakes.telegram.api import BotApi
from course_lib.fakes.telegram.driver import FakeUser, add_user, known_user
from course_lib.fakes.telegram.handler import TelegramHandler
from course_lib.fakes.telegram.objects import make_user
from course_lib.fakes.telegram.state import StoredFile

# A placeholder: real tokens look different, and this one opens nothing anywhere.
DEFAULT_TOKEN = "123456:FAKE-local-token"
DEFAULT_PORT = 8081


class FakeTelegram(BackgroundServer):
    """The fake Bot API server plus a driver for tests: users, replies, faults, call log."""

    def __init__(self, token: str = DEFAULT_TOKEN, host: str = "127.0.0.1", port: int = 0,
                 bot_name: str = "Course Bot", bot_username: str = "course_fake_bot", *,
                 control: bool = True, limits: ServerLimits = TELEGRAM_DEFAULT) -> None:
        """Bind at once (port 0 picks a free port); serve after `start()` or `with`.

        `control=False` turns the `/_fake/...` HTTP routes off; `limits` bounds what clients
        may send and what the fake keeps.
        """
        bot_id, sep, _ = token.partition(":")
        if not sep or not bot_id.isdigit():
            raise ValueError("a bot token looks like '<digits>:<text>', e.g. " + DEFAULT_TOKEN)
        self.token = token
        self.control = control
        bot = make_user(int(bot_id), bot_name, is_bot=True, username=bot_username)
        self.api = BotApi(bot, limits)
        self.stopped = False
        self.connections_opened = 0  # TCP connections so far; keep-alive makes this small
        self._in_flight = 0  # requests being answered right now
        self._busy = threading.Condition()
        super().__init__(TelegramHandler, host, port, limits)

    def __enter__(self) -> FakeTelegram:
        """Start serving; `with FakeTelegram() as tg:` stops it again at the end."""
        self.start()
        return self

    @property
    def api_url(self) -> str:
        """The base URL, the value for TELEGRAM_API_URL: "http://127.0.0.1:PORT"."""
        return f"http://{self.host}:{self.port}"

    def user(self, user_id: int, first_name: str, language_code: str | None = None,
             username: str | None = None) -> FakeUser:
        """A user with a private chat with the bot, to send messages and read replies."""
        return add_user(self.api, user_id, first_name, language_code, username)

    def known_user(self, user_id: int) -> dict[str, Any]:
        """The User object of a user seen before (empty if none)."""
        return known_user(self.api, user_id)

    def fail(self, method: str, status: int, count: int = 1, retry_after: int | None = None,
             description: str | None = None) -> None:
        """The next `count` calls of `method` fail with `status` and Telegram's error body."""
        self.api.fail(method, status, count, retry_after, description)

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Everything the bot sent, in order: messages, documents and edits (with edit_date).

        Only the newest `max_records` are kept; `api.state.sent.total` counts them all.
        """
        return [dict(message) for message in self.api.state.sent.items()]

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        """The sendChatAction calls: (chat_id, action), the newest `max_records` of them."""
        return self.api.state.chat_actions.items()

    @property
    def commands(self) -> list[dict[str, str]]:
        """The last command list setMyCommands accepted."""
        with self.api.state.cond:
            return [dict(command) for command in self.api.commands]

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """(method, params) of the newest API calls with the right token, oldest first."""
        return self.api.call_log()

    @property
    def waiting_polls(self) -> int:
        """How many getUpdates long polls are waiting right now."""
        return self.api.updates.waiting_polls

    def file_bytes(self, file_id: str) -> bytes:
        """The bytes of a file the bot sent (a Document's file_id)."""
        stored = self.api.state.find_file(file_id)
        if stored is None:
            raise KeyError(f"no file with file_id {file_id!r}")
        return stored.data

    def find_file_by_path(self, path: str) -> StoredFile | None:
        """A stored file by its getFile path, or None."""
        with self.api.state.cond:
            return next((f for f in self.api.state.files.values() if f.path == path), None)

    def connection_opened(self) -> None:
        """Count a new client connection (the handler calls this)."""
        with self._busy:
            self.connections_opened += 1

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Mark a request as being answered (the handler wraps each request in this)."""
        with self._busy:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._busy:
                self._in_flight -= 1
                self._busy.notify_all()

    def stop(self) -> None:
        """Stop serving: answer waiting long polls first, then close every connection."""
        self.stopped = True
        self.api.updates.close()  # waiting getUpdates calls now answer []...
        with self._busy:  # ...and get the moment they need to write it before we hang up
            self._busy.wait_for(lambda: self._in_flight == 0, timeout=2)
        super().stop()
