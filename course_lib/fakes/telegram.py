"""A local fake of the Telegram Bot API, for tests, offline work and live demos.

It is a real HTTP server speaking the Bot API's wire format, so the real telebot client works
against it unchanged: point telebot at it with
`telebot.apihelper.API_URL = fake.api_url + "/bot{0}/{1}"` (the bot does this when
`TELEGRAM_API_URL` is set). You play the users; the fake records what the bot answers.

In a test (same process):

    with FakeTelegram(token="123456:FAKE-local-token") as tg:
        alice = tg.user(1001, "Alice", language_code="en")
        alice.send("/ping")
        alice.wait_replies(1, timeout=5)  # -> [{"text": "pong", ...}]
        tg.fail("sendMessage", 429, retry_after=1)  # the next sendMessage gets a 429

As a separate process (`python -m course_lib fake-telegram`; it prints its URL first):

    curl -X POST http://127.0.0.1:8081/_fake/send -H 'Content-Type: application/json' \\
         -d '{"user_id": 1001, "first_name": "Alice", "text": "/start"}'
    curl 'http://127.0.0.1:8081/_fake/sent?chat_id=1001'
    curl -X POST http://127.0.0.1:8081/_fake/fail -d method=sendMessage -d status=502
    curl http://127.0.0.1:8081/bot123456:FAKE-local-token/getMe

Limits (`course_lib.fakes.limits.TELEGRAM_DEFAULT`): a body over 64 MiB gets 413 "Request
Entity Too Large" as at api.telegram.org, at most 128 connections are served at once, idle
ones close after 30 s; `sent`, `calls` and `chat_actions` keep the newest 10,000 entries,
stored files 256 MiB in all. For a bot that untrusted code runs, use
`FakeTelegram(token=..., control=False, limits=GRADING)`: smaller limits, and the
`/_fake/...` routes answer 404 like any unknown path; the Python API above keeps working.

What it does not do (the course does not need it): groups and channels, inline keyboards
being pressed, webhooks (setWebhook is accepted and turns getUpdates off, as in Telegram,
but nothing is pushed), photos and other media, and parsing HTML/Markdown markup.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any

from course_lib.fakes.http_server import BackgroundServer, serve_until_stopped
from course_lib.fakes.limits import TELEGRAM_DEFAULT, ServerLimits
from course_lib.fakes.tg_api import BotApi
from course_lib.fakes.tg_driver import FakeUser
from course_lib.fakes.tg_http import TelegramHandler
from course_lib.fakes.tg_objects import make_user
from course_lib.fakes.tg_state import StoredFile

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
        self.api.state.add_user(user_id, first_name, language_code, username)
        return FakeUser(self.api, user_id, first_name)

    def known_user(self, user_id: int) -> dict[str, Any]:
        """The User object of a user seen before (empty if none)."""
        with self.api.state.cond:
            return dict(self.api.state.users.get(user_id, {}))

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m course_lib fake-telegram`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--token", default=None,
                        help="the bot token the fake accepts (default: a placeholder)")


def run(args: argparse.Namespace) -> int:
    """Serve the fake until Ctrl+C or SIGTERM; the first stdout line is its base URL."""
    token = args.token or DEFAULT_TOKEN
    try:
        fake = FakeTelegram(token, args.host, args.port)
    except OSError as error:
        print(f"fake-telegram: cannot listen on {args.host}:{args.port}: {error}. "
              "Is another fake running there? Pick another --port (0 = any free one).",
              file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"fake-telegram: {error}", file=sys.stderr)
        return 2
    return serve_until_stopped(fake, fake.api_url, hint=_hint(fake, args.token is None))


def _hint(fake: FakeTelegram, placeholder: bool) -> str:
    """What to do next, for stderr (a token given on the command line is never echoed)."""
    token = DEFAULT_TOKEN if placeholder else "<the token you gave>"
    lines = [f"fake-telegram: serving the Bot API at {fake.api_url} (Ctrl+C stops it)",
             f"  point the bot here: TELEGRAM_API_URL={fake.api_url} TELEGRAM_BOT_TOKEN={token}",
             f"  play a user: curl -X POST {fake.api_url}/_fake/send"
             " -d user_id=1001 -d first_name=Alice -d text=/start"]
    if placeholder:
        lines.insert(1, f"  no --token given: accepting the placeholder {DEFAULT_TOKEN}")
    return "\n".join(lines)
