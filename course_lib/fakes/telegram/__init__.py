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

Texts are formatted as Telegram formats them (`markup`, ported from Telegram's own server
code): `parse_mode` Markdown, MarkdownV2 or HTML comes back as plain text plus `entities`
(UTF-16 offsets), and broken markup is 400 "Bad Request: can't parse entities: ..." word for
word, as LLM output sent with a parse mode meets it on the real service. Files travel as
multipart parts of their own name or as `attach://<part>`; a malformed token is 404 Not
Found, a well-formed unknown one 401 Unauthorized.

The modules, each importing only those after it: `cli` → `server` (FakeTelegram) →
`handler` (HTTP) → `control` (/_fake routes) → `driver` (FakeUser) → `api` (dispatch, call
log, faults) → `bot`, `media`, `send` (the methods) → `texts` → `core` (BotData) → `state`,
`updates`, `params`, `multipart`, `markup`, `objects`, `errors`.

What it does not do (the course does not need it): groups and channels, inline keyboards
being pressed, webhooks (setWebhook is accepted and turns getUpdates off, as in Telegram,
but nothing is pushed), video, audio, voice, stickers, locations, forwarding; files by URL
(there is no internet to fetch them from); mentions, hashtags and URLs that Telegram marks
by itself (only bot commands get automatic entities here).
"""

from course_lib.fakes.telegram.cli import add_arguments, run
from course_lib.fakes.telegram.driver import FakeUser
from course_lib.fakes.telegram.server import DEFAULT_PORT, DEFAULT_TOKEN, FakeTelegram
from course_lib.fakes.telegram.state import StoredFile

__all__ = ["DEFAULT_PORT", "DEFAULT_TOKEN", "FakeTelegram", "FakeUser", "StoredFile",
           "add_arguments", "run"]
