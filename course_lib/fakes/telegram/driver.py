"""A user of the fake Telegram, driven by a test: send messages, wait for the bot's replies.

`alice.send("/ping")` queues an update for the bot exactly as if Alice had typed it in her
app; `alice.wait_replies(1)` blocks until the bot has answered (or fails with a clear
message), which is how an end-to-end test waits without sleeping for a fixed time.
"""

from __future__ import annotations

from typing import Any

from course_lib.fakes.telegram.core import BotData
from course_lib.fakes.telegram.objects import command_entities
from course_lib.texts import t


def add_user(api: BotData, user_id: int, first_name: str, language_code: str | None = None,
             username: str | None = None) -> FakeUser:
    """Register a user with a private chat with the bot, and return a handle on them."""
    api.state.add_user(user_id, first_name, language_code, username)
    return FakeUser(api, user_id, first_name)


def known_user(api: BotData, user_id: int) -> dict[str, Any]:
    """The User object of a user seen before (empty if none)."""
    with api.state.cond:
        return dict(api.state.users.get(user_id, {}))


class FakeUser:
    """One user and their private chat with the bot."""

    def __init__(self, api: BotData, user_id: int, first_name: str) -> None:
        """A handle on a user registered in `api`'s state."""
        self._api = api
        self.id = user_id
        self.first_name = first_name
        self._seen = 0  # how many of the bot's messages in this chat were already handed out

    def __repr__(self) -> str:
        """Shows who this is, e.g. FakeUser(1001, 'Alice')."""
        return f"FakeUser({self.id}, {self.first_name!r})"

    def send(self, text: str) -> dict[str, Any]:
        """Write `text` to the bot; returns the Message (the bot gets it as an update)."""
        if not text.strip():
            raise ValueError("Telegram does not send empty messages")
        return self._deliver(text=text, entities=command_entities(text) or None)

    def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        """Send a sticker: a message without text, as bots must expect besides texts."""
        sticker = {"file_id": f"fake-sticker-{ord(emoji[0])}", "file_unique_id": "fake-sticker",
                   "type": "regular", "width": 512, "height": 512, "is_animated": False,
                   "is_video": False, "emoji": emoji}
        return self._deliver(sticker=sticker)

    def _deliver(self, **content: Any) -> dict[str, Any]:
        """Store a message from this user and queue it as an update for the bot."""
        state = self._api.state
        with state.cond:
            self._seen = state.bot_counts[self.id]  # replies count from this message on
            message = state.user_sends(self.id, **content)
            self._api.updates.push("message", message)
        return dict(message)

    @property
    def replies(self) -> list[dict[str, Any]]:
        """Everything the bot sent to this chat so far, as the chat shows it now."""
        return self._api.state.bot_messages(self.id)

    @property
    def last_change(self) -> float | None:
        """When the bot last sent or edited a message here (time.monotonic()), if ever."""
        return self._api.state.bot_changed.get(self.id)

    def wait_replies(self, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until the bot sent `count` new messages here; return all the new ones."""
        state = self._api.state
        arrived = state.wait(lambda: state.bot_counts[self.id] - self._seen >= count, timeout)
        with state.cond:
            new = state.bot_messages(self.id, since=self._seen)
            if arrived:
                self._seen = state.bot_counts[self.id]
        if not arrived:
            got = [describe(message) for message in new]
            raise TimeoutError(t("bot.fake_user.no_reply", name=self.first_name, chat=self.id,
                                 timeout=timeout, count=count, got_n=len(new), got=got))
        return new


def describe(message: dict[str, Any]) -> str:
    """A one-line summary of a message, for error texts."""
    if "document" in message:
        caption = f" {message['caption']!r}" if "caption" in message else ""
        return f"document {message['document']['file_name']!r}{caption}"
    return repr(message.get("text", ""))
