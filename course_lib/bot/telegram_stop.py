"""Stopping telebot cleanly, so that a notebook can start and stop the bot again and again.

`bot.stop_polling()` alone is not enough:
- messages already received are still being answered (`InFlight` lets stop() wait for them);
- it takes effect when the long poll in flight returns, and only if polling has begun by then;
- the updates handled since the last getUpdates are not confirmed yet: Telegram would deliver
  them again at the next start (python-telegram-bot confirms them the same way on shutdown);
- telebot's worker threads keep running until told to stop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import telebot
from telebot import apihelper

from course_lib.bot.telegram_send import hide

log = logging.getLogger(__name__)


class InFlight:
    """How many messages are being answered right now, so that a stop can wait for them."""

    def __init__(self) -> None:
        """Nothing in hand yet."""
        self._count = 0
        self._changed = threading.Condition()

    @contextmanager
    def track(self) -> Iterator[None]:
        """Count one message as in hand for the duration of the block."""
        with self._changed:
            self._count += 1
        try:
            yield
        finally:
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until no message is in hand; False (and a warning) if some still are."""
        with self._changed:
            if self._changed.wait_for(lambda: self._count == 0, timeout):
                return True
            log.warning("%d message(s) still being answered at stop; Telegram will deliver "
                        "them again at the next start", self._count)
            return False


def end_polling(bot: telebot.TeleBot, thread: threading.Thread, poll_timeout_s: float) -> None:
    """Stop telebot's loop and wait for the long poll in flight (at most `poll_timeout_s`)."""
    deadline = time.monotonic() + poll_timeout_s + 15
    # polling() clears the stop flag when it begins, so a stop right after start() could be
    # lost: set it again until the thread is gone.
    while thread.is_alive() and time.monotonic() < deadline:
        bot.stop_polling()
        thread.join(timeout=0.1)
    if thread.is_alive():
        log.warning("the polling thread did not end in time")


def confirm_updates(bot: telebot.TeleBot) -> None:
    """Tell Telegram the updates handled so far are done, so a restart does not repeat them."""
    if bot.last_update_id <= 0:
        return
    # A short poll (timeout 0) with the next offset confirms them; what it returns stays queued.
    # telebot's get_updates() turns a timeout of 0 into its default of 10 s, hence the lower-
    # level call, in which "long_polling_timeout" is the Bot API's `timeout` parameter.
    params = {"offset": bot.last_update_id + 1, "long_polling_timeout": 0}
    try:
        apihelper._make_request(bot.token, "getUpdates", params=params)
    except Exception as error:  # the updates will then come again at the next start
        log.warning("could not confirm the last updates: %s",
                    hide(f"{type(error).__name__}: {error}", bot.token))


def close_workers(bot: telebot.TeleBot, wait: bool) -> None:
    """End telebot's worker threads; without `wait`, a busy one ends after its message."""
    if not wait:
        for worker in bot.worker_pool.workers:
            worker.stop()
        return
    bot.stop_bot()  # also joins the idle workers (each notices within half a second)
