"""The HTTP side of the Telegram fake: URLs to API calls, results and errors to responses.

URLs, as on api.telegram.org:
- `/bot<token>/<method>` (GET or POST) — a Bot API call;
- `/file/bot<token>/<file_path>` — download a file (the path comes from getFile);
- `/_fake/...` — the control API of the fake itself (see `control`), unless the fake was
  made with `control=False`: then these are unknown paths too (404 "Not Found").

The request line may be long (see `limits.TELEGRAM_DEFAULT`): telebot sends a message's text
in the URL. A body over the size limit gets Telegram's own answer for a too large upload,
413 "Request Entity Too Large".
"""

from __future__ import annotations

import re
import sys
import traceback
from contextlib import AbstractContextManager
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from course_lib.fakes.http_base import Handler
from course_lib.fakes.limits import TELEGRAM_DEFAULT
from course_lib.fakes.telegram import control
from course_lib.fakes.telegram.api import BotApi
from course_lib.fakes.telegram.errors import NOT_FOUND, UNAUTHORIZED, BotApiError
from course_lib.fakes.telegram.params import read_params
from course_lib.fakes.telegram.state import StoredFile

MAX_REQUEST_LINE = TELEGRAM_DEFAULT.max_line_bytes  # unless the fake was given other limits
_API_PATH = re.compile(r"/bot([^/]*)/([^/]*)")
_FILE_PATH = re.compile(r"/file/bot([^/]*)/(.+)")
# A token of the right shape: a bot id (no leading 0) and a secret of URL-safe base64 letters.
# A wrong token of this shape is 401 Unauthorized; any other shape is 404 Not Found, as on
# api.telegram.org (python-telegram-bot's InvalidToken covers both).
_TOKEN_SHAPE = re.compile(r"[1-9][0-9]{0,15}:[A-Za-z0-9_-]+")
MAX_TOKEN = 80  # telegram-bot-api's limit


class Owner(Protocol):
    """What the handler needs of the server that owns it (`server.FakeTelegram`)."""

    token: str
    control: bool
    stopped: bool
    api: BotApi

    def connection_opened(self) -> None: ...
    def answering(self) -> AbstractContextManager[None]: ...
    def find_file_by_path(self, path: str) -> StoredFile | None: ...


class TelegramHandler(Handler):
    """Serves the Bot API of the `FakeTelegram` that owns the server."""

    server_version = "course-fake-telegram/1.0"

    @property
    def fake(self) -> Owner:
        """The fake this server belongs to."""
        return self.server.owner  # type: ignore[attr-defined]

    def setup(self) -> None:
        """Count the connection (tests check that keep-alive reuses one)."""
        super().setup()
        self.fake.connection_opened()

    def answer(self) -> None:
        """Serve GET and POST (the Bot API takes both); other methods get 405."""
        if self.command in ("GET", "POST"):
            with self.fake.answering():
                self.route()
        else:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)
        if self.fake.stopped:
            self.close_connection = True

    def route(self) -> None:
        """Dispatch by path: a Bot API call, a file download or the control API."""
        body = self.read_body()  # always read it, or the next request on this connection breaks
        if body is None:
            return  # too large or malformed: refused already
        url = urlsplit(self.path)
        file_match = _FILE_PATH.fullmatch(url.path)
        try:
            if url.path.startswith("/_fake/") and self.fake.control:
                self.send_json(*control.handle(self.fake.api, self.command, url.path,
                                                  read_params(url.query, self._type(), body)))
            elif file_match:
                self.download(*file_match.groups())
            else:
                self.send_json(200, self.api_call(url.path, url.query, body))
        except BotApiError as error:
            self.send_json(error.status, error.body())
        except Exception:  # a bug in the fake: say so loudly, answer like Telegram would
            traceback.print_exc(file=sys.stderr)
            self.send_json(500, BotApiError(500, "Internal Server Error").body())

    def send_body_error(self, status: int, message: str) -> None:
        """A refused body gets Telegram's error: 413 is what api.telegram.org says for uploads."""
        description = "Request Entity Too Large" if status == 413 else message
        self.send_json(status, BotApiError(status, description).body())

    def api_call(self, path: str, query: str, body: bytes) -> dict[str, Any]:
        """Check the token, then run the method; returns the success body."""
        match = _API_PATH.fullmatch(path)
        if match is None:
            raise BotApiError(404, NOT_FOUND)
        token, method = unquote(match.group(1)), match.group(2)
        self.check_token(token)
        return self.fake.api.call(method, read_params(query, self._type(), body))

    def check_token(self, token: str) -> None:
        """The fake's own token passes; any other is 401, or 404 if it is not even token-shaped."""
        if token == self.fake.token:
            return
        if len(token) <= MAX_TOKEN and _TOKEN_SHAPE.fullmatch(token):
            raise BotApiError(401, UNAUTHORIZED)
        raise BotApiError(404, NOT_FOUND)

    def download(self, token: str, file_path: str) -> None:
        """Send the bytes of an uploaded file, as api.telegram.org/file/bot<token>/... does."""
        self.check_token(unquote(token))
        stored = self.fake.find_file_by_path(unquote(file_path))
        if stored is None:
            raise BotApiError(404, NOT_FOUND)
        self.send_bytes(200, stored.data, stored.mime_type)

    def _type(self) -> str:
        """The request's Content-Type header (empty if none)."""
        return self.headers.get("Content-Type", "")
