"""What the Bot API methods work on: the chats, the update queue, the command menus, the webhook.

`BotData` is the bot's side of the fake without the dispatching (that is `api.BotApi`, which
extends it): the method modules (`bot`, `send`, `media`) take a `BotData`, so they import this
module and never the dispatcher that imports them.
"""

from __future__ import annotations

from typing import Any

from course_lib.fakes.limits import DEFAULT, ServerLimits
from course_lib.fakes.telegram.state import ChatState
from course_lib.fakes.telegram.updates import UpdateQueue


class BotData:
    """One bot's state: chats and files, pending updates, command menus and webhook URL."""

    def __init__(self, bot: dict[str, Any], limits: ServerLimits = DEFAULT) -> None:
        """Fresh state for the bot described by the User object `bot`."""
        self.limits = limits
        self.state = ChatState(bot, limits)
        self.updates = UpdateQueue()
        self.command_sets: dict[str, list[dict[str, str]]] = {}  # by (scope, language)
        self.commands: list[dict[str, str]] = []  # the last list setMyCommands accepted
        self.webhook_url = ""
