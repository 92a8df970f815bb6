"""The course bot on Telegram: pyTelegramBotAPI (telebot) carries messages to the core and back.

    python -m course_lib bot        # run_polling(): until Ctrl+C or SIGTERM

In a notebook (the bot polls in a background thread, the notebook stays usable):

    offline.start()                 # no OpenRouter key: /ask answers from the local fake
    bot = TelegramBot().start()     # token and Bot API from TELEGRAM_BOT_TOKEN / TELEGRAM_API_URL
    bot.stop()                      # returns once polling has ended; start() again at any time

The journey of one message:
1. telebot's long poll (getUpdates) receives it and hands it to one of its worker threads;
2. `_on_text` asks the core (`BotCore.handle`), showing "typing…" while a model thinks;
3. the replies go back in order (`telegram_send`), waiting out Telegram's 429s.
Settings, start-up errors and telebot's exception handler are in `telegram_setup`; what a clean
stop takes is in `telegram_stop`.

Where the course simplifies: telebot's API URL is module-wide, so one process talks to one Bot
API; and telebot's worker threads may answer two messages a user sent at the same moment in
parallel (the core is thread-safe, but the replies can come in either order).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import telebot
from telebot.types import BotCommand, Message

from course_lib import offline
from course_lib.bot.core import BotCore, Reply
from course_lib.bot.telegram_send import Typing, send_replies, trace
from course_lib.bot.telegram_setup import (
    KeepPolling,
    StartError,
    configure_logging,
    connecting,
    hold_database_open,
    point_telebot_at,
    say,
    stop_on_signals,
    telegram_settings,
)
from course_lib.bot.telegram_stop import InFlight, close_workers, confirm_updates, end_polling
from course_lib.texts import t

__all__ = ["StartError", "TelegramBot", "run_polling"]
log = logging.getLogger(__name__)

# How long one getUpdates waits for news. Short, because stop() has to wait for the poll in
# flight to return; the price is one idle request every 2 s.
POLL_TIMEOUT_S = 2
# telebot's default is 2 workers: two slow /ask calls would hold up every other user.
WORKER_THREADS = 8
STOP_WAIT_S = 5  # how long stop() lets messages being answered finish
# Every kind of message telebot knows except text: each gets "I understand text only".
NOT_TEXT = [kind for kind in telebot.util.content_type_media if kind != "text"]


class TelegramBot:
    """The course bot on Telegram: start() polls in the background, stop() ends it cleanly."""

    def __init__(self, token: str | None = None, api_url: str | None = None,
                 db_path: str | Path | None = None) -> None:
        """Check the settings (default: the environment and .env); nothing is sent yet."""
        self.token, self.api_url = telegram_settings(token, api_url)  # StartError if bad
        self.db_path = db_path
        self.username: str | None = None  # known after start(): getMe tells it
        self.core: BotCore | None = None
        self._telebot: telebot.TeleBot | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # start() and stop() one at a time
        self._stopping = threading.Event()  # cuts KeepPolling's pause short
        self._in_flight = InFlight()  # messages being answered right now
        self._database: sqlite3.Connection | None = None  # held open while polling

    def __enter__(self) -> TelegramBot:
        """`with TelegramBot() as bot:` polls for the block."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop at the end of the block, also after an error."""
        self.stop()

    @property
    def running(self) -> bool:
        """True while the bot polls Telegram."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> TelegramBot:
        """Connect (getMe, command menu), then poll in a background thread; returns self."""
        with self._lock:
            if self._thread is None:
                self._stopping.clear()
                bot = self._connect()
                self._database = hold_database_open(self.core.db_path)
                self._telebot = bot
                self._thread = threading.Thread(target=self._poll, args=(bot,), daemon=True,
                                                name="telegram-polling")
                self._thread.start()
        return self

    def stop(self) -> None:
        """Stop polling, let the messages in hand be answered, confirm them; safe to repeat."""
        with self._lock:
            bot, thread = self._telebot, self._thread
            if bot is None or thread is None:
                return
            self._stopping.set()
            end_polling(bot, thread, POLL_TIMEOUT_S)
            answered = self._in_flight.wait_until_idle(STOP_WAIT_S)
            if answered:
                confirm_updates(bot)
            close_workers(bot, wait=answered)
            self._database.close()
            self._telebot = self._thread = self._database = None
            log.info("stopped")

    def run(self, stop_requested: threading.Event | None = None) -> None:
        """Poll until `stop_requested` is set (or Ctrl+C), then stop cleanly; blocks meanwhile."""
        stop_requested = stop_requested or threading.Event()
        self.start()
        try:
            # A short wait in a loop: Ctrl+C reaches a waiting main thread on every platform.
            while self.running and not stop_requested.wait(0.25):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def _connect(self) -> telebot.TeleBot:
        """A telebot client that knows who it is, with its command menu and handlers set."""
        point_telebot_at(self.api_url)
        bot = telebot.TeleBot(self.token, parse_mode=None, num_threads=WORKER_THREADS,
                              exception_handler=KeepPolling(self.token, self._stopping))
        self.core = BotCore(self.db_path)
        with connecting(self.token, self.api_url):  # Telegram's errors -> StartError
            self.username = self.core.bot_username = bot.user.username  # getMe, cached
            # A webhook set by another program would make every getUpdates fail with 409.
            bot.delete_webhook()
            bot.set_my_commands([BotCommand(name, text) for name, text in self.core.commands()])
        # One handler for every text, commands included: telebot's `commands=[...]` filter is
        # case-sensitive and would let "/NOTE_ADD" or "/nonsense" go unanswered, while the core
        # answers those with a hint.
        bot.register_message_handler(functools.partial(self._on_text, bot), content_types=["text"])
        bot.register_message_handler(functools.partial(self._on_other, bot), content_types=NOT_TEXT)
        return bot

    def _poll(self, bot: telebot.TeleBot) -> None:
        """The polling thread: telebot's loop; the exception handler keeps it going."""
        bot.infinity_polling(timeout=POLL_TIMEOUT_S + 10, long_polling_timeout=POLL_TIMEOUT_S,
                             logger_level=None)

    def _on_text(self, bot: telebot.TeleBot, message: Message) -> None:
        """Any text message: the core answers; "typing…" shows while a model is thinking."""
        with self._answering(bot, message) as chat_id:
            with Typing(bot, chat_id) as typing:
                replies = self.core.handle(_sender(message), message.text, on_slow=typing.start)
            send_replies(bot, chat_id, replies)

    def _on_other(self, bot: telebot.TeleBot, message: Message) -> None:
        """A photo, sticker, voice message…: say that the bot reads text only."""
        with self._answering(bot, message) as chat_id:
            send_replies(bot, chat_id, [Reply(text=t("bot.tg.text_only"))])

    @contextmanager
    def _answering(self, bot: telebot.TeleBot, message: Message) -> Iterator[int]:
        """Count the message as in hand for stop(), log it, and contain any error."""
        started = time.perf_counter()
        try:
            with self._in_flight.track():
                yield message.chat.id
            log.info("answered %s from user %s in %.0f ms", _kind(message),
                     _sender(message), (time.perf_counter() - started) * 1000)
        except Exception as error:  # one broken message must not cost the others their answers
            log.error("failed to answer %s from user %s\n%s", _kind(message), _sender(message),
                      trace(error, bot.token))


def _sender(message: Message) -> int:
    """Whose notes a message is about: its sender (the chat, should the sender be hidden)."""
    return message.from_user.id if message.from_user else message.chat.id


def _kind(message: Message) -> str:
    """What a message is, for the log: its command word, "text" or its content type."""
    text = message.text or ""
    if text.startswith("/"):
        return repr(text.split(maxsplit=1)[0][:40])
    return "text" if message.content_type == "text" else message.content_type


def run_polling() -> int:
    """`python -m course_lib bot`: poll until Ctrl+C or SIGTERM; returns the exit status."""
    configure_logging()
    stop = threading.Event()
    with stop_on_signals(stop):
        try:
            bot = TelegramBot()  # checks the token before anything starts
            with offline.openrouter(say):  # no OpenRouter key: /ask answers from the local fake
                bot.start()
                say(t("bot.tg.running", username=bot.username, url=bot.api_url))
                bot.run(stop)
        except StartError as error:
            say(str(error))
            return error.status
    say(t("bot.tg.stopped"))
    return 0
