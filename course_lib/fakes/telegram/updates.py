"""The updates waiting for the bot, and long polling: how `getUpdates` hands them out.

Telegram keeps every update until the bot confirms it by asking for a higher `offset`.
`getUpdates` with a `timeout` is a *long poll*: if nothing is waiting, the request hangs
until an update arrives (then it returns at once) or the timeout passes (then it returns
`[]`). Only one long poll may wait at a time: a newer one ends the older one with
409 Conflict, which is how Telegram tells you that two copies of your bot are running.
"""

from __future__ import annotations

import threading
from typing import Any

from course_lib.fakes.telegram.errors import CONFLICT_POLLING, BotApiError

LONG_POLL_MAX_TIMEOUT = 50  # seconds; Telegram clamps longer timeouts to this


class UpdateQueue:
    """Pending updates with Telegram's offset rules and one long poll at a time."""

    def __init__(self) -> None:
        """An empty queue; update ids start at 1."""
        self._cond = threading.Condition()
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self._poll_ticket = 0  # grows with every long poll that starts waiting
        self._waiting = 0
        self._closed = False

    def push(self, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        """Queue an update such as `("message", {...})` and wake a waiting long poll."""
        with self._cond:
            update = {"update_id": self._next_id, kind: obj}
            self._next_id += 1
            self._pending.append(update)
            self._cond.notify_all()
            return update

    def poll(self, offset: int, limit: int, timeout: float) -> list[dict[str, Any]]:
        """getUpdates: confirm updates before `offset`, then wait up to `timeout` s for some."""
        with self._cond:
            self._confirm(offset)
            if self._pending or timeout <= 0 or self._closed:
                return self._pending[:limit]
            # A new waiting poll ends the one already waiting (Telegram's 409 Conflict).
            self._poll_ticket += 1
            ticket = self._poll_ticket
            self._cond.notify_all()
            self._waiting += 1
            try:
                self._cond.wait_for(
                    lambda: self._pending or self._closed or self._poll_ticket != ticket,
                    timeout)
            finally:
                self._waiting -= 1
            if self._poll_ticket != ticket:
                raise BotApiError(409, CONFLICT_POLLING)
            return self._pending[:limit]

    def _confirm(self, offset: int) -> None:
        """Forget updates before `offset`; a negative offset counts back from the newest."""
        if offset < 0:
            offset += self._next_id
        self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def drop_pending(self) -> None:
        """Forget every pending update (deleteWebhook with drop_pending_updates=True)."""
        with self._cond:
            self._pending.clear()

    @property
    def pending_count(self) -> int:
        """How many updates wait for the bot (getWebhookInfo's pending_update_count)."""
        with self._cond:
            return len(self._pending)

    @property
    def waiting_polls(self) -> int:
        """How many getUpdates requests are waiting right now (0 or 1, briefly 2)."""
        with self._cond:
            return self._waiting

    def close(self) -> None:
        """Release every waiting long poll: the server is shutting down."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
