"""The control API of the Telegram fake: play a user, read the bot's replies, inject faults.

It is for a fake running as its own process (`python -m course_lib fake-telegram`), driven
from a notebook or with curl; tests in the same process use `FakeTelegram` directly. A fake
made with `control=False` (the grader's: the bot under test must not play users or inject
faults) has none of these routes: they answer 404 "Not Found" like any unknown path.
Parameters may come as JSON, as a form or in the query string. Answers look like the Bot
API's: `{"ok": true, "result": ...}` or `{"ok": false, "error_code": N, "description": ...}`.

    POST /_fake/send     {"user_id": 1001, "first_name": "Alice", "text": "/start"}
                         (optional: "language_code", "username")
    GET  /_fake/sent     ?chat_id=1001   (all chats without it)
    POST /_fake/fail     {"method": "sendMessage", "status": 429, "retry_after": 5, "count": 1}
    GET  /_fake/commands    the command menu the bot registered
    GET  /_fake/calls       every Bot API call so far: [method, params]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from course_lib.fakes.telegram.api import BotApi
from course_lib.fakes.telegram.driver import add_user, known_user
from course_lib.fakes.telegram.params import Params


def send(api: BotApi, p: Params) -> dict[str, Any]:
    """A user writes to the bot; returns the user's Message."""
    user_id = p.integer("user_id")
    if user_id <= 0:
        raise ValueError("user_id must be a positive integer")
    if not p.text("text").strip():
        raise ValueError("text must be non-empty")
    known = known_user(api, user_id)  # a returning user keeps the names given before
    first_name = p.text("first_name") or known.get("first_name", f"User {user_id}")
    user = add_user(api, user_id, first_name,
                    language_code=p.text("language_code") or known.get("language_code"),
                    username=p.text("username") or known.get("username"))
    return user.send(p.text("text"))


def sent(api: BotApi, p: Params) -> list[dict[str, Any]]:
    """What the bot sent (messages, documents, edits), optionally to one chat only."""
    messages = api.state.sent.items()
    if not p.text("chat_id"):
        return messages
    chat_id = p.integer("chat_id")
    return [message for message in messages if message["chat"]["id"] == chat_id]


def fail(api: BotApi, p: Params) -> bool:
    """Make the next calls of a method fail (see `BotApi.fail`)."""
    retry_after = p.integer("retry_after") if p.text("retry_after") else None
    api.fail(p.text("method"), p.integer("status"), count=p.integer("count", 1),
              retry_after=retry_after, description=p.text("description") or None)
    return True


def commands(api: BotApi, p: Params) -> list[dict[str, str]]:
    """The last command menu the bot registered."""
    with api.state.cond:
        return [dict(command) for command in api.commands]


Route = Callable[[BotApi, Params], Any]
ROUTES: dict[str, tuple[str, Route]] = {
    "/_fake/send": ("POST", send),
    "/_fake/sent": ("GET", sent),
    "/_fake/fail": ("POST", fail),
    "/_fake/commands": ("GET", commands),
    "/_fake/calls": ("GET", lambda api, p: api.call_log()),
}


def handle(api: BotApi, verb: str, path: str, p: Params) -> tuple[int, dict[str, Any]]:
    """Serve one control request; returns the HTTP status and the JSON body."""
    if path not in ROUTES:
        return _error(404, f"Not Found: no control endpoint {path}; try {', '.join(ROUTES)}")
    expected, route = ROUTES[path]
    if verb != expected:
        return _error(405, f"Method Not Allowed: use {expected} {path}")
    try:
        return 200, {"ok": True, "result": route(api, p)}
    except ValueError as error:
        return _error(400, f"Bad Request: {error}")


def _error(status: int, description: str) -> tuple[int, dict[str, Any]]:
    """An error answer in the Bot API's shape."""
    return status, {"ok": False, "error_code": status, "description": description}
