"""Talking back to Telegram: the core's replies in order, a retry after 429, and "typing…".

- `send_replies(bot, chat_id, replies)`: texts with sendMessage, documents with sendDocument,
  one after the other. A 429 "Too Many Requests" carries `retry_after`: wait that long and try
  again (a few times). Any other failure is logged, and the rest of that answer is dropped
  (its later parts would make no sense without the missing one); the bot goes on.
- `Typing(bot, chat_id)`: "typing…" in the chat while a slow answer is being made.

Nothing here raises: a reply that cannot be delivered is a log line, never a crashed bot.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterable

import telebot
from telebot.apihelper import ApiTelegramException

from course_lib.bot.request import Reply
from course_lib.config import mask

log = logging.getLogger(__name__)

RETRIES_AFTER_429 = 3
# Telegram may ask for minutes when a bot floods a chat. Waiting that long would hold a worker
# thread and deliver a stale answer, so a longer wait than this is not retried at all.
MAX_RETRY_AFTER_S = 30.0
# Telegram shows "typing…" for about 5 s (or until the bot's next message): re-send it sooner.
TYPING_EVERY_S = 4.0
TYPING_TIMEOUT_S = 5  # one sendChatAction may take this long; "typing…" is never worth more


def hide(text: str, token: str) -> str:
    """`text` with the bot token masked (requests' errors include the URL, token and all)."""
    return text.replace(token, mask(token)) if token else text


def describe(error: Exception, token: str) -> str:
    """A short, token-free description of a failed Bot API call."""
    if isinstance(error, ApiTelegramException):
        return f"{error.error_code} {error.description}"
    return hide(f"{type(error).__name__}: {error}", token)


def trace(error: BaseException, token: str) -> str:
    """The traceback of `error`, token masked, for the log."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return hide("".join(lines), token)


def retry_after_s(error: Exception) -> float | None:
    """The seconds a 429 asks the bot to wait (None if `error` is not a 429)."""
    if not isinstance(error, ApiTelegramException) or error.error_code != 429:
        return None
    parameters = (error.result_json or {}).get("parameters") or {}
    try:
        return max(float(parameters.get("retry_after", 1)), 0.0)
    except (TypeError, ValueError):  # a malformed value: wait a second, as for a bare 429
        return 1.0


def send_reply(bot: telebot.TeleBot, chat_id: int, reply: Reply) -> None:
    """Send one reply as it is; no parse_mode, because user text is echoed back unescaped."""
    if reply.document is not None:
        document = (reply.filename or "document.txt", reply.document)
        bot.send_document(chat_id, document, caption=reply.caption or None, parse_mode=None)
    else:
        bot.send_message(chat_id, reply.text, parse_mode=None)


def send_with_retries(bot: telebot.TeleBot, chat_id: int, reply: Reply,
                      sleep: Callable[[float], None] = time.sleep) -> bool:
    """Send one reply, waiting out 429s as Telegram asks; False (logged) if it did not go out."""
    for attempt in range(RETRIES_AFTER_429 + 1):
        try:
            send_reply(bot, chat_id, reply)
            return True
        except Exception as error:  # ApiTelegramException, network errors: logged, never raised
            wait = retry_after_s(error)
            if wait is None or wait > MAX_RETRY_AFTER_S or attempt == RETRIES_AFTER_429:
                log.warning("a reply to chat %s was not sent: %s", chat_id,
                            describe(error, bot.token))
                return False
            log.warning("429 Too Many Requests for chat %s; retry %d/%d in %.0f s",
                        chat_id, attempt + 1, RETRIES_AFTER_429, wait)
            sleep(wait)
    return False  # not reached: the last attempt returns above


def send_replies(bot: telebot.TeleBot, chat_id: int, replies: Iterable[Reply],
                 sleep: Callable[[float], None] = time.sleep) -> int:
    """Send the replies in order; returns how many went out (a failure drops the rest)."""
    sent = 0
    for reply in replies:
        if not send_with_retries(bot, chat_id, reply, sleep):
            break
        sent += 1
    return sent


class Typing:
    """ "typing…" in a chat from `start()` until the end of the `with` block.

        with Typing(bot, chat_id) as typing:
            replies = core.handle(user_id, text, on_slow=typing.start)
    """

    def __init__(self, bot: telebot.TeleBot, chat_id: int) -> None:
        """Nothing is sent until `start()`: most commands answer at once and need no "typing…"."""
        self._bot = bot
        self._chat_id = chat_id
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Typing:
        """Nothing to do yet: "typing…" starts when the core calls `start()`."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """The answer is ready (or failed): stop "typing…" before it is sent."""
        self.stop()

    def start(self) -> None:
        """Show "typing…" now, and keep it up in a background thread until `stop()`."""
        if self._thread is not None or self._done.is_set():
            return
        self._send()  # at once, in this thread: it must reach the chat before the answer does
        self._thread = threading.Thread(target=self._repeat, daemon=True,
                                        name=f"typing-{self._chat_id}")
        self._thread.start()

    def stop(self) -> None:
        """Stop re-sending; once this returns, no "typing…" can arrive after the answer."""
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=TYPING_TIMEOUT_S + 1)

    def _repeat(self) -> None:
        """Re-send "typing…" every TYPING_EVERY_S until stopped."""
        while not self._done.wait(TYPING_EVERY_S):
            self._send()

    def _send(self) -> None:
        """One sendChatAction; a failure only costs the indicator, so it is logged and ignored."""
        try:
            self._bot.send_chat_action(self._chat_id, "typing", timeout=TYPING_TIMEOUT_S)
        except Exception as error:  # cosmetic: never let it cost the answer
            log.info("no \"typing…\" for chat %s: %s", self._chat_id,
                     describe(error, self._bot.token))
