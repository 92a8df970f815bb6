"""The Bot API methods about the bot itself: who it is, how it gets updates, its command menu.

`getMe` and `getUpdates` are what telebot calls when polling starts; `setMyCommands` fills the
menu users see next to the message box; `deleteWebhook` switches a bot back to polling.
"""

from __future__ import annotations

import json
import re
from typing import Any

from course_lib.fakes.telegram.core import BotData
from course_lib.fakes.telegram.errors import CONFLICT_WEBHOOK, BotApiError, bad_request
from course_lib.fakes.telegram.params import Params
from course_lib.fakes.telegram.updates import LONG_POLL_MAX_TIMEOUT

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
MAX_DESCRIPTION = 256
MAX_COMMANDS = 100  # Telegram's limit per menu
MAX_MENUS = 64  # (scope, language) menus kept; the oldest go first


class Described:
    """A result that comes with a `description`, like setWebhook's "Webhook was set"."""

    def __init__(self, result: Any, description: str) -> None:
        """Keep the result and the text that goes next to it."""
        self.result = result
        self.description = description


def get_me(api: BotData, p: Params) -> dict[str, Any]:
    """getMe: the bot's own User object, with the bot-only fields."""
    return {**api.state.bot, "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


def get_updates(api: BotData, p: Params) -> list[dict[str, Any]]:
    """getUpdates: pending updates, waiting up to `timeout` seconds for the first one."""
    if api.webhook_url:
        raise BotApiError(409, CONFLICT_WEBHOOK)
    p.json("allowed_updates", "allowed updates")  # accepted; this fake only sends messages
    limit = min(max(p.integer("limit", 100), 1), 100)
    timeout = min(max(p.integer("timeout"), 0), LONG_POLL_MAX_TIMEOUT)
    return api.updates.poll(p.integer("offset"), limit, timeout)


def set_webhook(api: BotData, p: Params) -> Described:
    """setWebhook: a URL turns polling off; an empty one (telebot's remove_webhook) back on."""
    return _change_webhook(api, p, p.text("url"))


def delete_webhook(api: BotData, p: Params) -> Described:
    """deleteWebhook: back to polling, optionally dropping the updates that wait."""
    return _change_webhook(api, p, "")


def _change_webhook(api: BotData, p: Params, url: str) -> Described:
    """Set or clear the webhook URL, with Telegram's descriptions of what happened."""
    if p.flag("drop_pending_updates"):
        api.updates.drop_pending()
    if url and not url.lower().startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    before, api.webhook_url = api.webhook_url, url
    if url:
        # Updates are not pushed to the URL: this fake only serves polling bots.
        return Described(True, "Webhook is already set" if url == before else "Webhook was set")
    return Described(True, "Webhook was deleted" if before else "Webhook is already deleted")


def get_webhook_info(api: BotData, p: Params) -> dict[str, Any]:
    """getWebhookInfo: the webhook URL ("" when polling) and how many updates wait."""
    return {"url": api.webhook_url, "has_custom_certificate": False,
            "pending_update_count": api.updates.pending_count}


def set_my_commands(api: BotData, p: Params) -> bool:
    """setMyCommands: the command menu for a scope and language (checked like Telegram)."""
    commands = p.json("commands", "commands") or []
    if not isinstance(commands, list):
        raise bad_request("expected an Array of BotCommand")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    checked = [bot_command(item) for item in commands]
    key = command_key(p)
    with api.state.cond:
        api.command_sets.pop(key, None)  # re-added below: now the newest
        api.command_sets[key] = checked
        if len(api.command_sets) > MAX_MENUS:
            del api.command_sets[next(iter(api.command_sets))]
        api.commands = checked
    return True


def get_my_commands(api: BotData, p: Params) -> list[dict[str, str]]:
    """getMyCommands: the menu of a scope and language (empty if never set)."""
    with api.state.cond:
        return [dict(c) for c in api.command_sets.get(command_key(p), [])]


def delete_my_commands(api: BotData, p: Params) -> bool:
    """deleteMyCommands: forget the menu of a scope and language."""
    with api.state.cond:
        api.command_sets.pop(command_key(p), None)
    return True


def bot_command(item: Any) -> dict[str, str]:
    """One BotCommand: `command` is 1-32 of [a-z0-9_], `description` 1-256 characters."""
    if not isinstance(item, dict):
        raise bad_request("can't parse BotCommand: expected an Object")
    for field in ("command", "description"):
        if field not in item:
            raise bad_request(f'can\'t parse BotCommand: Can\'t find field "{field}"')
        if not isinstance(item[field], str):
            raise bad_request(f'can\'t parse BotCommand: Field "{field}" must be of type String')
    if not _COMMAND_NAME.fullmatch(item["command"]):
        raise bad_request("BOT_COMMAND_INVALID")
    if not item["description"].strip() or len(item["description"]) > MAX_DESCRIPTION:
        raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": item["command"], "description": item["description"]}


def command_key(p: Params) -> str:
    """Which menu a call means: Telegram keeps one per (scope, language_code)."""
    scope = p.json("scope", "scope") or {"type": "default"}
    if not isinstance(scope, dict):
        raise bad_request("object expected as scope")
    # Only the fields a scope has (Telegram ignores others), each short: keys stay small.
    known = {k: str(scope[k])[:64] for k in ("type", "chat_id", "user_id") if k in scope}
    return json.dumps([known, p.text("language_code")[:16]], sort_keys=True)


def get_file(api: BotData, p: Params) -> dict[str, Any]:
    """getFile: where to download a file sent earlier (`/file/bot<token>/<file_path>`)."""
    stored = api.state.find_file(p.text("file_id"))
    if stored is None:
        raise bad_request("invalid file_id")
    document = stored.document
    return {"file_id": document["file_id"], "file_unique_id": document["file_unique_id"],
            "file_size": document["file_size"], "file_path": stored.path}
